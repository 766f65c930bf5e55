import type { PendingSurveyView, SurveyView } from '@gennai/contracts';
import type { Survey } from './survey.entity';

/** A survey as its authors read it, with the number of answers so far. */
export function toSurveyView(survey: Survey, responseCount: number): SurveyView {
  return {
    id: survey.id,
    title: survey.title,
    description: survey.description,
    questions: survey.questions,
    targetOrganizationIds: survey.targetOrganizationIds,
    targetRoles: survey.targetRoles,
    opensAt: survey.opensAt.toISOString(),
    closesAt: survey.closesAt.toISOString(),
    status: survey.status,
    publishedAt: survey.publishedAt?.toISOString() ?? null,
    closedAt: survey.closedAt?.toISOString() ?? null,
    createdAt: survey.createdAt.toISOString(),
    updatedAt: survey.updatedAt.toISOString(),
    responseCount,
  };
}

/** What a respondent needs to answer: no audience, no status, no counts. */
export function toPendingSurveyView(survey: Survey): PendingSurveyView {
  return { id: survey.id, title: survey.title, description: survey.description, questions: survey.questions, closesAt: survey.closesAt.toISOString() };
}
