import pino from 'pino';
import type { DataSource } from 'typeorm';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppConfig } from '../config/app-config';
import { MAX_BUFFERED_RECORDS, type NewUsageRecord, UsageRecorder } from './usage-recorder.service';

// The writing itself is tested against PostgreSQL (test/usage.int-spec.ts); these cover what a real database cannot
// show quickly: a long outage, its backoff and the buffer cap.

/** A database that is down until `up` is set; counts insert attempts. */
function database() {
  const state = { up: false, attempts: [] as number[], rows: 0 };
  const dataSource = {
    isInitialized: true,
    query: (_sql: string, columns: unknown[][]) => {
      state.attempts.push(Date.now());
      if (!state.up) return Promise.reject(new Error('connect ECONNREFUSED'));
      state.rows += columns[0].length;
      return Promise.resolve([]);
    },
  } as unknown as DataSource;
  return { state, dataSource };
}

function logs() {
  const lines: Record<string, unknown>[] = [];
  return { lines, logger: pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) }) };
}

const config = { gateway: { usage: { flushMs: 100, batchSize: 500 } } } as AppConfig;

const record = (): NewUsageRecord => ({
  createdAt: new Date(),
  organizationId: '01900000-0000-7000-8000-000000000001',
  userId: '01900000-0000-7000-8000-000000000002',
  apiKeyId: null,
  app: 'chat',
  requestedModelId: 'echo',
  modelId: 'echo',
  deploymentId: null,
  inputTokens: 1,
  outputTokens: 1,
  cost: 0,
  currency: 'JPY',
  latencyMs: 1,
  timeToFirstTokenMs: null,
  outcome: 'complete',
  errorCode: null,
  attempts: [],
  conversationId: null,
  messageId: null,
});

describe('UsageRecorder during a database outage', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries with exponential backoff and writes everything once the database is back', async () => {
    const { state, dataSource } = database();
    const recorder = new UsageRecorder(dataSource, config, logs().logger);
    const start = Date.now();
    recorder.record(record());
    recorder.record(record());

    await vi.advanceTimersByTimeAsync(100 + 200 + 400);
    expect(state.attempts.map((t) => t - start)).toEqual([100, 300, 700]);
    state.up = true;
    await vi.advanceTimersByTimeAsync(800);

    expect(state.attempts.map((t) => t - start)).toEqual([100, 300, 700, 1500]);
    expect(state.rows).toBe(2);
    expect(recorder.pending).toBe(0);
  });

  it(`keeps at most ${MAX_BUFFERED_RECORDS} records and logs how many it had to drop`, async () => {
    const { state, dataSource } = database();
    const { lines, logger } = logs();
    const recorder = new UsageRecorder(dataSource, config, logger);
    for (let i = 0; i < MAX_BUFFERED_RECORDS + 7; i++) recorder.record(record());
    expect(recorder.pending).toBe(MAX_BUFFERED_RECORDS);
    await expect(recorder.flush()).rejects.toThrow('ECONNREFUSED');

    state.up = true;
    await recorder.flush();

    expect(state.rows).toBe(MAX_BUFFERED_RECORDS);
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, dropped: 7, msg: expect.stringMatching(/dropped/) }));
  });

  it('logs the records it could not write when the database is still down at shutdown', async () => {
    const { dataSource } = database();
    const { lines, logger } = logs();
    const recorder = new UsageRecorder(dataSource, config, logger);
    recorder.record(record());

    const shutdown = recorder.beforeApplicationShutdown().then(() => recorder.onApplicationShutdown());
    await vi.runAllTimersAsync();
    await shutdown;

    expect(lines).toContainEqual(expect.objectContaining({ level: 50, lost: 1 }));
    expect(recorder.pending).toBe(0);
  });
});
