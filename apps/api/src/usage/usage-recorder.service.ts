import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { uuidv7 } from '../database/uuid-v7';
import { LOGGER } from '../logging/logger';
import type { UsageRecord } from './usage-record.entity';

export type NewUsageRecord = Omit<UsageRecord, 'id'>;

/** Records held in memory at most (about 1 KB each); beyond this, new records are dropped and the loss logged. */
export const MAX_BUFFERED_RECORDS = 100_000;
/** Longest wait between retries while the database is failing. */
const MAX_RETRY_DELAY_MS = 30_000;
/** Attempts to write what is left while the application shuts down. */
const SHUTDOWN_ATTEMPTS = 4;

const COLUMNS: [column: string, type: string, value: (r: UsageRecord) => unknown][] = [
  ['id', 'uuid', (r) => r.id],
  ['created_at', 'timestamptz', (r) => r.createdAt],
  ['organization_id', 'uuid', (r) => r.organizationId],
  ['user_id', 'uuid', (r) => r.userId],
  ['api_key_id', 'uuid', (r) => r.apiKeyId],
  ['app', 'varchar', (r) => r.app],
  ['requested_model_id', 'varchar', (r) => r.requestedModelId],
  ['model_id', 'varchar', (r) => r.modelId],
  ['deployment_id', 'varchar', (r) => r.deploymentId],
  ['input_tokens', 'integer', (r) => Math.round(r.inputTokens)],
  ['output_tokens', 'integer', (r) => Math.round(r.outputTokens)],
  ['cost', 'numeric', (r) => r.cost],
  ['currency', 'varchar', (r) => r.currency],
  ['latency_ms', 'integer', (r) => Math.round(r.latencyMs)],
  ['time_to_first_token_ms', 'integer', (r) => (r.timeToFirstTokenMs === null ? null : Math.round(r.timeToFirstTokenMs))],
  ['outcome', 'varchar', (r) => r.outcome],
  ['error_code', 'varchar', (r) => r.errorCode],
  ['attempts', 'jsonb', (r) => JSON.stringify(r.attempts)],
  ['conversation_id', 'uuid', (r) => r.conversationId],
  ['message_id', 'uuid', (r) => r.messageId],
];

/**
 * One INSERT for any number of records: one array parameter per column (the statement stays within PostgreSQL's
 * parameter limit at any batch size). `ON CONFLICT DO NOTHING` makes a retry after an unclear failure harmless.
 */
const INSERT = `INSERT INTO usage_records (${COLUMNS.map(([column]) => column).join(', ')})
  SELECT * FROM unnest(${COLUMNS.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ')})
  ON CONFLICT (id) DO NOTHING`;

/**
 * Writes usage records off the request path: `record()` only appends to a buffer, which is written in one INSERT per
 * batch every GENNAI_USAGE_FLUSH_MS or as soon as GENNAI_USAGE_BATCH_SIZE records are waiting.
 *
 * - Shutdown (SIGTERM, `app.close()`) writes everything buffered before the database connection closes.
 * - While the database fails, records stay buffered and writing is retried with exponential backoff; the buffer is
 *   capped at MAX_BUFFERED_RECORDS and the number of records dropped beyond it is logged as an error.
 * - A crash (SIGKILL, out of memory) loses what was not yet written: the last flush interval's records, or
 *   everything buffered since the database became unreachable.
 */
@Injectable()
export class UsageRecorder implements BeforeApplicationShutdown, OnApplicationShutdown {
  private buffer: UsageRecord[] = [];
  private timer?: NodeJS.Timeout;
  private writing?: Promise<void>;
  private failures = 0;
  private dropped = 0;
  private closed = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  /** Queues one record (never blocks, never throws). */
  record(record: NewUsageRecord): void {
    if (this.closed) {
      this.logger.error({ record: { ...record, attempts: undefined } }, 'usage record lost: recorded after shutdown');
      return;
    }
    if (this.buffer.length >= MAX_BUFFERED_RECORDS) {
      this.dropped += 1;
      return;
    }
    this.buffer.push({ id: uuidv7(record.createdAt.getTime()), ...record });
    if (this.buffer.length >= this.config.gateway.usage.batchSize && this.failures === 0) {
      this.flush().catch(() => undefined);
    } else {
      this.schedule(this.config.gateway.usage.flushMs);
    }
  }

  /** Records waiting to be written. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Writes everything buffered now; rejects (keeping the records for the next attempt) when the database fails. */
  flush(): Promise<void> {
    this.writing ??= this.writeAll().finally(() => {
      this.writing = undefined;
    });
    return this.writing;
  }

  /** Before the HTTP server and the database close: write everything, retrying a few times. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.drain();
  }

  /** Records of requests that ended while the server closed; the database may already be gone. */
  async onApplicationShutdown(): Promise<void> {
    if (this.buffer.length > 0 && this.dataSource.isInitialized) await this.drain();
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.buffer.length > 0) this.logger.error({ lost: this.buffer.length }, 'usage records lost at shutdown: the database was unavailable');
    this.reportDropped();
    this.closed = true;
    this.buffer = [];
  }

  private async drain(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (let attempt = 1; this.buffer.length > 0 && attempt <= SHUTDOWN_ATTEMPTS; attempt++) {
      try {
        await this.flush();
      } catch {
        if (attempt < SHUTDOWN_ATTEMPTS) await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** (attempt - 1)));
      }
    }
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(delayMs: number) {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush().catch(() => undefined);
    }, delayMs);
    this.timer.unref();
  }

  private async writeAll(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.reportDropped();
    try {
      while (this.buffer.length > 0) {
        const batch = this.buffer.slice(0, this.config.gateway.usage.batchSize);
        await this.write(batch);
        // Only appends happen meanwhile, so the batch is still at the front.
        this.buffer.splice(0, batch.length);
        this.failures = 0;
      }
    } catch (error) {
      this.failures += 1;
      const retryMs = Math.min(MAX_RETRY_DELAY_MS, this.config.gateway.usage.flushMs * 2 ** this.failures);
      this.logger.warn({ err: error, pending: this.buffer.length, retryMs }, 'writing usage records failed; will retry');
      this.schedule(retryMs);
      throw error;
    }
  }

  private async write(batch: UsageRecord[]): Promise<void> {
    try {
      await this.dataSource.query(INSERT, columnsOf(batch));
    } catch (error) {
      if (!isBadData(error)) throw error;
      // One malformed record must not hold back the others forever: write them one by one and drop the bad ones.
      for (const record of batch) {
        await this.dataSource.query(INSERT, columnsOf([record])).catch((err: unknown) => {
          if (!isBadData(err)) throw err;
          this.logger.error({ err, record: { ...record, attempts: undefined } }, 'usage record dropped: the database rejects it');
        });
      }
    }
  }

  private reportDropped() {
    if (this.dropped === 0) return;
    this.logger.error({ dropped: this.dropped, limit: MAX_BUFFERED_RECORDS }, 'usage records dropped: too many waiting to be written');
    this.dropped = 0;
  }
}

function columnsOf(batch: UsageRecord[]): unknown[][] {
  return COLUMNS.map(([, , value]) => batch.map(value));
}

/** Data exceptions (22…) and integrity violations (23…) will fail again on retry; connection errors will not. */
function isBadData(error: unknown): boolean {
  const code = (error as { driverError?: { code?: unknown } }).driverError?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}
