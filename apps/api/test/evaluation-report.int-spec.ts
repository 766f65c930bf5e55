import { SeededRandom } from '@gennai/arena-stats';
import type { EvaluationReportView, LeaderboardView, MeView } from '@gennai/contracts';
import { parseBundle } from '@gennai/evaluation-report';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uuidv7 } from '../src/database/uuid-v7';
import { rebuildReport } from '../src/evaluation-report/report-rebuild.cli';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';

/** Text that must never leave the database in a bundle: it stands in for prompts, answers, comments and free text. */
const SECRET = '機密の本文・バンドルに出てはならない';
const MODELS = ['echo', 'broken', 'busy', 'stuck'];
/** True log-strengths of the simulated votes: stuck > busy > broken > echo. */
const STRENGTH: Record<string, number> = { echo: 0, broken: 0.4, busy: 0.8, stuck: 1.2 };
const PERIOD = { from: '2026-04-01', to: '2026-06-30' };

describe('evaluation reports (/api/evaluation/reports)', () => {
  let api: TestApi;
  let peggy: ApiClient; // evaluator
  let dave: ApiClient; // platform_admin
  let carol: ApiClient; // org_admin
  let alice: ApiClient; // user
  const identities: string[] = [];
  let outDir: string;

  beforeAll(async () => {
    api = await startTestApi();
    peggy = new ApiClient(api.url, 'peggy');
    dave = new ApiClient(api.url, 'dave');
    carol = new ApiClient(api.url, 'carol');
    alice = new ApiClient(api.url, 'alice');
    const aliceMe = await alice.json<MeView>('GET', '/api/me');
    const bobMe = await new ApiClient(api.url, 'bob').json<MeView>('GET', '/api/me');
    identities.push(aliceMe.id, bobMe.id, aliceMe.organization.id, bobMe.organization.id, 'alice', 'bob');
    const random = new SeededRandom(5);
    const people = [aliceMe, bobMe];

    // Votes in May (and one in March, outside the period), from both organisations.
    const battles: unknown[][] = [];
    for (let i = 0; i < MODELS.length; i++) {
      for (let j = i + 1; j < MODELS.length; j++) {
        for (let v = 0; v < 60; v++) {
          const [a, b] = v % 2 ? [MODELS[i], MODELS[j]] : [MODELS[j], MODELS[i]];
          const p = 1 / (1 + Math.exp(STRENGTH[b] - STRENGTH[a]));
          const u = random.next();
          const winner = u < 0.06 ? 'tie' : u < 0.08 ? 'both_bad' : random.next() < p ? 'a' : 'b';
          const who = people[v % 2];
          const day = `2026-05-${String(1 + (v % 28)).padStart(2, '0')}`;
          battles.push([who.organization.id, who.id, a, b, winner, `${day}T10:00:00+09:00`, SECRET.repeat(1 + (v % 7)), SECRET.repeat(1 + (v % 3)), v % 5, (v + 2) % 5]);
        }
      }
    }
    battles.push([aliceMe.organization.id, aliceMe.id, 'echo', 'stuck', 'a', '2026-03-15T10:00:00+09:00', SECRET, SECRET, 0, 0]);
    const column = (k: number) => battles.map((row) => row[k]);
    await api.db.query(
      `INSERT INTO battles (id, organization_id, user_id, app, information_class, prompt, task_category, model_a, model_b, answer_a, answer_b,
                            status_a, status_b, markdown_a, markdown_b, status, winner, voted_at, created_at, completed_at)
       SELECT gen_random_uuid(), t.org, t.usr, 'arena', 1, $1, 'summarization', t.a, t.b, t.answer_a, t.answer_b, 'complete', 'complete', t.md_a, t.md_b,
              'voted', t.winner, t.at, t.at, t.at
         FROM unnest($2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::int[], $11::int[])
           AS t(org, usr, a, b, winner, at, answer_a, answer_b, md_a, md_b)`,
      [SECRET, column(0), column(1), column(2), column(3), column(4), column(5), column(6), column(7), column(8), column(9)],
    );

    // Conversations with usage and ratings (a comment each, which must stay in the database).
    for (let k = 0; k < 24; k++) {
      const who = people[k % 2];
      const model = MODELS[k % 4];
      const at = new Date(`2026-05-${String(2 + (k % 20)).padStart(2, '0')}T03:00:00Z`);
      const conversationId = uuidv7();
      const messageId = uuidv7();
      await api.db.query(
        `INSERT INTO conversations (id, organization_id, user_id, title, model_id, task_category, task_category_source, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'rules', $7, $7)`,
        [conversationId, who.organization.id, who.id, SECRET, model, k % 3 ? 'summarization' : 'translation', at],
      );
      await api.db.query(
        `INSERT INTO messages (id, conversation_id, organization_id, user_id, role, content, status, model_id, created_at)
         VALUES ($1, $2, $3, $4, 'assistant', $5, 'complete', $6, $7)`,
        [messageId, conversationId, who.organization.id, who.id, SECRET, model, at],
      );
      const like = k % 4 !== 0;
      await api.db.query(
        `INSERT INTO answer_ratings (id, message_id, organization_id, user_id, model_id, value, comment, tags, app, task_category, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'chat', $9, $10, $10)`,
        [uuidv7(), messageId, who.organization.id, who.id, model, like ? 'like' : 'dislike', SECRET, like ? ['accurate'] : ['slow'], k % 3 ? 'summarization' : 'translation', at],
      );
      await api.db.query(
        `INSERT INTO usage_records (id, created_at, organization_id, user_id, app, requested_model_id, model_id, input_tokens, output_tokens, cost, currency,
           latency_ms, outcome, conversation_id, message_id)
         VALUES ($1, $2, $3, $4, 'chat', $5, $5, 100, 200, 0.25, 'JPY', $6, $7, $8, $9)`,
        [uuidv7(), at, who.organization.id, who.id, model, 300 + 100 * k, k === 5 ? 'failed' : 'complete', conversationId, messageId],
      );
    }

    // A published survey with six anonymous responses, one free-text answer among them.
    const surveyId = uuidv7();
    await api.db.query(
      `INSERT INTO surveys (id, title, description, questions, opens_at, closes_at, status, published_at)
       VALUES ($1, $2, $3, $4, '2026-05-01T00:00:00+09:00', '2026-05-31T00:00:00+09:00', 'published', '2026-05-01T00:00:00+09:00')`,
      [
        surveyId,
        { ja: '利用者アンケート', en: 'User survey' },
        { ja: '', en: '' },
        JSON.stringify([
          { id: 'useful', kind: 'likert5', text: { ja: '役に立ちましたか', en: 'Useful?' }, options: [], required: true },
          { id: 'comment', kind: 'text', text: { ja: 'ご意見', en: 'Comments' }, options: [], required: false },
        ]),
      ],
    );
    for (let r = 0; r < 6; r++) {
      await api.db.query(`INSERT INTO survey_responses (id, survey_id, organization_id, model_ids, answers, responded_on) VALUES (gen_random_uuid(), $1, $2, $3, $4, '2026-05-10')`, [
        surveyId,
        people[r % 2].organization.id,
        ['echo'],
        JSON.stringify(r === 0 ? { useful: 4, comment: SECRET } : { useful: 1 + (r % 5) }),
      ]);
    }
    outDir = await mkdtemp(join(tmpdir(), 'gennai-report-'));
  });

  afterAll(async () => {
    await api?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  const request = { ...PERIOD, modelIds: MODELS };

  it('is refused to organisation administrators and plain users', async () => {
    for (const client of [carol, alice]) {
      expect((await client.request('POST', '/api/evaluation/reports/bundle', request)).status).toBe(403);
      expect((await client.request('POST', '/api/evaluation/reports', { ...request, locale: 'ja' })).status).toBe(403);
    }
  });

  it('exports a bundle that identifies nobody and holds no text, and audits the export', async () => {
    const response = await peggy.request('POST', '/api/evaluation/reports/bundle', request);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(response.headers.get('x-bundle-sha256')).toBe(createHash('sha256').update(text).digest('hex'));
    expect(text).not.toContain(SECRET.slice(0, 4));
    for (const identity of identities) expect(text).not.toContain(identity);
    const bundle = parseBundle(text);
    // The March vote lies outside the period; each pair met 60 times in May.
    expect(bundle.records.vote).toHaveLength(6 * 60);
    expect(bundle.records.rating).toHaveLength(24);
    expect(bundle.records.survey_response).toHaveLength(6);
    expect(bundle.records.survey_response.filter((r) => r.text_answered.includes('comment'))).toHaveLength(1);
    expect(bundle.records.active_users.find((r) => r.model === null)?.users).toBe(2);
    expect(bundle.manifest.labels.models['echo']).toBe('Echo (test)');
    // The log keeps details as canonical JSON text (what its hash chain covers).
    const [audit] = (await api.db.query(`SELECT details FROM audit_entries WHERE action = 'evaluation.bundle_exported'`)) as { details: string }[];
    expect(JSON.parse(audit.details)).toMatchObject({ from: PERIOD.from, to: PERIOD.to, models: MODELS.join(','), sha256: bundle.sha256 });
  });

  it('generates a report whose leaderboard is the leaderboard page\'s, and serves every file', async () => {
    const view = await dave.json<EvaluationReportView>('POST', '/api/evaluation/reports', { ...request, locale: 'ja' });
    expect(view.tables).toContain('leaderboard');
    const json = JSON.parse(await (await peggy.request('GET', `/api/evaluation/reports/${view.id}/report.json`)).text()) as {
      bundle_sha256: string;
      tables: Record<string, { columns: { key: string }[]; rows: (string | number | null)[][] }>;
    };
    expect(json.bundle_sha256).toBe(view.bundleSha256);
    const board = await peggy.json<LeaderboardView>('GET', `/api/evaluation/leaderboard?from=${PERIOD.from}&to=${PERIOD.to}`);
    const table = json.tables['leaderboard'];
    const at = (key: string) => table.columns.findIndex((c) => c.key === key);
    expect(table.rows.map((row) => row[at('model')])).toEqual(board.entries.map((e) => e.modelId));
    expect(table.rows.map((row) => row[at('model')])).toEqual(['stuck', 'busy', 'broken', 'echo']);
    board.entries.forEach((entry, i) => {
      expect(Math.abs((table.rows[i][at('rating')] as number) - entry.rating)).toBeLessThanOrEqual(0.051);
      expect(table.rows[i][at('votes')]).toBe(entry.votes);
    });

    const html = await peggy.request('GET', `/api/evaluation/reports/${view.id}/report.html`);
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    const page = await html.text();
    expect(page).toContain('生成AIモデル評価報告書');
    expect(page).toContain(view.bundleSha256);
    expect(page).not.toContain(SECRET.slice(0, 4));
    const csv = await peggy.request('GET', `/api/evaluation/reports/${view.id}/tables/leaderboard.csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    // Bytes, not text(): fetch's text() would drop the byte-order mark this checks.
    expect([...new Uint8Array(await csv.arrayBuffer()).subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect((await peggy.request('GET', `/api/evaluation/reports/${view.id}/tables/no_such_table.csv`)).status).toBe(404);
    expect((await peggy.request('GET', `/api/evaluation/reports/${uuidv7()}/report.html`)).status).toBe(404);
    expect((await alice.request('GET', `/api/evaluation/reports/${view.id}/report.html`)).status).toBe(403);
    const [audit] = (await api.db.query(`SELECT target_id FROM audit_entries WHERE action = 'evaluation.report_generated'`)) as { target_id: string }[];
    expect(audit.target_id).toBe(view.id);
  });

  it('rebuilds byte-identical files from the downloaded bundle with the rebuild command', async () => {
    const view = await peggy.json<EvaluationReportView>('POST', '/api/evaluation/reports', { ...request, locale: 'en' });
    const bundle = Buffer.from(await (await peggy.request('GET', `/api/evaluation/reports/${view.id}/bundle.jsonl`)).arrayBuffer());
    expect(createHash('sha256').update(bundle).digest('hex')).toBe(view.bundleSha256);
    const bundlePath = join(outDir, 'bundle.jsonl');
    await writeFile(bundlePath, bundle);
    const rebuilt = await rebuildReport(bundlePath, join(outDir, 'rebuilt'), 'en');
    expect(rebuilt.bundleSha256).toBe(view.bundleSha256);
    // Compared as bytes (a CSV's byte-order mark included).
    const served = async (path: string) => Buffer.from(await (await peggy.request('GET', `/api/evaluation/reports/${view.id}/${path}`)).arrayBuffer());
    const files = ['report.html', 'report.json', ...view.tables.map((name) => `tables/${name}.csv`)];
    for (const path of files) expect((await readFile(join(outDir, 'rebuilt', path))).equals(await served(path)), path).toBe(true);
  });
});
