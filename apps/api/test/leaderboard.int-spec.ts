import { SeededRandom } from '@gennai/arena-stats';
import type { ApiErrorView, EvaluationOrganizationView, LeaderboardView, MeView, OrganizationNodeView } from '@gennai/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../src/database/uuid-v7';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';

/** Catalogue models of the test API (labels `<Name> (test)`), with the true log-strengths votes are drawn from. */
const STRENGTHS: Record<string, number> = { echo: 0, broken: 0.5, busy: 1.0, stuck: 1.5 };
/** The Elo-scale rating a log-strength corresponds to, centred on the models' mean as the API centres them. */
const trueRating = (strengths: Record<string, number>, model: string) => {
  const values = Object.values(strengths);
  const mean = values.reduce((sum, t) => sum + t, 0) / values.length;
  return 1000 + (400 / Math.LN10) * (strengths[model] - mean);
};
const SECRET = 'この本文は順位表に出てはならない';

interface SimulatedBattles {
  organizationId: string;
  userId: string;
  strengths: Record<string, number>;
  votesPerPair: number;
  /** Tokyo-time days the votes are spread over (one per vote, cycling). */
  days: string[];
  category: string;
  app: string;
  seed: number;
}

/**
 * Voted battles written straight into `battles` (the arena's own API is tested elsewhere): outcomes drawn from
 * Bradley–Terry with the given strengths (ties 10% of the time near even, as half credit keeps the model exact), each
 * model shown on the left half of the time, random answer lengths and markdown counts.
 */
async function insertBattles(api: TestApi, spec: SimulatedBattles): Promise<void> {
  const random = new SeededRandom(spec.seed); // the same simulated votes, and so the same assertions, on every run
  const models = Object.keys(spec.strengths);
  const rows: unknown[][] = [];
  let n = 0;
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) {
      const p = 1 / (1 + Math.exp(-(spec.strengths[models[i]] - spec.strengths[models[j]])));
      const tie = 0.2 * Math.min(p, 1 - p);
      for (let v = 0; v < spec.votesPerPair; v++) {
        const u = random.next();
        const outcome = u < tie ? (u < tie / 4 ? 'both_bad' : 'tie') : u < tie + p - tie / 2 ? 'first' : 'second';
        const [a, b] = v % 2 === 0 ? [models[i], models[j]] : [models[j], models[i]];
        const winner = outcome === 'first' ? (a === models[i] ? 'a' : 'b') : outcome === 'second' ? (a === models[i] ? 'b' : 'a') : outcome;
        const day = spec.days[n++ % spec.days.length];
        rows.push([a, b, winner, `${day}T12:00:00+09:00`, SECRET.repeat(1 + Math.floor(random.next() * 20)), SECRET.repeat(1 + Math.floor(random.next() * 20)), Math.floor(random.next() * 6), Math.floor(random.next() * 6)]);
      }
    }
  }
  const column = (k: number) => rows.map((row) => row[k]);
  await api.db.query(
    `INSERT INTO battles (id, organization_id, user_id, app, information_class, prompt, task_category, model_a, model_b, answer_a, answer_b,
                          status_a, status_b, markdown_a, markdown_b, status, winner, voted_at, created_at, completed_at)
     SELECT gen_random_uuid(), $1, $2, $3, 1, $4, $5, t.a, t.b, t.answer_a, t.answer_b, 'complete', 'complete', t.md_a, t.md_b, 'voted', t.winner, t.at, t.at, t.at
       FROM unnest($6::text[], $7::text[], $8::text[], $9::timestamptz[], $10::text[], $11::text[], $12::int[], $13::int[])
         AS t(a, b, winner, at, answer_a, answer_b, md_a, md_b)`,
    [spec.organizationId, spec.userId, spec.app, `${SECRET}（プロンプト）`, spec.category, column(0), column(1), column(2), column(3), column(4), column(5), column(6), column(7)],
  );
}

