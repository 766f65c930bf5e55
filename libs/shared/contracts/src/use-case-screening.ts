// Zod-free, so the web app can import the rule and the lists without bringing zod into its bundle (see gateway-constants.ts).
import type { Currency } from './gateway-constants';

// ---- The use-case register (docs/operator/use-cases.md) ------------------------------------------------------------
//
// Organisations record each way they use generative AI, with the screening answers the government's guideline DS-920
// asks for before a use goes ahead: who the users are, what kind of work it is, whether confidential data could end up
// training a vendor's model, and whether staff check outputs before they are used. Gennai derives a risk level from the
// answers (assessUseCaseRisk below); a reviewer may override it, with a reason.

/** Who uses the AI's outputs: the organisation's staff only, staff with outside parties (contractors, other bodies), or the public. */
export const USE_CASE_AUDIENCES = ['staff', 'staff_and_partners', 'public'] as const;
export type UseCaseAudience = (typeof USE_CASE_AUDIENCES)[number];

/** The nature of the work: internal administration, policy making, serving citizens, decisions on rights and duties (law enforcement). */
export const USE_CASE_WORK_NATURES = ['internal_admin', 'policy_planning', 'public_service', 'rights_decision'] as const;
export type UseCaseWorkNature = (typeof USE_CASE_WORK_NATURES)[number];

/** Whether the model's vendor may use what is entered to train its models: no (by contract or setting), possibly, or not known. */
export const VENDOR_TRAINING_USES = ['none', 'possible', 'unknown'] as const;
export type VendorTrainingUse = (typeof VENDOR_TRAINING_USES)[number];

export const USE_CASE_RISK_LEVELS = ['high', 'medium', 'low'] as const;
export type UseCaseRiskLevel = (typeof USE_CASE_RISK_LEVELS)[number];

/** draft → in_review → approved; retired is final (a use that starts again is registered again). */
export const USE_CASE_STATUSES = ['draft', 'in_review', 'approved', 'retired'] as const;
export type UseCaseStatus = (typeof USE_CASE_STATUSES)[number];
/** The statuses an administrator sets by editing; `retired` only through POST …/retire. */
export const EDITABLE_USE_CASE_STATUSES = ['draft', 'in_review', 'approved'] as const satisfies readonly UseCaseStatus[];

/** The screening answers. */
export interface UseCaseScreening {
  audience: UseCaseAudience;
  workNature: UseCaseWorkNature;
  /** Whether confidential information (機密性2 or above) or personal data may be entered. */
  confidentialDataInput: boolean;
  vendorTrainingUse: VendorTrainingUse;
  /** Whether staff review every output before it is used or passed on. */
  humanReview: boolean;
}

/** Why a use case has its risk level; each answer that raises the level adds one. */
export const USE_CASE_RISK_REASONS = [
  // high
  'rights_decision',
  'public_unreviewed',
  'confidential_training',
  // medium
  'public_audience',
  'partner_audience',
  'policy_or_public_work',
  'confidential_input',
  'vendor_training',
  'unreviewed_output',
] as const;
export type UseCaseRiskReason = (typeof USE_CASE_RISK_REASONS)[number];

const HIGH_REASONS: ReadonlySet<UseCaseRiskReason> = new Set(['rights_decision', 'public_unreviewed', 'confidential_training']);

export interface UseCaseRiskAssessment {
  level: UseCaseRiskLevel;
  /** In the order of USE_CASE_RISK_REASONS: the high ones first. Empty for a low risk. */
  reasons: UseCaseRiskReason[];
}

/**
 * Gennai's screening rule, the same in the API (which stores the result) and the form (which shows it as the answers
 * change). It follows DS-920's four viewpoints but is not the guideline's own sheet, which stays authoritative.
 *
 * High when any of:
 *  - the work is a decision on people's rights or duties, or law enforcement (`rights_decision`);
 *  - the public receives outputs no member of staff has checked (`public_unreviewed`);
 *  - confidential or personal data may be entered and the vendor may (or might) train on it (`confidential_training`).
 * Otherwise medium when any of: public users, outside partners, policy or citizen-facing work, confidential data
 * entered, the vendor may (or might) train on inputs, outputs used without review. Otherwise low.
 * A reason already covered by a high one (public + unreviewed, confidential + training) is not listed again.
 */
