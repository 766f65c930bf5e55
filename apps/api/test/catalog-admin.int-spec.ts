import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ApiErrorView, CatalogModelView, ModelView, ProviderView } from '@gennai/contracts';
import { expectedAnswer, startOpenAiTestServer, type OpenAiTestServer } from '../../../tools/testing/openai-test-server.mjs';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';
import { readEvents } from './support/sse';
import type { TestUserName } from './support/test-users';

const PROVIDER_SECRET = 'sk-plamo-admin-entered-secret-0042';
const ROTATED_SECRET = 'sk-plamo-rotated-secret-0043';

const ADMIN_ROUTES = [
  ['GET', '/api/admin/provider-types'],
  ['GET', '/api/admin/providers'],
  ['POST', '/api/admin/providers'],
  ['PATCH', '/api/admin/providers/plamo-api'],
  ['DELETE', '/api/admin/providers/plamo-api'],
  ['GET', '/api/admin/models'],
  ['POST', '/api/admin/models'],
  ['PATCH', '/api/admin/models/plamo-2-prime'],
  ['DELETE', '/api/admin/models/plamo-2-prime'],
] as const;

/** A model body with every required field; tests override what they check. */
const modelBody = (fields: Record<string, unknown>) => ({
  displayName: 'Test model',
  vendor: 'Gennai',
  domestic: true,
  contextLength: 8192,
  maxOutputTokens: 1024,
  maxInformationClass: 2,
  ...fields,
});

