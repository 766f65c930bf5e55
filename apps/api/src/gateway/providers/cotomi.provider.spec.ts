import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedAnswer, startCotomiTestServer, type ProviderTestServer } from '../../../../../tools/testing/provider-test-servers.mjs';
import type { ChatChunk, ChatRequest, ChatTurn } from '../model-client';
import { COTOMI_DEFAULT_CLIENT_ID, cotomiAdapter, cotomiPrompt } from './cotomi.provider';

const KEY = 'cotomi-api-key-0123456789';
const CLIENT_ID = '0f8e7d6c-5b4a-4321-9876-543210fedcba';
const timeouts = { connectMs: 5_000, firstTokenMs: 5_000, totalMs: 10_000 };
const conversation: ChatTurn[] = [
  { role: 'system', content: '自治体職員向けに答えてください。' },
  { role: 'user', content: '補助金の申請期限は？' },
  { role: 'assistant', content: 'どの補助金でしょうか。' },
  { role: 'user', content: '省エネ家電の買い替え補助金です。' },
];

describe('cotomiAdapter', () => {
  let server: ProviderTestServer;
  beforeAll(async () => {
    server = await startCotomiTestServer({ apiKey: KEY });
  });
  afterAll(() => server?.close());

  async function answer(settings: Record<string, string | number>, extra: Partial<ChatRequest> = {}) {
    const client = cotomiAdapter.create({ providerId: 'cotomi', baseUrl: server.baseUrl, upstreamModel: 'cotomi-core-pro-v1.0', credential: KEY, settings }, timeouts);
    const chunks: ChatChunk[] = [];
    for await (const chunk of client.streamChat({ messages: conversation, signal: new AbortController().signal, ...extra })) chunks.push(chunk);
    const deltas = chunks.flatMap((c) => (c.type === 'delta' ? [c.text] : []));
    return { deltas, text: deltas.join(''), chunks, sent: server.requests.at(-1)! };
  }

  it('asks one-shot, with the bearer key, the client id, the last user turn and the conversation so far', async () => {
    const { text, sent } = await answer({ clientId: CLIENT_ID }, { maxOutputTokens: 300, temperature: 0.1, topP: 0.5, stop: ['。'] });

    expect(text).toBe(expectedAnswer('省エネ家電の買い替え補助金です。'));
    expect(sent.path).toBe('/cotomi-api/v1/chat');
    expect(sent.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent.headers['x-nec-cotomi-client-id']).toBe(CLIENT_ID);
    expect(sent.body).toEqual({
      userContent: '省エネ家電の買い替え補助金です。',
      systemContent: cotomiPrompt(conversation).systemContent,
      historyId: 'new',
      oneshot: true,
      model: 'cotomi-core-pro-v1.0',
      stream: true,
      maxTokens: 300,
      temperature: 0.1,
    }); // no topP or stop: cotomi documents neither
    expect(sent.body.systemContent).toContain('自治体職員向けに答えてください。');
    expect(sent.body.systemContent).toContain('[ユーザー]\n補助金の申請期限は？\n\n[アシスタント]\nどの補助金でしょうか。');
  });

  it('streams pieces of streamNum characters and reports no usage (cotomi has none)', async () => {
    const { deltas, chunks, sent } = await answer({ streamNum: 5 });
    expect(sent.body.streamNum).toBe(5);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.slice(0, -1).every((piece) => Array.from(piece).length === 5)).toBe(true);
    expect(chunks.some((c) => c.type === 'usage')).toBe(false);
    expect(sent.headers['x-nec-cotomi-client-id']).toBe(COTOMI_DEFAULT_CLIENT_ID);
  });

  it('puts a single question in userContent alone', () => {
    expect(cotomiPrompt([{ role: 'user', content: 'こんにちは' }])).toEqual({ userContent: 'こんにちは' });
    expect(cotomiPrompt([{ role: 'system', content: 'S' }, { role: 'user', content: 'Q' }])).toEqual({ userContent: 'Q', systemContent: 'S' });
  });

  it("defaults to NEC's endpoint and refuses bad settings", () => {
    expect(cotomiAdapter.requiresBaseUrl).toBe(false);
    const target = { providerId: 'cotomi', baseUrl: null, upstreamModel: 'cotomi-core-pro-v1.0', settings: {} };
    expect(cotomiAdapter.create(target, timeouts)).toBeDefined();
    expect(() => cotomiAdapter.create({ ...target, settings: { streamNum: 0 } }, timeouts)).toThrow();
    expect(() => cotomiAdapter.create({ ...target, settings: { historyId: 'new' } }, timeouts)).toThrow();
  });
});
