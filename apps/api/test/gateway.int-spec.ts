import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorView, ConversationDetailView, ConversationSummaryView, MessageView, ModelView } from '@gennai/contracts';
import { expectedAnswer, startOpenAiTestServer, type OpenAiTestServer } from '../../../tools/testing/openai-test-server.mjs';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';
import { readEvents } from './support/sse';

const UPSTREAM_KEY = 'sk-upstream-never-shown-1234567890';

const send = (client: ApiClient, conversationId: string, content: string) =>
  client.request('POST', `/api/conversations/${conversationId}/messages`, { content });

async function answerOf(response: Response): Promise<MessageView> {
  const events = await readEvents(response);
  const last = events[events.length - 1];
  expect(['done', 'failed']).toContain(last.event);
  return (last.data as { message: MessageView }).message;
}

/** The usage records of the test database, once the batch writer has flushed them. */
async function usageRecords(api: TestApi, where: string, expected: number) {
  for (let i = 0; i < 100; i++) {
    const rows = (await api.db.query(`SELECT * FROM usage_records WHERE ${where} ORDER BY created_at`)) as Record<string, unknown>[];
    if (rows.length >= expected) return rows;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`expected ${expected} usage records where ${where}`);
}

describe('model gateway: routing, fallback and policies through the chat', () => {
  let api: TestApi;
  let llm: OpenAiTestServer;
  let alice: ApiClient;
  beforeAll(async () => {
    llm = await startOpenAiTestServer({ apiKey: UPSTREAM_KEY });
    const base = llm.baseUrl;
    api = await startTestApi({
      GENNAI_USAGE_FLUSH_MS: '50',
      GENNAI_RETRY_BASE_DELAY_MS: '10',
      UPSTREAM_KEY,
      GENNAI_MODELS: JSON.stringify([
        // A busy first endpoint with all the weight, and an idle standby (weight 0) behind it.
        { id: 'busy-then-ok', label: 'Busy then OK', apiKeyEnv: undefined, deployments: [
          { baseUrl: base, model: 'test-429', apiKeyEnv: 'UPSTREAM_KEY', weight: 100 },
          { baseUrl: base, model: 'test-model', apiKeyEnv: 'UPSTREAM_KEY', weight: 0 },
        ] },
        { id: 'down-then-ok', label: 'Down then OK', deployments: [
          { baseUrl: base, model: 'test-500', apiKeyEnv: 'UPSTREAM_KEY', weight: 100 },
          { baseUrl: base, model: 'test-model', apiKeyEnv: 'UPSTREAM_KEY', weight: 0 },
        ] },
        { id: 'primary', label: 'Primary (always down)', baseUrl: base, model: 'test-500', apiKeyEnv: 'UPSTREAM_KEY', fallbackModelIds: ['backup'] },
        { id: 'backup', label: 'Backup', baseUrl: base, model: 'test-model', apiKeyEnv: 'UPSTREAM_KEY', vendor: 'Test', domestic: true },
        { id: 'cut-off', label: 'Cut off', baseUrl: base, model: 'test-cut', apiKeyEnv: 'UPSTREAM_KEY' },
        { id: 'malformed', label: 'Malformed', baseUrl: base, model: 'test-malformed', apiKeyEnv: 'UPSTREAM_KEY' },
        { id: 'public-only', label: 'Public information only', baseUrl: base, model: 'test-model', apiKeyEnv: 'UPSTREAM_KEY', maxInformationClass: 1 },
        { id: 'secret-ok', label: 'Cleared for class 3', baseUrl: base, model: 'test-model', apiKeyEnv: 'UPSTREAM_KEY', maxInformationClass: 3, fallbackModelIds: ['public-only'] },
      ]),
    });
    alice = new ApiClient(api.url, 'alice');
    // These tests use 機密性3, which an organisation must have enabled (docs/operator/pii-guard.md).
    await alice.json('GET', '/api/me');
    await api.db.query(`UPDATE organizations SET confidential_class_enabled = true WHERE slug = 'digital-agency'`);
  });
  afterAll(async () => {
    await api?.close();
    await llm?.close();
  });

  it('falls over to the next deployment on a 429 and the user sees one clean answer', async () => {
    const conversation = await alice.createConversation('busy-then-ok');
    const answer = await answerOf(await send(alice, conversation.id, '住民票の写しの請求方法'));
    expect(answer).toMatchObject({ status: 'complete', content: expectedAnswer('住民票の写しの請求方法'), modelId: 'busy-then-ok' });
    const [record] = await usageRecords(api, `requested_model_id = 'busy-then-ok'`, 1);
    const attempts = record.attempts as { outcome: string; httpStatus: number | null }[];
    expect(attempts.map((a) => a.outcome)).toEqual(['upstream_rate_limited', 'ok']);
    expect(attempts[0].httpStatus).toBe(429);
    expect(record).toMatchObject({ outcome: 'complete', app: 'chat', model_id: 'busy-then-ok', deployment_id: 'config:busy-then-ok:1' });
  });

  it('falls over to the next deployment on a 500', async () => {
    const conversation = await alice.createConversation('down-then-ok');
    const answer = await answerOf(await send(alice, conversation.id, '窓口の受付時間'));
    expect(answer).toMatchObject({ status: 'complete', content: expectedAnswer('窓口の受付時間') });
  });

  it('answers from the fallback model when every deployment fails, and credits that model', async () => {
    const conversation = await alice.createConversation('primary');
    const answer = await answerOf(await send(alice, conversation.id, '防災計画の要点'));
    expect(answer).toMatchObject({ status: 'complete', content: expectedAnswer('防災計画の要点'), modelId: 'backup' });
    const detail = await alice.json<ConversationDetailView>('GET', `/api/conversations/${conversation.id}`);
    expect(detail.messages[1].modelId).toBe('backup');
    const [record] = await usageRecords(api, `requested_model_id = 'primary'`, 1);
    expect(record).toMatchObject({ model_id: 'backup', outcome: 'complete' });
  });

  it('keeps and labels the partial answer of a stream cut mid-way, without retrying after the first token', async () => {
    const before = llm.requests.filter((r) => r.body?.model === 'test-cut').length;
    const conversation = await alice.createConversation('cut-off');
    const answer = await answerOf(await send(alice, conversation.id, '長い説明をお願いします'));
    expect(answer.status).toBe('failed');
    expect(answer.content.length).toBeGreaterThan(0);
    expect(answer.error).toMatchObject({ code: 'upstream_bad_response', retryable: true });
    expect(llm.requests.filter((r) => r.body?.model === 'test-cut').length - before).toBe(1);
  });

  it('survives a malformed provider response and keeps serving', async () => {
    const conversation = await alice.createConversation('malformed');
    const answer = await answerOf(await send(alice, conversation.id, 'テスト'));
    expect(answer).toMatchObject({ status: 'failed', error: { code: 'upstream_bad_response' } });
    const next = await alice.createConversation('backup');
    expect(await answerOf(await send(alice, next.id, '次の質問'))).toMatchObject({ status: 'complete' });
  });

  it('refuses a conversation whose information class is above the model’s ceiling, saying why', async () => {
    const refused = await alice.request('POST', '/api/conversations', { modelId: 'public-only', informationClass: 2 });
    expect(refused.status).toBe(403);
    const body = (await refused.json()) as ApiErrorView;
    expect(body.code).toBe('information_class_exceeded');
    expect(body.message).toContain('機密性2');
    expect(body.message).toContain('機密性1');

    const english = new ApiClient(api.url, 'alice', 'en');
    const refusedEn = (await (await english.request('POST', '/api/conversations', { modelId: 'public-only', informationClass: 3 })).json()) as ApiErrorView;
    expect(refusedEn.message).toContain('information class 3');

    const allowed = await alice.json<ConversationSummaryView>('POST', '/api/conversations', { modelId: 'public-only', informationClass: 1 });
    expect(allowed.informationClass).toBe(1);
    const records = await usageRecords(api, `outcome = 'refused' AND error_code = 'information_class_exceeded'`, 2);
    expect(records[0]).toMatchObject({ requested_model_id: 'public-only', input_tokens: 0 });
  });

  it('gives new conversations the organisation’s information class by default', async () => {
    const conversation = await alice.createConversation('backup');
    expect(conversation.informationClass).toBe(2);
  });

  it('never falls back to a model below the conversation’s class', async () => {
    const conversation = await alice.json<ConversationSummaryView>('POST', '/api/conversations', { modelId: 'secret-ok', informationClass: 3 });
    expect(conversation.informationClass).toBe(3);
    const answer = await answerOf(await send(alice, conversation.id, '機密の相談'));
    expect(answer).toMatchObject({ status: 'complete', modelId: 'secret-ok' });
  });

  it('lists models with their ceilings and never shows an endpoint or a key', async () => {
    const response = await alice.request('GET', '/api/models');
    const text = await response.text();
    expect(text).not.toContain(UPSTREAM_KEY);
    expect(text).not.toContain(llm.baseUrl);
    const models = JSON.parse(text) as ModelView[];
    expect(models.find((m) => m.id === 'public-only')).toMatchObject({ maxInformationClass: 1 });
    expect(models.find((m) => m.id === 'backup')).toMatchObject({ vendor: 'Test', domestic: true, maxInformationClass: 2 });
    expect(models.find((m) => m.id === 'demo')).toMatchObject({ maxInformationClass: 3, demo: true });
  });
});

