import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { createSurveySchema, Locale, SurveyStatus, SurveyView } from '@gennai/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import type { z } from 'zod';
import { AuditLog } from '../audit/audit-log.service';
import { uuidv7 } from '../database/uuid-v7';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { type DefinitionProblem, definitionProblems, publishProblems } from './survey-definition';
import { Survey } from './survey.entity';
import { toSurveyView } from './survey.view';

export type SurveyInput = z.output<typeof createSurveySchema>;

/** How a survey's status reads in the survey_frozen and survey_not_discardable messages. */
const STATUS_WORDS: Record<SurveyStatus, Record<Locale, string>> = {
  draft: { ja: '下書き', en: 'a draft' },
  published: { ja: '公開済み', en: 'published' },
  closed: { ja: '終了済み', en: 'closed' },
};

/** Whether the caller may see drafts: authors do; organisation administrators read published results only. */
const isAuthor = (caller: Caller) => caller.roles.includes('evaluator') || caller.roles.includes('platform_admin');

/**
 * Writing surveys (evaluators and platform_admins): a draft is edited freely or discarded, publishing freezes its
 * questions (answers refer to them) and closing ends the answering early. Publishing, closing and discarding are
 * audited with the change.
 */
@Injectable()
export class SurveyAuthoringService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
  ) {}

  /** Newest first, with their answer counts. Organisation administrators see published and closed surveys only. */
  async list(caller: Caller): Promise<SurveyView[]> {
    const query = this.dataSource.getRepository(Survey).createQueryBuilder('s').orderBy('s.created_at', 'DESC').addOrderBy('s.id');
    if (!isAuthor(caller)) query.where(`s.status <> 'draft'`);
    const surveys = await query.getMany();
    const counts = await this.responseCounts(surveys.map((survey) => survey.id));
    return surveys.map((survey) => toSurveyView(survey, counts.get(survey.id) ?? 0));
  }

  async get(caller: Caller, id: string): Promise<SurveyView> {
    const survey = await this.find(caller, id);
    const counts = await this.responseCounts([id]);
    return toSurveyView(survey, counts.get(id) ?? 0);
  }

  /** The survey if the caller may read it, else 404 (drafts are their authors' only). */
  async find(caller: Caller, id: string, manager: EntityManager = this.dataSource.manager, lock = false): Promise<Survey> {
    const survey = await manager.getRepository(Survey).findOne({ where: { id }, ...(lock && { lock: { mode: 'pessimistic_write' } }) });
    if (!survey || (survey.status === 'draft' && !isAuthor(caller))) throw ApiException.notFound('survey');
    return survey;
  }

  async create(caller: Caller, input: SurveyInput): Promise<SurveyView> {
    return this.dataSource.transaction(async (manager) => {
      await this.check(manager, input);
      const id = uuidv7();
      await manager.getRepository(Survey).insert({ id, ...fields(input), status: 'draft', createdBy: caller.userId });
      return toSurveyView(await this.find(caller, id, manager), 0);
    });
  }

  /** Replaces a draft. A published or closed survey is refused: its questions are what the answers were given to. */
  async update(caller: Caller, id: string, input: SurveyInput): Promise<SurveyView> {
    return this.dataSource.transaction(async (manager) => {
      const survey = await this.find(caller, id, manager, true);
      assertStatus(survey, ['draft']);
      await this.check(manager, input);
      await manager.getRepository(Survey).update({ id }, fields(input));
      return toSurveyView(await this.find(caller, id, manager), 0);
    });
  }

  /** Opens a draft to its audience from `opensAt` on. */
  async publish(caller: Caller, id: string): Promise<SurveyView> {
    return this.dataSource.transaction(async (manager) => {
      const survey = await this.find(caller, id, manager, true);
      assertStatus(survey, ['draft']);
      refuse(publishProblems(survey, new Date()));
      await manager.query(`UPDATE surveys SET status = 'published', published_at = now(), updated_at = now() WHERE id = $1`, [id]);
      await this.audit.record(
        { action: 'survey.published', actor: caller, target: { type: 'survey', id }, details: { title: survey.title.ja, questions: survey.questions.length, closesAt: survey.closesAt.toISOString() } },
        manager,
      );
      return toSurveyView(await this.find(caller, id, manager), 0);
    });
  }

  /** Stops taking answers now (a draft is closed unpublished). The answers given stay and the results remain readable. */
  async close(caller: Caller, id: string): Promise<SurveyView> {
    return this.dataSource.transaction(async (manager) => {
      const survey = await this.find(caller, id, manager, true);
      assertStatus(survey, ['draft', 'published']);
      await manager.query(`UPDATE surveys SET status = 'closed', closed_at = now(), updated_at = now() WHERE id = $1`, [id]);
      const [{ count }] = (await manager.query(`SELECT count(*)::int AS count FROM survey_responses WHERE survey_id = $1`, [id])) as { count: number }[];
      await this.audit.record({ action: 'survey.closed', actor: caller, target: { type: 'survey', id }, details: { title: survey.title.ja, previousStatus: survey.status, responses: count } }, manager);
      return toSurveyView(await this.find(caller, id, manager), count);
    });
  }

  /**
   * Deletes a draft nobody was ever asked: a published or closed survey is refused, because its answers and results
   * are the evaluation's record. The row lock orders this after a concurrent publish. Answers only ever arrive after
   * publishing, but the DELETE states that rule too: responses would otherwise go with the survey (ON DELETE CASCADE),
   * so a draft that somehow has some fails loudly instead. Audited with what was discarded, as the row is gone.
   */
  async discard(caller: Caller, id: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const survey = await this.find(caller, id, manager, true);
      if (survey.status !== 'draft') throw new ApiException(409, 'survey_not_discardable', { title: survey.title, status: STATUS_WORDS[survey.status] });
      const [, deleted] = (await manager.query(
        `DELETE FROM surveys WHERE id = $1 AND status = 'draft' AND NOT EXISTS (SELECT 1 FROM survey_responses WHERE survey_id = $1)`,
        [id],
      )) as [unknown, number];
      if (deleted !== 1) throw new Error(`draft survey ${id} has responses; it was not deleted`);
      await this.audit.record(
        { action: 'survey.discarded', actor: caller, target: { type: 'survey', id }, details: { title: survey.title.ja, questions: survey.questions.length, createdAt: survey.createdAt.toISOString() } },
        manager,
      );
    });
  }

  /** The rules across fields, and that every targeted organisation exists (an organisation, not a unit). */
  private async check(manager: EntityManager, input: SurveyInput): Promise<void> {
    const problems: DefinitionProblem[] = definitionProblems(input);
    if (input.targetOrganizationIds.length) {
      const found = (await manager.query(`SELECT id FROM organizations WHERE id = ANY($1::uuid[]) AND kind = 'organization'`, [input.targetOrganizationIds])) as { id: string }[];
      const known = new Set(found.map((row) => row.id));
      input.targetOrganizationIds.forEach((id, index) => {
        if (!known.has(id)) problems.push({ field: `targetOrganizationIds.${index}`, kind: 'unknown_reference', params: { id } });
      });
    }
    refuse(problems);
  }

  private async responseCounts(ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows = (await this.dataSource.query(`SELECT survey_id, count(*)::int AS count FROM survey_responses WHERE survey_id = ANY($1::uuid[]) GROUP BY survey_id`, [ids])) as {
      survey_id: string;
      count: number;
    }[];
    return new Map(rows.map((row) => [row.survey_id, row.count]));
  }
}

function fields(input: SurveyInput): Partial<Survey> {
  return {
    title: input.title,
    description: input.description,
    questions: input.questions,
    targetOrganizationIds: [...new Set(input.targetOrganizationIds.map((id) => id.toLowerCase()))],
    targetRoles: [...new Set(input.targetRoles)],
    opensAt: new Date(input.opensAt),
    closesAt: new Date(input.closesAt),
  };
}

function assertStatus(survey: Survey, allowed: SurveyStatus[]): void {
  if (!allowed.includes(survey.status)) throw new ApiException(409, 'survey_frozen', { title: survey.title, status: STATUS_WORDS[survey.status] });
}

function refuse(problems: DefinitionProblem[]): void {
  if (problems.length) throw new ApiException(400, 'validation_failed', {}, problems);
}
