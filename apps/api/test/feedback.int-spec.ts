import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorView, ConversationDetailView, RatingView } from '@gennai/contracts';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';
import { readEvents } from './support/sse';

/** Feedback on answers (issue #5, item 1): like/dislike with reason tags and a comment, the app and task category. */
describe('feedback on answers', () => {
  let api: TestApi;
  let alice: ApiClient;
  let aliceEn: ApiClient;
  let bob: ApiClient;
  beforeAll(async () => {
    api = await startTestApi();
    alice = new ApiClient(api.url, 'alice');
    aliceEn = new ApiClient(api.url, 'alice', 'en');
    bob = new ApiClient(api.url, 'bob');
  });
  afterAll(() => api?.close());

  /** A conversation with one complete answer from the echo model; returns the answer's id. */
  async function answered(client: ApiClient, content: string): Promise<{ conversationId: string; answerId: string }> {
    const conversation = await client.createConversation('echo');
    const events = await readEvents(await client.request('POST', `/api/conversations/${conversation.id}/messages`, { content }));
    expect(events[events.length - 1].event).toBe('done');
    const detail = await client.json<ConversationDetailView>('GET', `/api/conversations/${conversation.id}`);
    return { conversationId: conversation.id, answerId: detail.messages[1].id };
  }

  const storedRating = async (answerId: string) =>
    (await api.db.query('SELECT value, tags, comment, app, task_category, model_id FROM answer_ratings WHERE message_id = $1', [answerId])) as {
      value: string;
      tags: string[];
      comment: string | null;
      app: string;
      task_category: string | null;
      model_id: string;
    }[];

  it('stores reason tags and a comment with the app and the conversation’s task category, and shows them again', async () => {
    const { conversationId, answerId } = await answered(alice, '次の文章を英語に翻訳してください：本日は晴天なり');
    const rating = await alice.json<RatingView>('PUT', `/api/messages/${answerId}/rating`, {
      value: 'like',
      tags: ['natural_japanese', 'accurate', 'accurate'],
      comment: '訳が自然',
    });
    // Each tag once, in catalogue order, whatever order the chips were pressed in.
    expect(rating).toMatchObject({ value: 'like', tags: ['accurate', 'natural_japanese'], comment: '訳が自然' });
    expect(await storedRating(answerId)).toEqual([
      { value: 'like', tags: ['accurate', 'natural_japanese'], comment: '訳が自然', app: 'chat', task_category: 'translation', model_id: 'echo' },
    ]);
    const detail = await alice.json<ConversationDetailView>('GET', `/api/conversations/${conversationId}`);
    expect(detail.taskCategory).toBe('translation');
    expect(detail.messages[1].rating).toMatchObject({ value: 'like', tags: ['accurate', 'natural_japanese'], comment: '訳が自然' });
  });

  it('replaces value, tags and comment together when the rating is changed', async () => {
    const { answerId } = await answered(alice, '会議の議事録を3行で要約してください');
    await alice.json('PUT', `/api/messages/${answerId}/rating`, { value: 'like', tags: ['clear'], comment: '良い' });
    const changed = await alice.json<RatingView>('PUT', `/api/messages/${answerId}/rating`, { value: 'dislike', tags: ['too_long', 'ignored_instructions'] });
    expect(changed).toMatchObject({ value: 'dislike', tags: ['ignored_instructions', 'too_long'], comment: null });
    const cleared = await alice.json<RatingView>('PUT', `/api/messages/${answerId}/rating`, { value: 'dislike' });
    expect(cleared.tags).toEqual([]);
    expect(await storedRating(answerId)).toMatchObject([{ value: 'dislike', tags: [], comment: null, task_category: 'summarization' }]);
  });

  it('refuses a reason of the other polarity, naming it in Japanese and English, and stores nothing', async () => {
    const { answerId } = await answered(alice, '横須賀市の人口を教えて');
    const ja = await alice.request('PUT', `/api/messages/${answerId}/rating`, { value: 'like', tags: ['accurate', 'slow'], comment: '混在' });
    expect(ja.status).toBe(400);
    const jaBody = (await ja.json()) as ApiErrorView;
    expect(jaBody.code).toBe('rating_tag_not_allowed');
    expect(jaBody.message).toBe('「遅い」は「いいね」の理由として選べません。');
    const en = await aliceEn.request('PUT', `/api/messages/${answerId}/rating`, { value: 'dislike', tags: ['fast'] });
    expect(en.status).toBe(400);
    expect(((await en.json()) as ApiErrorView).message).toBe('"Fast" cannot be given as a reason for "Dislike".');
    expect(await storedRating(answerId)).toEqual([]);
  });

  it('refuses an unknown reason by its id and leaves an existing rating as it was', async () => {
    const { answerId } = await answered(alice, '予算要求の企画書の構成を考えて');
    await alice.json('PUT', `/api/messages/${answerId}/rating`, { value: 'like', tags: ['helpful'] });
    const refused = await alice.request('PUT', `/api/messages/${answerId}/rating`, { value: 'like', tags: ['amazing'] });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as ApiErrorView).message).toBe('「amazing」は「いいね」の理由として選べません。');
    expect(await storedRating(answerId)).toMatchObject([{ value: 'like', tags: ['helpful'] }]);
  });

  it('answers 404 for another user’s answer, as for one that does not exist, and stores nothing', async () => {
    const { answerId } = await answered(alice, '庁内向けのお知らせ文を書いて');
    const response = await bob.request('PUT', `/api/messages/${answerId}/rating`, { value: 'dislike', tags: ['unsafe'], comment: '荒らし' });
    expect(response.status).toBe(404);
    expect(((await response.json()) as ApiErrorView).code).toBe('not_found');
    expect(await storedRating(answerId)).toEqual([]);
  });
});
