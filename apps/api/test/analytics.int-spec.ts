import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { USE_BUCKETS, type AnalyticsDashboardView, type ApiErrorView, type MeView, type UseBucket } from '@gennai/contracts';
import { ANALYTICS_ROLLUP_LOCK_ID, AnalyticsRollupJob } from '../src/analytics/analytics-rollup-job';
import { LATENCY_BUCKET_BOUNDS_MS } from '../src/analytics/latency-histogram';
import { uuidv7 } from '../src/database/uuid-v7';
import { createLogger } from '../src/logging/logger';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';

/**
 * The analytics dashboards on real PostgreSQL: a small seeded dataset of raw rows (organisations, users, conversations,
 * usage records, ratings) is rolled up, and what the API answers is compared with the same numbers computed here
 * directly from the rows that were inserted.
 */

const FROM = '2026-03-01';
const TO = '2026-03-07';
/** An instant in Tokyo time (the platform's default GENNAI_QUOTA_TIME_ZONE). */
const jst = (local: string) => new Date(`${local}+09:00`);
const MODELS = ['echo', 'busy'] as const;
/** Every roll-up table: each grain of usage and ratings, daily and yearly user activity, the organisation-day usage and the daily active users. */
const ROLLUP_TABLES = [
  ...['usage', 'ratings'].flatMap((measure) => ['daily', 'weekly', 'monthly'].map((grain) => `analytics_${measure}_${grain}`)),
  'analytics_user_activity_daily',
  'analytics_user_activity_yearly',
  'analytics_usage_organization_daily',
  'analytics_active_users_daily',
];
const CATEGORIES = ['summarization', 'translation'] as const;

/** Small deterministic generator (mulberry32), so every run seeds the same rows. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface RawUse {
  id: string;
  organizationId: string;
  userId: string;
  createdAt: Date;
  /** Tokyo calendar day, worked out when the row is made (not by the code under test). */
  day: string;
  app: 'chat' | 'api';
  modelId: string;
  category: string | null;
  conversationId: string | null;
  inputTokens: number;
  outputTokens: number;
  cost: number;
  latencyMs: number;
  timeToFirstTokenMs: number | null;
  outcome: 'complete' | 'failed' | 'refused';
}

interface RawRating {
  organizationId: string;
  userId: string;
  modelId: string;
  category: string;
  value: 'like' | 'dislike';
  day: string;
}

