import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiErrorView, ApiKeyScope, ArenaStreamEvent, BattlePageView, BattleView, CreatedApiKeyView, LeaderboardView, MeView } from '@gennai/contracts';
import { expectedAnswer, startOpenAiTestServer, type OpenAiTestServer } from '../../../tools/testing/openai-test-server.mjs';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';
import { readEvents } from './support/sse';

/**
 * Blind battles started by a program (issue #5 item 2, "or an app configured for it"): a personal API key whose owner
 * gave it the scope `arena` calls the same routes as the 比較 page. Real PostgreSQL, Keycloak users and the
 * OpenAI-compatible test server; the page's own behaviour is in arena.int-spec.ts.
 */

/** Two models that answer; the demo model is off (it never battles), one attempt per model, no rate limit in the way. */
const MODELS = (llm: string) => [
  { id: 'echo', label: 'Echo (test)', baseUrl: llm, model: 'test-model' },
  { id: 'echo-2', label: 'Echo Two (test)', baseUrl: llm, model: 'test-model' },
];
const ENV = { GENNAI_DEMO_MODEL: 'false', GENNAI_RETRY_MAX_ATTEMPTS: '1', GENNAI_RATE_LIMIT_PER_MINUTE: '1000', GENNAI_USAGE_FLUSH_MS: '100' };

/** A program holding a personal API key: plain HTTP, as a bot or an internal tool would call. */
class KeyClient {
  constructor(
    private readonly baseUrl: string,
    private readonly secret: string,
    private readonly locale = 'ja',
  ) {}

