import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedAnswer, startAzureOpenAiTestServer, type ProviderTestServer } from '../../../../../tools/testing/provider-test-servers.mjs';
import type { ChatRequest } from '../model-client';
import { AZURE_DEFAULT_API_VERSION, azureOpenAiAdapter } from './azure-openai.provider';

const KEY = 'azure-key-0123456789abcdef';
const timeouts = { connectMs: 5_000, firstTokenMs: 5_000, totalMs: 10_000 };
const request = (extra: Partial<ChatRequest> = {}): ChatRequest => ({
  messages: [
    { role: 'system', content: '簡潔に答えてください。' },
    { role: 'user', content: '開庁時間は？' },
  ],
  signal: new AbortController().signal,
  ...extra,
});

describe('azureOpenAiAdapter', () => {
  let server: ProviderTestServer;
  beforeAll(async () => {
    server = await startAzureOpenAiTestServer({ apiKey: KEY });
  });
  afterAll(() => server?.close());

  async function answer(settings: Record<string, string>, extra?: Partial<ChatRequest>) {
    const client = azureOpenAiAdapter.create({ providerId: 'azure', baseUrl: `${server.baseUrl}/`, upstreamModel: 'gpt-4o-prod', credential: KEY, settings }, timeouts);
    let text = '';
    for await (const chunk of client.streamChat(request(extra))) if (chunk.type === 'delta') text += chunk.text;
    return { text, sent: server.requests.at(-1)! };
  }

  it('calls the deployment with the api-version and the api-key header, mapping the options', async () => {
    const { text, sent } = await answer({}, { maxOutputTokens: 256, temperature: 0.2, topP: 0.9, stop: ['。'] });

    expect(text).toBe(expectedAnswer('開庁時間は？'));
    expect(sent.path).toBe('/openai/deployments/gpt-4o-prod/chat/completions');
    expect(sent.query).toEqual({ 'api-version': AZURE_DEFAULT_API_VERSION });
    expect(sent.headers['api-key']).toBe(KEY);
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toEqual({
      messages: request().messages,
      stream: true,
      stream_options: { include_usage: true },
      max_completion_tokens: 256,
      temperature: 0.2,
      top_p: 0.9,
      stop: ['。'],
    });
  });

  it('uses the configured api-version', async () => {
    const { sent } = await answer({ apiVersion: '2025-04-01-preview' });
    expect(sent.query).toEqual({ 'api-version': '2025-04-01-preview' });
  });

  it('speaks the v1 API, with the model in the body, when apiStyle is v1', async () => {
    const { text, sent } = await answer({ apiStyle: 'v1' });
    expect(text).toBe(expectedAnswer('開庁時間は？'));
    expect(sent.path).toBe('/openai/v1/chat/completions');
    expect(sent.query).toEqual({});
    expect(sent.body).toMatchObject({ model: 'gpt-4o-prod', stream: true });
  });

  it('refuses settings it does not know and a malformed api-version, and needs the resource endpoint', () => {
    const target = { providerId: 'azure', baseUrl: 'https://example.openai.azure.com', upstreamModel: 'gpt-4o', settings: {} };
    expect(() => azureOpenAiAdapter.create({ ...target, settings: { region: 'japaneast' } }, timeouts)).toThrow();
    expect(() => azureOpenAiAdapter.create({ ...target, settings: { apiVersion: 'latest' } }, timeouts)).toThrow();
    expect(() => azureOpenAiAdapter.create({ ...target, baseUrl: null }, timeouts)).toThrow('base URL');
    expect(azureOpenAiAdapter.requiresBaseUrl).toBe(true);
  });
});
