import { type BeforeApplicationShutdown, Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { LOGGER } from '../logging/logger';
import { AnalyticsRollupJob } from './analytics-rollup-job';

/** The first run comes this soon after start, so a fresh install or an upgrade fills the dashboards quickly. */
const FIRST_RUN_AFTER_MS = 15_000;

/**
 * Runs the analytics roll-up every GENNAI_ANALYTICS_ROLLUP_INTERVAL_MINUTES on every replica; the one that takes the
 * lock does the work, the others skip that round. On shutdown a run under way stops after its current chunk of days.
 */
@Injectable()
export class AnalyticsRollupScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly job: AnalyticsRollupJob;
  private readonly intervalMs: number;
  private readonly stopping = new AbortController();
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {
    this.job = new AnalyticsRollupJob(dataSource, config.gateway.quotaTimeZone, logger);
    this.intervalMs = config.analytics.rollupIntervalMinutes * 60_000;
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
      const outcome = await this.job.run(undefined, this.stopping.signal);
      if (!outcome.ran) this.logger.debug('analytics roll-up: another replica is running it');
    } catch (error) {
      // Nothing half-written stays (each chunk is one transaction); the next run rewrites the same days.
      this.logger.error({ err: error }, 'analytics roll-up failed');
    }
  }
}
