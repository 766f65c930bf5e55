import type { ArenaStreamEvent, BattleAnswerView, BattleView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeApi } from '../../testing/fake-api';
import { mountWithApp, signedInAs } from '../../testing/mount-app';
import ArenaPage from './ArenaPage.vue';

const BATTLE_ID = '0193a000-0000-7000-8000-00000000ba71';
const PROMPT = '住民向けのお知らせ文を作ってください';

const answer = (side: 'a' | 'b', overrides: Partial<BattleAnswerView> = {}): BattleAnswerView => ({
  side,
  content: '',
  status: 'pending',
  error: null,
  model: null,
  firstTokenMs: null,
  latencyMs: null,
  ...overrides,
});
const battleView = (overrides: Partial<BattleView> = {}): BattleView => ({
  id: BATTLE_ID,
  prompt: PROMPT,
  informationClass: 2,
  taskCategory: 'document_drafting',
  status: 'streaming',
  winner: null,
  answers: { a: answer('a'), b: answer('b') },
  createdAt: '2026-11-28T01:00:00.000Z',
  votedAt: null,
  ...overrides,
});
const ALLOWANCE = { limit: 50, usedToday: 3 };

/** A battle's event stream, sent one event at a time on `next()`; `rest()` sends the others and ends it. */
function battleStream(events: ArenaStreamEvent[], signal?: AbortSignal | null) {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  signal?.addEventListener('abort', () => controller.error(new DOMException('The operation was aborted.', 'AbortError')));
  const next = () => controller.enqueue(encoder.encode(`event: ${events[sent].event}\ndata: ${JSON.stringify(events[sent++].data)}\n\n`));
  return {
    response: new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    next,
    rest: () => {
      while (sent < events.length) next();
      controller.close();
    },
  };
}

async function openArena(routes: Parameters<typeof fakeApi>[0]) {
  const api = fakeApi({ 'GET /api/arena/battles': () => Response.json({ items: [], nextBefore: null, allowance: ALLOWANCE }), ...routes });
  const { wrapper } = await mountWithApp(ArenaPage, { path: '/arena', me: signedInAs(['user']) });
  const find = (testId: string) => wrapper.find(`[data-testid="${testId}"]`);
  return { api, wrapper, find };
}

