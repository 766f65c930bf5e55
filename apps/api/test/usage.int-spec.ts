import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorView, MeView, OrganizationView, UsageReportView } from '@gennai/contracts';
import { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { createApp } from '../src/app.factory';
import { type AppConfig, loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/run-migrations';
import { uuidv7 } from '../src/database/uuid-v7';
import { createLogger } from '../src/logging/logger';
import { QuotaCalendar, addDays } from '../src/quotas/quota-calendar';
import { type NewUsageRecord, UsageRecorder } from '../src/usage/usage-recorder.service';
import { ApiClient } from './factories/api-client';
import { usageRecord as usage } from './factories/usage-record';
import { createTestDatabase, startTestApi, type TestApi } from './support/api-harness';


async function eventually(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const silent = createLogger('silent');

describe('UsageRecorder on PostgreSQL', () => {
  let database: { url: string; drop(): Promise<unknown> };
  let db: DataSource;
  const configWith = (flushMs: number, batchSize: number): AppConfig =>
    loadConfig({
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      KEYCLOAK_URL: inject('keycloakUrl'),
      GENNAI_USAGE_FLUSH_MS: String(flushMs),
      GENNAI_USAGE_BATCH_SIZE: String(batchSize),
    });

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new DataSource(dataSourceOptions({ url: database.url, poolSize: 4, ssl: false }));
    await db.initialize();
    await runMigrations(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  const countFor = async (organizationId: string) =>
    Number(((await db.query('SELECT count(*) AS n FROM usage_records WHERE organization_id = $1', [organizationId])) as { n: string }[])[0].n);

  it('writes a full batch at once and the rest after the flush interval', async () => {
    const recorder = new UsageRecorder(db, configWith(1_500, 3), silent);
    const organizationId = uuidv7();
    for (let i = 0; i < 3; i++) recorder.record(usage({ organizationId }));
    await eventually(async () => (await countFor(organizationId)) === 3, 1_000);

    recorder.record(usage({ organizationId }));
    recorder.record(usage({ organizationId }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await countFor(organizationId)).toBe(3);
    expect(recorder.pending).toBe(2);
    await eventually(async () => (await countFor(organizationId)) === 5);
    expect(recorder.pending).toBe(0);
  });

  it('stores every field of a record', async () => {
    const recorder = new UsageRecorder(db, configWith(60_000, 100), silent);
    const record = usage({ apiKeyId: uuidv7(), app: 'api', modelId: 'fallback', outcome: 'failed', errorCode: 'upstream_timeout', cost: 1.234567, timeToFirstTokenMs: null });
    recorder.record(record);
    await recorder.flush();

    const [row] = (await db.query('SELECT * FROM usage_records WHERE organization_id = $1', [record.organizationId])) as Record<string, unknown>[];
    expect(row).toMatchObject({
      user_id: record.userId,
      api_key_id: record.apiKeyId,
      app: 'api',
      requested_model_id: 'echo',
      model_id: 'fallback',
      input_tokens: 10,
      output_tokens: 20,
      cost: '1.234567',
      outcome: 'failed',
      error_code: 'upstream_timeout',
      time_to_first_token_ms: null,
      attempts: record.attempts,
    });
    expect((row.created_at as Date).getTime()).toBe(record.createdAt.getTime());
  });

  it('keeps records while the database fails and writes them once it is back', async () => {
    const recorder = new UsageRecorder(db, configWith(50, 100), silent);
    const organizationId = uuidv7();
    await db.query('ALTER TABLE usage_records RENAME TO usage_records_away');
    try {
      for (let i = 0; i < 4; i++) recorder.record(usage({ organizationId }));
      await expect(recorder.flush()).rejects.toThrow();
      expect(recorder.pending).toBe(4);
    } finally {
      await db.query('ALTER TABLE usage_records_away RENAME TO usage_records');
    }
    // Retried by itself, with backoff.
    await eventually(async () => (await countFor(organizationId)) === 4);
    expect(recorder.pending).toBe(0);
  });

  it('drops a record the database rejects without holding back the others', async () => {
    const recorder = new UsageRecorder(db, configWith(60_000, 100), silent);
    const organizationId = uuidv7();
    recorder.record(usage({ organizationId }));
    recorder.record(usage({ organizationId, modelId: 'x'.repeat(65) }));
    recorder.record(usage({ organizationId }));
    await recorder.flush();
    expect(await countFor(organizationId)).toBe(2);
    expect(recorder.pending).toBe(0);
  });

  it('writes everything still waiting when the application shuts down', async () => {
    const config = configWith(60_000, 1_000);
    const app = await createApp(config, silent);
    await app.init();
    const organizationId = uuidv7();
    const recorder = app.get(UsageRecorder);
    for (let i = 0; i < 25; i++) recorder.record(usage({ organizationId }));
    expect(await countFor(organizationId)).toBe(0);

    await app.close();

    expect(await countFor(organizationId)).toBe(25);
  });
});

describe('usage reports over HTTP', () => {
  let api: TestApi;
  let carol: ApiClient;
  let dave: ApiClient;
  let agency: OrganizationView;
  let city: OrganizationView;
  const calendar = new QuotaCalendar('Asia/Tokyo');
  /** Instants in Tokyo time. */
  const jst = (local: string) => new Date(`${local}+09:00`);

  beforeAll(async () => {
    api = await startTestApi();
    carol = new ApiClient(api.url, 'carol');
    dave = new ApiClient(api.url, 'dave');
    agency = (await new ApiClient(api.url, 'alice').json<MeView>('GET', '/api/me')).organization;
    city = (await new ApiClient(api.url, 'bob').json<MeView>('GET', '/api/me')).organization;

    const recorder = new UsageRecorder(api.db, loadConfig({ NODE_ENV: 'test', DATABASE_URL: 'postgres://unused', KEYCLOAK_URL: inject('keycloakUrl') }), silent);
    const at = (organizationId: string, local: string, overrides: Partial<NewUsageRecord> = {}) =>
      recorder.record(usage({ organizationId, createdAt: jst(local), ...overrides }));
    at(agency.id, '2026-03-01T09:00:00', { inputTokens: 100, outputTokens: 200, cost: 1, latencyMs: 1000, timeToFirstTokenMs: 100 });
    at(agency.id, '2026-03-01T23:59:59', { modelId: 'plamo', inputTokens: 10, outputTokens: 20, cost: 2, currency: 'USD', latencyMs: 3000, timeToFirstTokenMs: 300 });
    at(agency.id, '2026-03-02T00:00:00', { outcome: 'failed', errorCode: 'upstream_unavailable', inputTokens: 5, outputTokens: 0, cost: 0, latencyMs: 200, timeToFirstTokenMs: null });
    at(city.id, '2026-03-02T12:00:00', { modelId: 'plamo', inputTokens: 1000, outputTokens: 2000, cost: 10, currency: 'USD', latencyMs: 2000, timeToFirstTokenMs: 200 });
    at(city.id, '2026-03-02T12:00:01', { outcome: 'refused', errorCode: 'quota_exceeded', inputTokens: 0, outputTokens: 0, latencyMs: 0 });
    at(city.id, '2026-03-04T00:00:00'); // after the reports' range
    await recorder.flush();
  });
  afterAll(() => api?.close());

  const report = (client: ApiClient, query: string) => client.json<UsageReportView>('GET', `/api/admin/usage?${query}`);

  it('reports usage by organisation with names and a totals row, costs per currency, leaving out refused requests', async () => {
    const view = await report(dave, 'groupBy=organization&from=2026-03-01&to=2026-03-03');
    expect(view).toMatchObject({ groupBy: 'organization', from: '2026-03-01', to: '2026-03-03' });
    expect(view.rows).toEqual([
      { key: agency.id, label: 'デジタル庁', requests: 3, failedRequests: 1, inputTokens: 115, outputTokens: 220, costs: { JPY: 1, USD: 2 }, averageLatencyMs: 1400, averageTimeToFirstTokenMs: 200 },
      { key: city.id, label: '横須賀市', requests: 1, failedRequests: 0, inputTokens: 1000, outputTokens: 2000, costs: { JPY: 0, USD: 10 }, averageLatencyMs: 2000, averageTimeToFirstTokenMs: 200 },
    ]);
    expect(view.totals).toEqual({ requests: 4, failedRequests: 1, inputTokens: 1115, outputTokens: 2220, costs: { JPY: 1, USD: 12 }, averageLatencyMs: 1550, averageTimeToFirstTokenMs: 200 });
  });

  it('reports usage by model, optionally for one organisation', async () => {
    const all = await report(dave, 'groupBy=model&from=2026-03-01&to=2026-03-03');
    expect(all.rows.map((r) => [r.key, r.requests, r.inputTokens])).toEqual([
      ['echo', 2, 105],
      ['plamo', 2, 1010],
    ]);
    expect(all.rows.every((r) => r.label.length > 0)).toBe(true);
    const one = await report(dave, `groupBy=model&from=2026-03-01&to=2026-03-03&organizationId=${city.id}`);
    expect(one.rows.map((r) => [r.key, r.requests])).toEqual([['plamo', 1]]);
  });

  it('reports by calendar day in Tokyo, with days without usage as zeros', async () => {
    const view = await report(dave, 'groupBy=day&from=2026-03-01&to=2026-03-03&modelId=echo');
    expect(view.rows.map((r) => [r.key, r.requests, r.failedRequests])).toEqual([
      ['2026-03-01', 1, 0],
      ['2026-03-02', 1, 1],
      ['2026-03-03', 0, 0],
    ]);
    expect(view.rows[2]).toMatchObject({ label: '2026-03-03', inputTokens: 0, costs: { JPY: 0, USD: 0 }, averageLatencyMs: null });
    expect(view.totals).toMatchObject({ requests: 2, inputTokens: 105 });
  });

  it('shows an organisation admin their own organisation only', async () => {
    const own = await report(carol, 'groupBy=organization&from=2026-03-01&to=2026-03-03');
    expect(own.rows.map((r) => r.key)).toEqual([agency.id]);
    expect(own.totals.requests).toBe(3);
    const other = await carol.request('GET', `/api/admin/usage?groupBy=model&organizationId=${city.id}`);
    expect(other.status).toBe(404);
    expect(((await other.json()) as ApiErrorView).message).toBe('組織が見つかりません。');
  });

  it('defaults to the last 30 days up to today in Tokyo', async () => {
    const view = await report(dave, 'groupBy=day');
    const today = calendar.dateAt(Date.now());
    expect(view).toMatchObject({ from: addDays(today, -29), to: today });
    expect(view.rows).toHaveLength(30);
  });

  it('refuses a range over 366 days, a reversed range and unknown parameters', async () => {
    expect((await dave.request('GET', '/api/admin/usage?from=2025-01-01&to=2026-01-02')).status).toBe(400);
    expect((await dave.request('GET', '/api/admin/usage?from=2025-01-01&to=2026-01-01')).status).toBe(200);
    expect((await dave.request('GET', '/api/admin/usage?from=2026-03-02&to=2026-03-01')).status).toBe(400);
    expect((await dave.request('GET', '/api/admin/usage?groupBy=user')).status).toBe(400);
    expect((await dave.request('GET', '/api/admin/usage?secret=1')).status).toBe(400);
  });

  it('is for administrators only', async () => {
    expect((await new ApiClient(api.url, 'alice').request('GET', '/api/admin/usage')).status).toBe(403);
  });
});
