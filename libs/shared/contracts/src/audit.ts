import { z } from 'zod';

export * from './audit-actions';

/** `domain.what`, lower-case: the shape of every action name. A trailing `.*` in a filter matches a whole domain. */
export const AUDIT_ACTION_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type AuditExportFormat = (typeof AUDIT_EXPORT_FORMATS)[number];

/** A calendar day (in the platform's time zone, GENNAI_QUOTA_TIME_ZONE) or an exact ISO 8601 time with its offset. */
const instantSchema = z.union([z.iso.date(), z.iso.datetime({ offset: true, local: false })]);

const periodSchema = {
  /** From this day's start or this instant (inclusive). */
  from: instantSchema.optional(),
  /** Through this whole day, or up to this instant (exclusive). */
  to: instantSchema.optional(),
  /** Only this organisation's entries; for auditors who read every organisation. */
  organizationId: z.uuid().optional(),
};

/** `from` must not be after `to` (compared as text, which is exact for two days or two UTC instants). */
const orderedPeriod = <T extends { from?: string; to?: string }>(query: T) => !query.from || !query.to || query.from.slice(0, 10) <= query.to.slice(0, 10);
const periodOrder = { message: 'must not be before from', path: ['to'] };

/** GET /api/audit/entries */
export const auditEntriesQuerySchema = z
  .strictObject({
    ...periodSchema,
    /** An action (`message.sent`) or a whole domain (`admin.*`). */
    action: z.string().regex(/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?$/).max(64).optional(),
    /** The actor's user id, or part of the display name they had when acting. */
    actor: z.string().trim().min(1).max(255).optional(),
    targetType: z.string().regex(/^[a-z][a-z0-9_]*$/).max(64).optional(),
    targetId: z.string().trim().min(1).max(255).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    /** `nextCursor` of the previous page. */
    cursor: z.string().regex(/^[0-9]{1,20}\.[0-9]{1,19}$/).optional(),
  })
  .refine(orderedPeriod, periodOrder);
export type AuditEntriesQuery = z.infer<typeof auditEntriesQuerySchema>;

/** GET /api/audit/export — streamed; the export is itself recorded as `audit.exported`. */
export const auditExportQuerySchema = z
  .strictObject({ ...periodSchema, format: z.enum(AUDIT_EXPORT_FORMATS).default('jsonl') })
  .refine(orderedPeriod, periodOrder);
export type AuditExportQuery = z.infer<typeof auditExportQuerySchema>;

/** POST /api/audit/verify */
export const auditVerifyRequestSchema = z.strictObject({ organizationId: z.uuid().optional() });
export type AuditVerifyRequest = z.infer<typeof auditVerifyRequestSchema>;

/** A JSON value as stored in an entry's details (numbers are safe integers or finite decimals). */
export type AuditDetailValue = string | number | boolean | null | AuditDetailValue[] | { [key: string]: AuditDetailValue };

/** One audit entry as auditors read and export it. Hash-chain fields are null until the entry is sealed (≤ ~1 s). */
export interface AuditEntryView {
  /** Storage order, as a decimal string (64-bit). */
  id: string;
  /** Place in its organisation's chain, from 1. */
  position: number | null;
  /** UTC, with the microseconds the database stored. */
  occurredAt: string;
  /** The organisation the entry belongs to (its chain and its auditors). */
  organizationId: string;
  action: string;
  actor: { userId: string | null; displayName: string | null; roles: string[]; organizationId: string | null };
  source: { ip: string | null; userAgent: string | null; apiKeyId: string | null };
  target: { type: string; id: string } | null;
  details: { [key: string]: AuditDetailValue };
  /** SHA-256 (hex) of the message text, when the entry is about a message. */
  messageSha256: string | null;
  /** The text itself, only where the organisation keeps message text in the audit log. */
  messageText: string | null;
  previousHash: string | null;
  hash: string | null;
}

export interface AuditEntryPageView {
  items: AuditEntryView[];
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

/** Why a chain failed verification. */
export const AUDIT_CHAIN_FAILURES = ['hash_mismatch', 'broken_link', 'gap', 'bad_start', 'message_text_mismatch', 'truncated'] as const;
export type AuditChainFailure = (typeof AUDIT_CHAIN_FAILURES)[number];

/** One organisation's chain after verification. */
export interface AuditChainReportView {
  organizationId: string;
  /** Sealed entries checked. */
  entries: number;
  firstPosition: number | null;
  lastPosition: number | null;
  /** The chain starts after entries the retention job deleted (trusted through its `audit.retention` checkpoint). */
  startsAtCheckpoint: boolean;
  /** The first bad entry, or null when the chain is intact. */
  failure: { position: number; entryId: string | null; reason: AuditChainFailure; detail: string } | null;
}

/** POST /api/audit/verify (and `npm run audit:verify`). */
export interface AuditVerificationView {
  ok: boolean;
  verifiedAt: string;
  durationMs: number;
  entries: number;
  chains: AuditChainReportView[];
  /** Entries written but not yet sealed into their chain (normally only the last second's). */
  unsealedEntries: number;
}
