import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorView } from '@gennai/contracts';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';

/** Each bad request gets a clear 4xx in the user's language, and writes nothing. */
describe('bad input', () => {
  let api: TestApi;
  let alice: ApiClient;
  let conversationId: string;
  beforeAll(async () => {
    api = await startTestApi();
    alice = new ApiClient(api.url, 'alice');
    conversationId = (await alice.createConversation('echo')).id;
  });
  afterAll(() => api?.close());

  const counts = async () =>
    (await api.db.query(
      `SELECT (SELECT count(*) FROM conversations)::int AS conversations, (SELECT count(*) FROM messages)::int AS messages,
              (SELECT count(*) FROM answer_ratings)::int AS ratings`,
    ))[0];

  async function expectRefused(response: Response, status: number, code: string): Promise<ApiErrorView> {
    const body = (await response.json()) as ApiErrorView;
    expect({ status: response.status, code: body.code }).toEqual({ status, code });
    expect(body.message.length).toBeGreaterThan(0);
    return body;
  }

  it('refuses malformed JSON', async () => {
    const before = await counts();
    const body = await expectRefused(
      await alice.request('POST', `/api/conversations/${conversationId}/messages`, '{"content": "途中で切れた'),
      400,
      'malformed_json',
    );
    expect(body.message).toBe('リクエスト本文が正しいJSONではありません。');
    expect(await counts()).toEqual(before);
  });

  it('refuses unknown fields and names them', async () => {
    const before = await counts();
    const body = await expectRefused(
      await alice.request('POST', '/api/conversations', { modelId: 'echo', owner: 'someone-else' }),
      400,
      'validation_failed',
    );
    expect(body.details).toEqual([{ field: 'owner', message: 'owner: 不明な項目です' }]);
    expect(await counts()).toEqual(before);
  });

  it('refuses an empty or blank message', async () => {
    const before = await counts();
    for (const content of ['', '   \n ']) {
      const body = await expectRefused(
        await alice.request('POST', `/api/conversations/${conversationId}/messages`, { content }),
        400,
        'validation_failed',
      );
      expect(body.details?.[0].field).toBe('content');
    }
    const missing = await expectRefused(await alice.request('POST', `/api/conversations/${conversationId}/messages`, {}), 400, 'validation_failed');
    expect(missing.details?.[0].message).toBe('content: 必須です');
    expect(await counts()).toEqual(before);
  });

  it('refuses a message over the configured limit, saying the limit', async () => {
    const before = await counts();
    const body = await expectRefused(
      await alice.request('POST', `/api/conversations/${conversationId}/messages`, { content: 'あ'.repeat(201) }),
      400,
      'message_too_long',
    );
    expect(body.message).toBe('メッセージが長すぎます（200文字まで、現在201文字）。');
    expect(await counts()).toEqual(before);
  });

  it('refuses an unknown model', async () => {
    const before = await counts();
    const body = await expectRefused(await alice.request('POST', '/api/conversations', { modelId: 'gpt-17' }), 400, 'unknown_model');
    expect(body.message).toBe('モデル「gpt-17」は利用できません。');
    expect(await counts()).toEqual(before);
  });

  it('answers 404 for ids that name nothing, malformed ones included', async () => {
    const before = await counts();
    await expectRefused(await alice.request('GET', '/api/conversations/00000000-0000-7000-8000-000000000000'), 404, 'not_found');
    await expectRefused(await alice.request('GET', '/api/conversations/not-a-uuid'), 404, 'not_found');
    await expectRefused(await alice.request('PUT', '/api/messages/not-a-uuid/rating', { value: 'like' }), 404, 'not_found');
    await expectRefused(await alice.request('GET', '/api/no-such-route'), 404, 'route_not_found');
    expect(await counts()).toEqual(before);
  });

  it('refuses a rating with an unknown value, listing the allowed ones', async () => {
    const body = await expectRefused(
      await alice.request('PUT', '/api/messages/00000000-0000-7000-8000-000000000000/rating', { value: 'love' }),
      400,
      'validation_failed',
    );
    expect(body.details?.[0].message).toBe('value: 使用できる値: like, dislike');
  });

  it('refuses a body that is not JSON', async () => {
    const response = await alice.request('POST', '/api/conversations', 'modelId=echo', { 'Content-Type': 'application/x-www-form-urlencoded' });
    await expectRefused(response, 415, 'unsupported_media_type');
  });
});
