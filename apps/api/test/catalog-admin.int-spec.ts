import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorView, CatalogModelView, ModelView, ProviderView } from '@gennai/contracts';
import { expectedAnswer, startOpenAiTestServer, type OpenAiTestServer } from '../../../tools/testing/openai-test-server.mjs';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';
import { readEvents } from './support/sse';

const PROVIDER_SECRET = 'sk-plamo-admin-entered-secret-0042';

describe('model catalogue administration', () => {
  let api: TestApi;
  let llm: OpenAiTestServer;
  let dave: ApiClient;
  let alice: ApiClient;
  beforeAll(async () => {
    llm = await startOpenAiTestServer({ apiKey: PROVIDER_SECRET });
    api = await startTestApi({ GENNAI_SECRET_KEY: Buffer.alloc(32, 3).toString('base64') });
    dave = new ApiClient(api.url, 'dave');
    alice = new ApiClient(api.url, 'alice');
  });
  afterAll(async () => {
    await api?.close();
    await llm?.close();
  });

  it('adds a provider with an encrypted key and a model with two deployments that users can chat with at once', async () => {
    const created = await dave.request('POST', '/api/admin/providers', {
      id: 'plamo-api',
      displayName: 'PLaMo API',
      type: 'openai-compatible',
      baseUrl: llm.baseUrl,
      credential: { kind: 'value', value: PROVIDER_SECRET },
    });
    expect(created.status).toBe(201);
    const createdText = await created.text();
    expect(createdText).not.toContain(PROVIDER_SECRET);
    expect(JSON.parse(createdText)).toMatchObject({ id: 'plamo-api', credential: { kind: 'encrypted', reference: null } });

    const model = await dave.json<CatalogModelView>('POST', '/api/admin/models', {
      id: 'plamo-2-prime',
      displayName: 'PLaMo 2.0 Prime',
      vendor: 'Preferred Networks',
      domestic: true,
      contextLength: 32768,
      maxOutputTokens: 4096,
      inputPricePerMTok: 50,
      outputPricePerMTok: 150,
      maxInformationClass: 2,
      deployments: [
        { providerId: 'plamo-api', upstreamModel: 'test-model', weight: 3 },
        { providerId: 'plamo-api', upstreamModel: 'test-model', weight: 1, timeouts: { totalMs: 30000 } },
      ],
    });
    expect(model.deployments.map((d) => [d.weight, d.circuit])).toEqual([[3, 'closed'], [1, 'closed']]);
    expect(model.deployments[1].timeouts).toEqual({ totalMs: 30000 });

    const [row] = (await api.db.query(`SELECT credential_ciphertext FROM providers WHERE id = 'plamo-api'`)) as { credential_ciphertext: string }[];
    expect(row.credential_ciphertext).toMatch(/^v1:/);
    expect(row.credential_ciphertext).not.toContain(PROVIDER_SECRET);

    const models = await alice.json<ModelView[]>('GET', '/api/models');
    expect(models.find((m) => m.id === 'plamo-2-prime')).toMatchObject({ label: 'PLaMo 2.0 Prime', domestic: true, maxInformationClass: 2 });
    const conversation = await alice.createConversation('plamo-2-prime');
    const events = await readEvents(await alice.request('POST', `/api/conversations/${conversation.id}/messages`, { content: '行政手続の電子化' }));
    expect(events[events.length - 1]).toMatchObject({ event: 'done', data: { message: { content: expectedAnswer('行政手続の電子化') } } });
    expect(llm.requests.at(-1)?.headers.authorization).toBe(`Bearer ${PROVIDER_SECRET}`);

    for (const path of ['/api/admin/providers', '/api/admin/models', '/api/admin/provider-types']) {
      const text = await (await dave.request('GET', path)).text();
      expect(text).not.toContain(PROVIDER_SECRET);
      expect(text).not.toContain(row.credential_ciphertext.split(':')[3]);
    }
  });

  it('lists configured and built-in models as read-only and refuses to change them', async () => {
    const models = await dave.json<CatalogModelView[]>('GET', '/api/admin/models');
    expect(models.find((m) => m.id === 'echo')).toMatchObject({ source: 'configuration' });
    expect(models.find((m) => m.id === 'demo')).toMatchObject({ source: 'built-in' });
    const refused = await dave.request('PATCH', '/api/admin/models/echo', { displayName: 'x' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as ApiErrorView).code).toBe('read_only');
    const duplicate = await dave.request('POST', '/api/admin/models', { id: 'echo', displayName: 'x', vendor: 'x', domestic: false, contextLength: 1024, maxOutputTokens: 10, maxInformationClass: 1 });
    expect(duplicate.status).toBe(409);
  });

  it('names bad fields in the caller’s language', async () => {
    const missing = await dave.request('POST', '/api/admin/models', {
      id: 'bad',
      displayName: 'Bad',
      vendor: 'x',
      domestic: false,
      contextLength: 1024,
      maxOutputTokens: 10,
      maxInformationClass: 4,
      deployments: [{ providerId: 'nowhere', upstreamModel: 'm' }],
    });
    expect(missing.status).toBe(400);
    const body = (await missing.json()) as ApiErrorView;
    expect(body.message).toBe('入力内容に誤りがあります。');
    expect(body.details?.map((d) => d.field)).toContain('maxInformationClass');

    const unknownProvider = await new ApiClient(api.url, 'dave', 'en').request('POST', '/api/admin/models', {
      id: 'bad', displayName: 'Bad', vendor: 'x', domestic: false, contextLength: 1024, maxOutputTokens: 10, maxInformationClass: 1,
      deployments: [{ providerId: 'nowhere', upstreamModel: 'm' }], fallbackModelIds: ['bad'],
    });
    const details = ((await unknownProvider.json()) as ApiErrorView).details ?? [];
    expect(details.map((d) => d.message)).toEqual(
      expect.arrayContaining([
        'deployments.0.providerId: refers to something that does not exist (nowhere)',
        'fallbackModelIds.0: must not refer to itself',
      ]),
    );

    const badSettings = await dave.request('POST', '/api/admin/providers', { id: 'aws', displayName: 'Bedrock', type: 'bedrock', settings: { colour: 'blue' } });
    expect(badSettings.status).toBe(400);
    expect(((await badSettings.json()) as ApiErrorView).details?.map((d) => d.field)).toContain('settings.colour');
  });

  it('refuses to delete a provider that deployments still use, then deletes model and provider', async () => {
    const inUse = await dave.request('DELETE', '/api/admin/providers/plamo-api');
    expect(inUse.status).toBe(409);
    expect(((await inUse.json()) as ApiErrorView).message).toContain('plamo-2-prime');
    expect((await dave.request('DELETE', '/api/admin/models/plamo-2-prime')).status).toBe(204);
    expect((await dave.request('DELETE', '/api/admin/providers/plamo-api')).status).toBe(204);
    expect((await alice.json<ModelView[]>('GET', '/api/models')).map((m) => m.id)).not.toContain('plamo-2-prime');
  });

  it('stores env-var references as references and refuses a stored key when no encryption key is set', async () => {
    const provider = await dave.json<ProviderView>('POST', '/api/admin/providers', {
      id: 'bedrock-tokyo', displayName: 'Bedrock (Tokyo)', type: 'bedrock', settings: { region: 'ap-northeast-1' }, credential: { kind: 'env', name: 'BEDROCK_KEYS' },
    });
    expect(provider.credential).toEqual({ kind: 'env', reference: 'BEDROCK_KEYS' });
  });

  it('is for platform administrators only', async () => {
    for (const [method, path] of [['GET', '/api/admin/models'], ['POST', '/api/admin/providers'], ['GET', '/api/admin/provider-types']] as const) {
      expect((await alice.request(method, path, method === 'POST' ? {} : undefined)).status).toBe(403);
    }
  });
});

describe('model catalogue without an encryption key', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi();
  });
  afterAll(() => api?.close());

  it('asks for GENNAI_SECRET_KEY rather than storing a key unencrypted', async () => {
    const response = await new ApiClient(api.url, 'dave').request('POST', '/api/admin/providers', {
      id: 'p', displayName: 'P', type: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', credential: { kind: 'value', value: 'sk-x' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ApiErrorView).code).toBe('secret_key_missing');
    expect(await api.db.query(`SELECT count(*)::int AS n FROM providers`)).toEqual([{ n: 0 }]);
  });
});
