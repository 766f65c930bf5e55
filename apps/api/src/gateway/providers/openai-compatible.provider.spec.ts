import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedAnswer, startOpenAiTestServer, type OpenAiTestServer } from '../../../../../tools/testing/openai-test-server.mjs';
import type { ChatChunk, ChatRequest, ChatTurn, UpstreamTimeouts } from '../model-client';
import { UpstreamError } from '../upstream.error';
import { openAiCompatibleAdapter } from './openai-compatible.provider';

// Timeouts, errors, cuts and aborts: provider-contract.spec.ts. Here: what goes on the wire, and OpenAI's quirks.

const API_KEY = 'sk-gennai-secret-0123456789';
const question = '住民票の写しはどこで取得できますか？';
const turns: ChatTurn[] = [
  { role: 'system', content: '丁寧に答えてください。' },
  { role: 'user', content: question },
];
const generous: UpstreamTimeouts = { connectMs: 5_000, firstTokenMs: 5_000, totalMs: 10_000 };
const clientFor = (baseUrl: string, model: string, apiKey?: string, timeouts = generous) =>
  openAiCompatibleAdapter.create({ providerId: 'test', baseUrl, upstreamModel: model, credential: apiKey, settings: {} }, timeouts);

async function collect(stream: AsyncIterable<ChatChunk>) {
  const chunks: ChatChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, text: chunks.map((c) => (c.type === 'delta' ? c.text : '')).join(''), error: undefined };
  } catch (error) {
    return { chunks, text: '', error };
  }
}
const ask = (baseUrl: string, model: string, apiKey?: string, extra: Partial<ChatRequest> = {}, timeouts = generous) =>
  collect(clientFor(baseUrl, model, apiKey, timeouts).streamChat({ messages: turns, signal: new AbortController().signal, ...extra }));

/** A one-off server for behaviour the shared test server does not play. */
async function serve(answer: (res: ServerResponse) => void): Promise<{ baseUrl: string; server: Server }> {
  const server = createServer((req, res) => req.resume().on('end', () => answer(res)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server };
}

describe('openAiCompatibleAdapter', () => {
  let server: OpenAiTestServer;
  beforeAll(async () => {
    server = await startOpenAiTestServer();
  });
  afterAll(() => server?.close());

  it('sends the conversation with the key as a bearer token, asks for usage in the stream, and maps the options', async () => {
    const { text, error } = await ask(server.baseUrl, 'test-model', API_KEY, { maxOutputTokens: 200, temperature: 0.7, topP: 0.9, stop: ['。'] });

    expect(error).toBeUndefined();
    expect(text).toBe(expectedAnswer(question));
    const sent = server.requests.at(-1)!;
    expect(sent.path).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body).toEqual({
      model: 'test-model',
      messages: turns,
      stream: true,
      stream_options: { include_usage: true },
      max_tokens: 200,
      temperature: 0.7,
      top_p: 0.9,
      stop: ['。'],
    });
  });

  it('sends no authorization without a key, and no option the request leaves out', async () => {
    await ask(`${server.baseUrl}/`, 'test-model');
    const sent = server.requests.at(-1)!;
    expect(sent.headers.authorization).toBeUndefined();
    expect(Object.keys(sent.body).sort()).toEqual(['messages', 'model', 'stream', 'stream_options']);
  });

  it('keeps credentials in the base URL out of error messages', async () => {
    const url = new URL(server.baseUrl);
    url.username = 'operator';
    url.password = 'url-password';
    url.search = '?api-key=query-secret';
    const { error } = await ask(url.toString(), 'test-500');
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).not.toMatch(/url-password|query-secret/);
  });

  it('takes a whole chat.completion from a server that ignores stream: true', async () => {
    const whole = await serve((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content: '一括の回答' }, finish_reason: 'stop' }], usage: { prompt_tokens: 9, completion_tokens: 3 } }));
    });
    try {
      const { chunks, error } = await ask(whole.baseUrl, 'm');
      expect(error).toBeUndefined();
      expect(chunks).toEqual([
        { type: 'delta', text: '一括の回答' },
        { type: 'usage', inputTokens: 9, outputTokens: 3 },
      ]);
    } finally {
      whole.server.close();
    }
  });

  it('counts reasoning as the model answering, so a thinking model does not hit the first-token timeout', async () => {
    const chunk = (delta: object, finish: string | null = null) => `data: ${JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
    const thinking = await serve((res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let step = 0;
      const timer = setInterval(() => {
        step += 1;
        if (step < 5) return void res.write(chunk({ reasoning_content: '考え中…' }));
        clearInterval(timer);
        res.end(`${chunk({ content: '結論です。' })}${chunk({}, 'stop')}data: [DONE]\n\n`);
      }, 100);
      res.on('close', () => clearInterval(timer));
    });
    try {
      const { text, error } = await ask(thinking.baseUrl, 'reasoner', undefined, {}, { connectMs: 5_000, firstTokenMs: 250, totalMs: 5_000 });
      expect(error).toBeUndefined();
      expect(text).toBe('結論です。');
    } finally {
      thinking.server.close();
    }
  });

  it('needs a base URL and takes no settings', () => {
    const target = { providerId: 'vllm', baseUrl: null, upstreamModel: 'm', settings: {} };
    expect(() => openAiCompatibleAdapter.create(target, generous)).toThrow('base URL');
    expect(() => openAiCompatibleAdapter.create({ ...target, baseUrl: 'ftp://example.jp/v1' }, generous)).toThrow('http');
    expect(() => openAiCompatibleAdapter.create({ ...target, baseUrl: 'http://vllm:8000/v1', settings: { apiVersion: 'x' } }, generous)).toThrow();
  });
});
