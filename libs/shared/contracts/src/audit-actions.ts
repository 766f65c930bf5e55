// Zod-free, so the web app can import the list without bringing zod into its bundle (see gateway-constants.ts).

/**
 * What the audit log records. `admin.<what>` names an administrator's change (e.g. `admin.model_updated`); the others
 * are fixed. The list is what the 監査ログ page offers as filters; the API accepts any well-formed action name.
 */
export const AUDIT_ACTIONS = [
  'auth.sign_in',
  'conversation.created',
  'message.sent',
  'pii.warned',
  'pii.overridden',
  'pii.masked',
  'pii.blocked',
  'audit.exported',
  'audit.verified',
  'audit.retention',
  'use_case.created',
  'use_case.updated',
  'use_case.retired',
  'legal_hold.placed',
  'legal_hold.released',
  'retention.applied',
  'task_category.changed',
  'survey.published',
  'survey.closed',
  'survey.discarded',
  'vendor.feedback_exported',
  'evaluation.bundle_exported',
  'evaluation.report_generated',
] as const;
export type KnownAuditAction = (typeof AUDIT_ACTIONS)[number];
export type AuditAction = KnownAuditAction | `admin.${string}`;
