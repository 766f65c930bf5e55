import {
  assessUseCaseRisk,
  type UseCaseAudience,
  type UseCaseRiskLevel,
  type UseCaseStatus,
  type UseCaseView,
  type UseCaseWorkNature,
  type VendorTrainingUse,
} from '@gennai/contracts';

/** An `ai_use_cases` row as the register's queries read it (with its organisation's and reviewer's names). */
export interface UseCaseRow {
  id: string;
  organization_id: string;
  organization_name: string;
  title: string;
  purpose: string;
  audience: UseCaseAudience;
  work_nature: UseCaseWorkNature;
  confidential_data_input: boolean;
  vendor_training_use: VendorTrainingUse;
  human_review: boolean;
  model_ids: string[];
  computed_risk_level: UseCaseRiskLevel;
  risk_override_level: UseCaseRiskLevel | null;
  risk_override_reason: string | null;
  owner_user_id: string | null;
  owner_name: string;
  owner_contact: string | null;
  status: UseCaseStatus;
  reviewed_at: Date | null;
  reviewed_by: string | null;
  reviewer_name: string | null;
  /** YYYY-MM-DD (read with to_char: node-postgres would turn a DATE into a local-time Date). */
  next_review_on: string | null;
  retired_at: Date | null;
  retired_reason: string | null;
  created_at: Date;
  updated_at: Date;
  /** Rows matching the list's filters, on every row of a page. */
  total?: string;
}

/** The effective risk level in SQL: the reviewer's where there is one. */
export const EFFECTIVE_RISK_SQL = `COALESCE(u.risk_override_level, u.computed_risk_level)`;

export const SELECT_USE_CASES = `SELECT u.id, u.organization_id, o.name AS organization_name, u.title, u.purpose, u.audience, u.work_nature,
    u.confidential_data_input, u.vendor_training_use, u.human_review, u.model_ids, u.computed_risk_level,
    u.risk_override_level, u.risk_override_reason, u.owner_user_id, u.owner_name, u.owner_contact, u.status,
    u.reviewed_at, u.reviewed_by, reviewer.display_name AS reviewer_name, to_char(u.next_review_on, 'YYYY-MM-DD') AS next_review_on,
    u.retired_at, u.retired_reason, u.created_at, u.updated_at
  FROM ai_use_cases u
  JOIN organizations o ON o.id = u.organization_id
  LEFT JOIN users reviewer ON reviewer.id = u.reviewed_by`;

export function toUseCaseView(row: UseCaseRow): UseCaseView {
  const screening = {
    audience: row.audience,
    workNature: row.work_nature,
    confidentialDataInput: row.confidential_data_input,
    vendorTrainingUse: row.vendor_training_use,
    humanReview: row.human_review,
  };
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    title: row.title,
    purpose: row.purpose,
    ...screening,
    modelIds: row.model_ids,
    computedRiskLevel: row.computed_risk_level,
    // The reasons come from the answers with the current rule; the stored level is what the rule gave at the last save.
    riskReasons: assessUseCaseRisk(screening).reasons,
    riskOverrideLevel: row.risk_override_level,
    riskOverrideReason: row.risk_override_reason,
    riskLevel: row.risk_override_level ?? row.computed_risk_level,
    owner: { userId: row.owner_user_id, name: row.owner_name, contact: row.owner_contact },
    status: row.status,
    reviewedAt: row.reviewed_at?.toISOString() ?? null,
    reviewedBy: row.reviewed_by ? { id: row.reviewed_by, displayName: row.reviewer_name ?? '' } : null,
    nextReviewOn: row.next_review_on,
    retiredAt: row.retired_at?.toISOString() ?? null,
    retiredReason: row.retired_reason,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
