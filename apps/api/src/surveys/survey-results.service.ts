import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { MIN_GROUP_SIZE, type SurveyAnswers, type SurveyResultsView } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import { evaluationScope } from '../evaluation-scope/evaluation-scope';
import type { Caller } from '../identity/caller';
import { OrganizationScope, type OrgScope, scopeCondition } from '../organizations/organization-scope';
import { audienceOrganizations } from './survey-audience';
import { SurveyAuthoringService } from './survey-authoring.service';
import { tallySurvey } from './survey-tally';

/**
 * A survey's results: distributions per question, broken down by organisation and by the model respondents used most,
 * never showing fewer than MIN_GROUP_SIZE respondents (survey-tally.ts). Evaluators and platform_admins read
 * every organisation's responses, an org_admin those of their subtree (evaluationScope).
 */
@Injectable()
export class SurveyResultsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly organizations: OrganizationScope,
    private readonly surveys: SurveyAuthoringService,
  ) {}

  async results(caller: Caller, surveyId: string, organizationId: string | undefined): Promise<SurveyResultsView> {
    // The scope first: an organisation outside it answers 404 whatever the survey, so the answer says nothing of either.
    const scope = evaluationScope(this.organizations, caller, organizationId);
    const survey = await this.surveys.find(caller, surveyId);
    const params: unknown[] = [survey.id];
    const inScope = scopeCondition(scope, 'organization_id', (value) => `$${params.push(value)}`);
    const responses = (await this.dataSource.query(
      `SELECT organization_id, model_ids, answers FROM survey_responses WHERE survey_id = $1${inScope ? ` AND ${inScope}` : ''}`,
      params,
    )) as { organization_id: string; model_ids: string[]; answers: SurveyAnswers }[];
    const organizationIds = [...new Set(responses.map((response) => response.organization_id))];
    const names = (await this.dataSource.query(`SELECT id, name FROM organizations WHERE id = ANY($1::uuid[])`, [organizationIds])) as { id: string; name: string }[];
    const suppressed = responses.length < MIN_GROUP_SIZE;
    return {
      surveyId: survey.id,
      title: survey.title,
      status: survey.status,
      organizationId: organizationId ?? null,
      responseCount: responses.length,
      targetSize: await this.targetSize(survey, scope),
      minGroupSize: MIN_GROUP_SIZE,
      suppressed,
      questions: tallySurvey(
        survey.questions,
        responses.map((response) => ({ organizationId: response.organization_id, modelIds: response.model_ids, answers: response.answers })),
        new Map(names.map((row) => [row.id, row.name])),
        MIN_GROUP_SIZE,
      ),
    };
  }

  /** People the survey is addressed to within the scope, among those who have signed in to Gennai (users known here). */
  private async targetSize(survey: { targetOrganizationIds: string[]; targetRoles: string[] }, scope: OrgScope): Promise<number> {
    const audience = audienceOrganizations(survey, this.organizations);
    const params: unknown[] = [];
    const conditions = [scopeCondition(scope, 'organization_id', (value) => `$${params.push(value)}`)];
    if (audience) conditions.push(`organization_id = ANY($${params.push(audience)}::uuid[])`);
    if (survey.targetRoles.length) conditions.push(`roles && $${params.push(survey.targetRoles)}::text[]`);
    const where = conditions.filter(Boolean);
    const [{ count }] = (await this.dataSource.query(`SELECT count(*)::int AS count FROM users${where.length ? ` WHERE ${where.join(' AND ')}` : ''}`, params)) as { count: number }[];
    return count;
  }
}
