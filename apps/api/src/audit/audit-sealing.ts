import type { ClientBase } from 'pg';
import { GENESIS_HASH, sha256Hex } from './audit-canonical';
import { AUDIT_TEXT_SETTINGS, canonicalFormOfStored, HASHED_COLUMNS_SQL, ORGANIZATION_COLUMN } from './audit-entry.row';
import { inTransaction } from './audit-pg-client';

/** Any fixed 64-bit number: whichever replica holds it seals; the others skip that round. */
export const AUDIT_SEAL_LOCK_ID = 4_242_071_612;
export const DEFAULT_SEAL_BATCH = 2_000;
/** node-postgres type parsers that keep every value as the server's text. */
export const STORED_TEXT = { getTypeParser: () => (value: string) => value };
/** Months of partitions kept ready ahead of the current one. */
const PARTITION_MONTHS_AHEAD = 2;

export interface SealOutcome {
  sealed: number;
  /** Another replica was sealing: nothing was done here this round. */
  busy: boolean;
}

/**
 * Links unsealed entries into their organisation's chain, oldest insert first, in batches of one transaction each:
 * position = the head's + 1, previous hash = the head's hash, hash = SHA-256 of the canonical form. Serialised across
 * replicas by a transaction-scoped advisory lock, so a chain never forks; a replica that stops mid-batch leaves
 * nothing half-done (the transaction rolls back and the next round seals the same entries).
 */
export async function sealPendingEntries(client: ClientBase, batchSize = DEFAULT_SEAL_BATCH): Promise<SealOutcome> {
  let sealed = 0;
  for (;;) {
    const batch = await sealBatch(client, batchSize);
    if (batch === null) return { sealed, busy: true };
    sealed += batch;
    if (batch < batchSize) return { sealed, busy: false };
  }
}

/** Creates the coming months' partitions (under the same lock, so replicas do not race to create one). */
export async function ensureAuditPartitions(client: ClientBase): Promise<number | null> {
  return inTransaction(client, async () => {
    if (!(await tryLock(client))) return null;
    const { rows } = await client.query<{ created: number }>('SELECT audit_entries_ensure_partitions($1) AS created', [PARTITION_MONTHS_AHEAD]);
    return rows[0].created;
  });
}

async function sealBatch(client: ClientBase, limit: number): Promise<number | null> {
  return inTransaction(client, async () => ((await tryLock(client)) ? sealLockedBatch(client, limit) : null));
}

/**
 * Seals up to `limit` entries in the caller's transaction, which holds the seal lock (AUDIT_SEAL_LOCK_ID). The retention
 * job uses it to seal its checkpoint in the transaction that deletes the entries the checkpoint vouches for, so no
 * snapshot ever shows the chain cut without its sealed checkpoint.
 */
export async function sealLockedBatch(client: ClientBase, limit: number): Promise<number> {
  await client.query(AUDIT_TEXT_SETTINGS);
  // The stored text of each column, exactly as the verifier will read it back (no type parsing).
  const { rows } = await client.query<(string | null)[]>({
    text: `SELECT e.id, ${HASHED_COLUMNS_SQL} FROM audit_entries e WHERE e.hash IS NULL ORDER BY e.id LIMIT $1`,
    values: [limit],
    rowMode: 'array',
    types: STORED_TEXT,
  });
  if (!rows.length) return 0;
  const organizationOf = (row: (string | null)[]) => row[1 + ORGANIZATION_COLUMN] as string;
  const organizations = [...new Set(rows.map(organizationOf))];
  const heads = new Map<string, { position: number; hash: string }>();
  const stored = await client.query<{ organization_id: string; last_position: number; last_hash: string }>(
    'SELECT organization_id, last_position::float8 AS last_position, last_hash FROM audit_chain_heads WHERE organization_id = ANY($1::uuid[]) FOR UPDATE',
    [organizations],
  );
  for (const head of stored.rows) heads.set(head.organization_id, { position: head.last_position, hash: head.last_hash });

  const seals = { ids: [] as string[], occurredAt: [] as string[], positions: [] as number[], previous: [] as string[], hashes: [] as string[] };
  for (const row of rows) {
    const [id, ...stored] = row;
    const organizationId = organizationOf(row);
    const head = heads.get(organizationId) ?? { position: 0, hash: GENESIS_HASH };
    const position = head.position + 1;
    const hash = sha256Hex(canonicalFormOfStored(stored, String(position), head.hash));
    seals.ids.push(id as string);
    seals.occurredAt.push(stored[2] as string);
    seals.positions.push(position);
    seals.previous.push(head.hash);
    seals.hashes.push(hash);
    heads.set(organizationId, { position, hash });
  }
  // occurred_at in the join lets PostgreSQL go straight to each entry's partition.
  await client.query(
    `UPDATE audit_entries e SET position = s.position, previous_hash = s.previous_hash, hash = s.hash
       FROM unnest($1::bigint[], $2::timestamptz[], $3::bigint[], $4::text[], $5::text[]) AS s(id, occurred_at, position, previous_hash, hash)
      WHERE e.id = s.id AND e.occurred_at = s.occurred_at AND e.hash IS NULL`,
    [seals.ids, seals.occurredAt, seals.positions, seals.previous, seals.hashes],
  );
  const chains = [...heads.entries()];
  await client.query(
    `INSERT INTO audit_chain_heads (organization_id, last_position, last_hash, updated_at)
       SELECT h.organization_id, h.last_position, h.last_hash, now() FROM unnest($1::uuid[], $2::bigint[], $3::text[]) AS h(organization_id, last_position, last_hash)
     ON CONFLICT (organization_id) DO UPDATE SET last_position = EXCLUDED.last_position, last_hash = EXCLUDED.last_hash, updated_at = now()`,
    [chains.map(([id]) => id), chains.map(([, head]) => head.position), chains.map(([, head]) => head.hash)],
  );
  return rows.length;
}

async function tryLock(client: ClientBase): Promise<boolean> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_xact_lock($1) AS locked', [AUDIT_SEAL_LOCK_ID]);
  return rows[0].locked;
}
