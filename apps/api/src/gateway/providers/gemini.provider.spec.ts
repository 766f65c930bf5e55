import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedAnswer, startGeminiTestServer, type ProviderTestServer } from '../../../../../tools/testing/provider-test-servers.mjs';
import type { ChatRequest, ChatTurn } from '../model-client';
import { geminiAdapter } from './gemini.provider';

const KEY = 'AIzaSyGennaiTestKey0123456789';
const timeouts = { connectMs: 5_000, firstTokenMs: 5_000, totalMs: 10_000 };
const conversation: ChatTurn[] = [
  { role: 'system', content: 'やさしい日本語で答えてください。' },
  { role: 'user', content: 'ごみの日はいつ？' },
  { role: 'assistant', content: 'お住まいの地区を教えてください。' },
  { role: 'user', content: '北区です。' },
];

describe('geminiAdapter', () => {
  let server: ProviderTestServer;
  beforeAll(async () => {
    server = await startGeminiTestServer({ apiKey: KEY });
  });
  afterAll(() => server?.close());

  async function answer(model: string, extra: Partial<ChatRequest> = {}) {
    const client = geminiAdapter.create({ providerId: 'gemini', baseUrl: server.baseUrl, upstreamModel: model, credential: KEY, settings: {} }, timeouts);
    let text = '';
    for await (const chunk of client.streamChat({ messages: conversation, signal: new AbortController().signal, ...extra })) {
      if (chunk.type === 'delta') text += chunk.text;
    }
    return { text, sent: server.requests.at(-1)! };
  }

  it('streams generateContent as SSE with the key header, roles user/model, systemInstruction and generationConfig', async () => {
    const { text, sent } = await answer('gemini-2.5-flash', { maxOutputTokens: 800, temperature: 0.4, topP: 0.95, stop: ['END'] });

    expect(text).toBe(expectedAnswer('北区です。')); // the server ends its events with CRLF, as Google's does
    expect(sent.path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent');
    expect(sent.query).toEqual({ alt: 'sse' });
    expect(sent.headers['x-goog-api-key']).toBe(KEY);
    expect(sent.body).toEqual({
      contents: [
        { role: 'user', parts: [{ text: 'ごみの日はいつ？' }] },
        { role: 'model', parts: [{ text: 'お住まいの地区を教えてください。' }] },
        { role: 'user', parts: [{ text: '北区です。' }] },
      ],
      systemInstruction: { parts: [{ text: 'やさしい日本語で答えてください。' }] },
      generationConfig: { maxOutputTokens: 800, temperature: 0.4, topP: 0.95, stopSequences: ['END'] },
    });
  });

  it('accepts a model named the way Google lists it (models/…), and sends no empty generationConfig', async () => {
    const { sent } = await answer('models/gemini-2.5-pro');
    expect(sent.path).toBe('/v1beta/models/gemini-2.5-pro:streamGenerateContent');
    expect(sent.body).not.toHaveProperty('generationConfig');
  });

  it("defaults to Google's public API and refuses unknown settings", () => {
    expect(geminiAdapter.requiresBaseUrl).toBe(false);
    const target = { providerId: 'gemini', baseUrl: null, upstreamModel: 'gemini-2.5-flash', settings: {} };
    expect(geminiAdapter.create(target, timeouts)).toBeDefined();
    expect(() => geminiAdapter.create({ ...target, settings: { project: 'x' } }, timeouts)).toThrow();
  });
});
