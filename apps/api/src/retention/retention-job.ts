import type { PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { DataSource, EntityManager } from 'typeorm';
import type { AuditLog } from '../audit/audit-log.service';
import { inTransaction } from '../audit/audit-pg-client';
import { sealPendingEntries } from '../audit/audit-sealing';
import { uuidv7 } from '../database/uuid-v7';
import { deleteExpiredAuditEntries } from './audit-retention';
import { deleteExpiredConversations } from './conversation-retention';
import { addCounts, deletedAnything, NO_DELETIONS, type RetentionCounts } from './retention-counts';
import { RETENTION_RUN_LOCK_ID } from './retention-locks';
import type { RetentionRunStatus, RetentionTrigger } from './retention-run.entity';

/** Conversations per transaction (each with its messages and ratings). */
export const DEFAULT_CONVERSATION_BATCH = 500;
/** Audit entries per transaction. */
export const DEFAULT_AUDIT_BATCH = 5_000;
/**
 * How long a sign-in session is remembered in audit_sign_ins (so its first request alone is recorded): longer than any
 * session the identity provider allows (Keycloak's SSO Session Max is 10 hours by default; offline sessions 30 days).
 */
export const SIGN_IN_MEMORY_DAYS = 60;
const SIGN_IN_BATCH = 5_000;

export interface RetentionJobOptions {
  conversationBatchSize?: number;
  auditBatchSize?: number;
}

export interface OrganizationRetention {
  organizationId: string;
  counts: RetentionCounts;
}

export type RetentionOutcome =
  /** Another replica (or an operator's CLI) holds the run lock: nothing was done here. */
  | { ran: false }
  | {
      ran: true;
      runId: string;
      status: Exclude<RetentionRunStatus, 'running'>;
      totals: RetentionCounts & { signIns: number };
      /** Organisations where something was deleted. */
      organizations: OrganizationRetention[];
      /** Organisations whose deletion failed, and why (the others went ahead). */
      problems: string[];
    };

interface PolicyRow {
  id: string;
  conversation_retention_days: number | null;
  audit_retention_days: number | null;
}

/**
 * The retention job (docs/operator/retention.md): for each organisation with a retention period, deletes conversations
 * whose last activity is older than it (unless a legal hold covers them) and audit entries older than its audit period
 * (from the start of its chain, leaving a sealed checkpoint), then records `retention.applied` with the counts in the
 * organisation's audit log and the run in `retention_runs`.
 *
 * One run at a time across every replica and the CLI (a session-level advisory lock on one connection, which all of
 * the run's work uses); each batch is its own short transaction, so stopping at any point leaves consistent data and
 * an exact count, and the next run carries on.
 */
export class RetentionJob {
  private readonly conversationBatchSize: number;
  private readonly auditBatchSize: number;

  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditLog,
    private readonly logger: Logger,
    options: RetentionJobOptions = {},
  ) {
    this.conversationBatchSize = options.conversationBatchSize ?? DEFAULT_CONVERSATION_BATCH;
    this.auditBatchSize = options.auditBatchSize ?? DEFAULT_AUDIT_BATCH;
  }

  /** Runs once, unless another run holds the lock. `signal` stops it after the batch under way (status `interrupted`). */
  async run(trigger: RetentionTrigger, signal?: AbortSignal): Promise<RetentionOutcome> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [RETENTION_RUN_LOCK_ID]);
      if (!rows[0].locked) return { ran: false };
      try {
        return await this.runLocked(client, runner.manager, trigger, signal);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [RETENTION_RUN_LOCK_ID]);
      }
    } finally {
      await runner.release();
    }
  }

  private async runLocked(client: PoolClient, manager: EntityManager, trigger: RetentionTrigger, signal?: AbortSignal): Promise<RetentionOutcome> {
    // Holding the lock, no other run is under way: a run still marked running was cut short.
    await client.query(`UPDATE retention_runs SET status = 'interrupted', finished_at = now() WHERE status = 'running'`);
    const runId = uuidv7();
    await client.query('INSERT INTO retention_runs (id, trigger) VALUES ($1, $2)', [runId, trigger]);
    const organizations: OrganizationRetention[] = [];
    const problems: string[] = [];
    let totals = { ...NO_DELETIONS };
    let signIns = 0;
    try {
      const { rows: policies } = await client.query<PolicyRow>(
        `SELECT id, conversation_retention_days, audit_retention_days FROM organizations
          WHERE kind = 'organization' AND (conversation_retention_days IS NOT NULL OR audit_retention_days IS NOT NULL) ORDER BY id`,
      );
      for (const policy of policies) {
        if (signal?.aborted) break;
        const counts = await this.applyPolicy(client, manager, runId, policy, problems, signal);
        if (!deletedAnything(counts)) continue;
        organizations.push({ organizationId: policy.id, counts });
        totals = addCounts(totals, counts);
        await this.audit.record(
          {
            action: 'retention.applied',
            actor: null,
            organizationId: policy.id,
            target: { type: 'retention_run', id: runId },
            details: {
              ...counts,
              conversationRetentionDays: policy.conversation_retention_days,
              auditRetentionDays: policy.audit_retention_days,
            },
          },
          manager,
        );
      }
      if (!signal?.aborted) signIns = await forgetOldSignIns(client, runId);
      // What this run wrote to the audit log is sealed now rather than left to the API's sealer (the CLI has none).
      await sealPendingEntries(client);
    } catch (error) {
      await this.finish(client, runId, 'failed', error instanceof Error ? error.message : String(error));
      throw error;
    }
    const status = signal?.aborted ? 'interrupted' : problems.length ? 'failed' : 'completed';
    await this.finish(client, runId, status, problems.length ? problems.join('\n') : null);
    this.logger.info({ runId, trigger, status, ...totals, signIns, organizations: organizations.length }, 'retention run finished');
    return { ran: true, runId, status, totals: { ...totals, signIns }, organizations, problems };
  }

  /**
   * Deletes what expired in one organisation and returns the counts of every batch that committed. A failure or a
   * refusal to delete (an audit chain that does not verify) goes to `problems`; the run goes on with the next part.
   */
  private async applyPolicy(client: PoolClient, manager: EntityManager, runId: string, policy: PolicyRow, problems: string[], signal?: AbortSignal): Promise<RetentionCounts> {
    let counts = { ...NO_DELETIONS };
    const tally = (batch: Partial<RetentionCounts>) => (counts = addCounts(counts, batch));
    const problem = (error: unknown) => {
      const text = `organisation ${policy.id}: ${error instanceof Error ? error.message : String(error)}`;
      problems.push(text);
      this.logger.error({ err: error, organizationId: policy.id, runId }, `retention: ${text}`);
    };
    const common = { organizationId: policy.id, runId, signal, tally };
    if (policy.conversation_retention_days !== null) {
      await deleteExpiredConversations(client, { ...common, days: policy.conversation_retention_days, batchSize: this.conversationBatchSize }).catch(problem);
    }
    if (policy.audit_retention_days !== null && !signal?.aborted) {
      const refused = await deleteExpiredAuditEntries(client, manager, this.audit, { ...common, days: policy.audit_retention_days, batchSize: this.auditBatchSize }).catch((error: unknown) => {
        problem(error);
        return null;
      });
      if (refused) problem(refused);
    }
    return counts;
  }

  private async finish(client: PoolClient, runId: string, status: RetentionRunStatus, error: string | null): Promise<void> {
    await client.query('UPDATE retention_runs SET status = $2, finished_at = now(), error = $3 WHERE id = $1', [runId, status, error?.slice(0, 4000) ?? null]);
  }
}

/** Forgets sign-in sessions older than any session can last, a batch at a time (with its count, in one transaction). */
async function forgetOldSignIns(client: PoolClient, runId: string): Promise<number> {
  let forgotten = 0;
  for (;;) {
    const count = await inTransaction(client, async () => {
      const { rowCount } = await client.query(
        `DELETE FROM audit_sign_ins WHERE session_id IN (
           SELECT session_id FROM audit_sign_ins WHERE first_seen_at < now() - make_interval(days => $1) LIMIT $2)`,
        [SIGN_IN_MEMORY_DAYS, SIGN_IN_BATCH],
      );
      if (rowCount) await client.query('UPDATE retention_runs SET sign_ins_deleted = sign_ins_deleted + $2 WHERE id = $1', [runId, rowCount]);
      return rowCount ?? 0;
    });
    forgotten += count;
    if (count < SIGN_IN_BATCH) return forgotten;
  }
}
