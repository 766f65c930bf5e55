import type { ChatStreamEvent, ConversationDetailView, ModelView, QuotaStatusView } from '@gennai/contracts';
import { flushPromises } from '@vue/test-utils';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeApi, sseResponse } from '../../testing/fake-api';
import { mountWithApp } from '../../testing/mount-app';
import { useHistoryStore } from '../history/history.store';
import { CONVERSATION, DEMO_MODEL, MESSAGES_PATH, messageView } from '../../testing/chat-fixtures';
import ChatPage from './ChatPage.vue';

const MODELS: ModelView[] = [
  DEMO_MODEL,
  { id: 'echo', label: 'Echo テストモデル', provider: 'openai-compatible', demo: false, maxInformationClass: 1, vendor: null, domestic: false, capabilities: ['streaming'], contextLength: null, maxOutputTokens: null },
];
const QUESTION = '横須賀市の子育て支援制度を三つ教えてください';

const message = messageView;
const userMessage = message({ id: '0193a000-0000-7000-8000-0000000000u1', role: 'user', content: QUESTION, status: 'complete', modelId: null });
const pending = message({});
const accepted: ChatStreamEvent = { event: 'accepted', data: { userMessage, assistantMessage: pending } };

const select = (wrapper: Awaited<ReturnType<typeof mountWithApp>>['wrapper'], testId: string) => wrapper.find(`[data-testid="${testId}"]`);