describe('analytics dashboards', () => {
  let api: TestApi;
  const as = (user: 'alice' | 'carol' | 'dave' | 'grace' | 'peggy') => new ApiClient(api.url, user);
  let agencyId: string;
  let cityId: string;
  /** Child organisations of the agency: one large enough to show alone, two too small. */
  const org = { big: uuidv7(), small: uuidv7(), tiny: uuidv7() };
  const uses: RawUse[] = [];
  const ratings: RawRating[] = [];
  /** Uses in the period of each of the big organisation's users, by bucket: 2 never, 2 light, 2 regular, 1 frequent, 1 heavy. */
  const BIG_USES = [0, 0, 1, 4, 5, 19, 20, 100];
  const job = () => new AnalyticsRollupJob(api.db, 'Asia/Tokyo', createLogger('silent'));
  const dashboard = async (user: Parameters<typeof as>[0], query: string) => as(user).json<AnalyticsDashboardView>('GET', `/api/evaluation/analytics?${query}`);

  beforeAll(async () => {
    api = await startTestApi({ GENNAI_ANALYTICS_ROLLUP_INTERVAL_MINUTES: '0' });
    for (const user of ['alice', 'carol', 'dave', 'peggy'] as const) await as(user).json<MeView>('GET', '/api/me');
    agencyId = (await as('carol').json<MeView>('GET', '/api/me')).organization.id;
    cityId = (await as('grace').json<MeView>('GET', '/api/me')).organization.id;
    await seed(random(5));
    await job().run({ from: '2026-02-27', to: '2026-03-09' });
    // Each replica re-reads the organisation tree every few seconds: wait until the new organisations are in it.
    for (const deadline = Date.now() + 15_000; ; await new Promise((resolve) => setTimeout(resolve, 250))) {
      if ((await as('carol').request('GET', `/api/evaluation/analytics?organizationId=${org.big}`)).ok) break;
      if (Date.now() > deadline) throw new Error('the organisation tree was not reloaded');
    }
  });
  afterAll(() => api?.close());

  /** Organisations, users and their raw usage and ratings. */
  async function seed(next: () => number): Promise<void> {
    const pick = <T>(values: readonly T[]) => values[Math.floor(next() * values.length)];
    for (const [key, name, users] of [['big', '分析第一課', BIG_USES], ['small', '分析第二課', [3, 1, 2]], ['tiny', '分析第三課', [0, 2, 6, 1]]] as const) {
      await api.db.query(`INSERT INTO organizations (id, kind, slug, name, parent_id) VALUES ($1, 'organization', $2, $3, $4)`, [org[key], `analytics-${key}-${org[key].slice(-6)}`, name, agencyId]);
      for (const count of users) await addUser(org[key], count, pick, next);
    }
    // Six users in the city, and one of the big organisation registered after the period (not counted in it).
    for (const count of [2, 2, 2, 2, 2, 40]) await addUser(cityId, count, pick, next);
    await addUser(org.big, 0, pick, next, jst('2026-03-20T10:00:00'));
    // Around midnight in Tokyo (15:00 UTC the day before), a refused request and uses outside the period.
    const edge = await addUser(org.big, 0, pick, next);
    for (const local of ['2026-03-03T23:59:59', '2026-03-04T00:00:00']) await insertUse(rawUse(org.big, edge, jst(local), pick, next));
    await insertUse({ ...rawUse(org.big, edge, jst('2026-03-04T10:00:00'), pick, next), outcome: 'refused' });
    await insertUse(rawUse(org.big, edge, jst('2026-02-28T23:59:59'), pick, next));
    await insertUse(rawUse(org.big, edge, jst('2026-03-08T00:00:00'), pick, next));
  }

  async function addUser(organizationId: string, count: number, pick: <T>(values: readonly T[]) => T, next: () => number, createdAt = jst('2026-01-05T09:00:00')): Promise<string> {
    const userId = uuidv7();
    await api.db.query(`INSERT INTO users (id, subject, organization_id, username, display_name, created_at, last_seen_at) VALUES ($1, $4, $2, $4, 'テスト', $3, $3)`, [userId, organizationId, createdAt, `analytics-${userId}`]);
    for (let i = 0; i < count; i++) {
      const day = 1 + Math.floor(next() * 7);
      const use = rawUse(organizationId, userId, jst(`2026-03-0${day}T${String(8 + Math.floor(next() * 10)).padStart(2, '0')}:00:00`), pick, next);
      await insertUse(use);
      if (use.conversationId && use.outcome === 'complete' && next() < 0.5) await rate(use, next() < 0.7 ? 'like' : 'dislike');
    }
    return userId;
  }

  function rawUse(organizationId: string, userId: string, createdAt: Date, pick: <T>(values: readonly T[]) => T, next: () => number): RawUse {
    const app = next() < 0.75 ? 'chat' : 'api';
    const failed = next() < 0.1;
    return {
      id: uuidv7(),
      organizationId,
      userId,
      createdAt,
      day: new Date(createdAt.getTime() + 9 * 3_600_000).toISOString().slice(0, 10),
      app,
      modelId: pick(MODELS),
      category: app === 'chat' ? pick(CATEGORIES) : null,
      conversationId: app === 'chat' ? uuidv7() : null,
      inputTokens: 10 + Math.floor(next() * 500),
      outputTokens: failed ? 0 : 20 + Math.floor(next() * 900),
      cost: Math.round(next() * 1_000_000) / 1_000_000,
      latencyMs: 150 + Math.floor(next() ** 3 * 30_000),
      timeToFirstTokenMs: failed ? null : 50 + Math.floor(next() * 900),
      outcome: failed ? 'failed' : 'complete',
    };
  }

  async function insertUse(use: RawUse): Promise<void> {
    uses.push(use);
    if (use.conversationId) {
      await api.db.query(
        `INSERT INTO conversations (id, organization_id, user_id, title, model_id, task_category, task_category_source, created_at, updated_at)
         VALUES ($1, $2, $3, 'テスト', $4, $5, 'rules', $6, $6)`,
        [use.conversationId, use.organizationId, use.userId, use.modelId, use.category, use.createdAt],
      );
    }
    await api.db.query(
      `INSERT INTO usage_records (id, created_at, organization_id, user_id, app, requested_model_id, model_id, input_tokens, output_tokens, cost, currency,
         latency_ms, time_to_first_token_ms, outcome, conversation_id)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9, 'JPY', $10, $11, $12, $13)`,
      [use.id, use.createdAt, use.organizationId, use.userId, use.app, use.modelId, use.inputTokens, use.outputTokens, use.cost, use.latencyMs, use.timeToFirstTokenMs, use.outcome, use.conversationId],
    );
  }

  async function rate(use: RawUse, value: 'like' | 'dislike'): Promise<void> {
    const messageId = uuidv7();
    await api.db.query(
      `INSERT INTO messages (id, conversation_id, organization_id, user_id, role, content, status, model_id, created_at) VALUES ($1, $2, $3, $4, 'assistant', '回答', 'complete', $5, $6)`,
      [messageId, use.conversationId, use.organizationId, use.userId, use.modelId, use.createdAt],
    );
    await api.db.query(
      `INSERT INTO answer_ratings (id, message_id, organization_id, user_id, model_id, value, app, task_category, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, 'chat', $7, $8, $8)`,
      [uuidv7(), messageId, use.organizationId, use.userId, use.modelId, value, use.category, use.createdAt],
    );
    ratings.push({ organizationId: use.organizationId, userId: use.userId, modelId: use.modelId, category: use.category as string, value, day: use.day });
  }

  /** What the dashboard should say about some raw rows of a period, computed directly from them. */
  function expected(rows: RawUse[], from = FROM, to = TO) {
    const counted = rows.filter((use) => use.outcome !== 'refused' && use.day >= from && use.day <= to);
    const latencies = counted.map((use) => use.latencyMs).sort((a, b) => a - b);
    return {
      requests: counted.length,
      failedRequests: counted.filter((use) => use.outcome === 'failed').length,
      inputTokens: counted.reduce((sum, use) => sum + use.inputTokens, 0),
      outputTokens: counted.reduce((sum, use) => sum + use.outputTokens, 0),
      costJpy: counted.reduce((sum, use) => sum + use.cost, 0),
      meanLatencyMs: counted.length ? Math.round(counted.reduce((sum, use) => sum + use.latencyMs, 0) / counted.length) : null,
      /** The exact p95 (nearest rank). */
      p95LatencyMs: latencies.length ? latencies[Math.ceil(0.95 * latencies.length) - 1] : null,
      users: new Set(counted.map((use) => use.userId)).size,
    };
  }
  const inOrgs = (ids: string[]) => (use: { organizationId: string }) => ids.includes(use.organizationId);

  /** The estimate of a quantile from the histogram lies inside the bucket of the exact value (bounds included). */
  function expectSameBucket(estimate: number | null, exact: number | null): void {
    const upper = LATENCY_BUCKET_BOUNDS_MS.findIndex((bound) => (exact as number) < bound);
    const lower = upper === 0 ? 0 : LATENCY_BUCKET_BOUNDS_MS[upper - 1];
    expect(estimate).toBeGreaterThanOrEqual(lower);
    expect(estimate).toBeLessThanOrEqual(LATENCY_BUCKET_BOUNDS_MS[upper]);
  }

  it('rolls up to the numbers computed directly from the raw records, per model, app, category and day', async () => {
    const view = await dashboard('dave', `from=${FROM}&to=${TO}`);
    const all = expected(uses);
    expect(view.totals).toMatchObject({ requests: all.requests, failedRequests: all.failedRequests, inputTokens: all.inputTokens, outputTokens: all.outputTokens, meanLatencyMs: all.meanLatencyMs, activeUsers: all.users });
    expect(view.totals.costs.JPY).toBeCloseTo(all.costJpy, 5);
    expectSameBucket(view.totals.p95LatencyMs, all.p95LatencyMs);
    expect(view.totals.errorRate).toBeCloseTo(all.failedRequests / all.requests, 10);

    for (const modelId of MODELS) {
      const model = view.models.find((row) => row.modelId === modelId);
      const raw = expected(uses.filter((use) => use.modelId === modelId));
      const rated = ratings.filter((rating) => rating.modelId === modelId && rating.day >= FROM && rating.day <= TO);
      const likes = rated.filter((rating) => rating.value === 'like').length;
      expect(model).toMatchObject({ requests: raw.requests, failedRequests: raw.failedRequests, outputTokens: raw.outputTokens, meanLatencyMs: raw.meanLatencyMs, likes, dislikes: rated.length - likes, arena: null });
      expectSameBucket(model?.p95LatencyMs ?? null, raw.p95LatencyMs);
    }
    for (const app of ['chat', 'api'] as const) {
      const raw = expected(uses.filter((use) => use.app === app));
      expect(view.apps.find((row) => row.app === app)).toMatchObject({ requests: raw.requests, activeUsers: raw.users, usesPerActiveUser: raw.requests / raw.users });
    }
    expect(view.categories.find((row) => row.taskCategory === 'uncategorized')?.requests).toBe(expected(uses.filter((use) => use.app === 'api')).requests);
    expect(view.days.map((row) => row.day)).toEqual(['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04', '2026-03-05', '2026-03-06', '2026-03-07']);
    for (const row of view.days) {
      const raw = expected(uses.filter((use) => use.day === row.day));
      expect([row.day, row.requests, row.activeUsers]).toEqual([row.day, raw.requests, raw.users]);
    }
  });

  it('counts a request on its calendar day in Tokyo, not in UTC, and leaves out refused requests and days outside the period', async () => {
    const view = await dashboard('dave', `from=2026-03-04&to=2026-03-04&organizationId=${org.big}`);
    const raw = expected(uses.filter((use) => use.organizationId === org.big && use.day === '2026-03-04'));
    expect(view.totals.requests).toBe(raw.requests);
    expect(uses.some((use) => use.day === '2026-03-04' && use.createdAt.toISOString().startsWith('2026-03-03T15:00:00'))).toBe(true);
  });

  it('narrows every number to the app, model and category asked for', async () => {
    const view = await dashboard('dave', `from=${FROM}&to=${TO}&app=chat&modelId=echo&taskCategory=translation`);
    const raw = expected(uses.filter((use) => use.app === 'chat' && use.modelId === 'echo' && use.category === 'translation'));
    expect(view.totals).toMatchObject({ requests: raw.requests, outputTokens: raw.outputTokens });
    expect(view.models.map((row) => row.modelId)).toEqual(['echo']);
    expect(view.apps.map((row) => row.app)).toEqual(['chat']);
    const rated = ratings.filter((rating) => rating.modelId === 'echo' && rating.category === 'translation' && rating.day >= FROM && rating.day <= TO);
    expect(view.totals.likes + view.totals.dislikes).toBe(rated.length);
  });

  it('buckets every registered user by uses in the period, never-users included', async () => {
    const view = await dashboard('dave', `from=${FROM}&to=${TO}&organizationId=${org.big}`);
    const [big] = view.organizations;
    // BIG_USES, plus the user with uses around midnight (2 in the period) and without the one registered after it.
    expect(big).toMatchObject({ organizationId: org.big, name: '分析第一課', registeredUsers: 9, activeUsers: 7 });
    expect(big.distribution).toEqual({ never: 2, light: 3, regular: 2, frequent: 1, heavy: 1 });
    expect(view.totals.distribution).toEqual(big.distribution);
  });

  it('merges organisations of fewer than five people into 「その他」 and never shows them alone', async () => {
    const view = await dashboard('peggy', `from=${FROM}&to=${TO}&organizationId=${agencyId}`);
    // 分析第二課 (3 users, all active) and 分析第三課 (4 users, 3 active) are each too small; together they are 7 and 6.
    // (The agency's own test users signed in today, after the period: they are not registered in it.)
    expect(view.organizations.map((row) => row.name)).toEqual(['分析第一課', null]);
    const other = view.organizations[1];
    expect(other).toMatchObject({ organizationId: null, name: null, organizations: 2, registeredUsers: 7, activeUsers: 6 });
    expect(other.requests).toBe(expected(uses.filter(inOrgs([org.small, org.tiny]))).requests);
    // Totals still count everyone in the scope.
    expect(view.totals.registeredUsers).toBe(16);
  });

  it('hides a merged group that is itself too small', async () => {
    const view = await dashboard('dave', `from=${FROM}&to=${TO}&organizationId=${org.small}`);
    expect(view.organizations).toEqual([]);
    expect(view.totals.requests).toBe(expected(uses.filter(inOrgs([org.small]))).requests);
  });

  it("shows an organisation admin their subtree and answers 404 for another organisation, as for one that does not exist", async () => {
    const own = await dashboard('carol', `from=${FROM}&to=${TO}`);
    expect(own.totals.requests).toBe(expected(uses.filter(inOrgs([agencyId, org.big, org.small, org.tiny]))).requests);
    const city = await dashboard('grace', `from=${FROM}&to=${TO}`);
    expect(city.totals.requests).toBe(expected(uses.filter(inOrgs([cityId]))).requests);
    expect(city.organizations.map((row) => row.organizationId)).toEqual([cityId]);

    const other = await as('carol').request('GET', `/api/evaluation/analytics?organizationId=${cityId}`);
    const unknown = await as('carol').request('GET', `/api/evaluation/analytics?organizationId=${uuidv7()}`);
    expect(other.status).toBe(404);
    const { requestId: _a, ...otherBody } = (await other.json()) as ApiErrorView;
    const { requestId: _b, ...unknownBody } = (await unknown.json()) as ApiErrorView;
    expect(otherBody).toEqual(unknownBody);
  });

  it('lets an evaluator read any organisation and refuses staff without an evaluation role', async () => {
    const city = await dashboard('peggy', `from=${FROM}&to=${TO}&organizationId=${cityId}`);
    expect(city.totals.requests).toBe(expected(uses.filter(inOrgs([cityId]))).requests);
    expect((await as('alice').request('GET', '/api/evaluation/analytics')).status).toBe(403);
    expect((await as('dave').request('GET', '/api/evaluation/analytics?from=2025-01-01&to=2026-03-01')).status).toBe(400);
  });

  it('says until when the records were rolled up', async () => {
    const view = await dashboard('dave', `from=${FROM}&to=${TO}`);
    expect(view.rolledUpAt).not.toBeNull();
    // A backfill of the past covers up to the end of its last day (in Tokyo), not the moment it ran.
    expect(Date.parse(view.rolledUpAt as string)).toBe(jst('2026-03-10T00:00:00').getTime());
  });

  it('is idempotent: a re-run rewrites the same rows, and picks up records that arrived since', async () => {
    const tables = ROLLUP_TABLES;
    // As text, so array bounds (the yearly running totals start at a first active day) are compared too.
    const snapshot = async () => Promise.all(tables.map((table) => api.db.query(`SELECT t::text AS row FROM ${table} AS t ORDER BY 1`)));
    const before = await snapshot();
    expect((before[0] as unknown[]).length).toBeGreaterThan(0);
    await job().run({ from: '2026-02-27', to: '2026-03-09' });
    expect(await snapshot()).toEqual(before);

    const latecomer = { ...uses.find((use) => use.organizationId === cityId && use.day === '2026-03-05') ?? uses[0], id: uuidv7(), conversationId: null, app: 'api' as const, category: null };
    await insertUse(latecomer);
    await job().run({ from: latecomer.day, to: latecomer.day });
    const view = await dashboard('dave', `from=${FROM}&to=${TO}`);
    expect(view.totals.requests).toBe(expected(uses).requests);
  });

  it('runs one roll-up at a time across replicas', async () => {
    const runner = api.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('SELECT pg_advisory_lock($1)', [ANALYTICS_ROLLUP_LOCK_ID]);
      expect(await job().run({ from: FROM, to: FROM })).toEqual({ ran: false });
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [ANALYTICS_ROLLUP_LOCK_ID]);
      await runner.release();
    }
    expect(await job().run({ from: FROM, to: FROM })).toMatchObject({ ran: true, days: 1, interrupted: false });
  });

  // The tests below widen the rolled-up days and add battles, so they come last.

  it('gives the same numbers for a period read from months, weeks and days as computed from the raw records', async () => {
    // 2026-02-16 (a Monday) to 2026-04-05: the week of 16 February, the days to the 28th, all of March, then 1–5 April.
    const [from, to] = ['2026-02-16', '2026-04-05'];
    const user = uses.find((use) => use.organizationId === cityId)?.userId as string;
    const pick = <T>(values: readonly T[]) => values[0];
    const next = random(11);
    for (const local of ['2026-02-15T23:59:59', '2026-02-16T00:00:00', '2026-02-22T12:00:00', '2026-02-23T09:00:00', '2026-03-31T23:59:59', '2026-04-01T00:00:00', '2026-04-05T20:00:00', '2026-04-06T00:00:00']) {
      await insertUse(rawUse(cityId, user, jst(local), pick, next));
    }
    await job().run({ from: '2026-02-14', to: '2026-04-07' });

    const view = await dashboard('dave', `from=${from}&to=${to}`);
    const all = expected(uses, from, to);
    expect(view.totals).toMatchObject({ requests: all.requests, failedRequests: all.failedRequests, outputTokens: all.outputTokens, meanLatencyMs: all.meanLatencyMs, activeUsers: all.users });
    expect(view.totals.costs.JPY).toBeCloseTo(all.costJpy, 5);
    expectSameBucket(view.totals.p95LatencyMs, all.p95LatencyMs);
    for (const modelId of MODELS) {
      expect(view.models.find((row) => row.modelId === modelId)?.requests).toBe(expected(uses.filter((use) => use.modelId === modelId), from, to).requests);
    }
    for (const app of ['chat', 'api'] as const) {
      const raw = expected(uses.filter((use) => use.app === app), from, to);
      expect(view.apps.find((row) => row.app === app)).toMatchObject({ requests: raw.requests, activeUsers: raw.users });
    }
    const rated = ratings.filter((rating) => rating.day >= from && rating.day <= to);
    expect(view.totals.likes + view.totals.dislikes).toBe(rated.length);
    expect(view.days).toHaveLength(49);
    for (const day of ['2026-02-16', '2026-02-22', '2026-03-31', '2026-04-01', '2026-04-05']) {
      expect(view.days.find((row) => row.day === day)?.requests, day).toBe(expected(uses.filter((use) => use.day === day), from, to).requests);
    }
    // A model filter reads the same grains: narrowed numbers agree too.
    const echo = await dashboard('dave', `from=${from}&to=${to}&modelId=echo`);
    expect(echo.totals.requests).toBe(expected(uses.filter((use) => use.modelId === 'echo'), from, to).requests);
    expect(echo.days.reduce((sum, row) => sum + row.requests, 0)).toBe(echo.totals.requests);
  });

  it("shows each model's arena rating with its interval beside its satisfaction, for the same filter", async () => {
    const user = uses.find((use) => use.organizationId === cityId)?.userId as string;
    // 40 votes between the two models in the period: echo wins 30, busy 8, two ties.
    const winners = [...Array<string>(30).fill('a'), ...Array<string>(8).fill('b'), 'tie', 'tie'];
    await api.db.query(
      `INSERT INTO battles (id, organization_id, user_id, app, information_class, prompt, task_category, model_a, model_b, status_a, status_b, status, winner, voted_at, created_at)
       SELECT gen_random_uuid(), $1, $2, 'arena', 1, 'x', 'translation', 'echo', 'busy', 'complete', 'complete', 'voted', w, $3, $3 FROM unnest($4::text[]) AS w`,
      [cityId, user, jst('2026-03-05T12:00:00'), winners],
    );
    const view = await dashboard('dave', `from=${FROM}&to=${TO}`);
    const echo = view.models.find((row) => row.modelId === 'echo');
    const busy = view.models.find((row) => row.modelId === 'busy');
    for (const model of [echo, busy]) {
      expect(model?.arena).toMatchObject({ votes: 40 });
      expect(model?.arena?.lower).toBeLessThanOrEqual(model?.arena?.rating as number);
      expect(model?.arena?.upper).toBeGreaterThanOrEqual(model?.arena?.rating as number);
    }
    expect(echo?.arena?.rating).toBeGreaterThan(busy?.arena?.rating as number);
    // The dashboard's filter selects the votes: none in an app that held no battles, none in another category.
    expect((await dashboard('dave', `from=${FROM}&to=${TO}&app=api`)).models.every((row) => row.arena === null)).toBe(true);
    expect((await dashboard('dave', `from=${FROM}&to=${TO}&taskCategory=summarization`)).models.every((row) => row.arena === null)).toBe(true);
  });

  it('counts who was active, and how much, right across New Year, after a transfer, a backfill of the past and records removed', async () => {
    const pick = <T>(values: readonly T[]) => values[0];
    const next = random(17);
    const cityUsers: string[] = [];
    for (let i = 0; i < 4; i++) cityUsers.push(await addUser(cityId, 0, pick, next, jst('2025-12-01T09:00:00')));
    // Uses from December 2025 into January 2026 (two calendar years), a user in each use bucket over the holidays.
    const holiday = [['2025-12-26', 3], ['2025-12-30', 4], ['2026-01-02', 1], ['2026-01-05', 19]] as const;
    for (const [index, [day, count]] of holiday.entries()) {
      for (let i = 0; i < count; i++) await insertUse(rawUse(cityId, cityUsers[index], jst(`${day}T${String(9 + (i % 9)).padStart(2, '0')}:00:00`), pick, next));
    }
    // A user transferred from the city to the big organisation on 7 January: a row in each for the same year.
    const moved = cityUsers[2];
    for (const day of ['2026-01-06', '2026-01-08', '2026-01-09']) {
      await insertUse({ ...rawUse(day === '2026-01-06' ? cityId : org.big, moved, jst(`${day}T10:00:00`), pick, next), app: 'chat', conversationId: null, category: null });
    }
    await api.db.query('UPDATE users SET organization_id = $2 WHERE id = $1', [moved, org.big]);
    await job().run({ from: '2025-12-20', to: '2026-01-10' });

    /** Every organisation's dashboard: each user counted once, wherever and in whichever year they made requests. */
    const expectEveryone = async (from: string, to: string) => {
      const counted = uses.filter((use) => use.outcome !== 'refused' && use.day >= from && use.day <= to);
      const periodEnd = new Date(jst(`${to}T00:00:00`).getTime() + 86_400_000);
      const registered = (await api.db.query('SELECT id FROM users WHERE created_at < $1', [periodEnd])) as { id: string }[];
      const view = await dashboard('dave', `from=${from}&to=${to}`);
      expect(view.totals.registeredUsers, `${from}..${to}`).toBe(registered.length);
      expect(view.totals.activeUsers, `${from}..${to}`).toBe(registered.filter(({ id }) => counted.some((use) => use.userId === id)).length);
      for (const app of ['chat', 'api'] as const) {
        expect(view.apps.find((row) => row.app === app)?.activeUsers ?? 0, `${app} ${from}..${to}`).toBe(new Set(counted.filter((use) => use.app === app).map((use) => use.userId)).size);
      }
    };
    for (const [from, to] of [['2026-01-01', '2026-01-10'], ['2026-01-07', '2026-01-10'], ['2025-12-25', '2026-01-10']]) await expectEveryone(from, to);

    /** What the dashboard of the city for a period should say about who was active, from the raw rows and users. */
    const expectPeople = async (from: string, to: string) => {
      const counted = uses.filter((use) => use.organizationId === cityId && use.outcome !== 'refused' && use.day >= from && use.day <= to);
      const periodEnd = new Date(jst(`${to}T00:00:00`).getTime() + 86_400_000);
      const registered = (await api.db.query(`SELECT id FROM users WHERE organization_id = $1 AND created_at < $2`, [cityId, periodEnd])) as { id: string }[];
      const perUser = (id: string) => counted.filter((use) => use.userId === id).length;
      const distribution = Object.fromEntries(USE_BUCKETS.map(({ id }) => [id, 0])) as Record<UseBucket, number>;
      for (const { id } of registered) {
        const n = perUser(id);
        distribution[USE_BUCKETS.find(({ min, max }) => n >= min && (max === null || n <= max))?.id ?? 'never'] += 1;
      }
      const view = await dashboard('dave', `from=${from}&to=${to}&organizationId=${cityId}`);
      expect(view.totals.distribution, `${from}..${to}`).toEqual(distribution);
      expect(view.totals.activeUsers, `${from}..${to}`).toBe(registered.filter(({ id }) => perUser(id) > 0).length);
      for (const app of ['chat', 'api'] as const) {
        const active = new Set(counted.filter((use) => use.app === app).map((use) => use.userId)).size;
        expect(view.apps.find((row) => row.app === app)?.activeUsers ?? 0, `${app} ${from}..${to}`).toBe(active);
      }
    };
    for (const [from, to] of [['2025-12-25', '2026-01-05'], ['2025-12-31', '2026-01-01'], ['2026-01-03', '2026-01-05'], ['2025-12-20', '2025-12-29']]) await expectPeople(from, to);

    // A backfill of one past day in the middle of the rolled-up ones: later running totals move with it.
    for (let i = 0; i < 6; i++) await insertUse(rawUse(cityId, cityUsers[0], jst(`2026-03-03T1${i}:00:00`), pick, next));
    await job().run({ from: '2026-03-03', to: '2026-03-03' });
    for (const [from, to] of [['2026-03-01', '2026-04-05'], ['2026-03-03', '2026-03-03'], ['2026-03-04', '2026-04-05'], ['2026-02-16', '2026-03-02']]) await expectPeople(from, to);

    // Records removed (as the retention job may): re-rolling their days takes them out of every period.
    const removed = uses.filter((use) => use.userId === cityUsers[3] && use.day === '2026-01-05');
    await api.db.query('DELETE FROM usage_records WHERE id = ANY($1::uuid[])', [removed.map((use) => use.id)]);
    uses.splice(0, uses.length, ...uses.filter((use) => !removed.includes(use)));
    await job().run({ from: '2026-01-05', to: '2026-01-05' });
    for (const [from, to] of [['2025-12-25', '2026-01-05'], ['2026-01-05', '2026-01-10']]) await expectPeople(from, to);
  });
});
