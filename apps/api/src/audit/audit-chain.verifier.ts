import type { AuditChainFailure, AuditChainReportView, AuditVerificationView } from '@gennai/contracts';
import type { ClientBase } from 'pg';
import { GENESIS_HASH, sha256Hex } from './audit-canonical';
import { copyOut } from './audit-copy-out';
import { inTransaction } from './audit-pg-client';
import { AUDIT_TEXT_SETTINGS, canonicalFormOfStored, HASHED_COLUMNS, HASHED_COLUMNS_SQL, ORGANIZATION_COLUMN } from './audit-entry.row';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Where the columns after the hashed ones are in each streamed row. */
const HASH = HASHED_COLUMNS.length;
const MESSAGE_TEXT = HASH + 1;
const ID = HASH + 2;
const MESSAGE_SHA256 = HASHED_COLUMNS.indexOf('message_sha256');

/** What the retention job states in its `audit.retention` entry: the chain's entries up to here were deleted. */
interface Checkpoint {
  deletedThroughPosition: number;
  deletedThroughHash: string;
}

type Row = (string | null)[];

/**
 * Entries held while waiting for an earlier position, over all chains. Reading in insertion order, an entry appears
 * ahead of its place only when a transaction committed late (seconds): a handful. A chain that needs more is
 * walked again on its own, in position order.
 */
const REORDER_BUDGET = 20_000;

/**
 * One organisation's chain, fed its entries either in position order (`sorted`) or in insertion order, where a
 * late-committed entry can come before positions sealed ahead of it (then held until its turn).
 */
class ChainWalk {
  entries = 0;
  firstPosition: number | null = null;
  lastPosition: number | null = null;
  startsAtCheckpoint = false;
  failure: AuditChainReportView['failure'] = null;
  /** The reorder budget ran out: walk this chain again in position order. */
  overflowed = false;
  readonly held = new Map<number, Row>();
  private expected: number;
  private lastHash: string;

  constructor(
    readonly organizationId: string,
    /** The latest sealed retention checkpoint: the chain starts right after it. */
    private readonly checkpoint: Checkpoint | undefined,
    private readonly sorted: boolean,
  ) {
    this.expected = checkpoint ? checkpoint.deletedThroughPosition + 1 : 1;
    this.lastHash = checkpoint ? checkpoint.deletedThroughHash : GENESIS_HASH;
  }

  get done(): boolean {
    return this.failure !== null || this.overflowed;
  }

  /** Takes one sealed entry; returns how many entries it now holds more (+1) or fewer (−n) than before. */
  offer(row: Row): number {
    if (this.done) return 0;
    const position = Number(row[0]);
    if (position < this.expected) {
      this.fail(row, 'gap', position === this.lastPosition ? `position ${position} appears twice` : `position ${position} appears before the start or twice`);
      return -this.release();
    }
    if (position > this.expected) {
      if (this.sorted) {
        this.gap(position);
        return 0;
      }
      this.held.set(position, row);
      return 1;
    }
    this.check(row);
    let released = 0;
    for (let next = this.held.get(this.expected); next && !this.failure; next = this.held.get(this.expected)) {
      this.held.delete(this.expected);
      released += 1;
      this.check(next);
    }
    return -released - (this.failure ? this.release() : 0);
  }

  /** Gives up on insertion order for this chain (it will be walked again in position order). */
  overflow(): number {
    this.overflowed = true;
    return this.release();
  }

  /** The chain's report once every entry has been offered; `headPosition` is where the sealer says it ends. */
  finish(headPosition: number | undefined): AuditChainReportView {
    if (!this.done && this.held.size) this.gap(Math.min(...this.held.keys()));
    // Entries cut off the end: the chain stops before the last position the sealer recorded.
    if (!this.done && headPosition !== undefined && this.expected <= headPosition) {
      this.failure = { position: this.expected, entryId: null, reason: 'truncated', detail: `entries ${this.expected}–${headPosition} were sealed but are missing` };
    }
    this.release();
    const { organizationId, entries, firstPosition, lastPosition, startsAtCheckpoint, failure } = this;
    return { organizationId, entries, firstPosition, lastPosition, startsAtCheckpoint, failure };
  }

  /** The entry at the expected position: its link, its hash, its kept text. */
  private check(row: Row): void {
    const position = this.expected;
    const previousHash = row[1] as string;
    if (previousHash !== this.lastHash) {
      if (this.lastPosition !== null) this.fail(row, 'broken_link', `previous hash ${previousHash} is not entry ${this.lastPosition}'s hash ${this.lastHash}`);
      else if (this.checkpoint) this.fail(row, 'bad_start', `the first entry does not follow the retention checkpoint (entries up to ${position - 1}, hash ${this.lastHash})`);
      else this.fail(row, 'bad_start', 'the first entry does not start from the genesis hash');
      return;
    }
    const computed = sha256Hex(canonicalFormOfStored(row, row[0] as string, previousHash));
    if (computed !== row[HASH]) {
      this.fail(row, 'hash_mismatch', `stored hash ${row[HASH]} but the entry's fields hash to ${computed}`);
      return;
    }
    const text = row[MESSAGE_TEXT];
    if (text !== null && sha256Hex(text) !== row[MESSAGE_SHA256]) {
      this.fail(row, 'message_text_mismatch', 'the kept message text does not match the SHA-256 sealed with the entry');
      return;
    }
    if (this.firstPosition === null) {
      this.firstPosition = position;
      this.startsAtCheckpoint = this.checkpoint !== undefined;
    }
    this.entries += 1;
    this.lastPosition = position;
    this.lastHash = computed;
    this.expected = position + 1;
  }