  request(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.secret}`, 'Accept-Language': this.locale, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await this.request(method, path, body);
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  }

  inLocale(locale: string): KeyClient {
    return new KeyClient(this.baseUrl, this.secret, locale);
  }
}

describe('blind battles started with a personal API key', () => {
  let llm: OpenAiTestServer;
  let api: TestApi;
  let alice: ApiClient;
  let aliceId: string;
  /** Alice's program: a key for battles only (no chat, no model list). */
  let program: KeyClient;

  const keyOf = async (owner: ApiClient, name: string, body: { scopes?: ApiKeyScope[]; modelIds?: string[] } = {}) =>
    new KeyClient(api.url, (await owner.json<CreatedApiKeyView>('POST', '/api/api-keys', { name, ...body })).secret);
  const startBattle = (client: KeyClient | ApiClient, prompt: string) => client.request('POST', '/api/arena/battles', { prompt, informationClass: 2 });
  const finishedBattle = async (client: KeyClient | ApiClient, prompt: string) => {
    const response = await startBattle(client, prompt);
    expect(response.status).toBe(200);
    const events = await readEvents<ArenaStreamEvent>(response);
    const last = events[events.length - 1];
    expect(last.event).toBe('done');
    return { events, battle: (last.data as { battle: BattleView }).battle };
  };
  const expectError = async (response: Response, status: number, code: string) => {
    const body = (await response.json()) as ApiErrorView;
    expect({ status: response.status, code: body.code }, body.message).toEqual({ status, code });
    return body;
  };
  const battleRow = async (id: string) =>
    ((await api.db.query(`SELECT user_id, app, model_a, model_b, status, winner FROM battles WHERE id = $1`, [id])) as { user_id: string; app: string; model_a: string; model_b: string; status: string; winner: string | null }[])[0];
  const battleCount = async () => ((await api.db.query(`SELECT count(*)::int AS n FROM battles`)) as { n: number }[])[0].n;

  beforeAll(async () => {
    llm = await startOpenAiTestServer({ chunkDelayMs: 2 });
    api = await startTestApi({ ...ENV, GENNAI_MODELS: JSON.stringify(MODELS(llm.baseUrl)) });
    alice = new ApiClient(api.url, 'alice');
    aliceId = (await alice.json<MeView>('GET', '/api/me')).id;
    program = await keyOf(alice, 'Teams の比較ボット', { scopes: ['arena'] });
  });
  afterAll(async () => {
    await api?.close();
    await llm?.close();
  });

  /** Refusals must leave the battles table and the model server untouched. */
  let battlesBefore = 0;
  let requestsBefore = 0;
  beforeEach(async () => {
    battlesBefore = await battleCount();
    requestsBefore = llm.requests.length;
  });
  const expectNothingStoredOrSent = async () => {
    expect(await battleCount()).toBe(battlesBefore);
    expect(llm.requests.length).toBe(requestsBefore);
  };

  it('starts a blind battle and takes the vote, recording it as app api everywhere it is recorded', async () => {
    const prompt = '住民向けのお知らせ文を作成してください';
    const { events, battle } = await finishedBattle(program, prompt);
    expect(events[0].event).toBe('accepted');
    // Blind for a program too: no model id or label on the wire before the vote.
    const wire = JSON.stringify(events);
    for (const name of ['echo', 'Echo', 'test-model']) expect(wire).not.toContain(name);
    const text = (side: 'a' | 'b') => events.flatMap((e) => (e.event === 'delta' && e.data.side === side ? [e.data.text] : [])).join('');
    expect([text('a'), text('b')]).toEqual([expectedAnswer(prompt), expectedAnswer(prompt)]);

    expect(await battleRow(battle.id)).toMatchObject({ user_id: aliceId, app: 'api', status: 'awaiting_vote', winner: null });
    expect((await program.json<BattleView>('GET', `/api/arena/battles/${battle.id}`)).answers.a.model).toBeNull();

    const voted = await program.json<BattleView>('POST', `/api/arena/battles/${battle.id}/vote`, { winner: 'a' });
    const row = await battleRow(battle.id);
    expect(voted).toMatchObject({ status: 'voted', winner: 'a', answers: { a: { model: { id: row.model_a } }, b: { model: { id: row.model_b } } } });
    expect(row).toMatchObject({ status: 'voted', winner: 'a' });
    await expectError(await program.request('POST', `/api/arena/battles/${battle.id}/vote`, { winner: 'b' }), 409, 'battle_already_voted');

    // Each side's gateway request is usage of the API, not of the 比較 page.
    await expect
      .poll(async () => api.db.query(`SELECT model_id, app FROM usage_records WHERE user_id = $1 ORDER BY model_id`, [aliceId]), { timeout: 5_000 })
      .toEqual([
        { model_id: 'echo', app: 'api' },
        { model_id: 'echo-2', app: 'api' },
      ]);
    const [sent] = (await api.db.query(`SELECT details, source_api_key_id FROM audit_entries WHERE action = 'message.sent' AND target_type = 'battle' AND target_id = $1`, [
      battle.id,
    ])) as { details: string; source_api_key_id: string | null }[];
    expect(JSON.parse(sent.details)).toMatchObject({ app: 'api' });
    expect(sent.source_api_key_id).not.toBeNull();
  });

  it('keeps the votes a program relays apart from the page’s on the leaderboard, and counts both in one daily limit', async () => {
    // Beside the program's battle and vote of the previous test: one battle on the page, voted a tie.
    const onThePage = (await finishedBattle(alice, '議事録を要約してください')).battle;
    await alice.json('POST', `/api/arena/battles/${onThePage.id}/vote`, { winner: 'tie' });
    expect((await battleRow(onThePage.id)).app).toBe('arena');

    const board = (app: string) => alice.json<LeaderboardView>('GET', `/api/evaluation/leaderboard?app=${app}`);
    const byApi = await board('api');
    expect(byApi.totals.votes).toBe(1);
    expect(byApi.entries.map((e) => ({ modelId: e.modelId, votes: e.votes, ties: e.ties })).sort((x, y) => x.modelId.localeCompare(y.modelId))).toEqual([
      { modelId: 'echo', votes: 1, ties: 0 },
      { modelId: 'echo-2', votes: 1, ties: 0 },
    ]);
    const byPage = await board('arena');
    expect(byPage.totals.votes).toBe(1);
    expect(byPage.entries.every((e) => e.ties === 1 && e.votes === 1)).toBe(true);
    expect((await board('chat')).totals.votes).toBe(0);

    // One limit per person, whatever started the battle: the program sees the page's battle in its count, and back.
    const seenByProgram = await program.json<BattlePageView>('GET', '/api/arena/battles?limit=10');
    expect(seenByProgram.allowance.usedToday).toBe(2);
    expect(seenByProgram.items.map((b) => b.id)).toContain(onThePage.id);
    expect((await alice.json<BattlePageView>('GET', '/api/arena/battles')).allowance.usedToday).toBe(2);
  });

  it('refuses a key without the arena scope on every battle route, naming the scope, storing and sending nothing', async () => {
    const chatOnly = await keyOf(alice, '集計スクリプト'); // the default scopes: chat and models
    const { id } = (await alice.json<BattlePageView>('GET', '/api/arena/battles')).items[0];
    const missing = '01890000-0000-7000-8000-000000000000';
    const before = await battleRow(id);
    const refused = await expectError(await startBattle(chatOnly, '比較して'), 403, 'api_key_scope');
    expect(refused.message).toBe('このAPIキーではブラインド比較（/api/arena/battles）を利用できません。');
    const english = await expectError(await startBattle(chatOnly.inLocale('en'), 'compare'), 403, 'api_key_scope');
    expect(english.message).toBe('This API key may not be used for blind comparisons (/api/arena/battles).');
    for (const [method, path, body] of [
      ['GET', '/api/arena/battles', undefined],
      ['GET', `/api/arena/battles/${id}`, undefined],
      ['POST', `/api/arena/battles/${id}/vote`, { winner: 'a' }],
      // Refused before the battle is looked up: the answer says nothing about which ids exist.
      ['GET', `/api/arena/battles/${missing}`, undefined],
      // And before the body is read: the program learns it lacks the scope, not what a valid vote looks like.
      ['POST', `/api/arena/battles/${id}/vote`, { winner: 'nobody' }],
      ['POST', '/api/arena/battles', {}],
    ] as const) {
      await expectError(await chatOnly.request(method, path, body), 403, 'api_key_scope');
    }
    expect(await battleRow(id)).toEqual(before);
    await expectNothingStoredOrSent();
    // And the other way round: a key for battles only opens no chat (/v1 answers in OpenAI's error shape).
    const chat = await program.request('GET', '/v1/models');
    expect({ status: chat.status, code: ((await chat.json()) as { error: { code: string } }).error.code }).toEqual({ status: 403, code: 'api_key_scope' });
  });

  it('narrows the pairing to the key’s models: one model is not enough to compare (409), nothing stored or sent', async () => {
    const oneModel = await keyOf(alice, '一つだけのモデル', { scopes: ['arena'], modelIds: ['echo'] });
    await expectError(await startBattle(oneModel, '比較して'), 409, 'arena_not_enough_models');
    await expectNothingStoredOrSent();
  });

  it("answers another user's battle through their key exactly as one that does not exist, in the organisation and outside it", async () => {
    const { battle } = await finishedBattle(program, '条例案の要点をまとめて');
    const missing = '01890000-0000-7000-8000-000000000000';
    for (const user of ['carol', 'bob'] as const) {
      const stranger = await keyOf(new ApiClient(api.url, user), `${user} の比較ボット`, { scopes: ['arena'] });
      for (const [method, path, body] of [
        ['GET', `/api/arena/battles/${battle.id}`, undefined],
        ['POST', `/api/arena/battles/${battle.id}/vote`, { winner: 'b' }],
      ] as const) {
        const theirs = await stranger.request(method, path, body);
        const none = await stranger.request(method, path.replace(battle.id, missing), body);
        expect(theirs.status).toBe(404);
        const { requestId: _a, ...theirsBody } = (await theirs.json()) as ApiErrorView;
        const { requestId: _b, ...noneBody } = (await none.json()) as ApiErrorView;
        expect(theirsBody).toEqual(noneBody);
      }
      expect((await stranger.json<BattlePageView>('GET', '/api/arena/battles?limit=100')).items.map((b) => b.id)).not.toContain(battle.id);
    }
    expect((await battleRow(battle.id)).winner).toBeNull();
  });
});
