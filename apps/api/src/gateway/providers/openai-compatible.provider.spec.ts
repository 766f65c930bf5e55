import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countTokens,
  expectedAnswer,
  startOpenAiTestServer,
  type OpenAiTestServer,
} from '../../../../../tools/testing/openai-test-server.mjs';
import type { ChatChunk, ChatTurn } from '../model-client';
import { OpenAiCompatibleProvider, type UpstreamTimeouts } from './openai-compatible.provider';
import { UpstreamError } from '../upstream.error';

const API_KEY = 'sk-gennai-secret-0123456789';
const question = '住民票の写しはどこで取得できますか？';
const turns: ChatTurn[] = [
  { role: 'system', content: '丁寧に答えてください。' },
  { role: 'user', content: question },
];
const generous: UpstreamTimeouts = { firstTokenMs: 5_000, totalMs: 10_000 };

async function collect(stream: AsyncIterable<ChatChunk>) {
  const chunks: ChatChunk[] = [];
  try {
    for await (const chunk of stream) chunks.push(chunk);
    return { chunks, error: undefined };
  } catch (error) {
    return { chunks, error };
  }
}

const textOf = (chunks: ChatChunk[]) => chunks.map((c) => (c.type === 'delta' ? c.text : '')).join('');

describe('OpenAiCompatibleProvider against the OpenAI-compatible test server', () => {
  let server: OpenAiTestServer;
  const provider = (model: string, timeouts = generous, apiKey = API_KEY) =>
    new OpenAiCompatibleProvider({ baseUrl: server.baseUrl, model, apiKey }, timeouts);

  beforeAll(async () => {
    server = await startOpenAiTestServer({ apiKey: API_KEY, slowChunkDelayMs: 200 });
  });
  afterAll(() => server?.close());

  async function expectUpstreamError(error: unknown, code: UpstreamError['code']) {
    expect(error).toBeInstanceOf(UpstreamError);
    const upstream = error as UpstreamError;
    expect(upstream.code).toBe(code);
    expect(upstream.message).not.toContain(API_KEY);
    return upstream;
  }

  it('streams the answer in several deltas and reports usage last', async () => {
    const before = server.requests.length;
    const { chunks, error } = await collect(provider('test-model').streamChat({ messages: turns, signal: new AbortController().signal }));

    expect(error).toBeUndefined();
    const deltas = chunks.filter((c) => c.type === 'delta');
    expect(deltas.length).toBeGreaterThan(3);
    expect(textOf(chunks)).toBe(expectedAnswer(question));
    const answer = expectedAnswer(question);
    expect(chunks.at(-1)).toEqual({
      type: 'usage',
      inputTokens: countTokens('丁寧に答えてください。') + countTokens(question),
      outputTokens: countTokens(answer),
    });

    const [sent] = server.requests.slice(before);
    expect(sent.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(sent.body).toMatchObject({
      model: 'test-model',
      messages: turns,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('maps 429 to a retryable upstream_rate_limited with the retry-after delay', async () => {
    const { chunks, error } = await collect(provider('test-429').streamChat({ messages: turns, signal: new AbortController().signal }));
    expect(chunks).toEqual([]);
    const upstream = await expectUpstreamError(error, 'upstream_rate_limited');
    expect(upstream).toMatchObject({ status: 429, retryable: true, retryAfterMs: 1_000 });
  });

  it('maps 500 to a retryable upstream_unavailable', async () => {
    const { error } = await collect(provider('test-500').streamChat({ messages: turns, signal: new AbortController().signal }));
    const upstream = await expectUpstreamError(error, 'upstream_unavailable');
    expect(upstream).toMatchObject({ status: 500, retryable: true });
  });

  it('maps a server that cannot be reached to a retryable upstream_unavailable', async () => {
    const gone = await startOpenAiTestServer();
    await gone.close();
    const unreachable = new OpenAiCompatibleProvider({ baseUrl: gone.baseUrl, model: 'test-model', apiKey: API_KEY }, generous);
    const { error } = await collect(unreachable.streamChat({ messages: turns, signal: new AbortController().signal }));
    const upstream = await expectUpstreamError(error, 'upstream_unavailable');
    expect(upstream.status).toBeUndefined();
    expect(upstream.retryable).toBe(true);
    expect(upstream.message).toContain('ECONNREFUSED');
  });

  it('maps a rejected API key (401) to upstream_unavailable that retrying will not fix, without the key in the message', async () => {
    const wrongKey = 'sk-wrong-key-that-must-not-be-logged';
    const { error } = await collect(
      provider('test-model', generous, wrongKey).streamChat({ messages: turns, signal: new AbortController().signal }),
    );
    const upstream = await expectUpstreamError(error, 'upstream_unavailable');
    expect(upstream).toMatchObject({ status: 401, retryable: false });
    expect(upstream.message).toContain('HTTP 401');
    expect(upstream.message).not.toContain(wrongKey);
  });

  it('keeps credentials in the base URL out of error messages', async () => {
    const url = new URL(server.baseUrl);
    url.username = 'operator';
    url.password = 'url-password';
    url.search = '?api-key=query-secret';
    const leaky = new OpenAiCompatibleProvider({ baseUrl: url.toString(), model: 'test-model' }, generous);
    const { error } = await collect(leaky.streamChat({ messages: turns, signal: new AbortController().signal }));
    expect(error).toBeInstanceOf(UpstreamError);
    expect((error as Error).message).not.toMatch(/url-password|query-secret/);
  });

  it('maps a stream cut off mid-answer to a retryable upstream_bad_response, after the deltas that did arrive', async () => {
    const { chunks, error } = await collect(provider('test-cut').streamChat({ messages: turns, signal: new AbortController().signal }));
    expect(textOf(chunks).length).toBeGreaterThan(0);
    expect(expectedAnswer(question).startsWith(textOf(chunks))).toBe(true);
    expect(textOf(chunks)).not.toBe(expectedAnswer(question));
    const upstream = await expectUpstreamError(error, 'upstream_bad_response');
    expect(upstream.retryable).toBe(true);
  });

  it('maps an event that is not JSON to upstream_bad_response', async () => {
    const { error } = await collect(provider('test-malformed').streamChat({ messages: turns, signal: new AbortController().signal }));
    await expectUpstreamError(error, 'upstream_bad_response');
  });

  it('gives up with upstream_timeout when no answer starts in time, and hangs up on the server', async () => {
    const before = server.requests.length;
    const started = Date.now();
    const { error } = await collect(
      provider('test-timeout', { firstTokenMs: 300, totalMs: 10_000 }).streamChat({ messages: turns, signal: new AbortController().signal }),
    );
    const upstream = await expectUpstreamError(error, 'upstream_timeout');
    expect(upstream.retryable).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(3_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests[before].clientClosed).toBe(true);
  });

  it('gives up with upstream_timeout when the whole answer takes too long, keeping what arrived', async () => {
    const { chunks, error } = await collect(
      provider('test-slow', { firstTokenMs: 5_000, totalMs: 500 }).streamChat({ messages: turns, signal: new AbortController().signal }),
    );
    await expectUpstreamError(error, 'upstream_timeout');
    expect(textOf(chunks).length).toBeGreaterThan(0);
    expect(textOf(chunks)).not.toBe(expectedAnswer(question));
  });

  it('stops the upstream request when the caller aborts', async () => {
    const before = server.requests.length;
    const caller = new AbortController();
    const received: ChatChunk[] = [];
    const failure = (async () => {
      for await (const chunk of provider('test-slow').streamChat({ messages: turns, signal: caller.signal })) {
        received.push(chunk);
        caller.abort(); // the user closed the page after the first piece
      }
    })();
    const error = await failure.catch((e: unknown) => e);
    expect(received).toHaveLength(1);
    expect((error as Error).name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(UpstreamError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests[before].clientClosed).toBe(true);
  });

  it('hangs up on the server when the caller stops reading early', async () => {
    const before = server.requests.length;
    for await (const chunk of provider('test-slow').streamChat({ messages: turns, signal: new AbortController().signal })) {
      expect(chunk.type).toBe('delta');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(server.requests[before].clientClosed).toBe(true);
  });

  it('refuses to start when the signal is already aborted', async () => {
    const caller = new AbortController();
    caller.abort();
    const before = server.requests.length;
    const { error } = await collect(provider('test-model').streamChat({ messages: turns, signal: caller.signal }));
    expect((error as Error).name).toBe('AbortError');
    expect(server.requests.length).toBe(before);
  });
});