describe('model gateway: access rules from the catalogue', () => {
  let api: TestApi;
  let llm: OpenAiTestServer;
  beforeAll(async () => {
    llm = await startOpenAiTestServer();
    api = await startTestApi({ GENNAI_CATALOG_REFRESH_MS: '500', GENNAI_USAGE_FLUSH_MS: '50' });
  });
  afterAll(async () => {
    await api?.close();
    await llm?.close();
  });

  it('offers a model only to the organisations and roles allowed, picks up catalogue changes, and logs refusals', async () => {
    const alice = new ApiClient(api.url, 'alice');
    const bob = new ApiClient(api.url, 'bob');
    await alice.json('GET', '/api/me');
    await bob.json('GET', '/api/me');
    const [{ id: aliceOrg }] = (await api.db.query(`SELECT id FROM organizations WHERE slug = 'digital-agency'`)) as { id: string }[];
    await api.db.query(`INSERT INTO providers (id, display_name, type, base_url) VALUES ('vllm', 'vLLM', 'openai-compatible', $1)`, [llm.baseUrl]);
    await api.db.query(
      `INSERT INTO models (id, display_name, vendor, domestic, context_length, max_output_tokens, max_information_class, capabilities, allowed_organization_ids)
       VALUES ('agency-only', 'Agency only', 'Test', true, 8192, 1024, 2, '{streaming}', $1)`,
      [[aliceOrg]],
    );
    await api.db.query(
      `INSERT INTO model_deployments (id, model_id, provider_id, upstream_model, weight) VALUES (gen_random_uuid(), 'agency-only', 'vllm', 'test-model', 1)`,
    );

    let aliceModels: ModelView[] = [];
    for (let i = 0; i < 60 && !aliceModels.some((m) => m.id === 'agency-only'); i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      aliceModels = await alice.json<ModelView[]>('GET', '/api/models');
    }
    expect(aliceModels.map((m) => m.id)).toContain('agency-only');
    expect((await bob.json<ModelView[]>('GET', '/api/models')).map((m) => m.id)).not.toContain('agency-only');

    const conversation = await alice.createConversation('agency-only');
    const answer = await answerOf(await send(alice, conversation.id, '申請書の書き方'));
    expect(answer).toMatchObject({ status: 'complete', content: expectedAnswer('申請書の書き方') });

    const upstreamBefore = llm.requests.length;
    const refused = await bob.request('POST', '/api/conversations', { modelId: 'agency-only' });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as ApiErrorView).code).toBe('model_not_allowed');
    expect(llm.requests.length).toBe(upstreamBefore);
    const [logged] = await usageRecords(api, `outcome = 'refused' AND error_code = 'model_not_allowed'`, 1);
    expect(logged).toMatchObject({ requested_model_id: 'agency-only', app: 'chat' });
  });
});

