import { z } from 'zod';

// ---- Retention and legal hold (docs/operator/retention.md) ---------------------------------------------------------
//
// Each organisation may set how long conversations and audit entries are kept; a scheduled job deletes what has
// expired. A legal hold on a user (all their conversations) or on one conversation stops that deletion until released.

/**
 * Bounds of the retention periods, in days (null = keep forever). Conversations: at least a day (a shorter period would
 * delete a conversation while it is still in use). Audit entries: at least a year, the shortest keeping of access logs
 * the government's security standards (政府機関等の対策基準) expect; 100 years is "forever" with a number.
 */
export const RETENTION_LIMITS = {
  conversationDays: { min: 1, max: 36_500 },
  auditDays: { min: 365, max: 36_500 },
} as const;

/** What a legal hold stops deleting: every conversation of a user, or one conversation. */
export const LEGAL_HOLD_SUBJECTS = ['user', 'conversation'] as const;
export type LegalHoldSubject = (typeof LEGAL_HOLD_SUBJECTS)[number];

export const LEGAL_HOLD_STATUSES = ['active', 'released', 'all'] as const;
export type LegalHoldStatusFilter = (typeof LEGAL_HOLD_STATUSES)[number];

/** POST /api/admin/legal-holds */
export const placeLegalHoldSchema = z.strictObject({
  subject: z.enum(LEGAL_HOLD_SUBJECTS),
  /** The user's or the conversation's id (as shown in the audit log). */
  subjectId: z.uuid(),
  /** Why: the case, the request or the instruction it answers. */
  reason: z.string().trim().min(1).max(2000),
});
export type PlaceLegalHoldRequest = z.input<typeof placeLegalHoldSchema>;

/** POST /api/admin/legal-holds/:id/release — the body is empty: who and when are recorded. */
export const releaseLegalHoldSchema = z.strictObject({});

/** GET /api/admin/legal-holds */
export const legalHoldListQuerySchema = z.strictObject({
  organizationId: z.uuid().optional(),
  status: z.enum(LEGAL_HOLD_STATUSES).default('active'),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type LegalHoldListQuery = z.input<typeof legalHoldListQuerySchema>;

/** A person as a legal hold names them: id and display name (null once they no longer exist in Gennai). */
export interface LegalHoldPersonView {
  id: string;
  displayName: string | null;
}

export interface LegalHoldView {
  id: string;
  organizationId: string;
  organizationName: string;
  subject: LegalHoldSubject;
  /** The held user (subject `user`) or the owner of the held conversation; null once that conversation is gone. */
  user: LegalHoldPersonView | null;
  /** The held conversation (subject `conversation`); its title is not shown, as administrators do not read conversations. */
  conversationId: string | null;
  reason: string;
  placedBy: LegalHoldPersonView;
  placedAt: string;
  releasedBy: LegalHoldPersonView | null;
  releasedAt: string | null;
}

export interface LegalHoldPageView {
  items: LegalHoldView[];
  total: number;
}