describe('model catalogue administration', () => {
  let api: TestApi;
  let llm: OpenAiTestServer;
  let alice: ApiClient;
  let bob: ApiClient;
  let carol: ApiClient;
  /** Every body an admin route answered with, checked for credentials at the end. */
  const answers: string[] = [];
  /** Every ciphertext the database held for a provider. */
  const ciphertexts = new Set<string>();

  async function asAdmin<T = unknown>(method: string, path: string, body?: unknown, locale = 'ja'): Promise<{ status: number; body: T }> {
    const response = await new ApiClient(api.url, 'dave', locale).request(method, path, body);
    const text = await response.text();
    answers.push(text);
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }
  async function storedCiphertext(providerId: string): Promise<string> {
    const [row] = (await api.db.query(`SELECT credential_ciphertext FROM providers WHERE id = $1`, [providerId])) as { credential_ciphertext: string }[];
    ciphertexts.add(row.credential_ciphertext);
    return row.credential_ciphertext;
  }
  const detailsOf = (body: unknown) => (body as ApiErrorView).details ?? [];
  const modelIdsOf = async (client: ApiClient) => (await client.json<ModelView[]>('GET', '/api/models')).map((m) => m.id);

  beforeAll(async () => {
    llm = await startOpenAiTestServer({ apiKey: PROVIDER_SECRET });
    api = await startTestApi({ GENNAI_SECRET_KEY: Buffer.alloc(32, 3).toString('base64'), GENNAI_CATALOG_REFRESH_MS: '500' });
    alice = new ApiClient(api.url, 'alice');
    bob = new ApiClient(api.url, 'bob');
    carol = new ApiClient(api.url, 'carol');
  });
  afterAll(async () => {
    await api?.close();
    await llm?.close();
  });

  it('adds a provider with an encrypted key and a model with two deployments that users can chat with at once', async () => {
    const created = await asAdmin<ProviderView>('POST', '/api/admin/providers', {
      id: 'plamo-api',
      displayName: 'PLaMo API',
      type: 'openai-compatible',
      baseUrl: llm.baseUrl,
      credential: { kind: 'value', value: PROVIDER_SECRET },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ id: 'plamo-api', source: 'database', credential: { kind: 'encrypted', reference: null } });

    const model = await asAdmin<CatalogModelView>('POST', '/api/admin/models', {
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
    expect(model.status).toBe(201);
    expect(model.body.deployments.map((d) => [d.weight, d.circuit])).toEqual([[3, 'closed'], [1, 'closed']]);
    expect(model.body.deployments[1].timeouts).toEqual({ totalMs: 30000 });

    const ciphertext = await storedCiphertext('plamo-api');
    expect(ciphertext).toMatch(/^v1:[^:]+:[^:]+:[^:]+$/);
    expect(ciphertext).not.toContain(PROVIDER_SECRET);
    expect(ciphertext).not.toContain(Buffer.from(PROVIDER_SECRET).toString('base64'));

    const models = await alice.json<ModelView[]>('GET', '/api/models');
    expect(models.find((m) => m.id === 'plamo-2-prime')).toMatchObject({ label: 'PLaMo 2.0 Prime', domestic: true, maxInformationClass: 2 });
    const conversation = await alice.createConversation('plamo-2-prime');
    const events = await readEvents(await alice.request('POST', `/api/conversations/${conversation.id}/messages`, { content: '行政手続の電子化' }));
    expect(events.at(-1)).toMatchObject({ event: 'done', data: { message: { content: expectedAnswer('行政手続の電子化') } } });
    expect(llm.requests.at(-1)?.headers.authorization).toBe(`Bearer ${PROVIDER_SECRET}`);
  });

  it('keeps the stored key when other fields change and uses a replaced key at once', async () => {
    const renamed = await asAdmin<ProviderView>('PATCH', '/api/admin/providers/plamo-api', { displayName: 'PLaMo API（本番）' });
    expect(renamed.body).toMatchObject({ displayName: 'PLaMo API（本番）', credential: { kind: 'encrypted', reference: null } });
    const before = [...ciphertexts].at(-1);
    expect(await storedCiphertext('plamo-api')).toBe(before);

    const rotated = await asAdmin<ProviderView>('PATCH', '/api/admin/providers/plamo-api', { credential: { kind: 'value', value: ROTATED_SECRET } });
    expect(rotated.status).toBe(200);
    const after = await storedCiphertext('plamo-api');
    expect(after).not.toBe(before);
    expect(after).not.toContain(ROTATED_SECRET);
    const conversation = await alice.createConversation('plamo-2-prime');
    await readEvents(await alice.request('POST', `/api/conversations/${conversation.id}/messages`, { content: '鍵の交換' }));
    expect(llm.requests.at(-1)?.headers.authorization).toBe(`Bearer ${ROTATED_SECRET}`);

    await asAdmin('PATCH', '/api/admin/providers/plamo-api', { credential: { kind: 'value', value: PROVIDER_SECRET } });
    await storedCiphertext('plamo-api');
  });

  it('uses a rotated credential file without a restart', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'gennai-credential-'));
    const path = join(directory, 'api-key');
    writeFileSync(path, `${PROVIDER_SECRET}\n`);
    try {
      expect((await asAdmin('POST', '/api/admin/providers', { id: 'file-key', displayName: 'File key', type: 'openai-compatible', baseUrl: llm.baseUrl, credential: { kind: 'file', path } })).status).toBe(201);
      expect((await asAdmin('POST', '/api/admin/models', modelBody({ id: 'file-key-model', deployments: [{ providerId: 'file-key', upstreamModel: 'test-model' }] }))).status).toBe(201);
      const ask = async () => {
        const conversation = await alice.createConversation('file-key-model');
        await readEvents(await alice.request('POST', `/api/conversations/${conversation.id}/messages`, { content: '鍵ファイル' }));
        return llm.requests.at(-1)?.headers.authorization;
      };
      expect(await ask()).toBe(`Bearer ${PROVIDER_SECRET}`);

      // As the kubelet rotates a mounted Secret: the new content is swapped in as a new file.
      writeFileSync(`${path}.new`, `${ROTATED_SECRET}\n`);
      renameSync(`${path}.new`, path);
      await vi.waitFor(async () => expect(await ask()).toBe(`Bearer ${ROTATED_SECRET}`), { timeout: 10_000, interval: 300 });
    } finally {
      await asAdmin('DELETE', '/api/admin/models/file-key-model');
      await asAdmin('DELETE', '/api/admin/providers/file-key');
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('replaces a model’s deployments, keeping the id (and circuit) of one that stays', async () => {
    const before = (await asAdmin<CatalogModelView[]>('GET', '/api/admin/models')).body.find((m) => m.id === 'plamo-2-prime');
    const updated = await asAdmin<CatalogModelView>('PATCH', '/api/admin/models/plamo-2-prime', {
      deployments: [
        { providerId: 'plamo-api', upstreamModel: 'test-model', weight: 2 },
        { providerId: 'plamo-api', upstreamModel: 'test-slow', weight: 0 },
      ],
    });
    expect(updated.status).toBe(200);
    expect(updated.body.deployments.map((d) => [d.upstreamModel, d.weight])).toEqual([['test-model', 2], ['test-slow', 0]]);
    expect(updated.body.deployments[0].id).toBe(before?.deployments[0].id);
    expect(updated.body.deployments[1].id).not.toBe(before?.deployments[1].id);
    expect(updated.body).toMatchObject({ displayName: 'PLaMo 2.0 Prime', inputPricePerMTok: 50 });
  });

  it('lists configured and built-in models as read-only and refuses to change them', async () => {
    const { body: models } = await asAdmin<CatalogModelView[]>('GET', '/api/admin/models');
    expect(models.find((m) => m.id === 'echo')).toMatchObject({ source: 'configuration', createdAt: null });
    expect(models.find((m) => m.id === 'demo')).toMatchObject({ source: 'built-in' });
    expect(models.find((m) => m.id === 'plamo-2-prime')).toMatchObject({ source: 'database' });

    for (const [method, path] of [['PATCH', '/api/admin/models/echo'], ['DELETE', '/api/admin/models/echo'], ['PATCH', '/api/admin/models/demo']] as const) {
      const refused = await asAdmin<ApiErrorView>(method, path, method === 'PATCH' ? { displayName: 'x' } : undefined);
      expect(refused.status).toBe(409);
      expect(refused.body.code).toBe('read_only');
    }
    for (const id of ['echo', 'demo', 'plamo-2-prime']) {
      const duplicate = await asAdmin<ApiErrorView>('POST', '/api/admin/models', modelBody({ id }));
      expect(duplicate.status).toBe(409);
      expect(duplicate.body.code).toBe('already_exists');
    }
    const provider = await asAdmin<ApiErrorView>('POST', '/api/admin/providers', { id: 'plamo-api', displayName: 'x', type: 'openai-compatible', baseUrl: llm.baseUrl });
    expect(provider.status).toBe(409);
    expect(provider.body.message).toBe('プロバイダー「plamo-api」は既にあります。');
  });

  it('names bad fields in Japanese by default and in English when asked', async () => {
    const invalid = await asAdmin<ApiErrorView>('POST', '/api/admin/models', modelBody({ id: 'bad', maxInformationClass: 4 }));
    expect(invalid.status).toBe(400);
    expect(invalid.body.message).toBe('入力内容に誤りがあります。');
    expect(detailsOf(invalid.body).map((d) => d.field)).toEqual(['maxInformationClass']);

    const references = await asAdmin<ApiErrorView>(
      'POST',
      '/api/admin/models',
      modelBody({ id: 'bad', deployments: [{ providerId: 'nowhere', upstreamModel: 'm' }], fallbackModelIds: ['bad', 'missing'] }),
    );
    expect(references.status).toBe(400);
    expect(detailsOf(references.body).map((d) => d.message)).toEqual([
      'deployments.0.providerId: 存在しないIDです（nowhere）',
      'fallbackModelIds.0: 自分自身は指定できません',
      'fallbackModelIds.1: 存在しないIDです（missing）',
    ]);

    const english = await asAdmin<ApiErrorView>('POST', '/api/admin/providers', { id: 'vllm', displayName: 'vLLM', type: 'openai-compatible' }, 'en');
    expect(english.status).toBe(400);
    expect(english.body.message).toBe('The request has invalid input.');
    expect(detailsOf(english.body)).toEqual([expect.objectContaining({ field: 'baseUrl', message: 'baseUrl: is required' })]);

    const badSettings = await asAdmin<ApiErrorView>('POST', '/api/admin/providers', { id: 'aws', displayName: 'Bedrock', type: 'bedrock', settings: { colour: 'blue' } }, 'en');
    expect(detailsOf(badSettings.body).map((d) => d.message)).toEqual(expect.arrayContaining(['settings.colour: is not a known field', 'settings.region: is required']));
    expect(await api.db.query(`SELECT id FROM providers ORDER BY id`)).toEqual([{ id: 'plamo-api' }]);
  });

  it('refuses fallback loops and unknown organisations, and a model others fall back to cannot be deleted', async () => {
    const backup = await asAdmin<CatalogModelView>('POST', '/api/admin/models', modelBody({ id: 'plamo-backup', fallbackModelIds: ['plamo-2-prime', 'echo'] }));
    expect(backup.status).toBe(201);

    const loop = await asAdmin<ApiErrorView>('PATCH', '/api/admin/models/plamo-2-prime', { fallbackModelIds: ['plamo-backup'] }, 'en');
    expect(loop.status).toBe(400);
    expect(detailsOf(loop.body).map((d) => d.message)).toEqual(['fallbackModelIds: forms a fallback loop (plamo-2-prime → plamo-backup → plamo-2-prime)']);

    const unknownOrganization = await asAdmin<ApiErrorView>('PATCH', '/api/admin/models/plamo-backup', {
      access: { organizationIds: ['01900000-0000-7000-8000-000000000000'], roles: [] },
    });
    expect(unknownOrganization.status).toBe(400);
    expect(detailsOf(unknownOrganization.body).map((d) => d.field)).toEqual(['access.organizationIds.0']);

    const inUse = await asAdmin<ApiErrorView>('DELETE', '/api/admin/models/plamo-2-prime');
    expect(inUse.status).toBe(409);
    expect(inUse.body).toMatchObject({ code: 'in_use' });
    expect(inUse.body.message).toContain('plamo-backup');
    expect((await asAdmin('DELETE', '/api/admin/models/plamo-backup')).status).toBe(204);
  });

  it('offers a model only to the organisations and roles it is restricted to', async () => {
    await bob.json('GET', '/api/models');
    const [yokosuka] = (await api.db.query(`SELECT id FROM organizations WHERE slug = 'yokosuka-city'`)) as { id: string }[];
    const restricted = await asAdmin<CatalogModelView>(
      'POST',
      '/api/admin/models',
      modelBody({ id: 'yokosuka-only', access: { organizationIds: [yokosuka.id], roles: [] }, deployments: [{ providerId: 'plamo-api', upstreamModel: 'test-model' }] }),
    );
    expect(restricted.status).toBe(201);
    expect(await modelIdsOf(bob)).toContain('yokosuka-only');
    expect(await modelIdsOf(alice)).not.toContain('yokosuka-only');

    // Changing one field leaves the others as they were: no access, deployment or price is reset by a rename.
    const renamed = await asAdmin<CatalogModelView>('PATCH', '/api/admin/models/yokosuka-only', { displayName: '横須賀市専用' });
    expect(renamed.body).toMatchObject({ displayName: '横須賀市専用', enabled: true, access: { organizationIds: [yokosuka.id] } });
    expect(renamed.body.deployments).toHaveLength(1);
    expect(await modelIdsOf(alice)).not.toContain('yokosuka-only');

    await asAdmin('PATCH', '/api/admin/models/yokosuka-only', { access: { organizationIds: [], roles: ['org_admin'] } });
    expect(await modelIdsOf(carol)).toContain('yokosuka-only');
    expect(await modelIdsOf(bob)).not.toContain('yokosuka-only');

    await asAdmin('PATCH', '/api/admin/models/yokosuka-only', { access: { organizationIds: [], roles: [] }, enabled: false });
    expect(await modelIdsOf(carol)).not.toContain('yokosuka-only');
    expect((await asAdmin('DELETE', '/api/admin/models/yokosuka-only')).status).toBe(204);
  });

  it('refuses to delete a provider that deployments still use, then deletes the model with its deployments and the provider', async () => {
    const inUse = await asAdmin<ApiErrorView>('DELETE', '/api/admin/providers/plamo-api');
    expect(inUse.status).toBe(409);
    expect(inUse.body.code).toBe('in_use');
    expect(inUse.body.message).toContain('plamo-2-prime');

    expect((await asAdmin('DELETE', '/api/admin/models/plamo-2-prime')).status).toBe(204);
    expect(await api.db.query(`SELECT count(*)::int AS n FROM model_deployments`)).toEqual([{ n: 0 }]);
    expect(await modelIdsOf(alice)).not.toContain('plamo-2-prime');
    expect((await asAdmin('DELETE', '/api/admin/providers/plamo-api')).status).toBe(204);
    expect((await asAdmin('DELETE', '/api/admin/providers/plamo-api')).status).toBe(404);
    expect((await asAdmin('PATCH', '/api/admin/models/Not A Valid Id', { displayName: 'x' })).status).toBe(404);
  });

  it('stores environment-variable and file references as references', async () => {
    const env = await asAdmin<ProviderView>('POST', '/api/admin/providers', {
      id: 'bedrock-tokyo',
      displayName: 'Bedrock (Tokyo)',
      type: 'bedrock',
      settings: { region: 'ap-northeast-1' },
      credential: { kind: 'env', name: 'BEDROCK_KEYS' },
    });
    expect(env.body.credential).toEqual({ kind: 'env', reference: 'BEDROCK_KEYS' });
    const file = await asAdmin<ProviderView>('POST', '/api/admin/providers', {
      id: 'cotomi',
      displayName: 'cotomi',
      type: 'cotomi',
      settings: { clientId: 'gennai-test', streamNum: '20' },
      credential: { kind: 'file', path: '/var/run/secrets/cotomi/api-key' },
    });
    expect(file.body).toMatchObject({ settings: { clientId: 'gennai-test', streamNum: 20 }, credential: { kind: 'file', reference: '/var/run/secrets/cotomi/api-key' } });
    expect(await api.db.query(`SELECT count(*)::int AS n FROM providers WHERE credential_ciphertext IS NOT NULL`)).toEqual([{ n: 0 }]);
  });

  it('lists provider types with what each needs', async () => {
    const { body } = await asAdmin<{ type: string; requiresBaseUrl: boolean; settings: string[] }[]>('GET', '/api/admin/provider-types');
    expect(body.map((t) => [t.type, t.requiresBaseUrl, t.settings])).toEqual([
      ['openai-compatible', true, []],
      ['azure-openai', true, ['apiVersion', 'apiStyle']],
      ['bedrock', false, ['region']],
      ['anthropic', false, []],
      ['gemini', false, []],
      ['cotomi', false, ['clientId', 'streamNum']],
    ]);
  });

  it('is for platform administrators only', async () => {
    for (const user of ['alice', 'carol'] satisfies TestUserName[]) {
      const client = new ApiClient(api.url, user);
      for (const [method, path] of ADMIN_ROUTES) {
        const response = await client.request(method, path, method === 'POST' || method === 'PATCH' ? {} : undefined);
        expect({ user, method, path, status: response.status }).toEqual({ user, method, path, status: 403 });
      }
    }
  });

  it('never answers with a credential or its ciphertext', async () => {
    await asAdmin('GET', '/api/admin/providers');
    await asAdmin('GET', '/api/admin/models');
    expect(answers.length).toBeGreaterThan(30);
    const forbidden = [PROVIDER_SECRET, ROTATED_SECRET, ...[...ciphertexts].flatMap((sealed) => sealed.split(':').slice(1))];
    for (const answer of answers) for (const text of forbidden) expect(answer).not.toContain(text);
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
      id: 'p',
      displayName: 'P',
      type: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:9/v1',
      credential: { kind: 'value', value: 'sk-x' },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ApiErrorView).code).toBe('secret_key_missing');
    expect(await api.db.query(`SELECT count(*)::int AS n FROM providers`)).toEqual([{ n: 0 }]);
  });
});
