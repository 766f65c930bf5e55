import { z } from 'zod';
import { ROLES } from './auth';
import { SURVEY_LIMITS, SURVEY_QUESTION_KINDS } from './survey-views';

// The API's requests for surveys (docs/user/evaluation.md). Constants and views are in survey-views.ts (zod-free, for
// the web app). Whether answers fit the questions is checked by the API against the stored survey, not here.

function localized(max: number) {
  return z.strictObject({ ja: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) });
}
/** Description text may be blank in both languages. */
function optionalLocalized(max: number) {
  return z.strictObject({ ja: z.string().trim().max(max), en: z.string().trim().max(max) });
}

/** Question and option ids: short, URL- and JSON-safe, chosen by the editor. */
const itemIdSchema = z.string().regex(/^[a-z0-9][a-z0-9_-]{0,31}$/);

const optionSchema = z.strictObject({ id: itemIdSchema, text: localized(SURVEY_LIMITS.optionChars) });

/** Cross-field rules (two options for a choice, distinct ids) are checked by the API, which words them per field. */
const questionSchema = z.strictObject({
  id: itemIdSchema,
  kind: z.enum(SURVEY_QUESTION_KINDS),
  text: localized(SURVEY_LIMITS.questionChars),
  options: z.array(optionSchema).max(SURVEY_LIMITS.options).default([]),
  required: z.boolean().default(true),
});

const surveyFields = {
  title: localized(SURVEY_LIMITS.titleChars),
  description: optionalLocalized(SURVEY_LIMITS.descriptionChars),
  questions: z.array(questionSchema).max(SURVEY_LIMITS.questions),
  /** Organisations asked, each with the organisations under it; empty = everyone. */
  targetOrganizationIds: z.array(z.uuid()).max(SURVEY_LIMITS.targetOrganizations),
  /** Roles asked; empty = everyone. */
  targetRoles: z.array(z.enum(ROLES)).max(ROLES.length),
  opensAt: z.iso.datetime({ offset: true }),
  closesAt: z.iso.datetime({ offset: true }),
};

/** POST /api/evaluation/surveys: a draft. That it closes after it opens is checked by the API. */
export const createSurveySchema = z.strictObject({
  ...surveyFields,
  description: surveyFields.description.default({ ja: '', en: '' }),
  questions: surveyFields.questions.default([]),
  targetOrganizationIds: surveyFields.targetOrganizationIds.default([]),
  targetRoles: surveyFields.targetRoles.default([]),
});
export type CreateSurveyRequest = z.input<typeof createSurveySchema>;

/** PUT /api/evaluation/surveys/:id: the whole survey again (a draft); refused once published. */
export const updateSurveySchema = createSurveySchema;
export type UpdateSurveyRequest = CreateSurveyRequest;

/** POST /api/surveys/:id/responses. The shape of each value is checked against the survey's questions. */
export const surveyResponseSchema = z.strictObject({
  answers: z.record(z.string().max(32), z.union([z.number(), z.string(), z.array(z.string()).max(SURVEY_LIMITS.options), z.null()])),
});
export type SurveyResponseRequest = z.input<typeof surveyResponseSchema>;

/** GET /api/evaluation/surveys/:id/results */
export const surveyResultsQuerySchema = z.strictObject({ organizationId: z.uuid().optional() });
export type SurveyResultsQuery = z.input<typeof surveyResultsQuerySchema>;
