import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorView, MeView, OrganizationView, QuotaRuleInput, QuotaRuleView, QuotaStatusView } from '@gennai/contracts';
import { DataSource } from 'typeorm';
import { inject } from 'vitest';
import { type AppConfig, loadConfig } from '../src/config/app-config';
import { dataSourceOptions } from '../src/database/data-source-options';
import { runMigrations } from '../src/database/run-migrations';
import { uuidv7 } from '../src/database/uuid-v7';
import { renderError } from '../src/http/api-exception.filter';
import { ApiException } from '../src/http/api.exception';
import type { Caller } from '../src/identity/caller';
import { QuotaCalendar } from '../src/quotas/quota-calendar';
import { QuotaService } from '../src/quotas/quota.service';
import { ApiClient } from './factories/api-client';
import { createTestDatabase, startTestApi, type TestApi } from './support/api-harness';

type Rule = Omit<QuotaRuleInput, 'maxRequests' | 'maxTokens'> & { maxRequests?: number | null; maxTokens?: number | null };

/** The refusal a failed promise carries (or fails the test). */
async function refusalOf(promise: Promise<unknown>): Promise<ApiException> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiException);
  return error as ApiException;
}

describe('QuotaService on PostgreSQL, with two API replicas', () => {
  let database: { url: string; drop(): Promise<unknown> };
  let config: AppConfig;
  /** Two connection pools and two services: what two API replicas share is only the database. */
  let replicas: { db: DataSource; quotas: QuotaService }[];
  let db: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: database.url, KEYCLOAK_URL: inject('keycloakUrl'), GENNAI_RATE_LIMIT_PER_MINUTE: '30' });
    replicas = [];
    for (let i = 0; i < 2; i++) {
      const source = new DataSource(dataSourceOptions({ ...config.database, poolSize: 6 }));
      await source.initialize();
      if (i === 0) await runMigrations(source);
      replicas.push({ db: source, quotas: new QuotaService(source, config) });
    }
    db = replicas[0].db;
  });
  afterAll(async () => {
    for (const replica of replicas ?? []) await replica.db.destroy();
    await database?.drop();
  });

  async function newOrganization(): Promise<string> {
    const id = uuidv7();
    await db.query(`INSERT INTO organizations (id, slug, name) VALUES ($1, $2, $3)`, [id, `org-${id}`, `組織 ${id.slice(-6)}`]);
    return id;
  }

  const callerIn = (organizationId: string): Caller => ({ userId: uuidv7(), organizationId, roles: ['user'] });

  async function setRule(rule: Rule): Promise<void> {
    await db.query(
      `INSERT INTO quota_rules (id, scope, organization_id, period, max_requests, max_tokens) VALUES ($1, $2, $3, $4, $5, $6)`,
      [uuidv7(), rule.scope, rule.organizationId, rule.period, rule.maxRequests ?? null, rule.maxTokens ?? null],
    );
    for (const replica of replicas) replica.quotas.forgetRules();
  }

  async function counter(subjectId: string, period: 'day' | 'month'): Promise<{ requests: number; tokens: number } | undefined> {
    const [row] = (await db.query(`SELECT requests, tokens::int AS tokens FROM quota_counters WHERE subject_id = $1 AND period = $2`, [subjectId, period])) as {
      requests: number;
      tokens: number;
    }[];
    return row;
  }

  it('lets exactly K of N parallel requests through when they arrive at two replicas at once', async () => {
    const organizationId = await newOrganization();
    await setRule({ scope: 'user', organizationId, period: 'day', maxRequests: 10 });
    const caller = callerIn(organizationId);

    const results = await Promise.allSettled(Array.from({ length: 40 }, (_, i) => replicas[i % 2].quotas.reserve(caller, { tokens: 5 })));

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(10);
    const refusals = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as ApiException);
    expect(refusals).toHaveLength(30);
    expect(new Set(refusals.map((e) => `${e.statusCode} ${e.code}`))).toEqual(new Set(['429 quota_exceeded']));
    expect(await counter(caller.userId, 'day')).toEqual({ requests: 10, tokens: 50 });
  });

  it('shares an organisation-wide limit among its users exactly', async () => {
    const organizationId = await newOrganization();
    await setRule({ scope: 'organization', organizationId, period: 'month', maxRequests: 12 });
    const users = Array.from({ length: 4 }, () => callerIn(organizationId));

    const results = await Promise.allSettled(
      Array.from({ length: 32 }, (_, i) => replicas[i % 2].quotas.reserve(users[i % users.length], { tokens: 1 })),
    );

    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(12);
    expect(await counter(organizationId, 'month')).toMatchObject({ requests: 12 });
  });

  it('takes nothing from any limit when one of them refuses', async () => {
    const organizationId = await newOrganization();
    await setRule({ scope: 'organization', organizationId, period: 'day', maxRequests: 2 });
    await setRule({ scope: 'user', organizationId, period: 'day', maxRequests: 100 });
    await setRule({ scope: 'user', organizationId, period: 'month', maxRequests: 1000 });
    const [first, second] = [callerIn(organizationId), callerIn(organizationId)];
    await replicas[0].quotas.reserve(first, { tokens: 1 });
    await replicas[1].quotas.reserve(first, { tokens: 1 });

    const error = await refusalOf(replicas[0].quotas.reserve(second, { tokens: 1 }));

    expect(error.params.limit).toEqual({ ja: '組織全体で1日あたり2回', en: '2 requests per day for the whole organisation' });
    expect(await counter(second.userId, 'day')).toEqual({ requests: 0, tokens: 0 });
    expect(await counter(second.userId, 'month')).toEqual({ requests: 0, tokens: 0 });
    expect(await counter(organizationId, 'day')).toMatchObject({ requests: 2 });
  });

  it('refuses with the limit and its reset time in Tokyo, in both languages, and Retry-After until then', async () => {
    const organizationId = await newOrganization();
    await setRule({ scope: 'user', organizationId, period: 'day', maxRequests: 1 });
    const caller = callerIn(organizationId);
    await replicas[0].quotas.reserve(caller, { tokens: 0 });

    const error = await refusalOf(replicas[0].quotas.reserve(caller, { tokens: 0 }));

    const resetsAt = new QuotaCalendar('Asia/Tokyo').windowsAt(Date.now()).day.resetsAt;
    const secondsLeft = (resetsAt.getTime() - Date.now()) / 1000;
    expect(error.statusCode).toBe(429);
    expect(Number(error.headers['Retry-After'])).toBeGreaterThanOrEqual(Math.floor(secondsLeft));
    expect(Number(error.headers['Retry-After'])).toBeLessThanOrEqual(Math.ceil(secondsLeft) + 1);
    expect(renderError(error, 'ja').message).toMatch(/^1日あたり1回の利用上限に達しました。\d{4}年\d{1,2}月\d{1,2}日 0:00 JST以降に再び利用できます。$/);
    expect(renderError(error, 'en').message).toMatch(/^The limit of 1 request per day has been reached\. You can continue after \d{1,2} \w+ \d{4} at 00:00 GMT\+9\.$/);
  });

  it('counts tokens: refuses a request whose estimate no longer fits, and settles to what was really used', async () => {
    const organizationId = await newOrganization();
    await setRule({ scope: 'user', organizationId, period: 'day', maxTokens: 1000 });
    const caller = callerIn(organizationId);

    const first = await replicas[0].quotas.reserve(caller, { tokens: 600 });
    const error = await refusalOf(replicas[1].quotas.reserve(caller, { tokens: 500 }));
    expect(error.params.limit).toEqual({ ja: '1日あたり1,000トークン', en: '1,000 tokens per day' });

    await first.settle(300); // the answer was shorter than estimated
    expect(await counter(caller.userId, 'day')).toEqual({ requests: 1, tokens: 300 });
    const second = await replicas[1].quotas.reserve(caller, { tokens: 500 });
    await second.settle(900); // … and this one longer: the limit is overshot by its output, then nothing more fits
    expect(await counter(caller.userId, 'day')).toEqual({ requests: 2, tokens: 1200 });
    await refusalOf(replicas[0].quotas.reserve(caller, { tokens: 1 }));
  });

  it('gives the request and its estimate back when nothing was sent', async () => {
    const organizationId = await newOrganization();
    await setRule({ scope: 'user', organizationId, period: 'day', maxRequests: 1, maxTokens: 100 });
    const caller = callerIn(organizationId);

    const reservation = await replicas[0].quotas.reserve(caller, { tokens: 80 });
    await reservation.release();
    await reservation.release(); // once only

    expect(await counter(caller.userId, 'day')).toEqual({ requests: 0, tokens: 0 });
    await expect(replicas[1].quotas.reserve(caller, { tokens: 80 })).resolves.toBeDefined();
  });

  it('refuses a request that could never fit, even in an empty window', async () => {
    const organizationId = await newOrganization();
    await setRule({ scope: 'organization', organizationId, period: 'month', maxTokens: 50 });
    const error = await refusalOf(replicas[0].quotas.reserve(callerIn(organizationId), { tokens: 51 }));
    expect(error.params.limit).toEqual({ ja: '組織全体で1か月あたり50トークン', en: '50 tokens per month for the whole organisation' });
    expect(await counter(organizationId, 'month')).toEqual({ requests: 0, tokens: 0 });
  });

  it('starts a new day at midnight in Tokyo: yesterday’s usage does not count', async () => {
    const organizationId = await newOrganization();
    await setRule({ scope: 'user', organizationId, period: 'day', maxRequests: 1 });
    const caller = callerIn(organizationId);
    const calendar = new QuotaCalendar('Asia/Tokyo');
    const today = calendar.windowsAt(Date.now()).day.start;
    const yesterday = calendar.dateAt(calendar.startOf(today).getTime() - 1);
    await db.query(`INSERT INTO quota_counters (subject_type, subject_id, period, window_start, requests, tokens) VALUES ('user', $1, 'day', $2, 1, 0)`, [
      caller.userId,
      yesterday,
    ]);

    await replicas[0].quotas.reserve(caller, { tokens: 0 });

    const rows = (await db.query(`SELECT to_char(window_start, 'YYYY-MM-DD') AS day, requests FROM quota_counters WHERE subject_id = $1 ORDER BY window_start`, [
      caller.userId,
    ])) as { day: string; requests: number }[];
    expect(rows).toEqual([
      { day: yesterday, requests: 1 },
      { day: today, requests: 1 },
    ]);
  });

  it('shows each limit with what is used and left, and when it resets', async () => {
    const organizationId = await newOrganization();
    await setRule({ scope: 'user', organizationId, period: 'day', maxRequests: 5 });
    await setRule({ scope: 'organization', organizationId, period: 'month', maxTokens: 10_000 });
    const caller = callerIn(organizationId);
    await (await replicas[0].quotas.reserve(caller, { tokens: 40 })).settle(250);

    const status = await replicas[1].quotas.status(caller);

    const windows = new QuotaCalendar('Asia/Tokyo').windowsAt(Date.now());
    expect(status).toEqual({
      allowances: [
        {
          scope: 'user',
          period: 'day',
          maxRequests: 5,
          maxTokens: null,
          usedRequests: 1,
          usedTokens: 250,
          remainingRequests: 4,
          remainingTokens: null,
          resetsAt: windows.day.resetsAt.toISOString(),
        },
        {
          scope: 'organization',
          period: 'month',
          maxRequests: null,
          maxTokens: 10_000,
          usedRequests: 1,
          usedTokens: 250,
          remainingRequests: null,
          remainingTokens: 9_750,
          resetsAt: windows.month.resetsAt.toISOString(),
        },
      ],
      rateLimitPerMinute: 30,
    });
  });

  it('applies the platform default unless the organisation has its own rule for that scope and period', async () => {
    const [own, other] = [await newOrganization(), await newOrganization()];
    await setRule({ scope: 'user', organizationId: null, period: 'day', maxRequests: 1 });
    try {
      await setRule({ scope: 'user', organizationId: own, period: 'day', maxRequests: 3 });
      const [mine, theirs] = [callerIn(own), callerIn(other)];
      for (let i = 0; i < 3; i++) await replicas[i % 2].quotas.reserve(mine, { tokens: 0 });
      await refusalOf(replicas[0].quotas.reserve(mine, { tokens: 0 }));
      await replicas[0].quotas.reserve(theirs, { tokens: 0 });
      const error = await refusalOf(replicas[1].quotas.reserve(theirs, { tokens: 0 }));
      expect(error.params.limit).toEqual({ ja: '1日あたり1回', en: '1 request per day' });
    } finally {
      await db.query(`DELETE FROM quota_rules WHERE organization_id IS NULL`);
      for (const replica of replicas) replica.quotas.forgetRules();
    }
  });

  it('keeps no counters, and answers without a limit, for callers no rule applies to', async () => {
    const caller = callerIn(await newOrganization());
    const reservation = await replicas[0].quotas.reserve(caller, { tokens: 10_000_000 });
    await reservation.settle(20_000_000);
    expect(await counter(caller.userId, 'day')).toBeUndefined();
    expect((await replicas[0].quotas.status(caller)).allowances).toEqual([]);
  });
});

