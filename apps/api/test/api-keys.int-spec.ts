import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiErrorView, ApiKeyView, CreatedApiKeyView } from '@gennai/contracts';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';

describe('personal API keys', () => {
  let api: TestApi;
  let alice: ApiClient;
  let bob: ApiClient;
  const create = (client: ApiClient, body: object = {}) => client.json<CreatedApiKeyView>('POST', '/api/api-keys', { name: 'スクリプト', ...body });

  beforeAll(async () => {
    api = await startTestApi();
    alice = new ApiClient(api.url, 'alice');
    bob = new ApiClient(api.url, 'bob', 'en');
  });
  afterAll(() => api?.close());

  it('shows the secret once, at creation, and lists the owner’s keys newest first without it', async () => {
    const first = await create(alice, { name: '集計バッチ', modelIds: ['echo'], scopes: ['chat'], expiresInDays: 30 });
    const second = await create(alice, { name: '議事録要約' });
    expect(first.secret).toMatch(/^gnai_[A-Za-z0-9_-]{43}$/);
    expect(first.prefix).toBe(first.secret.slice(0, 12));
    expect(first).toMatchObject({ name: '集計バッチ', modelIds: ['echo'], scopes: ['chat'], lastUsedAt: null, revokedAt: null });
    expect(Date.parse(first.expiresAt) - Date.parse(first.createdAt)).toBe(30 * 86_400_000);
    expect(second).toMatchObject({ modelIds: [], scopes: ['chat', 'models'] });

    const response = await alice.request('GET', '/api/api-keys');
    const text = await response.text();
    const keys = JSON.parse(text) as ApiKeyView[];
    expect(keys.slice(0, 2).map((k) => k.id)).toEqual([second.id, first.id]);
    expect(text).not.toContain(first.secret);
    expect(text).not.toContain(second.secret);
    expect(Object.keys(keys[0]).sort()).toEqual(['createdAt', 'expiresAt', 'id', 'lastUsedAt', 'modelIds', 'name', 'prefix', 'revokedAt', 'scopes']);
    expect(await bob.json<ApiKeyView[]>('GET', '/api/api-keys')).toEqual([]);
  });

  it('stores only a SHA-256 hash of the secret', async () => {
    const key = await create(alice);
    const [row] = (await api.db.query('SELECT row_to_json(k)::text AS row, secret_hash FROM api_keys k WHERE id = $1', [key.id])) as { row: string; secret_hash: string }[];
    expect(row.secret_hash).toBe(createHash('sha256').update(key.secret).digest('hex'));
    expect(row.row).not.toContain(key.secret);
    expect(row.row).not.toContain(key.secret.slice(12));
  });

  it('refuses a model the user may not use, naming it', async () => {
    const response = await bob.request('POST', '/api/api-keys', { name: 'x', modelIds: ['echo', 'gpt-secret'] });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ApiErrorView).message).toBe('The model "gpt-secret" is not available.');
  });

  it('refuses invalid requests, naming the fields', async () => {
    const response = await bob.request('POST', '/api/api-keys', { name: ' ', expiresInDays: 1000, scopes: [] });
    expect(response.status).toBe(400);
    const body = (await response.json()) as ApiErrorView;
    expect(body.details?.map((d) => d.field).sort()).toEqual(['expiresInDays', 'name', 'scopes']);
  });

  it('revokes the owner’s key; anyone else’s is not found', async () => {
    const key = await create(alice);
    expect((await bob.request('DELETE', `/api/api-keys/${key.id}`)).status).toBe(404);
    expect((await alice.request('DELETE', '/api/api-keys/not-a-uuid')).status).toBe(404);
    expect((await alice.request('DELETE', `/api/api-keys/${key.id}`)).status).toBe(204);
    const listed = (await alice.json<ApiKeyView[]>('GET', '/api/api-keys')).find((k) => k.id === key.id);
    expect(listed?.revokedAt).toEqual(expect.any(String));
    expect((await alice.request('DELETE', `/api/api-keys/${key.id}`)).status).toBe(204);
  });

  it('allows at most 20 active keys per user', async () => {
    const created: CreatedApiKeyView[] = [];
    for (let i = 0; i < 20; i++) created.push(await create(bob, { name: `key ${i}` }));
    const refused = await bob.request('POST', '/api/api-keys', { name: 'one too many' });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ code: 'api_key_limit', message: 'You can have at most 20 active API keys. Revoke one you no longer use first.' });
    await bob.request('DELETE', `/api/api-keys/${created[0].id}`);
    expect((await bob.request('POST', '/api/api-keys', { name: 'replacement' })).status).toBe(201);
  });

  it('cannot be managed with an API key', async () => {
    const key = await create(alice);
    const response = await fetch(`${api.url}/api/api-keys`, { headers: { Authorization: `Bearer ${key.secret}` } });
    expect(response.status).toBe(401);
  });
});
