import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SseParser, type ApiErrorView, type ArenaStreamEvent, type BattlePageView, type BattleView, type MeView, type PiiPolicy } from '@gennai/contracts';
import { countTokens, expectedAnswer, startOpenAiTestServer, type OpenAiTestServer } from '../../../tools/testing/openai-test-server.mjs';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';

/** The stored battle, as the database has it (what the leaderboard will read). */
interface BattleRow {
  id: string;
  user_id: string;
  prompt: string;
  app: string;
  information_class: number;
  pii_handling: string | null;
  task_category: string;
  model_a: string;
  model_b: string;
  answer_a: string;
  answer_b: string;
  status_a: string;
  status_b: string;
  error_a: string | null;
  error_b: string | null;
  first_token_ms_a: number | null;
  first_token_ms_b: number | null;
  latency_ms_a: number | null;
  latency_ms_b: number | null;
  output_tokens_a: number | null;
  output_tokens_b: number | null;
  markdown_a: number | null;
  markdown_b: number | null;
  status: string;
  winner: string | null;
}

/** Reads server-sent events as they arrive, so a test can act between two of them. */
class EventReader {
  private readonly parser = new SseParser();
  private readonly decoder = new TextDecoder();
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private queued: ArenaStreamEvent[] = [];
  readonly seen: ArenaStreamEvent[] = [];

  constructor(response: Response) {
    this.reader = (response.body as ReadableStream<Uint8Array>).getReader();
  }

  /** The next event, or null when the stream has ended. */
  async next(): Promise<ArenaStreamEvent | null> {
    while (!this.queued.length) {
      const { done, value } = await this.reader.read();
      if (done) return null;
      this.queued = this.parser.push(this.decoder.decode(value, { stream: true })).map(({ event, data }) => ({ event, data: JSON.parse(data) }) as ArenaStreamEvent);
    }
    const event = this.queued.shift() as ArenaStreamEvent;
    this.seen.push(event);
    return event;
  }

  async rest(): Promise<ArenaStreamEvent[]> {
    while (await this.next());
    return this.seen;
  }

  cancel(): Promise<void> {
    return this.reader.cancel();
  }
}

const streamed = (events: ArenaStreamEvent[], side: 'a' | 'b') =>
  events.flatMap((e) => (e.event === 'delta' && e.data.side === side ? [e.data.text] : [])).join('');
const last = (events: ArenaStreamEvent[]) => events[events.length - 1];

/** The two-model catalogue most tests run on: both answer, only `echo` is cleared for 機密性3. */
const PAIR = (llm: string) => [
  { id: 'echo', label: 'Echo (test)', baseUrl: llm, model: 'test-model', maxInformationClass: 3 },
  { id: 'echo-2', label: 'Echo Two (test)', baseUrl: llm, model: 'test-model' },
];

/** Settings of every test app here: no demo model (it never battles), one attempt per model, no rate limit. */
const BASE_ENV = { GENNAI_DEMO_MODEL: 'false', GENNAI_RETRY_MAX_ATTEMPTS: '1', GENNAI_RATE_LIMIT_PER_MINUTE: '1000', GENNAI_USAGE_FLUSH_MS: '100' };