describe('ArenaPage', () => {
  afterEach(() => (document.body.innerHTML = ''));

  it('streams two blind answers side by side, allows the vote only when both are done, then reveals the models', async () => {
    const complete = battleView({ status: 'awaiting_vote', answers: { a: answer('a', { status: 'complete' }), b: answer('b', { status: 'complete' }) } });
    let stream!: ReturnType<typeof battleStream>;
    const { api, find, wrapper } = await openArena({
      'POST /api/arena/battles': (_call, signal) =>
        (stream = battleStream(
          [
            { event: 'accepted', data: { battle: battleView(), allowance: { limit: 50, usedToday: 4 } } },
            { event: 'delta', data: { side: 'b', text: '【お知らせ】' } },
            { event: 'delta', data: { side: 'a', text: '市民の皆さまへ' } },
            { event: 'side_done', data: { side: 'a' } },
            { event: 'side_done', data: { side: 'b' } },
            { event: 'done', data: { battle: complete } },
          ],
          signal,
        )).response,
      [`POST /api/arena/battles/${BATTLE_ID}/vote`]: () =>
        Response.json({
          ...complete,
          status: 'voted',
          winner: 'b',
          votedAt: '2026-11-28T01:01:00.000Z',
          answers: { a: answer('a', { status: 'complete', model: { id: 'plamo', label: 'PLaMo' } }), b: answer('b', { status: 'complete', model: { id: 'tsuzumi', label: 'tsuzumi 2' } }) },
        }),
    });
    expect(find('arena-allowance').text()).toBe('今日はあと47回比較できます（1日50回まで）。');

    await find('arena-prompt').setValue(PROMPT);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(api.calls.find((c) => c.method === 'POST')?.body).toEqual({ prompt: PROMPT });

    stream.next();
    stream.next();
    stream.next();
    await flushPromises();
    expect(find('battle-pane-a').find('h2').text()).toBe('モデルA');
    expect(find('battle-pane-b').find('h2').text()).toBe('モデルB');
    expect(find('battle-answer-a').text()).toBe('市民の皆さまへ');
    expect(find('battle-answer-b').text()).toBe('【お知らせ】');
    expect(find('arena-announcement').text()).toBe('二つのモデルが回答を作成しています。');
    expect(find('arena-announcement').attributes('aria-live')).toBe('polite');
    const votes = ['vote-a', 'vote-b', 'vote-tie', 'vote-both_bad'];
    expect(votes.map((id) => find(id).text())).toEqual(['A がよい', 'B がよい', '引き分け', 'どちらも悪い']);
    for (const id of votes) expect(find(id).attributes('disabled')).toBeDefined();

    stream.rest();
    await flushPromises();
    expect(find('arena-announcement').text()).toBe('両方の回答が終わりました。どちらがよいか投票してください。');
    for (const id of votes) expect(find(id).attributes('disabled')).toBeUndefined();
    expect(find('arena-allowance').text()).toContain('あと46回');

    await find('vote-b').trigger('click');
    await flushPromises();
    expect(api.calls.at(-1)).toMatchObject({ method: 'POST', path: `/api/arena/battles/${BATTLE_ID}/vote`, body: { winner: 'b' } });
    expect(find('battle-model-a').text()).toBe('（PLaMo）');
    expect(find('battle-model-b').text()).toBe('（tsuzumi 2）');
    expect(find('battle-vote').exists()).toBe(false);
    expect(find('arena-voted').text()).toContain('B がよい');
    expect(find('arena-announcement').text()).toBe('投票しました。モデルAはPLaMo、モデルBはtsuzumi 2でした。');

    await find('arena-next').trigger('click');
    await flushPromises();
    expect(find('battle-pane-a').exists()).toBe(false);
    expect((find('arena-prompt').element as HTMLTextAreaElement).value).toBe('');
    expect(document.activeElement).toBe(find('arena-prompt').element);
  });

  it('shows a failed side with its error and says the battle will not count, without vote buttons', async () => {
    const failed = battleView({
      status: 'failed',
      answers: { a: answer('a', { status: 'complete' }), b: answer('b', { status: 'failed', error: { code: 'upstream_timeout', message: 'モデルの応答が時間内にありませんでした。再試行してください。' } }) },
    });
    const { find, wrapper } = await openArena({
      'POST /api/arena/battles': (_call, signal) => {
        const stream = battleStream(
          [
            { event: 'accepted', data: { battle: battleView(), allowance: ALLOWANCE } },
            { event: 'delta', data: { side: 'a', text: '回答です' } },
            { event: 'side_done', data: { side: 'a' } },
            { event: 'side_failed', data: { side: 'b', error: { code: 'upstream_timeout', message: 'モデルの応答が時間内にありませんでした。再試行してください。' } } },
            { event: 'failed', data: { battle: failed } },
          ],
          signal,
        );
        stream.rest();
        return stream.response;
      },
    });
    await find('arena-prompt').setValue(PROMPT);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(find('battle-answer-a').text()).toBe('回答です');
    expect(find('battle-error-b').text()).toBe('モデルの応答が時間内にありませんでした。再試行してください。');
    expect(find('arena-failed').text()).toContain('集計に含まれません');
    expect(find('battle-vote').exists()).toBe(false);
    expect(find('arena-next').exists()).toBe(true);
    expect(find('arena-announcement').text()).toBe('回答の生成に失敗しました。この比較には投票できません。');
  });

  it('explains the daily limit and does not offer another comparison', async () => {
    const { find, wrapper } = await openArena({
      'GET /api/arena/battles': () => Response.json({ items: [], nextBefore: null, allowance: { limit: 2, usedToday: 1 } }),
      'POST /api/arena/battles': () =>
        Response.json(
          { statusCode: 429, code: 'arena_daily_limit', message: '比較は1日2回までです。2026年11月29日 0:00 JST以降に再び比較できます。' },
          { status: 429 },
        ),
    });
    await find('arena-prompt').setValue(PROMPT);
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(find('arena-error').text()).toBe('比較は1日2回までです。2026年11月29日 0:00 JST以降に再び比較できます。');
    expect(find('arena-error').attributes('role')).toBe('alert');
    expect(find('arena-start').attributes('disabled')).toBeDefined();
    expect(find('battle-pane-a').exists()).toBe(false);
    expect((find('arena-prompt').element as HTMLTextAreaElement).value).toBe(PROMPT);
  });

  it('asks before sending personal data, and sends it as typed once confirmed', async () => {
    let attempts = 0;
    const { api, find, wrapper } = await openArena({
      'POST /api/arena/battles': (_call, signal) => {
        attempts++;
        if (attempts === 1) {
          return Response.json(
            {
              statusCode: 422,
              code: 'pii_confirmation_required',
              message: 'メッセージに個人情報（電話番号）が含まれている可能性があります。',
              pii: { findings: [{ kind: 'phone', start: 3, end: 16, preview: '090-****-**78' }], counts: { phone: 1 } },
            },
            { status: 422 },
          );
        }
        const stream = battleStream([{ event: 'accepted', data: { battle: battleView(), allowance: ALLOWANCE } }], signal);
        stream.rest();
        return stream.response;
      },
    });
    await find('arena-prompt').setValue('電話 090-1234-5678 に連絡');
    await find('info-class-select').setValue('1');
    await wrapper.find('form').trigger('submit');
    await flushPromises();
    expect(document.body.querySelector('[data-testid="pii-findings"]')?.textContent).toContain('090-****-**78');
    (document.body.querySelector('[data-testid="pii-send"]') as HTMLButtonElement).click();
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => c.body)).toEqual([
      { prompt: '電話 090-1234-5678 に連絡', informationClass: 1 },
      { prompt: '電話 090-1234-5678 に連絡', informationClass: 1, confirmPii: true },
    ]);
  });
});
