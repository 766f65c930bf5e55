import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  countTokens,
  expectedAnswer,
  startAnthropicTestServer,
  startAzureOpenAiTestServer,
  startBedrockTestServer,
  startCotomiTestServer,
  startGeminiTestServer,
  type FaultModel,
  type ProviderTestServer,
} from '../../../../../tools/testing/provider-test-servers.mjs';
import { startOpenAiTestServer } from '../../../../../tools/testing/openai-test-server.mjs';
import type { ChatChunk, ChatTurn, UpstreamTimeouts } from '../model-client';
import { UpstreamError, type UpstreamErrorCode } from '../upstream.error';
import { anthropicAdapter } from './anthropic.provider';
import { azureOpenAiAdapter } from './azure-openai.provider';
import { bedrockAdapter } from './bedrock.provider';
import { cotomiAdapter } from './cotomi.provider';
import { geminiAdapter } from './gemini.provider';
import { openAiCompatibleAdapter } from './openai-compatible.provider';
import type { ProviderAdapter } from './provider-adapter';

// The behaviour every adapter owes the gateway, proved against each provider's protocol-faithful test server
// (tools/testing/openai-test-server.mjs, provider-test-servers.mjs). A new adapter adds one fixture here; its own
// spec tests its wire format (the exact request it sends, the protocol's quirks).

const KEY = 'sk-gennai-secret-0123456789';
const AWS_KEYS = { accessKeyId: 'AKIAGENNAITEST000001', secretAccessKey: 'gennai/Secret+Access+Key/0123456789abcdef' };
const SYSTEM = '丁寧に答えてください。';
const QUESTION = '住民票の写しはどこで取得できますか？マイナンバーカードがあればコンビニエンスストアでも取れますか？';
const turns: ChatTurn[] = [
  { role: 'system', content: SYSTEM },
  { role: 'user', content: QUESTION },
];
const generous: UpstreamTimeouts = { connectMs: 5_000, firstTokenMs: 5_000, totalMs: 10_000 };

type TestServer = Pick<ProviderTestServer, 'baseUrl' | 'close'> & { requests: { clientClosed: boolean }[] };

interface Fixture {
  adapter: ProviderAdapter;
  start(options: { slowChunkDelayMs: number }): Promise<TestServer>;
  credential: string;
  /** A credential the server refuses, and its secret parts that must not appear in any message. */
  wrongCredential: string;
  secrets: string[];
  settings?: Record<string, string | number | boolean>;
  /** The wait a 429 announces in this protocol, if any. */
  retryAfterMs: number | undefined;
  reportsUsage: boolean;
  /** Faults the protocol cannot express or its test server does not play; their tests are skipped. */
  untestable: FaultModel[];
  /** How the protocol's error event mid-stream is classified. */
  midStreamError?: { code: UpstreamErrorCode; retryable: boolean };
}

const bedrockCredential = (keys: typeof AWS_KEYS) => JSON.stringify(keys);
const wrongAwsKeys = { accessKeyId: 'AKIAWRONGKEY00000001', secretAccessKey: 'wrong/Secret+Access+Key/0123456789abcdef' };

const FIXTURES: Fixture[] = [
  {
    adapter: openAiCompatibleAdapter,
    start: (options) => startOpenAiTestServer({ apiKey: KEY, ...options }),
    credential: KEY,
    wrongCredential: 'sk-wrong-key-that-must-not-be-logged',
    secrets: ['sk-wrong-key-that-must-not-be-logged'],
    retryAfterMs: 1_000,
    reportsUsage: true,
    untestable: ['test-stall', 'test-error', 'test-filtered', 'test-blocked'],
  },
  {
    adapter: azureOpenAiAdapter,
    start: (options) => startAzureOpenAiTestServer({ apiKey: KEY, ...options }),
    credential: KEY,
    wrongCredential: 'azure-wrong-key-that-must-not-be-logged',
    secrets: ['azure-wrong-key-that-must-not-be-logged'],
    retryAfterMs: 1_000,
    reportsUsage: true,
    untestable: [],
    midStreamError: { code: 'upstream_bad_response', retryable: true },
  },
  {
    adapter: bedrockAdapter,
    start: (options) => startBedrockTestServer({ credentials: AWS_KEYS, region: 'ap-northeast-1', ...options }),
    credential: bedrockCredential(AWS_KEYS),
    wrongCredential: bedrockCredential(wrongAwsKeys),
    secrets: [wrongAwsKeys.accessKeyId, wrongAwsKeys.secretAccessKey, AWS_KEYS.secretAccessKey],
    settings: { region: 'ap-northeast-1' },
    retryAfterMs: undefined,
    reportsUsage: true,
    untestable: [],
    midStreamError: { code: 'upstream_rate_limited', retryable: true },
  },
  {
    adapter: anthropicAdapter,
    start: (options) => startAnthropicTestServer({ apiKey: KEY, ...options }),
    credential: KEY,
    wrongCredential: 'sk-ant-wrong-key-that-must-not-be-logged',
    secrets: ['sk-ant-wrong-key-that-must-not-be-logged'],
    retryAfterMs: 1_000,
    reportsUsage: true,
    untestable: [],
    midStreamError: { code: 'upstream_unavailable', retryable: true },
  },
  {
    adapter: geminiAdapter,
    start: (options) => startGeminiTestServer({ apiKey: KEY, ...options }),
    credential: KEY,
    wrongCredential: 'AIza-wrong-key-that-must-not-be-logged',
    secrets: ['AIza-wrong-key-that-must-not-be-logged'],
    retryAfterMs: 1_000,
    reportsUsage: true,
    untestable: [],
    midStreamError: { code: 'upstream_unavailable', retryable: true },
  },
  {
    adapter: cotomiAdapter,
    start: (options) => startCotomiTestServer({ apiKey: KEY, ...options }),
    credential: KEY,
    wrongCredential: 'cotomi-wrong-key-that-must-not-be-logged',
    secrets: ['cotomi-wrong-key-that-must-not-be-logged'],
    settings: { clientId: '6f1c2b9e-4a3d-4c1e-9f0a-1b2c3d4e5f60' },
    retryAfterMs: 1_000,
    reportsUsage: false,
    untestable: ['test-filtered', 'test-blocked'], // cotomi signals no content filter
    midStreamError: { code: 'upstream_bad_response', retryable: true },
  },
];

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
const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