export function assessUseCaseRisk(answers: UseCaseScreening): UseCaseRiskAssessment {
  const vendorMayTrain = answers.vendorTrainingUse !== 'none';
  const publicUnreviewed = answers.audience === 'public' && !answers.humanReview;
  const confidentialTraining = answers.confidentialDataInput && vendorMayTrain;
  const applies: Record<UseCaseRiskReason, boolean> = {
    rights_decision: answers.workNature === 'rights_decision',
    public_unreviewed: publicUnreviewed,
    confidential_training: confidentialTraining,
    public_audience: answers.audience === 'public' && !publicUnreviewed,
    partner_audience: answers.audience === 'staff_and_partners',
    policy_or_public_work: answers.workNature === 'policy_planning' || answers.workNature === 'public_service',
    confidential_input: answers.confidentialDataInput && !confidentialTraining,
    vendor_training: vendorMayTrain && !confidentialTraining,
    unreviewed_output: !answers.humanReview && !publicUnreviewed,
  };
  const reasons = USE_CASE_RISK_REASONS.filter((reason) => applies[reason]);
  const level: UseCaseRiskLevel = reasons.some((reason) => HIGH_REASONS.has(reason)) ? 'high' : reasons.length ? 'medium' : 'low';
  return { level, reasons };
}

export const USE_CASE_TITLE_MAX = 200;
/** Purpose, reasons: long enough for a paragraph or two. */
export const USE_CASE_TEXT_MAX = 4000;

// ---- Views ---------------------------------------------------------------------------------------------------------

export interface UseCaseView extends UseCaseScreening {
  id: string;
  organizationId: string;
  organizationName: string;
  title: string;
  purpose: string;
  modelIds: string[];
  /** What the screening rule gives for the answers, and why. */
  computedRiskLevel: UseCaseRiskLevel;
  riskReasons: UseCaseRiskReason[];
  riskOverrideLevel: UseCaseRiskLevel | null;
  riskOverrideReason: string | null;
  /** The level that counts: the override where there is one, else the computed level. */
  riskLevel: UseCaseRiskLevel;
  owner: { userId: string | null; name: string; contact: string | null };
  status: UseCaseStatus;
  /** When and by whom the use case was last approved. */
  reviewedAt: string | null;
  reviewedBy: { id: string; displayName: string } | null;
  nextReviewOn: string | null;
  retiredAt: string | null;
  retiredReason: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UseCasePageView {
  items: UseCaseView[];
  /** Matching use cases in all (the page holds at most `limit`). */
  total: number;
}

// ---- The CAIO view -------------------------------------------------------------------------------------------------

export interface CaioUsageView {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  /** Per currency, never converted (every currency present). */
  costs: Record<Currency, number>;
}

export interface CaioModelUsageView extends CaioUsageView {
  modelId: string;
  label: string;
}

export interface CaioUseCaseCountsView {
  /** Use cases in the register, retired included. */
  total: number;
  byStatus: Record<UseCaseStatus, number>;
  /** Use cases in use or planned (not retired), by their effective risk level. */
  byRiskLevel: Record<UseCaseRiskLevel, number>;
  /** High-risk use cases (effective level) still in draft or in review. */
  highRiskUnapproved: number;
}

export interface CaioOrganizationSummaryView {
  organization: { id: string; name: string };
  /** Users who sent at least one request to a model in the range. */
  activeUsers: number;
  usage: CaioUsageView;
  /** By the model that answered, most requests first. */
  models: CaioModelUsageView[];
  useCases: CaioUseCaseCountsView;
  /** Audit-log events of the PII guard in the range, by action (`pii.warned`, `pii.masked`, …); absent actions are 0. */
  piiEvents: Record<string, number>;
}

export interface CaioSummaryView {
  from: string;
  to: string;
  /** Every organisation in the caller's scope, by name (units are part of their organisation). */
  organizations: CaioOrganizationSummaryView[];
}
