import type { ClientBase } from 'pg';
import type { EntityManager } from 'typeorm';
import { GENESIS_HASH, sha256Hex } from '../audit/audit-canonical';
import { AUDIT_TEXT_SETTINGS, canonicalFormOfStored, HASHED_COLUMNS, HASHED_COLUMNS_SQL } from '../audit/audit-entry.row';
import type { AuditLog } from '../audit/audit-log.service';
import { inTransaction } from '../audit/audit-pg-client';
import { AUDIT_SEAL_LOCK_ID, DEFAULT_SEAL_BATCH, sealLockedBatch, STORED_TEXT } from '../audit/audit-sealing';
import { ADD_TO_RUN, addToRunParameters, type RetentionCounts } from './retention-counts';

/** Where the columns after the hashed ones are in each row read below. */
const HASH = HASHED_COLUMNS.length;
const EXPIRED = HASH + 1;

export interface AuditRetention {
  organizationId: string;
  days: number;
  runId: string;
  batchSize: number;
  signal?: AbortSignal;
  /** Told how many entries each committed batch deleted. */
  tally: (counts: Partial<RetentionCounts>) => void;
}

/**
 * Deletes the organisation's audit entries older than the period from the start of its chain, following the
 * checkpoint protocol of docs/operator/audit.md: in one transaction per batch, delete the chain's first entries up to
 * position P and record an `audit.retention` entry stating P and P's hash, so verification starts after it.
 *
 * - Only a prefix of the chain goes: deletion stops at the first entry still within the period (entries that
 *   committed late can sit a little out of time order), so what remains is one unbroken chain.
 * - The batch takes the sealer's lock and seals its checkpoint (with whatever else is waiting) before committing: no
 *   snapshot — a verification running at that moment included — sees the chain cut without its sealed checkpoint.
 * - Nothing unverified is deleted. Each entry is re-hashed and its link checked before it goes, so retention never
 *   destroys the evidence of tampering: at an entry that does not verify, deletion stops and the run reports it.
 */
/** Returns null, or why deletion stopped short: an entry that does not verify, or a start no checkpoint explains. */
export async function deleteExpiredAuditEntries(client: ClientBase, manager: EntityManager, audit: AuditLog, job: AuditRetention): Promise<string | null> {
  while (!job.signal?.aborted) {
    const batch = await inTransaction(client, async () => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_SEAL_LOCK_ID]);
      await client.query(AUDIT_TEXT_SETTINGS);
      await client.query(`SET LOCAL gennai.audit_retention = 'on'`);
      // Entries written but not sealed yet (no API running beside the CLI, say) get their places first.
      await sealAllPending(client);
      const { rows } = await client.query<(string | null)[]>({
        text: `SELECT ${HASHED_COLUMNS_SQL}, e.hash, e.occurred_at < now() - make_interval(days => $2)
                 FROM audit_entries e WHERE e.organization_id = $1 AND e.position IS NOT NULL ORDER BY e.position LIMIT $3`,
        values: [job.organizationId, job.days, job.batchSize],
        rowMode: 'array',
        types: STORED_TEXT,
      });
      if (!rows.length) return null;
      const start = await chainStart(client, job.organizationId, Number(rows[0][0]));
      if (typeof start === 'string') return { deleted: 0, more: false, refused: start };
      const prefix = expiredPrefix(rows, start);
      if (prefix.through) {
        const removed = await client.query('DELETE FROM audit_entries WHERE organization_id = $1 AND position <= $2', [job.organizationId, prefix.through.position]);
        await audit.record(
          {
            action: 'audit.retention',
            actor: null,
            organizationId: job.organizationId,
            details: { deletedThroughPosition: prefix.through.position, deletedThroughHash: prefix.through.hash },
          },
          manager,
        );
        await sealAllPending(client);
        await client.query(ADD_TO_RUN, addToRunParameters(job.runId, { auditEntries: removed.rowCount ?? 0 }));
        return { deleted: removed.rowCount ?? 0, more: prefix.length === job.batchSize, refused: prefix.refused };
      }
      return { deleted: 0, more: false, refused: prefix.refused };
    });
    if (!batch) break;
    if (batch.deleted) job.tally({ auditEntries: batch.deleted });
    if (batch.refused) return `audit chain: ${batch.refused}; entries from there on were kept`;
    if (!batch.more) break;
  }
  return null;
}

/** Seals every waiting entry, in the caller's transaction, which holds the seal lock. */
async function sealAllPending(client: ClientBase): Promise<void> {
  while ((await sealLockedBatch(client, DEFAULT_SEAL_BATCH)) === DEFAULT_SEAL_BATCH);
}

/**
 * What the chain's first remaining entry must link to: the genesis hash, or the hash its latest checkpoint states; or
 * why the start cannot be trusted (cut without a checkpoint), in which case nothing of the chain is deleted.
 */
async function chainStart(client: ClientBase, organizationId: string, firstPosition: number): Promise<{ position: number; hash: string } | string> {
  if (firstPosition === 1) return { position: 0, hash: GENESIS_HASH };
  const { rows } = await client.query<{ details: string }>(
    `SELECT e.details FROM audit_entries e WHERE e.organization_id = $1 AND e.action = 'audit.retention' AND e.hash IS NOT NULL ORDER BY e.position DESC LIMIT 1`,
    [organizationId],
  );
  const stated = rows.length ? (JSON.parse(rows[0].details) as { deletedThroughPosition?: unknown; deletedThroughHash?: unknown }) : {};
  if (stated.deletedThroughPosition !== firstPosition - 1 || typeof stated.deletedThroughHash !== 'string') {
    return `it starts at position ${firstPosition} and no sealed audit.retention checkpoint explains it (run npm run audit:verify)`;
  }
  return { position: firstPosition - 1, hash: stated.deletedThroughHash };
}

/**
 * The longest run of entries from the start that are expired and verify (position, link, hash), and why it stopped
 * early when an entry did not verify.
 */
function expiredPrefix(rows: (string | null)[][], start: { position: number; hash: string }) {
  let through: { position: number; hash: string } | null = null;
  let previous = start;
  let length = 0;
  for (const row of rows) {
    if (row[EXPIRED] !== 't') return { through, length, refused: null };
    const position = Number(row[0]);
    const refused =
      position !== previous.position + 1
        ? `position ${previous.position + 1} is missing`
        : row[1] !== previous.hash
          ? `entry ${position} does not link to entry ${previous.position}`
          : sha256Hex(canonicalFormOfStored(row, row[0] as string, previous.hash)) !== row[HASH]
            ? `entry ${position} does not match its hash`
            : null;
    if (refused) return { through, length, refused: `${refused} (run npm run audit:verify)` };
    previous = through = { position, hash: row[HASH] as string };
    length += 1;
  }
  return { through, length, refused: null };
}
