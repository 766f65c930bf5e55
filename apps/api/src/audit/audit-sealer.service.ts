import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { LOGGER } from '../logging/logger';
import { withPgClient } from './audit-pg-client';
import { ensureAuditPartitions, type SealOutcome, sealPendingEntries } from './audit-sealing';

/** How often each replica tries to seal: the longest an entry waits unsealed while the database is healthy. */
export const SEAL_INTERVAL_MS = 500;
const PARTITION_CHECK_MS = 60 * 60_000;

/**
 * Seals audit entries into their chains in the background (see sealPendingEntries): every SEAL_INTERVAL_MS on every
 * replica, the one holding the lock doing the work. Requests only INSERT; they never wait for sealing. On shutdown
 * it seals what is left. Also keeps the coming months' partitions created.
 */
@Injectable()
export class AuditSealer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private running?: Promise<SealOutcome>;
  private partitionsCheckedAt = 0;
  private failing = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap() {
    this.schedule();
  }

  /** Seals everything waiting now (one run at a time per replica); `busy` when another replica holds the lock. */
  sealNow(): Promise<SealOutcome> {
    this.running ??= this.run().finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * Seals everything written before this call. A round already under way may have read its batch before the latest
   * entries committed, so wait for it and run one more; while another replica holds the lock, wait for its round too.
   */
  async sealWrittenSoFar(): Promise<void> {
    await this.running?.catch(() => undefined);
    for (let attempt = 0; attempt < 20; attempt++) {
      if (!(await this.sealNow()).busy) return;
      await new Promise((resolve) => setTimeout(resolve, SEAL_INTERVAL_MS / 5));
    }
  }

  async beforeApplicationShutdown() {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running?.catch(() => undefined);
    // Another replica may be mid-round: a second try picks up what this one wrote last.
    for (let attempt = 0; attempt < 2; attempt++) {
      const outcome = await this.sealNow().catch((error: unknown) => {
        this.logger.warn({ err: error }, 'sealing audit entries at shutdown failed; another replica will seal them');
        return null;
      });
      if (!outcome?.busy) return;
      await new Promise((resolve) => setTimeout(resolve, SEAL_INTERVAL_MS));
    }
  }

  private schedule() {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.sealNow()
        .then(() => this.failing && this.logger.info('sealing audit entries works again'))
        .then(() => (this.failing = false))
        .catch((error: unknown) => {
          // Entries stay durable and unsealed meanwhile; log once per outage, not twice a second.
          if (!this.failing) this.logger.error({ err: error }, 'sealing audit entries failed; retrying');
          this.failing = true;
        })
        .finally(() => this.schedule());
    }, SEAL_INTERVAL_MS);
    this.timer.unref();
  }

  private async run(): Promise<SealOutcome> {
    if (!this.dataSource.isInitialized) return { sealed: 0, busy: false };
    return withPgClient(this.dataSource, async (client) => {
      if (Date.now() - this.partitionsCheckedAt > PARTITION_CHECK_MS) {
        const created = await ensureAuditPartitions(client);
        if (created !== null) this.partitionsCheckedAt = Date.now();
        if (created) this.logger.info({ created }, 'audit log partitions created for the coming months');
      }
      return sealPendingEntries(client);
    });
  }
}