describe('blind battles', () => {
  let llm: OpenAiTestServer;
  beforeAll(async () => {
    // A little delay between chunks, so two answers streaming at once visibly interleave.
    llm = await startOpenAiTestServer({ chunkDelayMs: 5, slowChunkDelayMs: 250 });
  });
  afterAll(() => llm?.close());

  describe('between two models that answer', () => {
    let api: TestApi;
    let alice: ApiClient;
    let carol: ApiClient;
    let bob: ApiClient;
    let aliceId: string;
    let organizationId: string;
    beforeAll(async () => {
      api = await startTestApi({ ...BASE_ENV, GENNAI_MODELS: JSON.stringify(PAIR(llm.baseUrl)) });
      alice = new ApiClient(api.url, 'alice');
      carol = new ApiClient(api.url, 'carol');
      bob = new ApiClient(api.url, 'bob');
      const me = await alice.json<MeView>('GET', '/api/me');
      aliceId = me.id;
      organizationId = me.organization.id;
      await bob.json('GET', '/api/me');
    });
    afterAll(() => api?.close());

    /** What the model server and the battles table hold from now on: refusals must leave both untouched. */
    let requestsBefore = 0;
    let battlesBefore = 0;
    beforeEach(async () => {
      requestsBefore = llm.requests.length;
      battlesBefore = await battleCount();
    });
    const battleCount = async () => ((await api.db.query(`SELECT count(*)::int AS n FROM battles`)) as { n: number }[])[0].n;
    const expectNothingStoredOrSent = async () => {
      expect(await battleCount()).toBe(battlesBefore);
      expect(llm.requests.length).toBe(requestsBefore);
    };
    const rowOf = async (id: string) => ((await api.db.query(`SELECT * FROM battles WHERE id = $1`, [id])) as BattleRow[])[0];
    const start = (client: ApiClient, prompt: string, extra: Record<string, unknown> = {}) =>
      client.request('POST', '/api/arena/battles', { prompt, informationClass: 2, ...extra });
    const battle = async (client: ApiClient, prompt: string) => {
      const events = await new EventReader(await start(client, prompt)).rest();
      expect(last(events).event).toBe('done');
      return (last(events).data as { battle: BattleView }).battle;
    };
    const expectError = async (response: Response, status: number, code: string) => {
      const body = (await response.json()) as ApiErrorView;
      expect({ status: response.status, code: body.code }, body.message).toEqual({ status, code });
      return body;
    };
    const settle = (piiPolicy: PiiPolicy, confidentialClassEnabled = false) =>
      api.db.query(`UPDATE organizations SET pii_policy = $2, confidential_class_enabled = $3 WHERE id = $1`, [organizationId, piiPolicy, confidentialClassEnabled]);

    it('streams both answers side by side without naming the models, and stores both with their timings and style', async () => {
      const prompt = '次の文章を英語に翻訳してください。\n## 見出し\n- 項目\n**重要**';
      const response = await start(alice, prompt);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/event-stream');
      const events = await new EventReader(response).rest();

      const accepted = events[0];
      expect(accepted.event).toBe('accepted');
      const { battle, allowance } = accepted.data as { battle: BattleView; allowance: { limit: number; usedToday: number } };
      expect(battle).toMatchObject({ status: 'streaming', winner: null, prompt, answers: { a: { model: null, status: 'pending' }, b: { model: null, status: 'pending' } } });
      expect(allowance).toEqual({ limit: 50, usedToday: 1 });
      // Blind: no model id or label anywhere before the vote.
      const wire = JSON.stringify(events);
      for (const name of ['echo', 'Echo', 'test-model']) expect(wire).not.toContain(name);

      expect(streamed(events, 'a')).toBe(expectedAnswer(prompt));
      expect(streamed(events, 'b')).toBe(expectedAnswer(prompt));
      expect(events.filter((e) => e.event === 'side_done').map((e) => (e.data as { side: string }).side).sort()).toEqual(['a', 'b']);
      // Both sides write at once: the deltas interleave rather than one answer after the other.
      const sides = events.flatMap((e) => (e.event === 'delta' ? [e.data.side] : []));
      expect(sides.lastIndexOf('a') > sides.indexOf('b') && sides.lastIndexOf('b') > sides.indexOf('a')).toBe(true);
      expect(last(events)).toMatchObject({ event: 'done', data: { battle: { status: 'awaiting_vote', answers: { a: { status: 'complete', model: null }, b: { status: 'complete', model: null } } } } });

      const row = await rowOf(battle.id);
      expect([row.model_a, row.model_b].sort()).toEqual(['echo', 'echo-2']);
      expect(row).toMatchObject({
        user_id: aliceId,
        app: 'arena',
        prompt,
        information_class: 2,
        task_category: 'translation',
        answer_a: expectedAnswer(prompt),
        answer_b: expectedAnswer(prompt),
        status_a: 'complete',
        status_b: 'complete',
        output_tokens_a: countTokens(expectedAnswer(prompt)),
        markdown_a: 3,
        markdown_b: 3,
        status: 'awaiting_vote',
        winner: null,
      });
      for (const timing of [row.first_token_ms_a, row.first_token_ms_b, row.latency_ms_a, row.latency_ms_b]) expect(timing).toBeGreaterThanOrEqual(0);
      // Each side is its own gateway request, recorded as usage of the arena.
      await expect
        .poll(async () => api.db.query(`SELECT model_id, outcome FROM usage_records WHERE app = 'arena' AND user_id = $1 ORDER BY model_id`, [aliceId]), { timeout: 5_000 })
        .toEqual([
          { model_id: 'echo', outcome: 'complete' },
          { model_id: 'echo-2', outcome: 'complete' },
        ]);
    });

    it('names the models only once the vote is in, and keeps the vote for good', async () => {
      const { id } = await battle(alice, '会議の議事録を要約して');
      const before = await alice.json<BattleView>('GET', `/api/arena/battles/${id}`);
      expect(before.answers.a.model).toBeNull();
      expect(before.answers.b.model).toBeNull();

      const voted = await alice.json<BattleView>('POST', `/api/arena/battles/${id}/vote`, { winner: 'b' });
      const row = await rowOf(id);
      expect(voted).toMatchObject({ status: 'voted', winner: 'b', answers: { a: { model: { id: row.model_a } }, b: { model: { id: row.model_b } } } });
      expect([voted.answers.a.model?.label, voted.answers.b.model?.label].sort()).toEqual(['Echo (test)', 'Echo Two (test)']);
      expect(voted.votedAt).not.toBeNull();
      expect((await alice.json<BattleView>('GET', `/api/arena/battles/${id}`)).answers.a.model?.id).toBe(row.model_a);

      const again = await alice.request('POST', `/api/arena/battles/${id}/vote`, { winner: 'a' });
      const refusal = await expectError(again, 409, 'battle_already_voted');
      expect(refusal.message).toBe('この比較には既に投票済みです。投票は変更できません。');
      expect((await rowOf(id)).winner).toBe('b');
      // The database refuses a changed vote whoever asks, the API or anyone with SQL.
      await expect(api.db.query(`UPDATE battles SET winner = 'a' WHERE id = $1`, [id])).rejects.toThrow(/cannot be changed/);
    });

    it('takes exactly one of two votes sent at the same moment', async () => {
      const { id } = await battle(alice, '企画書の構成案を考えて');
      const answers = await Promise.all(['a', 'tie', 'both_bad', 'b'].map((winner) => alice.request('POST', `/api/arena/battles/${id}/vote`, { winner })));
      expect(answers.map((r) => r.status).sort()).toEqual([200, 409, 409, 409]);
      const accepted = (await answers.find((r) => r.status === 200)!.json()) as BattleView;
      expect((await rowOf(id)).winner).toBe(accepted.winner);
    });

    it("answers another user's battle exactly as one that does not exist, in the organisation and outside it", async () => {
      const { id } = await battle(alice, '社内規程の改定案を校正して');
      const random = '01890000-0000-7000-8000-000000000000';
      for (const stranger of [carol, bob]) {
        for (const [method, path, body] of [
          ['GET', `/api/arena/battles/${id}`, undefined],
          ['POST', `/api/arena/battles/${id}/vote`, { winner: 'a' }],
        ] as const) {
          const theirs = await stranger.request(method, path, body);
          const none = await stranger.request(method, path.replace(id, random), body);
          expect(theirs.status).toBe(404);
          const { requestId: _a, ...theirsBody } = (await theirs.json()) as ApiErrorView;
          const { requestId: _b, ...noneBody } = (await none.json()) as ApiErrorView;
          expect(theirsBody).toEqual(noneBody);
          expect(theirsBody.code).toBe('not_found');
        }
        const list = await stranger.json<BattlePageView>('GET', '/api/arena/battles?limit=100');
        expect(list.items.map((b) => b.id)).not.toContain(id);
      }
      expect((await rowOf(id)).winner).toBeNull();
    });

    it('refuses a prompt that is too long, a vote that is not one, and an unknown class — storing and sending nothing', async () => {
      await expectError(await start(alice, 'あ'.repeat(201)), 400, 'message_too_long');
      await expectError(await start(alice, '質問', { informationClass: 4 }), 400, 'validation_failed');
      await expectError(await alice.request('POST', '/api/arena/battles', { prompt: '   ', informationClass: 2 }), 400, 'validation_failed');
      const { id } = await battle(alice, '予算の表を分析して');
      requestsBefore = llm.requests.length;
      battlesBefore = await battleCount();
      await expectError(await alice.request('POST', `/api/arena/battles/${id}/vote`, { winner: 'c' }), 400, 'validation_failed');
      expect((await rowOf(id)).winner).toBeNull();
      await expectNothingStoredOrSent();
    });

    it('refuses 機密性3 where the organisation has not enabled it, and with fewer than two models cleared for it', async () => {
      await settle('warn', false);
      await expectError(await start(alice, '機密の質問', { informationClass: 3 }), 422, 'confidential_class_disabled');
      await settle('warn', true);
      const refusal = await expectError(await start(alice, '機密の質問', { informationClass: 3 }), 409, 'arena_not_enough_models');
      expect(refusal.message).toContain('2つ以上');
      await settle('warn', false);
      await expectNothingStoredOrSent();
    });

    it('applies the PII guard exactly as the chat does', async () => {
      const withPii = '田中さんの電話 090-1234-5678 に連絡する文面を作って';
      await settle('warn');
      const refused = await expectError(await start(alice, withPii), 422, 'pii_confirmation_required');
      expect(JSON.stringify(refused)).not.toContain('090-1234-5678');
      await expectNothingStoredOrSent();

      const confirmed = await new EventReader(await start(alice, withPii, { confirmPii: true })).rest();
      const confirmedId = (confirmed[0].data as { battle: BattleView }).battle.id;
      expect((await rowOf(confirmedId)).pii_handling).toBe('confirmed');

      await settle('mask');
      requestsBefore = llm.requests.length;
      const masked = await new EventReader(await start(alice, withPii)).rest();
      const maskedRow = await rowOf((masked[0].data as { battle: BattleView }).battle.id);
      expect(maskedRow).toMatchObject({ prompt: withPii, pii_handling: 'masked' });
      const sent = llm.requests.slice(requestsBefore).map((r) => JSON.stringify(r.body.messages));
      expect(sent).toHaveLength(2);
      for (const body of sent) {
        expect(body).not.toContain('090-1234-5678');
        expect(body).toContain('［電話番号］');
      }
      await settle('block');
      battlesBefore = await battleCount();
      requestsBefore = llm.requests.length;
      await expectError(await start(alice, withPii), 422, 'pii_blocked');
      await expectNothingStoredOrSent();
      await settle('warn');
    });

    it("lists the caller's own battles newest first, page by page, with what is left today", async () => {
      // Without a class, the prompt has the organisation's default (GENNAI_DEFAULT_INFORMATION_CLASS, 2), as in the chat.
      const events = await new EventReader(await bob.request('POST', '/api/arena/battles', { prompt: '一つ目の比較' })).rest();
      const first = (last(events).data as { battle: BattleView }).battle;
      expect(first).toMatchObject({ status: 'awaiting_vote', informationClass: 2 });
      const second = await battle(bob, '二つ目の比較');
      const page = await bob.json<BattlePageView>('GET', '/api/arena/battles?limit=1');
      expect(page.items.map((b) => b.id)).toEqual([second.id]);
      expect(page.allowance).toEqual({ limit: 50, usedToday: 2 });
      const next = await bob.json<BattlePageView>('GET', `/api/arena/battles?limit=1&before=${page.nextBefore}`);
      expect(next.items.map((b) => b.id)).toEqual([first.id]);
      expect(next.nextBefore).toBeNull();
    });
  });

  describe('with a slow model', () => {
    let api: TestApi;
    let alice: ApiClient;
    beforeAll(async () => {
      api = await startTestApi({
        ...BASE_ENV,
        GENNAI_MODELS: JSON.stringify([PAIR(llm.baseUrl)[0], { id: 'slow', label: 'Slow (test)', baseUrl: llm.baseUrl, model: 'test-slow' }]),
        GENNAI_UPSTREAM_TIMEOUT_MS: '60000',
      });
      alice = new ApiClient(api.url, 'alice');
    });
    afterAll(() => api?.close());
    const rowOf = async (id: string) => ((await api.db.query(`SELECT * FROM battles WHERE id = $1`, [id])) as BattleRow[])[0];

    it('stores the battle before any model answers, and refuses a vote until both have', async () => {
      const requestsBefore = llm.requests.length;
      const events = new EventReader(await alice.request('POST', '/api/arena/battles', { prompt: '長めの説明をお願いします', informationClass: 2 }));
      const accepted = await events.next();
      const { id } = (accepted?.data as { battle: BattleView }).battle;
      // The slow model has not finished (a chunk every 250 ms): the row is there, streaming, with both models chosen.
      const row = await rowOf(id);
      expect(row).toMatchObject({ prompt: '長めの説明をお願いします', status: 'streaming', winner: null });
      expect([row.model_a, row.model_b].sort()).toEqual(['echo', 'slow']);
      expect(row[row.model_a === 'slow' ? 'status_a' : 'status_b']).toBe('pending');

      const early = await alice.request('POST', `/api/arena/battles/${id}/vote`, { winner: 'a' });
      expect(early.status).toBe(409);
      expect(((await early.json()) as ApiErrorView).code).toBe('battle_not_finished');

      expect(last(await events.rest()).event).toBe('done');
      expect(llm.requests.length - requestsBefore).toBe(2);
      const after = await rowOf(id);
      const slowSide = after.model_a === 'slow' ? 'a' : 'b';
      // The slow side's first token came later than the fast side's.
      expect(after[`first_token_ms_${slowSide}`]!).toBeGreaterThan(after[`first_token_ms_${slowSide === 'a' ? 'b' : 'a'}`]!);
      expect((await alice.json<BattleView>('POST', `/api/arena/battles/${id}/vote`, { winner: 'tie' })).winner).toBe('tie');
    });

    it('ends the battle as failed (interrupted) when the browser goes away, keeping what was written', async () => {
      const events = new EventReader(await alice.request('POST', '/api/arena/battles', { prompt: '途中で閉じる', informationClass: 2 }));
      const { id } = ((await events.next())?.data as { battle: BattleView }).battle;
      await events.cancel();
      await expect.poll(async () => (await rowOf(id)).status, { timeout: 10_000 }).toBe('failed');
      const row = await rowOf(id);
      const slowSide = row.model_a === 'slow' ? 'a' : 'b';
      expect(row[`status_${slowSide}`]).toBe('failed');
      expect(row[`error_${slowSide}`]).toBe('interrupted');
      const vote = await alice.request('POST', `/api/arena/battles/${id}/vote`, { winner: 'a' });
      expect(((await vote.json()) as ApiErrorView).code).toBe('battle_failed');
    });
  });

  describe('with a failing model and a limit of two battles a day', () => {
    let api: TestApi;
    let alice: ApiClient;
    let aliceId: string;
    beforeAll(async () => {
      api = await startTestApi({
        ...BASE_ENV,
        GENNAI_MODELS: JSON.stringify([PAIR(llm.baseUrl)[0], { id: 'broken', label: 'Broken (test)', baseUrl: llm.baseUrl, model: 'test-500' }]),
        GENNAI_ARENA_DAILY_BATTLES: '2',
      });
      alice = new ApiClient(api.url, 'alice');
      aliceId = (await alice.json<MeView>('GET', '/api/me')).id;
    });
    afterAll(() => api?.close());

    it('ends the battle as failed, keeps the other answer, refuses the vote and counts the failure against the model', async () => {
      const events = await new EventReader(await alice.request('POST', '/api/arena/battles', { prompt: '失敗する比較', informationClass: 2 })).rest();
      const { id } = (events[0].data as { battle: BattleView }).battle;
      const [row] = (await api.db.query(`SELECT * FROM battles WHERE id = $1`, [id])) as BattleRow[];
      const brokenSide = row.model_a === 'broken' ? 'a' : 'b';
      const echoSide = brokenSide === 'a' ? 'b' : 'a';
      expect(events.find((e) => e.event === 'side_failed')?.data).toEqual({
        side: brokenSide,
        error: { code: 'upstream_unavailable', message: 'モデルに接続できませんでした。再試行してください。' },
      });
      expect(events.find((e) => e.event === 'side_done')?.data).toEqual({ side: echoSide });
      expect(last(events)).toMatchObject({ event: 'failed', data: { battle: { status: 'failed', answers: { [brokenSide]: { status: 'failed', model: null } } } } });
      expect(row).toMatchObject({ status: 'failed', [`status_${brokenSide}`]: 'failed', [`error_${brokenSide}`]: 'upstream_unavailable', [`answer_${echoSide}`]: expectedAnswer('失敗する比較') });

      const vote = await alice.request('POST', `/api/arena/battles/${id}/vote`, { winner: echoSide });
      expect(vote.status).toBe(409);
      expect(((await vote.json()) as ApiErrorView).code).toBe('battle_failed');
      // The failure is in the model's error rate: a failed usage record of the arena for `broken`.
      await expect
        .poll(async () => api.db.query(`SELECT model_id, outcome, error_code FROM usage_records WHERE app = 'arena' AND user_id = $1 ORDER BY model_id`, [aliceId]), { timeout: 5_000 })
        .toEqual([
          { model_id: 'broken', outcome: 'failed', error_code: 'upstream_unavailable' },
          { model_id: 'echo', outcome: 'complete', error_code: null },
        ]);
    });

    it('refuses a battle beyond the daily limit, in the user language, storing and sending nothing', async () => {
      await new EventReader(await alice.request('POST', '/api/arena/battles', { prompt: '二回目', informationClass: 2 })).rest();
      const requestsBefore = llm.requests.length;
      const english = new ApiClient(api.url, 'alice', 'en');
      const refused = await english.request('POST', '/api/arena/battles', { prompt: '三回目', informationClass: 2 });
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const body = (await refused.json()) as ApiErrorView;
      expect(body.code).toBe('arena_daily_limit');
      expect(body.message).toMatch(/^You can run 2 comparisons a day\. You can compare again after .+\.$/);
      const ja = (await (await alice.request('POST', '/api/arena/battles', { prompt: '三回目', informationClass: 2 })).json()) as ApiErrorView;
      expect(ja.message).toMatch(/^比較は1日2回までです。.+以降に再び比較できます。$/);
      expect((await api.db.query(`SELECT count(*)::int AS n FROM battles WHERE user_id = $1`, [aliceId]))[0].n).toBe(2);
      expect(llm.requests.length).toBe(requestsBefore);
      expect((await alice.json<BattlePageView>('GET', '/api/arena/battles')).allowance).toEqual({ limit: 2, usedToday: 2 });
    });
  });
});