describe('model gateway: quotas through the chat', () => {
  let api: TestApi;
  let llm: OpenAiTestServer;
  beforeAll(async () => {
    llm = await startOpenAiTestServer();
    api = await startTestApi(
      { GENNAI_USAGE_FLUSH_MS: '50', GENNAI_MODELS: JSON.stringify([{ id: 'echo', label: 'Echo', baseUrl: llm.baseUrl, model: 'test-model' }]) },
      {
        // Every user: two requests a day.
        seed: (db) => db.query(`INSERT INTO quota_rules (id, scope, organization_id, period, max_requests) VALUES (gen_random_uuid(), 'user', NULL, 'day', 2)`),
      },
    );
  });
  afterAll(async () => {
    await api?.close();
    await llm?.close();
  });

  it('shows the remaining allowance, then refuses with 429 in the user’s language and sends nothing upstream', async () => {
    const alice = new ApiClient(api.url, 'alice');
    const conversation = await alice.createConversation('echo');
    const status = await alice.json<{ allowances: { period: string; remainingRequests: number | null }[] }>('GET', '/api/me/quota');
    expect(status.allowances).toEqual([expect.objectContaining({ scope: 'user', period: 'day', maxRequests: 2, remainingRequests: 2 })]);

    for (const question of ['一つ目', '二つ目']) {
      expect(await answerOf(await send(alice, conversation.id, question))).toMatchObject({ status: 'complete' });
    }
    const after = await alice.json<{ allowances: { remainingRequests: number | null; usedTokens: number }[] }>('GET', '/api/me/quota');
    expect(after.allowances[0].remainingRequests).toBe(0);

    const upstreamBefore = llm.requests.length;
    const refused = await send(alice, conversation.id, '三つ目');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    const body = (await refused.json()) as ApiErrorView;
    expect(body.code).toBe('quota_exceeded');
    expect(body.message).toMatch(/利用上限/);
    expect(llm.requests.length).toBe(upstreamBefore);
    const detail = await alice.json<ConversationDetailView>('GET', `/api/conversations/${conversation.id}`);
    expect(detail.messages.map((m) => m.content)).not.toContain('三つ目');

    const english = await new ApiClient(api.url, 'alice', 'en').request('POST', `/api/conversations/${conversation.id}/messages`, { content: 'four' });
    expect(((await english.json()) as ApiErrorView).message).toMatch(/limit/i);

    // Bob is counted on his own.
    const bob = new ApiClient(api.url, 'bob');
    const his = await bob.createConversation('echo');
    expect(await answerOf(await send(bob, his.id, 'はじめまして'))).toMatchObject({ status: 'complete' });
  });
});
