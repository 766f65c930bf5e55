import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LOGGER } from '../logging/logger';
import { RetentionJob } from './retention-job';

/** The first run comes this soon after start (or after the interval, if shorter), so frequent deploys never starve it. */
const FIRST_RUN_AFTER_MS = 60_000;

/**
 * Runs the retention job every GENNAI_RETENTION_INTERVAL_MINUTES on every replica; the one that takes the run lock does
 * the work, the others skip that round. On shutdown the run under way stops after its current batch (the data stays
 * consistent; the run is recorded as interrupted and the next one carries on).
 */
@Injectable()
export class RetentionScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly job: RetentionJob;
  private readonly intervalMs: number;
  private readonly stopping = new AbortController();
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    audit: AuditLog,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.job = new RetentionJob(dataSource, audit, logger);
    this.intervalMs = config.retention.intervalMinutes * 60_000;
  }

  onApplicationBootstrap(): void {
    if (this.intervalMs > 0) this.schedule(Math.min(FIRST_RUN_AFTER_MS, this.intervalMs));
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.stopping.abort();
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => {
        this.running = undefined;
        this.schedule(this.intervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async runOnce(): Promise<void> {
    if (!this.dataSource.isInitialized) return;
    try {
      const outcome = await this.job.run('schedule', this.stopping.signal);
      if (!outcome.ran) this.logger.debug('retention: another replica is running the job');
    } catch (error) {
      // The run is recorded as failed; the next one retries.
      this.logger.error({ err: error }, 'retention run failed');
    }
  }
}
