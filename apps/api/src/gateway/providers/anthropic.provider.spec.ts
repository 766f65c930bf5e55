import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedAnswer, startAnthropicTestServer, type ProviderTestServer } from '../../../../../tools/testing/provider-test-servers.mjs';
import type { ChatRequest, ChatTurn } from '../model-client';
import { ANTHROPIC_API_VERSION, ANTHROPIC_DEFAULT_MAX_TOKENS, anthropicAdapter } from './anthropic.provider';

const KEY = 'sk-ant-api03-gennai-test-key';
const timeouts = { connectMs: 5_000, firstTokenMs: 5_000, totalMs: 10_000 };
const conversation: ChatTurn[] = [
  { role: 'system', content: '公用文の書き方で答えてください。' },
  { role: 'user', content: '議事録を要約して。' },
  { role: 'assistant', content: '議事録の本文を貼り付けてください。' },
  { role: 'system', content: '箇条書きを使ってください。' },
  { role: 'user', content: '本文です。' },
];

describe('anthropicAdapter', () => {
  let server: ProviderTestServer;
  beforeAll(async () => {
    server = await startAnthropicTestServer({ apiKey: KEY });
  });
  afterAll(() => server?.close());

  async function answer(extra: Partial<ChatRequest> = {}) {
    const client = anthropicAdapter.create({ providerId: 'anthropic', baseUrl: server.baseUrl, upstreamModel: 'claude-sonnet-4-5', credential: KEY, settings: {} }, timeouts);
    let text = '';
    for await (const chunk of client.streamChat({ messages: conversation, signal: new AbortController().signal, ...extra })) {
      if (chunk.type === 'delta') text += chunk.text;
    }
    return { text, sent: server.requests.at(-1)! };
  }

  it('sends a Messages request with the key, the API version, the system turns on top and the options mapped', async () => {
    const { text, sent } = await answer({ maxOutputTokens: 1024, temperature: 0.5, topP: 0.9, stop: ['以上'] });

    expect(text).toBe(expectedAnswer('本文です。'));
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe(KEY);
    expect(sent.headers['anthropic-version']).toBe(ANTHROPIC_API_VERSION);
    expect(sent.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 1024,
      system: '公用文の書き方で答えてください。\n\n箇条書きを使ってください。',
      messages: [
        { role: 'user', content: '議事録を要約して。' },
        { role: 'assistant', content: '議事録の本文を貼り付けてください。' },
        { role: 'user', content: '本文です。' },
      ],
      temperature: 0.5,
      top_p: 0.9,
      stop_sequences: ['以上'],
      stream: true,
    });
  });

  it('asks for a default number of tokens when the request sets no limit, as max_tokens is required', async () => {
    const { sent } = await answer();
    expect(sent.body.max_tokens).toBe(ANTHROPIC_DEFAULT_MAX_TOKENS);
    expect(sent.body).not.toHaveProperty('temperature');
    expect(sent.body).not.toHaveProperty('stop_sequences');
  });

  it("defaults to Anthropic's public API and refuses unknown settings", () => {
    expect(anthropicAdapter.requiresBaseUrl).toBe(false);
    const target = { providerId: 'anthropic', baseUrl: null, upstreamModel: 'claude-sonnet-4-5', settings: {} };
    expect(anthropicAdapter.create(target, timeouts)).toBeDefined();
    expect(() => anthropicAdapter.create({ ...target, settings: { version: '2023-01-01' } }, timeouts)).toThrow();
  });
});