describe('GET /api/evaluation/leaderboard', () => {
  let api: TestApi;
  let alice: ApiClient; // user of デジタル庁
  let carol: ApiClient; // org_admin of デジタル庁
  let peggy: ApiClient; // evaluator
  let agency: string;
  let agencyChild: string;
  let city: string;

  const board = (client: ApiClient, query = '') => client.json<LeaderboardView>('GET', `/api/evaluation/leaderboard${query ? `?${query}` : ''}`);
  const order = (view: LeaderboardView) => view.entries.map((entry) => entry.modelId);

  beforeAll(async () => {
    api = await startTestApi();
    alice = new ApiClient(api.url, 'alice');
    carol = new ApiClient(api.url, 'carol');
    peggy = new ApiClient(api.url, 'peggy');
    const aliceMe = await alice.json<MeView>('GET', '/api/me');
    const bobMe = await new ApiClient(api.url, 'bob').json<MeView>('GET', '/api/me');
    agency = aliceMe.organization.id;
    city = bobMe.organization.id;
    // An organisation placed under デジタル庁: its votes belong to デジタル庁's subtree.
    const child = await new ApiClient(api.url, 'dave').json<OrganizationNodeView>('POST', '/api/admin/organizations', {
      kind: 'organization',
      slug: 'agency-branch',
      name: 'デジタル庁分室',
      parentId: agency,
    });
    agencyChild = child.id;
    // January, in the branch under デジタル庁: the true order stuck > busy > broken > echo, 300 votes a pair.
    await insertBattles(api, {
      organizationId: agencyChild,
      userId: aliceMe.id,
      strengths: STRENGTHS,
      votesPerPair: 300,
      days: ['2026-01-10', '2026-01-20', '2026-01-31'],
      category: 'summarization',
      app: 'arena',
      seed: 1,
    });
    // February, in 横須賀市, translation in the chat: the reverse order, 100 votes a pair.
    await insertBattles(api, {
      organizationId: city,
      userId: bobMe.id,
      strengths: { echo: 1.5, broken: 1.0, busy: 0.5, stuck: 0 },
      votesPerPair: 100,
      days: ['2026-02-01', '2026-02-14'],
      category: 'translation',
      app: 'chat',
      seed: 2,
    });
  });
  afterAll(() => api?.close());

  it('recovers the true order from simulated votes, with intervals that contain the true ratings', async () => {
    const view = await board(peggy, 'to=2026-01-31');
    expect(order(view)).toEqual(['stuck', 'busy', 'broken', 'echo']);
    for (const entry of view.entries) {
      const truth = trueRating(STRENGTHS, entry.modelId);
      expect(entry.lower).toBeLessThanOrEqual(truth);
      expect(entry.upper).toBeGreaterThanOrEqual(truth);
      expect(entry.lower).toBeLessThan(entry.rating);
      expect(entry.upper).toBeGreaterThan(entry.rating);
    }
    // 87 Elo points apart with 900 votes each: the intervals separate, so every model has its own rank.
    expect(view.entries.map((entry) => entry.rank)).toEqual([1, 2, 3, 4]);
    expect(view.entries.map((entry) => entry.label)).toEqual(['Stuck (test)', 'Busy (test)', 'Broken (test)', 'Echo (test)']);
    expect(view.totals).toMatchObject({ votes: 1800, countedVotes: 1800, models: 4, components: 1 });
    expect(view.settings).toMatchObject({ rounds: 1000, level: 0.95, bothBad: 'tie', bucketWidth: null });
  });

  it('counts votes per model and fills the win-rate matrix with the pairs’ shares and vote counts', async () => {
    const view = await board(peggy, 'to=2026-01-31');
    for (const entry of view.entries) {
      expect(entry.votes).toBe(900);
      expect(entry.wins + entry.losses + entry.ties).toBe(900);
      expect(entry.bothBad).toBeLessThanOrEqual(entry.ties);
    }
    expect(view.entries.reduce((sum, entry) => sum + entry.bothBad, 0)).toBe(2 * view.totals.bothBadVotes);
    const { modelIds, cells } = view.winRates;
    expect(modelIds).toEqual(order(view));
    expect(cells[0][0]).toBeNull();
    expect(cells[0][3]).toMatchObject({ votes: 300 });
    expect((cells[0][3]?.rate ?? 0) + (cells[3][0]?.rate ?? 0)).toBeCloseTo(1, 12);
    // stuck beats echo with P = σ(1.5) ≈ 0.82.
    expect(cells[0][3]?.rate).toBeGreaterThan(0.75);
  });

  it('filters by period, task category and app', async () => {
    const all = await board(peggy);
    expect(all.totals.votes).toBe(2400);
    const february = await board(peggy, 'from=2026-02-01');
    expect(february.totals.votes).toBe(600);
    expect(order(february)).toEqual(['echo', 'broken', 'busy', 'stuck']);
    // The last day is inclusive, in Tokyo time.
    expect((await board(peggy, 'from=2026-01-31&to=2026-01-31')).totals.votes).toBe(600);
    expect((await board(peggy, 'category=translation')).totals.votes).toBe(600);
    expect((await board(peggy, 'category=summarization')).totals.votes).toBe(1800);
    expect((await board(peggy, 'app=chat')).totals.votes).toBe(600);
    expect((await board(peggy, 'app=arena&category=translation')).totals.votes).toBe(0);
    expect((await board(peggy, 'app=arena&category=translation')).entries).toEqual([]);
  });

  it('narrows to an organisation and everything under it', async () => {
    const agencyBoard = await board(peggy, `organizationId=${agency}`);
    expect(agencyBoard.totals.votes).toBe(1800);
    expect(agencyBoard.filter.organizationId).toBe(agency);
    expect((await board(peggy, `organizationId=${city}`)).totals.votes).toBe(600);
  });

  it('lets an organisation admin filter within their subtree only, answering 404 outside it', async () => {
    expect((await board(carol, `organizationId=${agency}`)).totals.votes).toBe(1800);
    expect((await board(carol, `organizationId=${agencyChild}`)).totals.votes).toBe(1800);
    const outside = await carol.request('GET', `/api/evaluation/leaderboard?organizationId=${city}`);
    expect(outside.status).toBe(404);
    expect(((await outside.json()) as ApiErrorView).message).toBe('組織が見つかりません。');
    // Without a filter, the platform-wide ranking every user sees.
    expect((await board(carol)).totals.votes).toBe(2400);
  });

  it('gives a plain user the platform-wide ranking and refuses an organisation filter with 403', async () => {
    expect((await board(alice)).totals.votes).toBe(2400);
    const filtered = await alice.request('GET', `/api/evaluation/leaderboard?organizationId=${agency}`);
    expect(filtered.status).toBe(403);
    const body = (await filtered.json()) as ApiErrorView;
    expect(body.code).toBe('evaluation_filter_not_allowed');
    expect(body.message).toContain('組織別の評価結果');
    const english = await new ApiClient(api.url, 'alice', 'en').request('GET', `/api/evaluation/leaderboard?organizationId=${agency}`);
    expect(((await english.json()) as ApiErrorView).message).toContain('per organisation');
  });

  it('refuses a reversed period and unknown parameters', async () => {
    expect((await peggy.request('GET', '/api/evaluation/leaderboard?from=2026-02-02&to=2026-02-01')).status).toBe(400);
    expect((await peggy.request('GET', '/api/evaluation/leaderboard?styleControl=yes')).status).toBe(400);
    expect((await peggy.request('GET', '/api/evaluation/leaderboard?prompt=1')).status).toBe(400);
  });

  it('answers a repeated request from the cache, and computes afresh after a new vote', async () => {
    const first = await board(peggy, 'category=translation&app=chat');
    const second = await board(peggy, 'category=translation&app=chat');
    expect(second.computedAt).toBe(first.computedAt);
    expect(second).toEqual(first);
    // Shared through the table: the row is there, with the version it was computed from.
    const [row] = (await api.db.query(`SELECT vote_count FROM leaderboard_snapshots WHERE filter->>'category' = 'translation' AND filter->>'app' = 'chat'`)) as { vote_count: number }[];
    expect(row.vote_count).toBe(600);

    const bob = (await new ApiClient(api.url, 'bob').json<MeView>('GET', '/api/me')).id;
    await api.db.query(
      `INSERT INTO battles (id, organization_id, user_id, app, information_class, prompt, task_category, model_a, model_b, status_a, status_b, status, winner, voted_at, created_at)
       VALUES ($1, $2, $3, 'chat', 1, 'x', 'translation', 'stuck', 'echo', 'complete', 'complete', 'voted', 'a', '2026-02-20T12:00:00+09:00', '2026-02-20T12:00:00+09:00')`,
      [uuidv7(), city, bob],
    );
    const third = await board(peggy, 'category=translation&app=chat');
    expect(third.totals.votes).toBe(601);
    expect(third.computedAt > first.computedAt).toBe(true);
    // The bootstrap seed belongs to the filter: the same filter resamples the same way after the new vote.
    expect(third.settings.seed).toBe(first.settings.seed);
  });

  it('answers concurrent requests for one filter with one computation', async () => {
    const views = await Promise.all([1, 2, 3].map(() => board(peggy, 'from=2026-01-15')));
    expect(new Set(views.map((view) => view.computedAt)).size).toBe(1);
  });

  it('controls for answer length and markdown on request, with the coefficients and their intervals', async () => {
    const view = await board(peggy, 'to=2026-01-31&styleControl=true');
    expect(view.filter.styleControl).toBe(true);
    expect(order(view)).toEqual(['stuck', 'busy', 'broken', 'echo']);
    expect(view.settings.bucketWidth).toBe(0.05);
    expect(view.style).toMatchObject({ votesWithoutStyle: 0 });
    expect(view.entries.every((entry) => entry.votes === 900)).toBe(true);
  });

  it('removes an advantage that comes from longer answers alone', async () => {
    // Two equally good models; the longer answer wins 80% of the time, and echo writes the longer one in 70% of battles.
    const random = new SeededRandom(3);
    const bob = (await new ApiClient(api.url, 'bob').json<MeView>('GET', '/api/me')).id;
    const rows = Array.from({ length: 600 }, (_, v) => {
      const echoLonger = random.next() < 0.7;
      const longerWins = random.next() < 0.8;
      const [a, b] = v % 2 === 0 ? ['echo', 'busy'] : ['busy', 'echo'];
      const aLonger = (a === 'echo') === echoLonger;
      return { a, b, winner: aLonger === longerWins ? 'a' : 'b', answerA: 'あ'.repeat(aLonger ? 400 : 100), answerB: 'あ'.repeat(aLonger ? 100 : 400) };
    });
    await api.db.query(
      `INSERT INTO battles (id, organization_id, user_id, app, information_class, prompt, task_category, model_a, model_b, answer_a, answer_b,
                            status_a, status_b, markdown_a, markdown_b, status, winner, voted_at, created_at)
       SELECT gen_random_uuid(), $1, $2, 'arena', 1, 'x', 'coding', t.a, t.b, t.answer_a, t.answer_b, 'complete', 'complete', 2, 2, 'voted', t.winner,
              '2026-03-05T12:00:00+09:00', '2026-03-05T12:00:00+09:00'
         FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) AS t(a, b, winner, answer_a, answer_b)`,
      [city, bob, rows.map((r) => r.a), rows.map((r) => r.b), rows.map((r) => r.winner), rows.map((r) => r.answerA), rows.map((r) => r.answerB)],
    );
    const plain = await board(peggy, 'category=coding');
    const controlled = await board(peggy, 'category=coding&styleControl=true');
    const gap = (view: LeaderboardView) => Math.abs(view.entries[0].rating - view.entries[1].rating);
    // Without control echo looks clearly better (wins ≈ 0.7·0.8 + 0.3·0.2 = 62%); with it the two are level.
    expect(order(plain)).toEqual(['echo', 'busy']);
    expect(plain.entries.map((entry) => entry.rank)).toEqual([1, 2]);
    expect(gap(controlled)).toBeLessThan(gap(plain) / 3);
    expect(controlled.entries.map((entry) => entry.rank)).toEqual([1, 1]);
    expect(controlled.style?.length.lower).toBeGreaterThan(0);
    expect(controlled.style?.length.eloPoints).toBeGreaterThan(100);
  });

  it('never shows prompts or answers', async () => {
    for (const query of ['', 'styleControl=true', `organizationId=${agency}`]) {
      const response = await peggy.request('GET', `/api/evaluation/leaderboard?${query}`);
      expect(await response.text()).not.toContain(SECRET);
    }
  });
});

