import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectedAnswer, startBedrockTestServer, type ProviderTestServer } from '../../../../../tools/testing/provider-test-servers.mjs';
import type { ChatRequest, ChatTurn } from '../model-client';
import { UpstreamError } from '../upstream.error';
import { bedrockAdapter } from './bedrock.provider';

const KEYS = { accessKeyId: 'AKIAGENNAITEST000002', secretAccessKey: 'bedrock/Secret+Key/0123456789abcdef' };
const API_KEY = 'ABSKQmVkcm9ja0FQSUtleS1nZW5uYWktdGVzdA==';
const CLAUDE = 'anthropic.claude-3-5-sonnet-20240620-v1:0';
const timeouts = { connectMs: 5_000, firstTokenMs: 5_000, totalMs: 10_000 };
const turns: ChatTurn[] = [
  { role: 'system', content: 'あなたは市役所の案内係です。' },
  { role: 'user', content: '転入届の期限は？' },
];

describe('bedrockAdapter', () => {
  let server: ProviderTestServer;
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    server = await startBedrockTestServer({ credentials: KEYS, region: 'ap-northeast-1', apiKey: API_KEY });
  });
  afterAll(() => server?.close());
  afterEach(() => {
    process.env = { ...savedEnv };
  });

  async function answer(credential: string | undefined, extra: Partial<ChatRequest> = {}, model = CLAUDE) {
    const client = bedrockAdapter.create(
      { providerId: 'bedrock', baseUrl: server.baseUrl, upstreamModel: model, credential, settings: { region: 'ap-northeast-1' } },
      timeouts,
    );
    let text = '';
    try {
      for await (const chunk of client.streamChat({ messages: turns, signal: new AbortController().signal, ...extra })) {
        if (chunk.type === 'delta') text += chunk.text;
      }
      return { text, sent: server.requests.at(-1)!, error: undefined };
    } catch (error) {
      return { text, sent: server.requests.at(-1)!, error };
    }
  }

  it('signs ConverseStream with SigV4 for bedrock in the region, and maps system turns and options', async () => {
    const { text, sent, error } = await answer(JSON.stringify(KEYS), { maxOutputTokens: 512, temperature: 0.3, topP: 0.8, stop: ['以上'] });

    expect(error).toBeUndefined();
    expect(text).toBe(expectedAnswer('転入届の期限は？')); // the server verified the signature before answering
    expect(sent.path).toBe('/model/anthropic.claude-3-5-sonnet-20240620-v1%3A0/converse-stream');
    expect(sent.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIAGENNAITEST000002\/\d{8}\/ap-northeast-1\/bedrock\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/,
    );
    expect(sent.body).toEqual({
      messages: [{ role: 'user', content: [{ text: '転入届の期限は？' }] }],
      system: [{ text: 'あなたは市役所の案内係です。' }],
      inferenceConfig: { maxTokens: 512, temperature: 0.3, topP: 0.8, stopSequences: ['以上'] },
    });
  });

  it('sends the session token of temporary credentials', async () => {
    const { error, sent } = await answer(JSON.stringify({ ...KEYS, sessionToken: 'FwoGZXIvYXdzEJr-session-token' }));
    expect(error).toBeUndefined();
    expect(sent.headers['x-amz-security-token']).toBe('FwoGZXIvYXdzEJr-session-token');
  });

  it('merges consecutive turns of one role, as Converse requires alternating roles', async () => {
    const messages: ChatTurn[] = [
      { role: 'user', content: '一つ目の質問' },
      { role: 'user', content: '二つ目の質問' },
      { role: 'assistant', content: '回答' },
      { role: 'user', content: '最後の質問' },
    ];
    const { text, sent } = await answer(JSON.stringify(KEYS), { messages });
    expect(text).toBe(expectedAnswer('最後の質問'));
    expect(sent.body.messages).toEqual([
      { role: 'user', content: [{ text: '一つ目の質問' }, { text: '二つ目の質問' }] },
      { role: 'assistant', content: [{ text: '回答' }] },
      { role: 'user', content: [{ text: '最後の質問' }] },
    ]);
    expect(sent.body.system).toBeUndefined();
    expect(sent.body.inferenceConfig).toBeUndefined();
  });

  it('refuses, not retryably, a request signed with the wrong secret, and names neither key', async () => {
    const wrong = { ...KEYS, secretAccessKey: 'not/the+right/secret0123456789' };
    const { error } = await answer(JSON.stringify(wrong));
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ code: 'upstream_unavailable', status: 403, retryable: false });
    expect((error as Error).message).toContain('InvalidSignatureException');
    expect((error as Error).message).not.toMatch(/AKIAGENNAITEST000002|not\/the\+right/);
  });

  it('sends a Bedrock API key as a bearer token', async () => {
    const { text, sent } = await answer(API_KEY);
    expect(text).toBe(expectedAnswer('転入届の期限は？'));
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
  });

  it("uses the AWS SDK's default credential chain when the provider has no credential", async () => {
    process.env.AWS_ACCESS_KEY_ID = KEYS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = KEYS.secretAccessKey;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    const { text, sent } = await answer(undefined);
    expect(text).toBe(expectedAnswer('転入届の期限は？'));
    expect(sent.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIAGENNAITEST000002\//);
  });

  it('needs a region, and a credential of the documented shape (without repeating it)', () => {
    const target = { providerId: 'bedrock', baseUrl: null, upstreamModel: CLAUDE, settings: { region: 'ap-northeast-1' } };
    expect(() => bedrockAdapter.create({ ...target, settings: {} }, timeouts)).toThrow();
    expect(() => bedrockAdapter.create({ ...target, settings: { region: 'tokyo' } }, timeouts)).toThrow();
    const broken = '{"accessKeyId":"AKIAGENNAITEST000002","secret":"x-secret-value"}';
    expect(() => bedrockAdapter.create({ ...target, credential: broken }, timeouts)).toThrow(/accessKeyId.*secretAccessKey/);
    try {
      bedrockAdapter.create({ ...target, credential: broken }, timeouts);
    } catch (error) {
      expect((error as Error).message).not.toContain('x-secret-value');
    }
    expect(bedrockAdapter.create(target, timeouts)).toBeDefined(); // no base URL: the region's public endpoint
  });
});
