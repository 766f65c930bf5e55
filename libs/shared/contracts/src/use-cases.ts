import { z } from 'zod';
import { catalogIdSchema } from './gateway';
import {
  EDITABLE_USE_CASE_STATUSES,
  USE_CASE_AUDIENCES,
  USE_CASE_RISK_LEVELS,
  USE_CASE_STATUSES,
  USE_CASE_TEXT_MAX,
  USE_CASE_TITLE_MAX,
  USE_CASE_WORK_NATURES,
  VENDOR_TRAINING_USES,
  type UseCaseRiskLevel,
} from './use-case-screening';

// The API's requests of the use-case register and the CAIO view (docs/operator/use-cases.md). The screening rule, the
// coded values and the views are in use-case-screening.ts (zod-free, for the web app).

// ---- Requests ------------------------------------------------------------------------------------------------------

function text(max: number) {
  return z.string().trim().min(1).max(max);
}
/** Optional text: blank is null. */
function optionalText(max: number) {
  return z.string().trim().max(max).transform((value) => value || null).nullable();
}
const modelIdsSchema = z.array(catalogIdSchema).max(50);
const riskOverrideLevelSchema = z.enum(USE_CASE_RISK_LEVELS).nullable();
const ownerUserIdSchema = z.uuid().nullable();
const statusSchema = z.enum(EDITABLE_USE_CASE_STATUSES);
const nextReviewOnSchema = z.iso.date().nullable();

/** Every field an administrator edits, without defaults (the update takes any subset). */
const useCaseFields = {
  title: text(USE_CASE_TITLE_MAX),
  /** What the AI is used for, and how. */
  purpose: text(USE_CASE_TEXT_MAX),
  audience: z.enum(USE_CASE_AUDIENCES),
  workNature: z.enum(USE_CASE_WORK_NATURES),
  confidentialDataInput: z.boolean(),
  vendorTrainingUse: z.enum(VENDOR_TRAINING_USES),
  humanReview: z.boolean(),
  /** Catalogue models the use relies on. */
  modelIds: modelIdsSchema,
  /** A reviewer's level in place of the computed one; needs `riskOverrideReason`. */
  riskOverrideLevel: riskOverrideLevelSchema,
  riskOverrideReason: optionalText(USE_CASE_TEXT_MAX),
  /** The Gennai user who answers for the use case, when they have an account. */
  ownerUserId: ownerUserIdSchema,
  ownerName: text(200),
  /** How to reach the owner (e-mail, extension). */
  ownerContact: optionalText(200),
  status: statusSchema,
  /** When the use case is next due for review (a calendar day). */
  nextReviewOn: nextReviewOnSchema,
};

type OverrideInput = { riskOverrideLevel?: UseCaseRiskLevel | null; riskOverrideReason?: string | null };
const OVERRIDE_FIELDS: readonly PropertyKey[] = ['riskOverrideLevel', 'riskOverrideReason'];
/** Checked also when other fields are wrong (so one answer lists every mistake), unless the override fields are. */
const overrideFieldsParsed = {
  when: (payload: z.core.ParsePayload) =>
    typeof payload.value === 'object' && payload.value !== null && !payload.issues.some((issue) => OVERRIDE_FIELDS.includes(issue.path?.[0] ?? '')),
};

/** An override says why: a level without a reason is refused with the reason field named. */
function overrideNeedsReason(value: OverrideInput, ctx: z.RefinementCtx): void {
  if (value.riskOverrideLevel && !value.riskOverrideReason) {
    // Worded like an empty field ("must not be empty"), which is what the form shows it as.
    ctx.addIssue({ code: 'too_small', origin: 'string', minimum: 1, inclusive: true, path: ['riskOverrideReason'], message: 'required with riskOverrideLevel' });
  }
}

/** POST /api/admin/use-cases. `organizationId` defaults to the caller's organisation. */
export const createUseCaseSchema = z
  .strictObject({
    ...useCaseFields,
    organizationId: z.uuid().optional(),
    modelIds: modelIdsSchema.default([]),
    riskOverrideLevel: riskOverrideLevelSchema.default(null),
    riskOverrideReason: optionalText(USE_CASE_TEXT_MAX).default(null),
    ownerUserId: ownerUserIdSchema.default(null),
    ownerContact: optionalText(200).default(null),
    status: statusSchema.default('draft'),
    nextReviewOn: nextReviewOnSchema.default(null),
  })
  .superRefine(overrideNeedsReason, overrideFieldsParsed);
export type CreateUseCaseRequest = z.input<typeof createUseCaseSchema>;

/** PATCH /api/admin/use-cases/:id: only the fields given change. Setting `riskOverrideLevel` to null clears the override. */
export const updateUseCaseSchema = z.strictObject(useCaseFields).partial().superRefine(overrideNeedsReason, overrideFieldsParsed);
export type UpdateUseCaseRequest = z.input<typeof updateUseCaseSchema>;

/** POST /api/admin/use-cases/:id/retire */
export const retireUseCaseSchema = z.strictObject({ reason: optionalText(USE_CASE_TEXT_MAX).default(null) });
export type RetireUseCaseRequest = z.input<typeof retireUseCaseSchema>;

/** GET /api/admin/use-cases */
export const useCaseListQuerySchema = z.strictObject({
  organizationId: z.uuid().optional(),
  status: z.enum(USE_CASE_STATUSES).optional(),
  /** The effective level (the override where there is one). */
  riskLevel: z.enum(USE_CASE_RISK_LEVELS).optional(),
  /** Words in the title or purpose. */
  q: z.string().trim().max(100).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type UseCaseListQuery = z.input<typeof useCaseListQuerySchema>;

// ---- The CAIO view -------------------------------------------------------------------------------------------------

/** GET /api/admin/caio/summary. Dates are calendar days in GENNAI_QUOTA_TIME_ZONE, `to` inclusive (default: the last 30 days). */
export const caioSummaryQuerySchema = z.strictObject({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  organizationId: z.uuid().optional(),
});
export type CaioSummaryQuery = z.input<typeof caioSummaryQuerySchema>;
