import pino from 'pino';
import type { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IntervalJobScheduler, type IntervalJobSchedule } from './interval-job.scheduler';

// The jobs themselves run against PostgreSQL in their integration specs; these cover the timing, which a real clock
// cannot show quickly.

const MINUTE = 60_000;

/** A job whose rounds take `roundMs` and honour the shutdown signal; records when each round started and how it ended. */
class RecordingScheduler extends IntervalJobScheduler {
  readonly started: number[] = [];
  readonly ended: ('done' | 'aborted')[] = [];
  failNext = false;

  constructor(
    schedule: Partial<IntervalJobSchedule>,
    readonly lines: Record<string, unknown>[],
    private readonly roundMs = 0,
    database: { isInitialized: boolean } = { isInitialized: true },
  ) {
    super(
      { intervalMs: 5 * MINUTE, firstRunAfterMs: 15_000, failureMessage: 'recording job failed', ...schedule },
      database as DataSource,
      pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) }),
    );
  }

  protected async runRound(signal: AbortSignal): Promise<void> {
    this.started.push(Date.now());
    if (this.failNext) {
      this.failNext = false;
      throw new Error('connection reset');
    }
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, this.roundMs);
      const stop = () => {
        clearTimeout(timer);
        resolve();
      };
      signal.addEventListener('abort', stop, { once: true });
    });
    this.ended.push(signal.aborted ? 'aborted' : 'done');
  }
}

describe('IntervalJobScheduler', () => {
  beforeEach(() => vi.useFakeTimers({ now: 0 }));
  afterEach(() => vi.useRealTimers());

  it('runs the first round soon after start, then one every interval after the last one ended', async () => {
    const scheduler = new RecordingScheduler({}, [], MINUTE);
    scheduler.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(15_000 + MINUTE + 5 * MINUTE + MINUTE);
    expect(scheduler.started).toEqual([15_000, 15_000 + MINUTE + 5 * MINUTE]);
    await scheduler.beforeApplicationShutdown();
  });

  it('starts no round when the interval is 0', async () => {
    const scheduler = new RecordingScheduler({ intervalMs: 0 }, []);
    scheduler.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(scheduler.started).toEqual([]);
  });

  it('on shutdown aborts the round under way, waits for it and plans no other', async () => {
    const scheduler = new RecordingScheduler({}, [], 10 * MINUTE);
    scheduler.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(16_000);
    await scheduler.beforeApplicationShutdown();
    expect(scheduler.ended).toEqual(['aborted']);
    await vi.advanceTimersByTimeAsync(60 * MINUTE);
    expect(scheduler.started).toHaveLength(1);
  });

  it('logs a failed round and runs the next one as planned', async () => {
    const lines: Record<string, unknown>[] = [];
    const scheduler = new RecordingScheduler({}, lines);
    scheduler.failNext = true;
    scheduler.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(15_000 + 5 * MINUTE);
    expect(lines).toEqual([expect.objectContaining({ msg: 'recording job failed', err: expect.objectContaining({ message: 'connection reset' }) })]);
    expect(scheduler.started).toEqual([15_000, 15_000 + 5 * MINUTE]);
    await scheduler.beforeApplicationShutdown();
  });

  it('skips a round while the database is not connected', async () => {
    const database = { isInitialized: false };
    const scheduler = new RecordingScheduler({}, [], 0, database);
    scheduler.onApplicationBootstrap();
    await vi.advanceTimersByTimeAsync(15_000);
    database.isInitialized = true;
    await vi.advanceTimersByTimeAsync(5 * MINUTE);
    expect(scheduler.started).toEqual([15_000 + 5 * MINUTE]);
    await scheduler.beforeApplicationShutdown();
  });
});
