import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorView, ConversationDetailView, ConversationPageView, ModelView, RatingView } from '@gennai/contracts';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';
import { readEvents } from './support/sse';

describe('chat, history and ratings', () => {
  let api: TestApi;
  let alice: ApiClient;
  let bob: ApiClient;
  beforeAll(async () => {
    api = await startTestApi();
    alice = new ApiClient(api.url, 'alice');
    bob = new ApiClient(api.url, 'bob');
  });
  afterAll(() => api?.close());

  const send = (client: ApiClient, conversationId: string, content: string) =>
    client.request('POST', `/api/conversations/${conversationId}/messages`, { content });

  it('lists the demo model, labelled as a demo, beside the configured models', async () => {
    const models = await alice.json<ModelView[]>('GET', '/api/models');
    expect(models.find((m) => m.id === 'demo')).toMatchObject({ demo: true, provider: 'demo' });
    expect(models.find((m) => m.id === 'echo')).toMatchObject({ demo: false, provider: 'openai-compatible', label: 'Echo (test)' });
  });

  it('streams an answer token by token, stores both messages and reopens the conversation', async () => {
    const conversation = await alice.createConversation('echo');
    const response = await send(alice, conversation.id, '横須賀市の人口を教えて');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = await readEvents(response);

    expect(events[0].event).toBe('accepted');
    const deltas = events.filter((e) => e.event === 'delta');
    expect(deltas.length).toBeGreaterThan(1);
    const last = events[events.length - 1];
    expect(last.event).toBe('done');
    const streamed = deltas.map((e) => (e.data as { text: string }).text).join('');
    expect(streamed).toContain('横須賀市の人口を教えて');

    const detail = await alice.json<ConversationDetailView>('GET', `/api/conversations/${conversation.id}`);
    expect(detail.title).toBe('横須賀市の人口を教えて');
    expect(detail.messages.map((m) => [m.role, m.status])).toEqual([
      ['user', 'complete'],
      ['assistant', 'complete'],
    ]);
    expect(detail.messages[1].content).toBe(streamed);
    expect(detail.messages[1].modelId).toBe('echo');
  });

  it('answers with the demo model offline', async () => {
    const conversation = await alice.createConversation('demo');
    const events = await readEvents(await send(alice, conversation.id, 'こんにちは'));
    expect(events[events.length - 1].event).toBe('done');
    const answer = events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text).join('');
    expect(answer).toMatch(/デモ/);
  });

  it('lists conversations newest first, with paging', async () => {
    const first = await alice.createConversation('echo');
    await readEvents(await send(alice, first.id, '一つ目'));
    const second = await alice.createConversation('echo');
    await readEvents(await send(alice, second.id, '二つ目'));
    const page = await alice.json<ConversationPageView>('GET', '/api/conversations?limit=1');
    expect(page.items.map((c) => c.id)).toEqual([second.id]);
    expect(page.nextBefore).not.toBeNull();
    const next = await alice.json<ConversationPageView>('GET', `/api/conversations?limit=1&before=${encodeURIComponent(page.nextBefore!)}`);
    expect(next.items.map((c) => c.id)).toEqual([first.id]);
  });

  it('keeps the user message when the model fails, shows a retryable error, and retries', async () => {
    const conversation = await alice.createConversation('broken');
    const events = await readEvents(await send(alice, conversation.id, '失敗するはずの質問'));
    const failed = events[events.length - 1];
    expect(failed.event).toBe('failed');
    const message = (failed.data as { message: { id: string; error: { code: string; message: string; retryable: boolean } } }).message;
    expect(message.error).toMatchObject({ code: 'upstream_unavailable', retryable: true });
    expect(message.error.message).toContain('再試行');

    const detail = await alice.json<ConversationDetailView>('GET', `/api/conversations/${conversation.id}`);
    expect(detail.messages.map((m) => [m.role, m.status, m.content])).toEqual([
      ['user', 'complete', '失敗するはずの質問'],
      ['assistant', 'failed', ''],
    ]);

    const retry = await readEvents(await alice.request('POST', `/api/conversations/${conversation.id}/messages/${message.id}/retry`));
    expect(retry[0].event).toBe('accepted');
    expect(retry[retry.length - 1].event).toBe('failed');
    const after = await alice.json<ConversationDetailView>('GET', `/api/conversations/${conversation.id}`);
    expect(after.messages).toHaveLength(2);
  });

  it('reports a rate-limited and a timed-out model in the user language', async () => {
    const busy = await alice.createConversation('busy');
    const busyEvents = await readEvents(await send(alice, busy.id, '混雑'));
    expect((busyEvents.at(-1)!.data as { message: { error: { code: string } } }).message.error.code).toBe('upstream_rate_limited');

    const english = new ApiClient(api.url, 'alice', 'en');
    const stuck = await english.createConversation('stuck');
    const stuckEvents = await readEvents(await english.request('POST', `/api/conversations/${stuck.id}/messages`, { content: 'hello?' }));
    const error = (stuckEvents.at(-1)!.data as { message: { error: { code: string; message: string } } }).message.error;
    expect(error.code).toBe('upstream_timeout');
    expect(error.message).toBe('The model did not answer in time. Please retry.');
  });

  it('commits the user message and a pending answer before the model answers', async () => {
    const conversation = await alice.createConversation('stuck');
    const response = await send(alice, conversation.id, '保存されているはず');
    // While the model is still silent, both rows are already in the database.
    const rows = await api.db.query('SELECT role, status, content FROM messages WHERE conversation_id = $1 ORDER BY created_at', [conversation.id]);
    expect(rows).toEqual([
      { role: 'user', status: 'complete', content: '保存されているはず' },
      { role: 'assistant', status: 'pending', content: '' },
    ]);
    const second = await send(alice, conversation.id, '待てない');
    expect(second.status).toBe(409);
    expect(((await second.json()) as ApiErrorView).code).toBe('answer_in_progress');
    await readEvents(response);
  });

  it('keeps and labels the partial answer when the stream is cut', async () => {
    const conversation = await alice.createConversation('cut');
    const events = await readEvents(await send(alice, conversation.id, '途中で切れる長めの回答をください'));
    const streamed = events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text).join('');
    const last = events.at(-1)!;
    expect(last.event).toBe('failed');
    const message = (last.data as { message: { content: string; status: string; error: { code: string; retryable: boolean } } }).message;
    expect(streamed.length).toBeGreaterThan(0);
    expect(message).toMatchObject({ status: 'failed', content: streamed, error: { code: 'upstream_bad_response', retryable: true } });
  });

  it('refuses to retry an answer that did not fail', async () => {
    const conversation = await alice.createConversation('echo');
    const events = await readEvents(await send(alice, conversation.id, '成功'));
    const answer = (events.at(-1)!.data as { message: { id: string } }).message;
    const response = await alice.request('POST', `/api/conversations/${conversation.id}/messages/${answer.id}/retry`);
    expect(response.status).toBe(409);
    expect(((await response.json()) as ApiErrorView).code).toBe('message_not_retryable');
  });

  it('stores one changeable rating per user per answer, with the model that answered', async () => {
    const conversation = await alice.createConversation('echo');
    const events = await readEvents(await send(alice, conversation.id, '評価してください'));
    const answerId = (events.at(-1)!.data as { message: { id: string } }).message.id;

    const liked = await alice.json<RatingView>('PUT', `/api/messages/${answerId}/rating`, { value: 'like' });
    expect(liked).toMatchObject({ value: 'like', comment: null });
    const changed = await alice.json<RatingView>('PUT', `/api/messages/${answerId}/rating`, { value: 'dislike', comment: '数字が古い' });
    expect(changed).toMatchObject({ value: 'dislike', comment: '数字が古い' });

    const rows = await api.db.query('SELECT value, comment, model_id FROM answer_ratings WHERE message_id = $1', [answerId]);
    expect(rows).toEqual([{ value: 'dislike', comment: '数字が古い', model_id: 'echo' }]);
    const detail = await alice.json<ConversationDetailView>('GET', `/api/conversations/${conversation.id}`);
    expect(detail.messages[1].rating).toMatchObject({ value: 'dislike', comment: '数字が古い' });

    expect((await alice.request('DELETE', `/api/messages/${answerId}/rating`)).status).toBe(204);
    expect(await api.db.query('SELECT 1 FROM answer_ratings WHERE message_id = $1', [answerId])).toEqual([]);

    const userMessageId = detail.messages[0].id;
    const notAnAnswer = await alice.request('PUT', `/api/messages/${userMessageId}/rating`, { value: 'like' });
    expect(notAnAnswer.status).toBe(400);
  });

  it('never shows, continues or rates another user’s conversation (404, nothing revealed)', async () => {
    const conversation = await alice.createConversation('echo');
    const events = await readEvents(await send(alice, conversation.id, '秘密の相談'));
    const answerId = (events.at(-1)!.data as { message: { id: string } }).message.id;
    const before = await api.db.query('SELECT count(*)::int AS n FROM messages');

    const read = await bob.request('GET', `/api/conversations/${conversation.id}`);
    expect(read.status).toBe(404);
    const body = (await read.json()) as ApiErrorView;
    expect(body.message).toBe('会話が見つかりません。');
    expect(JSON.stringify(body)).not.toContain('秘密');
    expect((await send(bob, conversation.id, '覗き見')).status).toBe(404);
    expect((await bob.request('PUT', `/api/messages/${answerId}/rating`, { value: 'dislike' })).status).toBe(404);
    expect((await bob.request('DELETE', `/api/messages/${answerId}/rating`)).status).toBe(404);
    expect((await bob.request('POST', `/api/conversations/${conversation.id}/messages/${answerId}/retry`)).status).toBe(404);
    const list = await bob.json<ConversationPageView>('GET', '/api/conversations');
    expect(list.items.map((c) => c.id)).not.toContain(conversation.id);

    expect(await api.db.query('SELECT count(*)::int AS n FROM messages')).toEqual(before);
    expect(await api.db.query('SELECT 1 FROM answer_ratings WHERE message_id = $1', [answerId])).toEqual([]);
  });
});
