/** What a run deleted, by kind. Also the `details` of each organisation's `retention.applied` audit entry. */
export interface RetentionCounts {
  conversations: number;
  messages: number;
  ratings: number;
  auditEntries: number;
}

export const NO_DELETIONS: Readonly<RetentionCounts> = Object.freeze({ conversations: 0, messages: 0, ratings: 0, auditEntries: 0 });

export function addCounts(a: RetentionCounts, b: Partial<RetentionCounts>): RetentionCounts {
  return {
    conversations: a.conversations + (b.conversations ?? 0),
    messages: a.messages + (b.messages ?? 0),
    ratings: a.ratings + (b.ratings ?? 0),
    auditEntries: a.auditEntries + (b.auditEntries ?? 0),
  };
}

export function deletedAnything(counts: RetentionCounts): boolean {
  return counts.conversations + counts.messages + counts.ratings + counts.auditEntries > 0;
}

/** Adds a batch's counts to its run's row: called in the batch's transaction, so the row never over- or under-counts. */
export const ADD_TO_RUN = `UPDATE retention_runs SET conversations_deleted = conversations_deleted + $2, messages_deleted = messages_deleted + $3,
    ratings_deleted = ratings_deleted + $4, audit_entries_deleted = audit_entries_deleted + $5 WHERE id = $1`;

export function addToRunParameters(runId: string, counts: Partial<RetentionCounts>): unknown[] {
  return [runId, counts.conversations ?? 0, counts.messages ?? 0, counts.ratings ?? 0, counts.auditEntries ?? 0];
}