  /** Entries from the expected position up to `next` are missing (or, at the start, deleted without a checkpoint). */
  private gap(next: number) {
    const from = this.expected;
    const missing = `entries ${from}–${next - 1} are missing`;
    this.failure =
      this.lastPosition === null
        ? { position: from, entryId: null, reason: 'bad_start', detail: `${missing} and no audit.retention checkpoint states that they were deleted` }
        : { position: from, entryId: null, reason: 'gap', detail: missing };
  }

  private fail(row: Row, reason: AuditChainFailure, detail: string) {
    this.failure = { position: Number(row[0]), entryId: row[ID], reason, detail };
  }

  private release(): number {
    const count = this.held.size;
    this.held.clear();
    return count;
  }
}

/**
 * Walks every chain (or one organisation's) from its first remaining entry to its last, in one read-only snapshot,
 * streaming the stored fields with COPY (memory stays flat whatever the size of the log), and reports each chain's
 * first bad entry: a hash that does not match the entry's fields, a link to a previous hash that is not the previous
 * entry's, a gap or repeat in positions, a start that no retention checkpoint explains, kept text that does not match
 * its SHA-256, or entries missing at the end.
 *
 * All chains are read together in one pass in insertion order (each table page is read once, whatever the number of
 * organisations); one organisation's chain is read in position order.
 */
export async function verifyAuditChains(
  client: ClientBase,
  scope: { organizationId?: string | null; organizationIds?: readonly string[] | null } = {},
): Promise<AuditVerificationView> {
  const started = performance.now();
  const organizationIds = scope.organizationIds ?? (scope.organizationId ? [scope.organizationId] : null);
  if (organizationIds?.some((id) => !UUID.test(id))) throw new Error('organizationId must be a UUID');
  const onlyOne =
    organizationIds === null ? '' : `AND e.organization_id IN (${organizationIds.map((id) => client.escapeLiteral(id.toLowerCase())).join(', ') || 'NULL'})`;
  const select = (order: string, where = onlyOne) =>
    `COPY (SELECT ${HASHED_COLUMNS_SQL}, e.hash, e.message_text, e.id FROM audit_entries e WHERE e.hash IS NOT NULL ${where} ORDER BY ${order}) TO STDOUT`;
  return inTransaction(
    client,
    async () => {
      await client.query(AUDIT_TEXT_SETTINGS);
      // Read along an index: rows stream from the first one, with no sort and no temporary files.
      await client.query('SET LOCAL enable_sort = off');
      const heads = new Map<string, number>();
      const headRows = await client.query<{ organization_id: string; last_position: number }>(
        `SELECT e.organization_id, e.last_position::float8 AS last_position FROM audit_chain_heads e WHERE true ${onlyOne}`,
      );
      for (const head of headRows.rows) heads.set(head.organization_id, head.last_position);
      const checkpoints = await loadCheckpoints(client, onlyOne);
      const unsealed = await client.query<{ count: number }>(`SELECT count(*)::int AS count FROM audit_entries e WHERE e.hash IS NULL ${onlyOne}`);

      const sorted = organizationIds?.length === 1;
      const walks = new Map<string, ChainWalk>();
      const walkOf = (organizationId: string, inOrder: boolean) => {
        let walk = walks.get(organizationId);
        if (!walk) walks.set(organizationId, (walk = new ChainWalk(organizationId, checkpoints.get(organizationId), inOrder)));
        return walk;
      };
      let held = 0;
      await copyOut(client, select(sorted ? 'e.position' : 'e.occurred_at, e.id'), (row) => {
        const walk = walkOf(row[ORGANIZATION_COLUMN] as string, sorted);
        held += walk.offer(row);
        if (held > REORDER_BUDGET) held -= walk.overflow();
      });
      // Chains that needed more reordering than the budget allows: again, each in position order.
      for (const walk of [...walks.values()].filter((w) => w.overflowed)) {
        walks.delete(walk.organizationId);
        const exact = walkOf(walk.organizationId, true);
        await copyOut(client, select('e.position', `AND e.organization_id = ${client.escapeLiteral(walk.organizationId)}`), (row) => exact.offer(row));
      }
      // A chain whose every entry is gone still has its head: all of it was cut off.
      for (const organizationId of heads.keys()) walkOf(organizationId, true);
      const chains = [...walks.values()].map((walk) => walk.finish(heads.get(walk.organizationId)));
      chains.sort((a, b) => a.organizationId.localeCompare(b.organizationId));
      return {
        ok: chains.every((chain) => chain.failure === null),
        verifiedAt: new Date().toISOString(),
        durationMs: Math.round(performance.now() - started),
        entries: chains.reduce((sum, chain) => sum + chain.entries, 0),
        chains,
        unsealedEntries: unsealed.rows[0].count,
      };
    },
    'BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY',
  );
}

/** Sealed `audit.retention` entries: their statements count only because the chain itself vouches for them. */
async function loadCheckpoints(client: ClientBase, onlyOne: string): Promise<Map<string, Checkpoint>> {
  const { rows } = await client.query<{ organization_id: string; details: string }>(
    `SELECT e.organization_id, e.details FROM audit_entries e WHERE e.action = 'audit.retention' AND e.hash IS NOT NULL ${onlyOne}`,
  );
  // The latest one counts: each retention run deletes further from the start.
  const checkpoints = new Map<string, Checkpoint>();
  for (const { organization_id, details } of rows) {
    const { deletedThroughPosition, deletedThroughHash } = JSON.parse(details) as Record<string, unknown>;
    if (typeof deletedThroughPosition !== 'number' || typeof deletedThroughHash !== 'string') continue;
    const latest = checkpoints.get(organization_id);
    if (!latest || latest.deletedThroughPosition < deletedThroughPosition) checkpoints.set(organization_id, { deletedThroughPosition, deletedThroughHash });
  }
  return checkpoints;
}
