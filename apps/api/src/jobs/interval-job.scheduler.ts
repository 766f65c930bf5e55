import type { BeforeApplicationShutdown, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';

export interface IntervalJobSchedule {
  /** Time between the end of one round and the start of the next; 0 switches the schedule off. */
  readonly intervalMs: number;
  /** The first round comes this soon after start (or after the interval, if shorter), so frequent deploys never starve it. */
  readonly firstRunAfterMs: number;
  /** Logged with the error when a round throws; the next round runs as planned. */
  readonly failureMessage: string;
}

/**
 * A background job run every N minutes on every replica. Which replica does the work is the job's business (each takes
 * a PostgreSQL lock and reports `ran: false` when another holds it), so the schedule needs no coordination of its own.
 * Rounds never overlap: the next is planned when the last one ends. On shutdown no new round starts, the one under
 * way gets an aborted signal (it stops at its next safe point) and shutdown waits for it. Timers are unref'd, so a
 * schedule never keeps the process alive.
 */
export abstract class IntervalJobScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  /** Aborted on shutdown; hand its signal to the job. */
  protected readonly stopping = new AbortController();
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  protected constructor(
    private readonly schedule: IntervalJobSchedule,
    protected readonly dataSource: DataSource,
    protected readonly logger: Logger,
  ) {}

  /** One round of the job. */
  protected abstract runRound(signal: AbortSignal): Promise<void>;

  onApplicationBootstrap(): void {
    if (this.schedule.intervalMs > 0) this.planRound(Math.min(this.schedule.firstRunAfterMs, this.schedule.intervalMs));
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearTimeout(this.timer);
    this.stopping.abort();
    await this.running;
  }

  private planRound(delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.running = this.runScheduled().finally(() => {
        this.running = undefined;
        this.planRound(this.schedule.intervalMs);
      });
    }, delayMs);
    this.timer.unref();
  }

  private async runScheduled(): Promise<void> {
    // A round due while the database is still connecting (or already closed) is skipped, not failed.
    if (!this.dataSource.isInitialized) return;
    try {
      await this.runRound(this.stopping.signal);
    } catch (error) {
      this.logger.error({ err: error }, this.schedule.failureMessage);
    }
  }
}
