import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CreatedApiKeyView, CreateApiKeyRequest } from '@gennai/contracts';
import { expectedAnswer, startOpenAiTestServer, type OpenAiTestServer } from '../../../tools/testing/openai-test-server.mjs';
import { ApiClient } from './factories/api-client';
import { startTestApi, type TestApi } from './support/api-harness';
import { tokenFor } from './support/tokens';

const KEY_RATE_LIMIT = 10;

describe('OpenAI-compatible API with the official openai client', () => {
  let api: TestApi;
  let llm: OpenAiTestServer;
  let alice: ApiClient;
  /** A key for every model with both scopes, shared by the tests that need nothing special (fewer than 10 calls). */
  let key: string;
  const clientFor = (apiKey: string, locale = 'ja') =>
    new OpenAI({ apiKey, baseURL: `${api.url}/v1`, maxRetries: 0, defaultHeaders: { 'Accept-Language': locale } });
  const newKey = async (body: Partial<CreateApiKeyRequest> = {}) =>
    (await alice.json<CreatedApiKeyView>('POST', '/api/api-keys', { name: 'openai-client test', ...body })).secret;
  const ask = (text: string) => [{ role: 'user' as const, content: text }];

  /** Calls `fn` and returns what it threw. */
  async function failure(fn: () => Promise<unknown>): Promise<unknown> {
    try {
      await fn();
    } catch (error) {
      return error;
    }
    throw new Error('expected a failure');
  }

  beforeAll(async () => {
    llm = await startOpenAiTestServer();
    const base = llm.baseUrl;
    api = await startTestApi({
      GENNAI_MODELS: JSON.stringify([
        { id: 'echo', label: 'Echo (test)', baseUrl: base, model: 'test-model' },
        { id: 'other', label: 'Other (test)', baseUrl: base, model: 'test-model' },
        { id: 'public-only', label: 'Public information only', baseUrl: base, model: 'test-model', maxInformationClass: 1 },
        { id: 'broken', label: 'Broken (test)', baseUrl: base, model: 'test-500' },
        { id: 'cut', label: 'Cut (test)', baseUrl: base, model: 'test-cut' },
        { id: 'slow', label: 'Slow (test)', baseUrl: base, model: 'test-slow' },
      ]),
      GENNAI_DEMO_MODEL: 'false',
      GENNAI_RETRY_BASE_DELAY_MS: '10',
      GENNAI_USAGE_FLUSH_MS: '50',
      GENNAI_RATE_LIMIT_PER_MINUTE: '1000',
      GENNAI_API_KEY_RATE_LIMIT_PER_MINUTE: String(KEY_RATE_LIMIT),
    });
    alice = new ApiClient(api.url, 'alice');
    key = await newKey();
  });
  afterAll(async () => {
    await api?.close();
    await llm?.close();
  });

  it('lists only the models the key may use', async () => {
    const all = await clientFor(key).models.list();
    expect(all.data.map((m) => m.id)).toEqual(['echo', 'other', 'public-only', 'broken', 'cut', 'slow']);
    expect(all.data[0]).toMatchObject({ id: 'echo', object: 'model' });
    const scoped = await clientFor(await newKey({ modelIds: ['other'] })).models.list();
    expect(scoped.data.map((m) => m.id)).toEqual(['other']);
  });

  it('records in the audit log who sent what to which model through the API', async () => {
    const question = `監査される質問 ${Date.now()}`;
    await clientFor(key).chat.completions.create({ model: 'echo', messages: [{ role: 'user', content: '前の質問' }, { role: 'assistant', content: '前の答え' }, ...ask(question)] });
    const [entry] = (await api.db.query(
      `SELECT action, target_type, target_id, source_api_key_id, details, message_sha256 FROM audit_entries
       WHERE action = 'message.sent' AND target_type = 'model' ORDER BY occurred_at DESC, id DESC LIMIT 1`,
    )) as { action: string; target_type: string; target_id: string; source_api_key_id: string | null; details: string; message_sha256: string }[];
    expect(entry).toMatchObject({ target_id: 'echo' });
    expect(entry.source_api_key_id).not.toBeNull();
    expect(JSON.parse(entry.details)).toMatchObject({ app: 'api', modelId: 'echo', turns: 3 });
    expect(entry.message_sha256).toBe(createHash('sha256').update(question).digest('hex'));
  });

  it('answers a chat completion with the model’s answer and token usage', async () => {
    const completion = await clientFor(key).chat.completions.create({
      model: 'echo',
      messages: [{ role: 'developer', content: '丁寧に答えてください。' }, ...ask('粗大ごみの出し方')],
      temperature: 0.2,
      max_completion_tokens: 200,
      seed: 1,
    });
    expect(completion).toMatchObject({ object: 'chat.completion', model: 'echo' });
    expect(completion.id).toMatch(/^chatcmpl-/);
    expect(completion.choices).toEqual([
      expect.objectContaining({ index: 0, finish_reason: 'stop', message: expect.objectContaining({ role: 'assistant', content: expectedAnswer('粗大ごみの出し方') }) }),
    ]);
    const upstream = llm.requests.at(-1)?.body as Record<string, unknown>;
    expect(upstream).toMatchObject({ temperature: 0.2, messages: [{ role: 'system', content: '丁寧に答えてください。' }, { role: 'user', content: '粗大ごみの出し方' }] });
    expect(upstream.seed).toBeUndefined();
    expect(completion.usage).toEqual({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) });
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);
    expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
  });

  it('streams the same answer, with a usage chunk when asked for', async () => {
    const text = '児童手当の申請に必要な書類';
    const stream = await clientFor(key).chat.completions.create({
      model: 'echo',
      messages: [{ role: 'user', content: [{ type: 'text', text }] }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let answer = '';
    const chunks: OpenAI.ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      answer += chunk.choices[0]?.delta.content ?? '';
    }
    expect(answer).toBe(expectedAnswer(text));
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.length).toBeGreaterThan(4);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === 'echo' && c.id === chunks[0].id)).toBe(true);
    expect(chunks.at(-2)?.choices[0].finish_reason).toBe('stop');
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage?.total_tokens).toBe(last.usage!.prompt_tokens + last.usage!.completion_tokens);
    expect(last.usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('records usage against the key, as app "api"', async () => {
    const secret = await newKey();
    await clientFor(secret).chat.completions.create({ model: 'echo', messages: ask('使用量の記録') });
    const [key] = (await api.db.query(`SELECT id FROM api_keys WHERE secret_hash = encode(sha256($1::bytea), 'hex')`, [secret])) as { id: string }[];
    let rows: Record<string, unknown>[] = [];
    for (let i = 0; i < 100 && rows.length === 0; i++) {
      rows = (await api.db.query('SELECT * FROM usage_records WHERE api_key_id = $1', [key.id])) as Record<string, unknown>[];
      if (rows.length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(rows).toEqual([expect.objectContaining({ app: 'api', model_id: 'echo', outcome: 'complete' })]);
    const [touched] = (await api.db.query('SELECT last_used_at FROM api_keys WHERE id = $1', [key.id])) as { last_used_at: Date | null }[];
    expect(touched.last_used_at).not.toBeNull();
  });

  it('refuses a revoked key with 401', async () => {
    const created = await alice.json<CreatedApiKeyView>('POST', '/api/api-keys', { name: 'revoked soon' });
    const client = clientFor(created.secret, 'en');
    await client.models.list();
    expect((await alice.request('DELETE', `/api/api-keys/${created.id}`)).status).toBe(204);
    const error = await failure(() => client.models.list());
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'invalid_api_key', error: { message: 'The API key is invalid, revoked or expired.' } });
  });

  it('refuses an expired key with 401', async () => {
    const created = await alice.json<CreatedApiKeyView>('POST', '/api/api-keys', { name: 'expired' });
    await api.db.query(`UPDATE api_keys SET expires_at = now() - interval '1 minute' WHERE id = $1`, [created.id]);
    const error = await failure(() => clientFor(created.secret).chat.completions.create({ model: 'echo', messages: ask('期限切れ') }));
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('refuses a key made up by someone with 401', async () => {
    const error = await failure(() => clientFor(`gnai_${'A'.repeat(43)}`).models.list());
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('gives a key only the roles its owner had at their last sign-in', async () => {
    const bob = new ApiClient(api.url, 'bob');
    const created = await bob.json<CreatedApiKeyView>('POST', '/api/api-keys', { name: 'bob' });
    await api.db.query(`UPDATE users SET roles = '{}' WHERE id = (SELECT user_id FROM api_keys WHERE id = $1)`, [created.id]);
    const error = await failure(() => clientFor(created.secret).models.list());
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
  });

  it('refuses a model outside the key’s scope and sends nothing upstream', async () => {
    const client = clientFor(await newKey({ modelIds: ['echo'] }), 'en');
    const before = llm.requests.length;
    const error = await failure(() => client.chat.completions.create({ model: 'other', messages: ask('範囲外') }));
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error).toMatchObject({ status: 403, code: 'model_not_allowed', param: 'model' });
    expect(llm.requests.length).toBe(before);
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const error = await failure(() => clientFor(key).chat.completions.create({ model: 'gpt-4o', messages: ask('x') }));
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect(error).toMatchObject({ code: 'model_not_found', error: { message: 'モデル「gpt-4o」は利用できません。' } });
  });

  it('refuses a key without the needed scope', async () => {
    const client = clientFor(await newKey({ scopes: ['chat'] }));
    const error = await failure(() => client.models.list());
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error).toMatchObject({ code: 'api_key_scope' });
  });

  it('never sends a conversation to a model below its information class', async () => {
    const client = clientFor(key, 'en');
    const before = llm.requests.length;
    // The organisation's default class (2) is above the model's ceiling (1).
    const error = await failure(() => client.chat.completions.create({ model: 'public-only', messages: ask('内部資料') }));
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(error).toMatchObject({ code: 'information_class_exceeded' });
    expect(llm.requests.length).toBe(before);
    const publicInfo = await client.chat.completions.create(
      { model: 'public-only', messages: ask('公開情報') },
      { headers: { 'X-Gennai-Information-Class': '1' } },
    );
    expect(publicInfo.choices[0].message.content).toBe(expectedAnswer('公開情報'));
    const invalid = await failure(() => client.chat.completions.create({ model: 'echo', messages: ask('x') }, { headers: { 'X-Gennai-Information-Class': '4' } }));
    expect(invalid).toMatchObject({ status: 400, param: 'X-Gennai-Information-Class' });
  });

  it('refuses parameters it cannot honour, naming them', async () => {
    const client = clientFor(key, 'en');
    const tools = await failure(() =>
      client.chat.completions.create({ model: 'echo', messages: ask('x'), tools: [{ type: 'function', function: { name: 'lookup', parameters: {} } }] }),
    );
    expect(tools).toBeInstanceOf(OpenAI.BadRequestError);
    expect(tools).toMatchObject({ code: 'unsupported_parameter', param: 'tools', error: { message: 'The parameter "tools" is not supported.' } });
    const image = await failure(() =>
      client.chat.completions.create({
        model: 'echo',
        messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.go.jp/a.png' } }] }],
      }),
    );
    expect(image).toMatchObject({ status: 400, code: 'unsupported_parameter', param: 'messages[0].content[0].type' });
  });

  it('answers malformed bodies and missing credentials in OpenAI’s error shape', async () => {
    const post = (headers: Record<string, string>, body: string) =>
      fetch(`${api.url}/v1/chat/completions`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'Accept-Language': 'en', ...headers }, body });
    const malformed = await post({ Authorization: `Bearer ${key}` }, '{"model": "echo", ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: { message: 'The request body is not valid JSON.', type: 'invalid_request_error', code: 'malformed_json', param: null } });
    const anonymous = await post({}, JSON.stringify({ model: 'echo', messages: ask('x') }));
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: { code: 'invalid_api_key', type: 'invalid_request_error' } });
  });

  it('accepts a Keycloak access token as well', async () => {
    const client = clientFor(await tokenFor('alice'));
    expect((await client.models.list()).data.map((m) => m.id)).toContain('echo');
    const completion = await client.chat.completions.create({ model: 'echo', messages: ask('職員の方へ') });
    expect(completion.choices[0].message.content).toBe(expectedAnswer('職員の方へ'));
  });

  it('refuses an API key outside the OpenAI-compatible API', async () => {
    const response = await fetch(`${api.url}/api/conversations`, { headers: { Authorization: `Bearer ${key}` } });
    expect(response.status).toBe(401);
  });

  it('answers 502 when the model fails before answering', async () => {
    const error = await failure(() => clientFor(key).chat.completions.create({ model: 'broken', messages: ask('x') }));
    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    expect(error).toMatchObject({ status: 502, code: 'upstream_unavailable', type: 'server_error' });
  });

  it('ends a stream cut mid-way with an error event the client throws, after the partial answer', async () => {
    const stream = await clientFor(key).chat.completions.create({ model: 'cut', messages: ask('途中で切れる長めの回答をお願いします'), stream: true });
    let partial = '';
    const error = await failure(async () => {
      for await (const chunk of stream) partial += chunk.choices[0]?.delta.content ?? '';
    });
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect(error).toMatchObject({ error: { type: 'server_error' } });
    expect(partial.length).toBeGreaterThan(0);
    expect(expectedAnswer('途中で切れる長めの回答をお願いします').startsWith(partial)).toBe(true);
  });

  it('aborts the upstream request when the client disconnects', async () => {
    const stream = await clientFor(key).chat.completions.create({ model: 'slow', messages: ask('ゆっくり答えてください'), stream: true });
    const upstream = llm.requests.at(-1)!;
    for await (const chunk of stream) {
      expect(chunk.choices[0].delta.role).toBe('assistant');
      break; // leaving the loop aborts the HTTP request
    }
    for (let i = 0; i < 100 && !upstream.clientClosed; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(upstream.clientClosed).toBe(true);
  });

  it('limits requests per key with 429 and Retry-After', async () => {
    const client = clientFor(await newKey(), 'en');
    for (let i = 0; i < KEY_RATE_LIMIT; i++) await client.chat.completions.create({ model: 'echo', messages: ask(`${i}`) });
    const error = await failure(() => client.chat.completions.create({ model: 'echo', messages: ask('one too many') }));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ code: 'rate_limit_exceeded' });
    expect(Number((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after'))).toBeGreaterThan(0);
    // Another key of the same user has its own allowance.
    await clientFor(await newKey(), 'en').chat.completions.create({ model: 'echo', messages: ask('別のキー') });
  });
});
