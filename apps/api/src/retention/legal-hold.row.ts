import type { LegalHoldPersonView, LegalHoldView } from '@gennai/contracts';

/**
 * A legal hold with the names administrators read: its organisation, the held user (or the held conversation's
 * owner) and who placed and released it. Names are today's; users no longer in Gennai read as null.
 */
export const SELECT_LEGAL_HOLDS = `SELECT h.id, h.organization_id, o.name AS organization_name, h.user_id, h.conversation_id,
    coalesce(h.user_id, c.user_id) AS subject_user_id, su.display_name AS subject_user_name, h.reason,
    h.placed_by, pb.display_name AS placed_by_name, h.placed_at, h.released_by, rb.display_name AS released_by_name, h.released_at
  FROM legal_holds h
  JOIN organizations o ON o.id = h.organization_id
  LEFT JOIN conversations c ON c.id = h.conversation_id
  LEFT JOIN users su ON su.id = coalesce(h.user_id, c.user_id)
  LEFT JOIN users pb ON pb.id = h.placed_by
  LEFT JOIN users rb ON rb.id = h.released_by`;

export interface LegalHoldRow {
  id: string;
  organization_id: string;
  organization_name: string;
  user_id: string | null;
  conversation_id: string | null;
  subject_user_id: string | null;
  subject_user_name: string | null;
  reason: string;
  placed_by: string;
  placed_by_name: string | null;
  placed_at: Date;
  released_by: string | null;
  released_by_name: string | null;
  released_at: Date | null;
  /** With `count(*) OVER ()` in a list. */
  total?: string;
}

const person = (id: string | null, displayName: string | null): LegalHoldPersonView | null => (id === null ? null : { id, displayName });

export function toLegalHoldView(row: LegalHoldRow): LegalHoldView {
  return {
    id: row.id,
    organizationId: row.organization_id,
    organizationName: row.organization_name,
    subject: row.user_id !== null ? 'user' : 'conversation',
    user: person(row.subject_user_id, row.subject_user_name),
    conversationId: row.conversation_id,
    reason: row.reason,
    placedBy: { id: row.placed_by, displayName: row.placed_by_name },
    placedAt: row.placed_at.toISOString(),
    releasedBy: person(row.released_by, row.released_by_name),
    releasedAt: row.released_at?.toISOString() ?? null,
  };
}