describe('GET /api/evaluation/organizations', () => {
  let api: TestApi;
  afterAll(() => api?.close());

  it('lists every organisation for an evaluator, an administrator’s subtree for an org_admin, and nothing for a user', async () => {
    api = await startTestApi();
    const agency = (await new ApiClient(api.url, 'alice').json<MeView>('GET', '/api/me')).organization;
    const city = (await new ApiClient(api.url, 'bob').json<MeView>('GET', '/api/me')).organization;
    const branch = await new ApiClient(api.url, 'dave').json<OrganizationNodeView>('POST', '/api/admin/organizations', {
      kind: 'organization',
      slug: 'agency-branch',
      name: 'デジタル庁分室',
      parentId: agency.id,
    });
    const list = (user: 'peggy' | 'carol') => new ApiClient(api.url, user).json<EvaluationOrganizationView[]>('GET', '/api/evaluation/organizations');
    const ids = (views: EvaluationOrganizationView[]) => views.map((view) => view.id).sort();
    expect(ids(await list('peggy'))).toEqual(expect.arrayContaining([agency.id, city.id, branch.id]));
    // The tree reaches other replicas within seconds; this one reloaded it when the branch was created.
    expect(ids(await list('carol'))).toEqual([agency.id, branch.id].sort());
    expect((await list('carol')).find((view) => view.id === branch.id)).toEqual({ id: branch.id, slug: 'agency-branch', name: 'デジタル庁分室', parentId: agency.id });
    expect((await new ApiClient(api.url, 'alice').request('GET', '/api/evaluation/organizations')).status).toBe(403);
  });
});
