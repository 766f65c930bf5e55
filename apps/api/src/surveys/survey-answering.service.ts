import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { PendingSurveyAnswerView, SurveyAnswers } from '@gennai/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { OrganizationScope } from '../organizations/organization-scope';
import { checkAnswers } from './survey-answers';
import { isInAudience } from './survey-audience';
import { Survey } from './survey.entity';
import { toPendingSurveyView } from './survey.view';

/** How many of a respondent's most used models a response keeps. */
const MODELS_KEPT = 3;

/**
 * Answering surveys. The response is stored without the respondent (Surveys1796500000002): the participation row
 * that stops a second answer names the user but not the response, and both are written in one transaction, so a
 * refused or failed answer leaves neither.
 */
@Injectable()
export class SurveyAnsweringService {
  private readonly timeZone: string;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationScope,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    // Responses keep the day in the zone where quota days and usage reports count days.
    this.timeZone = config.gateway.quotaTimeZone;
  }

  /** The survey to ask the caller about now: open, addressed to them, not answered or declined; the one closing soonest. */
  async pending(caller: Caller): Promise<PendingSurveyAnswerView> {
    const candidates = await this.dataSource
      .getRepository(Survey)
      .createQueryBuilder('s')
      .where(`s.status = 'published' AND s.opens_at <= now() AND s.closes_at > now()`)
      .andWhere('NOT EXISTS (SELECT 1 FROM survey_participation p WHERE p.survey_id = s.id AND p.user_id = :userId)', { userId: caller.userId })
      .orderBy('s.closes_at')
      .addOrderBy('s.id')
      .getMany();
    const survey = candidates.find((candidate) => isInAudience(candidate, caller, this.organizations));
    return { survey: survey ? toPendingSurveyView(survey) : null };
  }

  /** Stores an anonymous answer; refused, with nothing stored, outside the audience or period, twice, or if it does not fit. */
  async respond(caller: Caller, surveyId: string, answers: SurveyAnswers): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const survey = await this.answerable(manager, caller, surveyId);
      const { problems, kept } = checkAnswers(survey.questions, answers);
      if (problems.length) throw new ApiException(400, 'validation_failed', {}, problems);
      await this.participate(manager, caller, survey, 'answered');
      const modelIds = (await manager.query(
        `SELECT model_id FROM usage_records
          WHERE organization_id = $1 AND user_id = $2 AND created_at >= $3
          GROUP BY model_id ORDER BY count(*) DESC, model_id LIMIT ${MODELS_KEPT}`,
        [caller.organizationId, caller.userId, survey.opensAt],
      )) as { model_id: string }[];
      await manager.query(
        `INSERT INTO survey_responses (id, survey_id, organization_id, model_ids, answers, responded_on)
         VALUES ($1, $2, $3, $4, $5, (now() AT TIME ZONE $6)::date)`,
        [randomUUID(), survey.id, caller.organizationId, modelIds.map((row) => row.model_id), JSON.stringify(kept), this.timeZone],
      );
    });
  }

  /** 「回答しない」: never asked about this survey again. Declining twice is no error; declining after answering is. */
  async dismiss(caller: Caller, surveyId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const survey = await this.answerable(manager, caller, surveyId);
      await this.participate(manager, caller, survey, 'dismissed');
    });
  }

  /** The survey, if the caller may answer it now; otherwise the reason, most fundamental first. */
  private async answerable(manager: EntityManager, caller: Caller, surveyId: string): Promise<Survey> {
    const survey = await manager.getRepository(Survey).findOne({ where: { id: surveyId } });
    if (!survey) throw ApiException.notFound('survey');
    if (!isInAudience(survey, caller, this.organizations)) throw new ApiException(403, 'survey_not_for_you');
    const now = Date.now();
    if (survey.status === 'closed' || survey.closesAt.getTime() <= now) throw new ApiException(409, 'survey_closed');
    if (survey.status === 'draft' || survey.opensAt.getTime() > now) throw new ApiException(409, 'survey_not_open');
    return survey;
  }

  /**
   * Records the caller's answer or refusal, once. The primary key (survey, user) makes a concurrent second answer
   * fail here rather than store two responses; an earlier refusal may still be turned into an answer.
   */
  private async participate(manager: EntityManager, caller: Caller, survey: Survey, state: 'answered' | 'dismissed'): Promise<void> {
    const today = `(now() AT TIME ZONE $4)::date`;
    const rows = (await manager.query(
      state === 'answered'
        ? `INSERT INTO survey_participation (survey_id, user_id, state, recorded_on) VALUES ($1, $2, $3, ${today})
           ON CONFLICT (survey_id, user_id) DO UPDATE SET state = EXCLUDED.state, recorded_on = EXCLUDED.recorded_on
           WHERE survey_participation.state = 'dismissed' RETURNING state`
        : `INSERT INTO survey_participation (survey_id, user_id, state, recorded_on) VALUES ($1, $2, $3, ${today})
           ON CONFLICT (survey_id, user_id) DO UPDATE SET state = survey_participation.state RETURNING state`,
      [survey.id, caller.userId, state, this.timeZone],
    )) as { state: string }[];
    if (rows.length === 0 || (state === 'dismissed' && rows[0].state === 'answered')) throw new ApiException(409, 'survey_already_answered');
  }
}
