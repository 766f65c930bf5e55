import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { IntervalJobScheduler } from '../jobs/interval-job.scheduler';
import { LOGGER } from '../logging/logger';
import { AnalyticsRollupJob } from './analytics-rollup-job';

/** The first run comes this soon after start, so a fresh install or an upgrade fills the dashboards quickly. */
const FIRST_RUN_AFTER_MS = 15_000;

/**
 * Runs the analytics roll-up every GENNAI_ANALYTICS_ROLLUP_INTERVAL_MINUTES on every replica; the one that takes the
 * lock does the work, the others skip that round. On shutdown a run under way stops after its current chunk of days.
 * A failed run leaves nothing half-written (each chunk is one transaction); the next run rewrites the same days.
 */
@Injectable()
export class AnalyticsRollupScheduler extends IntervalJobScheduler {
  readonly job: AnalyticsRollupJob;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super(
      { intervalMs: config.analytics.rollupIntervalMinutes * 60_000, firstRunAfterMs: FIRST_RUN_AFTER_MS, failureMessage: 'analytics roll-up failed' },
      dataSource,
      logger,
    );
    this.job = new AnalyticsRollupJob(dataSource, config.gateway.quotaTimeZone, logger);
  }

  protected async runRound(signal: AbortSignal): Promise<void> {
    const outcome = await this.job.run(undefined, signal);
    if (!outcome.ran) this.logger.debug('analytics roll-up: another replica is running it');
  }
}