describe('ChatPage', () => {
  beforeEach(() => localStorage.clear());

  it('labels the demo model as a demo in the picker, with a badge and a notice in the chat', async () => {
    fakeApi({ 'GET /api/models': () => Response.json(MODELS) });
    const { wrapper } = await mountWithApp(ChatPage);
    const options = select(wrapper, 'model-select').findAll('option').map((o) => o.text());
    expect(options).toEqual(['デモモデル（デモ） ・ 機密性3', 'Echo テストモデル ・ 機密性1']);
    expect(select(wrapper, 'demo-badge').text()).toBe('デモ');
    expect(select(wrapper, 'demo-notice').text()).toContain('実際の大規模言語モデル（LLM）によるものではありません');

    await select(wrapper, 'model-select').setValue('echo');
    expect(select(wrapper, 'demo-badge').exists()).toBe(false);
    expect(select(wrapper, 'demo-notice').exists()).toBe(false);
    wrapper.unmount();
  });

  it('creates the conversation on the first send and shows the answer as it streams', async () => {
    const events: ChatStreamEvent[] = [
      accepted,
      { event: 'delta', data: { text: '一つ目は' } },
      { event: 'delta', data: { text: '児童手当です。\n二つ目は…' } },
      { event: 'done', data: { message: message({ content: '一つ目は児童手当です。\n二つ目は…', status: 'complete' }) } },
    ];
    let stream!: ReturnType<typeof sseResponse>;
    const api = fakeApi({
      'GET /api/models': () => Response.json(MODELS),
      'POST /api/conversations': () => Response.json(CONVERSATION, { status: 201 }),
      [`POST ${MESSAGES_PATH}`]: (_call, signal) => (stream = sseResponse(events, signal)).response,
    });
    const { wrapper, router } = await mountWithApp(ChatPage);

    await select(wrapper, 'composer-input').setValue(QUESTION);
    await select(wrapper, 'composer-input').trigger('keydown', { key: 'Enter' });
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'POST').map((c) => [c.path, c.body])).toEqual([
      ['/api/conversations', { modelId: 'demo' }],
      [MESSAGES_PATH, { content: QUESTION }],
    ]);
    expect(router.currentRoute.value.fullPath).toBe(`/c/${CONVERSATION.id}`);
    expect((select(wrapper, 'composer-input').element as HTMLTextAreaElement).value).toBe('');

    stream.next();
    await flushPromises();
    expect(select(wrapper, 'message-user').text()).toContain(QUESTION);
    const answer = () => select(wrapper, 'message-assistant');
    expect(answer().attributes('data-status')).toBe('pending');
    expect(select(wrapper, 'stop').exists()).toBe(true);
    expect(useHistoryStore().items[0]).toMatchObject({ id: CONVERSATION.id, title: QUESTION.slice(0, 40) });

    stream.next();
    await flushPromises();
    expect(answer().find('.message__content').text()).toBe('一つ目は');
    expect(select(wrapper, 'chat-announcement').text()).toBe('');

    stream.rest();
    await flushPromises();
    expect(answer().attributes('data-status')).toBe('complete');
    expect(answer().find('.message__content').element.textContent).toBe('一つ目は児童手当です。\n二つ目は…');
    expect(select(wrapper, 'chat-announcement').text()).toBe('回答が完了しました。');
    expect(select(wrapper, 'rate-like').exists()).toBe(true);
    expect(select(wrapper, 'send').exists()).toBe(true);
    wrapper.unmount();
  });

  it('shows why an answer failed and writes it again on 再試行', async () => {
    const failure = { code: 'upstream_timeout', message: 'モデルの応答が時間内にありませんでした。再試行してください。', retryable: true };
    const detail: ConversationDetailView = { ...CONVERSATION, title: QUESTION, messages: [userMessage, message({ status: 'failed', content: '途中', error: failure })] };
    const api = fakeApi({
      'GET /api/models': () => Response.json(MODELS),
      [`GET /api/conversations/${CONVERSATION.id}`]: () => Response.json(detail),
      [`POST ${MESSAGES_PATH}/${pending.id}/retry`]: (_call, signal) => {
        const stream = sseResponse(
          [accepted, { event: 'delta', data: { text: '再試行した回答' } }, { event: 'done', data: { message: message({ content: '再試行した回答', status: 'complete' }) } }],
          signal,
        );
        stream.rest();
        return stream.response;
      },
    });
    const { wrapper } = await mountWithApp(ChatPage, { path: `/c/${CONVERSATION.id}`, props: { id: CONVERSATION.id } });
    expect(wrapper.get('h1').text()).toBe(QUESTION);
    expect(select(wrapper, 'model-select').attributes('disabled')).toBeDefined();
    expect(select(wrapper, 'message-assistant').attributes('data-status')).toBe('failed');
    expect(select(wrapper, 'message-error').text()).toBe(failure.message);

    await select(wrapper, 'retry').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.method === 'POST').at(-1)).toMatchObject({ method: 'POST', path: `${MESSAGES_PATH}/${pending.id}/retry` });
    expect(wrapper.findAll('[data-testid="message-assistant"]')).toHaveLength(1);
    expect(select(wrapper, 'message-assistant').attributes('data-status')).toBe('complete');
    expect(select(wrapper, 'message-assistant').text()).toContain('再試行した回答');
    expect(select(wrapper, 'message-error').exists()).toBe(false);
    wrapper.unmount();
  });

  it('shows a retried answer as being written at once, and puts it back when the retry is refused', async () => {
    const failure = { code: 'upstream_unavailable', message: 'モデルに接続できませんでした。再試行してください。', retryable: true };
    const detail: ConversationDetailView = { ...CONVERSATION, title: QUESTION, messages: [userMessage, message({ status: 'failed', content: '', error: failure })] };
    let stream!: ReturnType<typeof sseResponse>;
    let refuse = false;
    fakeApi({
      'GET /api/models': () => Response.json(MODELS),
      [`GET /api/conversations/${CONVERSATION.id}`]: () => Response.json(detail),
      [`POST ${MESSAGES_PATH}/${pending.id}/retry`]: (_call, signal) =>
        refuse
          ? Response.json({ statusCode: 429, code: 'quota_exceeded', message: '利用上限（1日 5回）に達しました。' }, { status: 429 })
          : (stream = sseResponse([accepted], signal)).response,
    });
    const { wrapper } = await mountWithApp(ChatPage, { path: `/c/${CONVERSATION.id}`, props: { id: CONVERSATION.id } });

    await select(wrapper, 'retry').trigger('click');
    expect(select(wrapper, 'message-assistant').attributes('data-status')).toBe('pending');
    expect(select(wrapper, 'retry').exists()).toBe(false);
    expect(select(wrapper, 'message-error').exists()).toBe(false);
    await flushPromises();
    await select(wrapper, 'stop').trigger('click');
    await flushPromises();
    expect(stream).toBeDefined();
    expect(select(wrapper, 'message-assistant').attributes('data-status')).toBe('failed');

    refuse = true;
    await select(wrapper, 'retry').trigger('click');
    await flushPromises();
    expect(select(wrapper, 'chat-error').text()).toBe('利用上限（1日 5回）に達しました。');
    expect(select(wrapper, 'message-assistant').attributes('data-status')).toBe('failed');
    expect(select(wrapper, 'retry').exists()).toBe(true);
    wrapper.unmount();
  });

  it('stops a streaming answer and offers to retry it', async () => {
    let stream!: ReturnType<typeof sseResponse>;
    fakeApi({
      'GET /api/models': () => Response.json(MODELS),
      'POST /api/conversations': () => Response.json(CONVERSATION, { status: 201 }),
      [`POST ${MESSAGES_PATH}`]: (_call, signal) => (stream = sseResponse([accepted, { event: 'delta', data: { text: '書きかけ' } }], signal)).response,
    });
    const { wrapper } = await mountWithApp(ChatPage);
    await select(wrapper, 'composer-input').setValue(QUESTION);
    await select(wrapper, 'send').trigger('click');
    await flushPromises();
    stream.next();
    stream.next();
    await flushPromises();

    await select(wrapper, 'stop').trigger('click');
    await flushPromises();
    expect(select(wrapper, 'message-assistant').attributes('data-status')).toBe('failed');
    expect(select(wrapper, 'message-assistant').text()).toContain('書きかけ');
    expect(select(wrapper, 'message-error').text()).toBe('回答の生成を停止しました。再試行できます。');
    expect(select(wrapper, 'retry').exists()).toBe(true);
    expect(select(wrapper, 'chat-announcement').text()).toBe('回答の生成を停止しました。');
    wrapper.unmount();
  });

  it("shows the API's refusal and gives the message back to edit", async () => {
    const refusal = { statusCode: 400, code: 'message_too_long', message: 'メッセージが長すぎます（10文字まで、現在23文字）。' };
    fakeApi({
      'GET /api/models': () => Response.json(MODELS),
      'POST /api/conversations': () => Response.json(CONVERSATION, { status: 201 }),
      [`POST ${MESSAGES_PATH}`]: () => Response.json(refusal, { status: 400 }),
    });
    const { wrapper } = await mountWithApp(ChatPage);
    await select(wrapper, 'composer-input').setValue(QUESTION);
    await select(wrapper, 'send').trigger('click');
    await flushPromises();
    expect(select(wrapper, 'chat-error').text()).toBe(refusal.message);
    expect(select(wrapper, 'chat-error').attributes('role')).toBe('alert');
    expect((select(wrapper, 'composer-input').element as HTMLTextAreaElement).value).toBe(QUESTION);
    wrapper.unmount();
  });

  it('reopens a conversation with the saved rating pressed, its reasons and its task category', async () => {
    const rated = message({ status: 'complete', content: '回答', rating: { value: 'like', tags: ['accurate'], comment: null, updatedAt: '2026-11-28T10:01:00.000Z' } });
    fakeApi({
      'GET /api/models': () => Response.json(MODELS),
      [`GET /api/conversations/${CONVERSATION.id}`]: () => Response.json({ ...CONVERSATION, title: QUESTION, taskCategory: 'translation', messages: [userMessage, rated] }),
    });
    const { wrapper } = await mountWithApp(ChatPage, { path: `/c/${CONVERSATION.id}`, props: { id: CONVERSATION.id } });
    expect(select(wrapper, 'rate-like').attributes('aria-pressed')).toBe('true');
    expect(select(wrapper, 'rate-dislike').attributes('aria-pressed')).toBe('false');
    expect(select(wrapper, 'rating-saved-reasons').text()).toBe('理由：正確');
    expect(select(wrapper, 'task-category-chip').text()).toBe('分類：翻訳');
    wrapper.unmount();
  });
  it('shows the remaining allowance, and refreshes it after each answer', async () => {
    const allowance = (remainingRequests: number, remainingTokens: number): QuotaStatusView => ({
      rateLimitPerMinute: null,
      allowances: [{ scope: 'user', period: 'day', maxRequests: 50, maxTokens: 200000, usedRequests: 50 - remainingRequests, usedTokens: 200000 - remainingTokens, remainingRequests, remainingTokens, resetsAt: '2026-11-29T00:00:00+09:00' }],
    });
    let quota = allowance(42, 120000);
    let stream!: ReturnType<typeof sseResponse>;
    const done: ChatStreamEvent = { event: 'done', data: { message: message({ content: '回答', status: 'complete' }) } };
    fakeApi({
      'GET /api/models': () => Response.json(MODELS),
      'GET /api/me/quota': () => Response.json(quota),
      'POST /api/conversations': () => Response.json(CONVERSATION, { status: 201 }),
      [`POST ${MESSAGES_PATH}`]: (_call, signal) => (stream = sseResponse([accepted, done], signal)).response,
    });
    const { wrapper } = await mountWithApp(ChatPage);
    expect(select(wrapper, 'quota-status').text()).toBe('あなた・今日: 残り 42回 / 120,000トークン');
    expect(select(wrapper, 'quota-status').attributes('aria-label')).toBe('利用できる残り');

    await select(wrapper, 'composer-input').setValue(QUESTION);
    await select(wrapper, 'send').trigger('click');
    await flushPromises();
    quota = allowance(41, 119500);
    stream.rest();
    await flushPromises();
    expect(select(wrapper, 'quota-status').text()).toBe('あなた・今日: 残り 41回 / 119,500トークン');
    wrapper.unmount();
  });

  it('shows nothing about allowances when no limit applies', async () => {
    fakeApi({ 'GET /api/models': () => Response.json(MODELS), 'GET /api/me/quota': () => Response.json({ allowances: [], rateLimitPerMinute: 60 }) });
    const { wrapper } = await mountWithApp(ChatPage);
    expect(select(wrapper, 'quota-status').exists()).toBe(false);
    wrapper.unmount();
  });

  it('says clearly, in the API’s words, when the allowance is used up', async () => {
    const refusal = { statusCode: 429, code: 'quota_exceeded', message: '利用上限（1日 50回）に達しました。11月29日 0:00 に再び利用できます。' };
    fakeApi({
      'GET /api/models': () => Response.json(MODELS),
      'POST /api/conversations': () => Response.json(CONVERSATION, { status: 201 }),
      [`POST ${MESSAGES_PATH}`]: () => Response.json(refusal, { status: 429, headers: { 'Retry-After': '3600' } }),
    });
    const { wrapper } = await mountWithApp(ChatPage);
    await select(wrapper, 'composer-input').setValue(QUESTION);
    await select(wrapper, 'send').trigger('click');
    await flushPromises();
    expect(select(wrapper, 'chat-error').text()).toBe(refusal.message);
    expect(select(wrapper, 'chat-error').attributes('role')).toBe('alert');
    wrapper.unmount();
  });

  it('lets the user choose 機密性, disabling and explaining the models that may not receive it', async () => {
    const PLAMO: ModelView = { ...MODELS[1], id: 'plamo', label: 'PLaMo', vendor: 'Preferred Networks', domestic: true, maxInformationClass: 2 };
    const api = fakeApi({
      'GET /api/models': () => Response.json([MODELS[1], PLAMO, MODELS[0]]),
      'POST /api/conversations': () => Response.json({ ...CONVERSATION, modelId: 'plamo' }, { status: 201 }),
      [`POST ${MESSAGES_PATH}`]: (_call, signal) => sseResponse([accepted], signal).response,
    });
    const { wrapper } = await mountWithApp(ChatPage);
    const option = (id: string) => select(wrapper, 'model-select').find(`option[value="${id}"]`);
    expect(option('plamo').text()).toBe('PLaMo ・ 国産 ・ 機密性2');
    expect(select(wrapper, 'info-class-select').find('option:checked').text()).toBe('組織の既定');
    expect(select(wrapper, 'model-class-hint').exists()).toBe(false);

    await select(wrapper, 'info-class-select').setValue('2');
    expect(option('echo').attributes('disabled')).toBeDefined();
    expect(option('echo').text()).toContain('この機密性では使えません');
    expect(option('plamo').attributes('disabled')).toBeUndefined();
    expect(select(wrapper, 'model-class-hint').text()).toBe('Echo テストモデルは機密性1までの情報しか扱えないため、選べません。');
    expect(select(wrapper, 'model-select').attributes('aria-describedby')).toBe('model-class-hint');
    // The model that was selected (echo) may not receive class 2, so an allowed one is selected instead.
    expect((select(wrapper, 'model-select').element as HTMLSelectElement).value).toBe('plamo');
    expect(select(wrapper, 'info-class-hint').text()).toContain('公開前の資料');

    await select(wrapper, 'composer-input').setValue(QUESTION);
    await select(wrapper, 'send').trigger('click');
    await flushPromises();
    expect(api.calls.find((c) => c.path === '/api/conversations')?.body).toEqual({ modelId: 'plamo', informationClass: 2 });
    expect(select(wrapper, 'conversation-class').text()).toBe('この会話の機密性: 機密性2');
    expect(select(wrapper, 'info-class-select').exists()).toBe(false);
    wrapper.unmount();
  });
});