describe('quota and organisation administration over HTTP', () => {
  let api: TestApi;
  let alice: ApiClient;
  let carol: ApiClient;
  let dave: ApiClient;
  let agency: OrganizationView;
  let city: OrganizationView;

  beforeAll(async () => {
    api = await startTestApi();
    alice = new ApiClient(api.url, 'alice');
    carol = new ApiClient(api.url, 'carol', 'en');
    dave = new ApiClient(api.url, 'dave');
    agency = (await alice.json<MeView>('GET', '/api/me')).organization;
    city = (await new ApiClient(api.url, 'bob').json<MeView>('GET', '/api/me')).organization;
  });
  afterAll(() => api?.close());

  const put = (client: ApiClient, rule: QuotaRuleInput) => client.request('PUT', '/api/admin/quotas', rule);

  it('lets a platform admin set the default and any organisation’s rules, replacing a rule for the same scope and period', async () => {
    const created = await dave.json<QuotaRuleView>('PUT', '/api/admin/quotas', { scope: 'user', organizationId: null, period: 'day', maxRequests: 50, maxTokens: null });
    expect(created).toMatchObject({ scope: 'user', organizationId: null, organizationName: null, period: 'day', maxRequests: 50, maxTokens: null });
    const replaced = await dave.json<QuotaRuleView>('PUT', '/api/admin/quotas', { scope: 'user', organizationId: null, period: 'day', maxRequests: 80, maxTokens: 200_000 });
    expect(replaced).toMatchObject({ id: created.id, maxRequests: 80, maxTokens: 200_000 });

    const cityRule = await dave.json<QuotaRuleView>('PUT', '/api/admin/quotas', { scope: 'organization', organizationId: city.id, period: 'month', maxRequests: null, maxTokens: 5_000_000 });
    expect(cityRule).toMatchObject({ organizationId: city.id, organizationName: '横須賀市' });

    const rules = await dave.json<QuotaRuleView[]>('GET', '/api/admin/quotas');
    expect(rules.map((r) => [r.organizationName, r.scope, r.period])).toEqual([
      [null, 'user', 'day'],
      ['横須賀市', 'organization', 'month'],
    ]);
  });

  it('shows a user the limits that apply to them, right after an admin changes them', async () => {
    const status = await alice.json<QuotaStatusView>('GET', '/api/me/quota');
    expect(status.allowances).toEqual([
      expect.objectContaining({ scope: 'user', period: 'day', maxRequests: 80, maxTokens: 200_000, usedRequests: 0, remainingRequests: 80 }),
    ]);
    expect(status.rateLimitPerMinute).toBe(60);
  });

  it('lets an organisation admin manage only their own organisation’s rules', async () => {
    const own = await carol.json<QuotaRuleView>('PUT', '/api/admin/quotas', { scope: 'user', organizationId: agency.id, period: 'day', maxRequests: 20, maxTokens: null });
    expect(own).toMatchObject({ organizationId: agency.id, organizationName: 'デジタル庁', maxRequests: 20 });

    // The organisation's rule replaces the default for its users.
    const status = await alice.json<QuotaStatusView>('GET', '/api/me/quota');
    expect(status.allowances).toEqual([expect.objectContaining({ scope: 'user', period: 'day', maxRequests: 20, maxTokens: null })]);

    // They see their own rules only: not the defaults, not other organisations'.
    expect((await carol.json<QuotaRuleView[]>('GET', '/api/admin/quotas')).map((r) => r.id)).toEqual([own.id]);

    const defaults = await put(carol, { scope: 'user', organizationId: null, period: 'month', maxRequests: 1, maxTokens: null });
    expect(defaults.status).toBe(403);
    expect(((await defaults.json()) as ApiErrorView).message).toBe('You are not allowed to do this.');
    expect((await put(carol, { scope: 'user', organizationId: city.id, period: 'month', maxRequests: 1, maxTokens: null })).status).toBe(404);

    const rules = await dave.json<QuotaRuleView[]>('GET', '/api/admin/quotas');
    const cityRule = rules.find((r) => r.organizationId === city.id)!;
    const defaultRule = rules.find((r) => r.organizationId === null)!;
    const hidden = await carol.request('DELETE', `/api/admin/quotas/${cityRule.id}`);
    expect(hidden.status).toBe(404);
    expect(((await hidden.json()) as ApiErrorView).code).toBe('not_found');
    expect((await carol.request('DELETE', `/api/admin/quotas/${defaultRule.id}`)).status).toBe(403);
    expect((await dave.json<QuotaRuleView[]>('GET', '/api/admin/quotas')).map((r) => r.id).sort()).toEqual([defaultRule.id, cityRule.id, own.id].sort());

    expect((await carol.request('DELETE', `/api/admin/quotas/${own.id}`)).status).toBe(204);
    expect((await carol.request('DELETE', `/api/admin/quotas/${own.id}`)).status).toBe(404);
    const back = await alice.json<QuotaStatusView>('GET', '/api/me/quota');
    expect(back.allowances).toEqual([expect.objectContaining({ maxRequests: 80 })]);
  });

  it('refuses quota administration to users who are not administrators', async () => {
    expect((await alice.request('GET', '/api/admin/quotas')).status).toBe(403);
    expect((await put(alice, { scope: 'user', organizationId: agency.id, period: 'day', maxRequests: 1000, maxTokens: null })).status).toBe(403);
  });

  it('rejects a rule without any limit, an unknown organisation and a malformed id', async () => {
    const empty = await put(dave, { scope: 'user', organizationId: null, period: 'day', maxRequests: null, maxTokens: null });
    expect(empty.status).toBe(400);
    expect(((await empty.json()) as ApiErrorView).details?.map((d) => d.field)).toEqual(['maxRequests']);
    const unknown = await put(dave, { scope: 'user', organizationId: uuidv7(), period: 'day', maxRequests: 1, maxTokens: null });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ApiErrorView).message).toBe('組織が見つかりません。');
    expect((await dave.request('DELETE', '/api/admin/quotas/not-a-uuid')).status).toBe(404);
  });

  it('lists every organisation by name for a platform admin, and only their own for an organisation admin', async () => {
    const names = (nodes: OrganizationView[]) => nodes.map(({ id, slug, name }) => ({ id, slug, name }));
    const all = await dave.json<OrganizationView[]>('GET', '/api/admin/organizations');
    expect(names(all)).toEqual([agency, city].sort((a, b) => (a.name < b.name ? -1 : 1)));
    expect(names(await carol.json<OrganizationView[]>('GET', '/api/admin/organizations'))).toEqual([agency]);
    expect((await alice.request('GET', '/api/admin/organizations')).status).toBe(403);
  });
});
