import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { AuditLog } from '../audit/audit-log.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { IntervalJobScheduler } from '../jobs/interval-job.scheduler';
import { LOGGER } from '../logging/logger';
import { RetentionJob } from './retention-job';

/**
 * Runs the retention job every GENNAI_RETENTION_INTERVAL_MINUTES on every replica; the one that takes the run lock does
 * the work, the others skip that round. On shutdown the run under way stops after its current batch (the data stays
 * consistent; the run is recorded as interrupted and the next one carries on). A failed run is recorded as failed; the
 * next one retries.
 */
@Injectable()
export class RetentionScheduler extends IntervalJobScheduler {
  private readonly job: RetentionJob;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    audit: AuditLog,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(LOGGER) logger: Logger,
  ) {
    super({ intervalMs: config.retention.intervalMinutes * 60_000, firstRunAfterMs: 60_000, failureMessage: 'retention run failed' }, dataSource, logger);
    this.job = new RetentionJob(dataSource, audit, logger);
  }

  protected async runRound(signal: AbortSignal): Promise<void> {
    const outcome = await this.job.run('schedule', signal);
    if (!outcome.ran) this.logger.debug('retention: another replica is running the job');
  }
}
