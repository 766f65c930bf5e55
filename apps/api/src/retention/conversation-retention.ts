import type { ClientBase } from 'pg';
import { inTransaction } from '../audit/audit-pg-client';
import { ADD_TO_RUN, addToRunParameters, type RetentionCounts } from './retention-counts';
import { LEGAL_HOLD_LOCK_ID } from './retention-locks';

/**
 * Conversations of the organisation whose last activity (`updated_at`, moved by every message) is older than the
 * period, and that no active legal hold covers — neither a hold on the conversation nor one on its owner. Locked so a
 * message arriving at the same moment waits and then fails cleanly instead of landing in a deleted conversation;
 * conversations locked by someone else are left for the next run.
 *
 * When few have expired, PostgreSQL 18 skip-scans `(organization_id, user_id, updated_at)` with both conditions in the
 * index; when many have, a scan stops as soon as a batch is found. The hold checks use the partial unique indexes of
 * active holds (few rows: the planner may just read them).
 */
const SELECT_EXPIRED = `SELECT c.id FROM conversations c
  WHERE c.organization_id = $1 AND c.updated_at < now() - make_interval(days => $2)
    AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL AND h.user_id = c.user_id)
    AND NOT EXISTS (SELECT 1 FROM legal_holds h WHERE h.released_at IS NULL AND h.conversation_id = c.id)
  LIMIT $3
  FOR UPDATE OF c SKIP LOCKED`;

export interface ConversationRetention {
  organizationId: string;
  days: number;
  runId: string;
  batchSize: number;
  /** Checked between batches: a stopping process ends after the batch under way. */
  signal?: AbortSignal;
  /** Told what each committed batch deleted (so a failure later on loses no count). */
  tally: (counts: Partial<RetentionCounts>) => void;
}

/**
 * Deletes the organisation's expired conversations with their messages and ratings, `batchSize` conversations per
 * transaction (a few milliseconds of row locks each; nothing else waits). Every batch commits on its own together
 * with its counts on the run's row, so an interruption loses nothing and the next run carries on.
 */
export async function deleteExpiredConversations(client: ClientBase, job: ConversationRetention): Promise<void> {
  while (!job.signal?.aborted) {
    const batch = await inTransaction(client, async () => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [LEGAL_HOLD_LOCK_ID]);
      const { rows } = await client.query<{ id: string }>(SELECT_EXPIRED, [job.organizationId, job.days, job.batchSize]);
      if (!rows.length) return null;
      const ids = rows.map((row) => row.id);
      // Children first, explicitly: counted per kind, and no cascade doing hidden work.
      const ratings = await client.query(
        'DELETE FROM answer_ratings r USING messages m WHERE r.message_id = m.id AND m.conversation_id = ANY($1::uuid[])',
        [ids],
      );
      const messages = await client.query('DELETE FROM messages WHERE conversation_id = ANY($1::uuid[])', [ids]);
      const conversations = await client.query('DELETE FROM conversations WHERE id = ANY($1::uuid[])', [ids]);
      const counts: RetentionCounts = {
        conversations: conversations.rowCount ?? 0,
        messages: messages.rowCount ?? 0,
        ratings: ratings.rowCount ?? 0,
        auditEntries: 0,
      };
      await client.query(ADD_TO_RUN, addToRunParameters(job.runId, counts));
      return { counts, full: rows.length === job.batchSize };
    });
    if (!batch) break;
    job.tally(batch.counts);
    if (!batch.full) break;
  }
}