describe.each(FIXTURES)('the $adapter.type adapter', (fixture) => {
  let server: TestServer;
  const testable = (model: FaultModel) => !fixture.untestable.includes(model);
  const clientFor = (model: FaultModel | string, timeouts = generous, credential = fixture.credential, baseUrl = server.baseUrl) =>
    fixture.adapter.create({ providerId: 'test', baseUrl, upstreamModel: model, credential, settings: fixture.settings ?? {} }, timeouts);
  const ask = (model: FaultModel, timeouts = generous, signal = new AbortController().signal) =>
    collect(clientFor(model, timeouts).streamChat({ messages: turns, signal }));

  beforeAll(async () => {
    server = await fixture.start({ slowChunkDelayMs: 200 });
  });
  afterAll(() => server?.close());

  function expectUpstreamError(error: unknown, code: UpstreamErrorCode): UpstreamError {
    expect(error).toBeInstanceOf(UpstreamError);
    const upstream = error as UpstreamError;
    expect(upstream.code).toBe(code);
    for (const secret of [fixture.credential, ...fixture.secrets]) expect(upstream.message).not.toContain(secret);
    return upstream;
  }

  it('streams the answer in several deltas, then its token usage', async () => {
    const before = server.requests.length;
    const { chunks, error } = await ask('test-model');

    expect(error).toBeUndefined();
    expect(chunks.filter((c) => c.type === 'delta').length).toBeGreaterThan(3);
    expect(textOf(chunks)).toBe(expectedAnswer(QUESTION));
    if (fixture.reportsUsage) {
      expect(chunks.at(-1)).toEqual({
        type: 'usage',
        inputTokens: countTokens(SYSTEM) + countTokens(QUESTION),
        outputTokens: countTokens(expectedAnswer(QUESTION)),
      });
    } else {
      expect(chunks.every((c) => c.type === 'delta')).toBe(true);
    }
    expect(server.requests.length).toBe(before + 1);
  });

  it('maps a 429 to a retryable upstream_rate_limited with the wait the provider asks for', async () => {
    const { chunks, error } = await ask('test-429');
    expect(chunks).toEqual([]);
    expect(expectUpstreamError(error, 'upstream_rate_limited')).toMatchObject({ status: 429, retryable: true, retryAfterMs: fixture.retryAfterMs });
  });

  it('maps a 500 to a retryable upstream_unavailable', async () => {
    const { error } = await ask('test-500');
    expect(expectUpstreamError(error, 'upstream_unavailable')).toMatchObject({ status: 500, retryable: true });
  });

  it('maps a server that cannot be reached to a retryable upstream_unavailable', async () => {
    const gone = await fixture.start({ slowChunkDelayMs: 200 });
    await gone.close();
    const { error } = await collect(clientFor('test-model', generous, fixture.credential, gone.baseUrl).streamChat({ messages: turns, signal: new AbortController().signal }));
    const upstream = expectUpstreamError(error, 'upstream_unavailable');
    expect(upstream.retryable).toBe(true);
    expect(upstream.message).toContain('ECONNREFUSED');
  });

  it('maps a refused credential to an upstream_unavailable that retrying will not fix, without the credential in the message', async () => {
    const { error } = await collect(
      clientFor('test-model', generous, fixture.wrongCredential).streamChat({ messages: turns, signal: new AbortController().signal }),
    );
    const upstream = expectUpstreamError(error, 'upstream_unavailable');
    expect(upstream.retryable).toBe(false);
    expect(upstream.status).toBeGreaterThanOrEqual(400);
    expect(upstream.status).toBeLessThan(500);
    expect(upstream.message).toMatch(/HTTP 4\d\d/);
  });

  it('gives up with upstream_timeout when the server does not respond in time, and hangs up', async () => {
    const before = server.requests.length;
    const started = Date.now();
    const { error } = await ask('test-timeout', { connectMs: 300, firstTokenMs: 5_000, totalMs: 10_000 });
    expect(expectUpstreamError(error, 'upstream_timeout').retryable).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(3_000);
    await settle();
    expect(server.requests[before].clientClosed).toBe(true);
  });

  it.runIf(testable('test-stall'))('gives up with upstream_timeout when the response starts but no answer follows, and hangs up', async () => {
    const before = server.requests.length;
    const started = Date.now();
    const { error } = await ask('test-stall', { connectMs: 5_000, firstTokenMs: 300, totalMs: 10_000 });
    expect(expectUpstreamError(error, 'upstream_timeout').message).toContain('no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(3_000);
    await settle();
    expect(server.requests[before].clientClosed).toBe(true);
  });

  it('gives up with upstream_timeout when the whole answer takes too long, keeping what arrived', async () => {
    const { chunks, error } = await ask('test-slow', { connectMs: 5_000, firstTokenMs: 5_000, totalMs: 500 });
    expect(expectUpstreamError(error, 'upstream_timeout').message).toContain('no complete answer within 500 ms');
    expect(textOf(chunks).length).toBeGreaterThan(0);
    expect(expectedAnswer(QUESTION).startsWith(textOf(chunks))).toBe(true);
    expect(textOf(chunks)).not.toBe(expectedAnswer(QUESTION));
  });

  it('fails with a retryable upstream_bad_response when the stream is cut mid-way, after the deltas that arrived', async () => {
    const { chunks, error } = await ask('test-cut');
    expect(textOf(chunks).length).toBeGreaterThan(0);
    expect(expectedAnswer(QUESTION).startsWith(textOf(chunks))).toBe(true);
    expect(textOf(chunks)).not.toBe(expectedAnswer(QUESTION));
    expect(expectUpstreamError(error, 'upstream_bad_response').retryable).toBe(true);
  });

  it('fails with upstream_bad_response on an event that does not parse, without crashing', async () => {
    const { error } = await ask('test-malformed');
    expectUpstreamError(error, 'upstream_bad_response');
  });

  it.runIf(testable('test-error'))("classifies the protocol's error event mid-stream", async () => {
    const { chunks, error } = await ask('test-error');
    expect(textOf(chunks).length).toBeGreaterThan(0);
    expect(expectUpstreamError(error, fixture.midStreamError!.code).retryable).toBe(fixture.midStreamError!.retryable);
  });

  it.runIf(testable('test-filtered'))('ends the answer where the content filter stopped it, keeping what was written', async () => {
    const { chunks, error } = await ask('test-filtered');
    expect(error).toBeUndefined();
    expect(textOf(chunks).length).toBeGreaterThan(0);
    expect(expectedAnswer(QUESTION).startsWith(textOf(chunks))).toBe(true);
    expect(textOf(chunks)).not.toBe(expectedAnswer(QUESTION));
  });

  it.runIf(testable('test-blocked'))('fails, not retryably, when the content filter blocks the answer before any text', async () => {
    const { chunks, error } = await ask('test-blocked');
    expect(textOf(chunks)).toBe('');
    const upstream = expectUpstreamError(error, 'upstream_unavailable');
    expect(upstream.retryable).toBe(false);
    expect(upstream.message).toContain('content filter');
  });

  it('stops the upstream request when the caller aborts', async () => {
    const before = server.requests.length;
    const caller = new AbortController();
    const received: ChatChunk[] = [];
    const error = await (async () => {
      for await (const chunk of clientFor('test-slow').streamChat({ messages: turns, signal: caller.signal })) {
        received.push(chunk);
        caller.abort(); // the user pressed stop after the first piece
      }
    })().catch((e: unknown) => e);
    expect(received).toHaveLength(1);
    expect((error as Error).name).toBe('AbortError');
    expect(error).not.toBeInstanceOf(UpstreamError);
    await settle();
    expect(server.requests[before].clientClosed).toBe(true);
  });

  it('hangs up on the server when the caller stops reading early', async () => {
    const before = server.requests.length;
    for await (const chunk of clientFor('test-slow').streamChat({ messages: turns, signal: new AbortController().signal })) {
      expect(chunk.type).toBe('delta');
      break;
    }
    await settle();
    expect(server.requests[before].clientClosed).toBe(true);
  });

  it('sends nothing when the signal is already aborted', async () => {
    const caller = new AbortController();
    caller.abort();
    const before = server.requests.length;
    const { error } = await collect(clientFor('test-model').streamChat({ messages: turns, signal: caller.signal }));
    expect((error as Error).name).toBe('AbortError');
    expect(server.requests.length).toBe(before);
  });
});
