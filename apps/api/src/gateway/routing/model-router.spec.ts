import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedAnswer, startOpenAiTestServer, type OpenAiTestServer } from '../../../../../tools/testing/openai-test-server.mjs';
import type { UsageAttempt } from '../../usage/usage-record.entity';
import type { ChatChunk, ModelClient } from '../model-client';
import { openAiCompatibleAdapter } from '../providers/openai-compatible.provider';
import { UpstreamError } from '../upstream.error';
import { CircuitBreaker } from './circuit-breaker';
import { ModelRouter, type RoutePlan } from './model-router';
import type { RoutedDeployment } from './routed-deployment';

const timeouts = { connectMs: 2_000, firstTokenMs: 2_000, totalMs: 5_000 };
const question = [{ role: 'user' as const, content: '申請の締切はいつですか' }];

describe('ModelRouter against the OpenAI-compatible test server', () => {
  let server: OpenAiTestServer;
  beforeAll(async () => {
    server = await startOpenAiTestServer({ slowChunkDelayMs: 200 });
  });
  afterAll(() => server?.close());

  let seq = 0;
  const deployment = (upstreamModel: string, weight = 1, breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 60_000 })): RoutedDeployment => ({
    id: `d${++seq}-${upstreamModel}`,
    modelId: 'm',
    weight,
    breaker,
    client: openAiCompatibleAdapter.create({ providerId: 'p', baseUrl: server.baseUrl, upstreamModel, settings: {} }, timeouts),
  });
  const router = (overrides: Partial<ConstructorParameters<typeof ModelRouter>[0]> = {}) =>
    new ModelRouter({ maxAttempts: 3, baseDelayMs: 5, ...overrides });

  async function run(r: ModelRouter, plan: RoutePlan, signal = new AbortController().signal) {
    const attempts: UsageAttempt[] = [];
    const answering: { modelId: string; deploymentId: string }[] = [];
    let text = '';
    let error: unknown;
    try {
      for await (const chunk of r.stream(plan, { messages: question, signal }, { attempt: (a) => attempts.push(a), answering: (a) => answering.push(a) })) {
        if (chunk.type === 'delta') text += chunk.text;
      }
    } catch (e) {
      error = e;
    }
    return { attempts, answering, text, error };
  }

  it('falls over to the next deployment on a 429 and gives one clean answer', async () => {
    const busy = deployment('test-429', 100);
    const ok = deployment('test-model', 0);
    const result = await run(router(), { models: [{ id: 'm', deployments: [busy, ok] }] });
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(expectedAnswer(question[0].content));
    expect(result.attempts.map((a) => [a.deploymentId, a.outcome, a.httpStatus])).toEqual([
      [busy.id, 'upstream_rate_limited', 429],
      [ok.id, 'ok', 200],
    ]);
    expect(result.attempts[1].outputTokens).toBeGreaterThan(0);
    expect(result.answering).toEqual([{ modelId: 'm', deploymentId: ok.id }]);
    expect(busy.breaker.state).toBe('closed');
  });

  it('goes to the fallback model when every deployment answers 500', async () => {
    const result = await run(router(), {
      models: [
        { id: 'primary', deployments: [deployment('test-500'), deployment('test-500')] },
        { id: 'backup', deployments: [deployment('test-model')] },
      ],
    });
    expect(result.text).toBe(expectedAnswer(question[0].content));
    expect(result.answering[0].modelId).toBe('backup');
    expect(result.attempts.map((a) => a.outcome)).toEqual(['upstream_unavailable', 'upstream_unavailable', 'upstream_unavailable', 'ok']);
  });

  it('never retries once part of the answer reached the caller', async () => {
    const before = server.requests.length;
    const result = await run(router(), { models: [{ id: 'm', deployments: [deployment('test-cut', 100), deployment('test-model', 0)] }] });
    expect(result.error).toBeInstanceOf(UpstreamError);
    expect(result.text.length).toBeGreaterThan(0);
    expect(server.requests.length - before).toBe(1);
  });

  it('opens a deployment’s circuit after repeated failures and stops calling it', async () => {
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 60_000 });
    const broken = deployment('test-500', 1, breaker);
    await run(router({ maxAttempts: 1 }), { models: [{ id: 'm', deployments: [broken] }] });
    await run(router({ maxAttempts: 1 }), { models: [{ id: 'm', deployments: [broken] }] });
    expect(breaker.state).toBe('open');
    const before = server.requests.length;
    const result = await run(router(), { models: [{ id: 'm', deployments: [broken] }] });
    expect(server.requests.length).toBe(before);
    expect(result.error).toMatchObject({ code: 'upstream_unavailable' });
    expect(result.attempts).toEqual([expect.objectContaining({ outcome: 'circuit_open' })]);
  });

  it('stops at once when the caller aborts, with no further upstream request', async () => {
    const controller = new AbortController();
    const before = server.requests.length;
    setTimeout(() => controller.abort(new Error('user pressed stop')), 100);
    const result = await run(router(), { models: [{ id: 'm', deployments: [deployment('test-slow', 100), deployment('test-model', 0)] }] }, controller.signal);
    expect(result.error).toMatchObject({ message: 'user pressed stop' });
    expect(server.requests.length - before).toBe(1);
    expect(result.attempts.map((a) => a.outcome)).toEqual(['interrupted']);
  });

  it('skips a deployment with a configuration error without waiting', async () => {
    const waits: number[] = [];
    const refusing: ModelClient = {
      async *streamChat(): AsyncIterable<ChatChunk> {
        throw new UpstreamError('upstream_unavailable', 'HTTP 401', { status: 401, retryable: false });
      },
    };
    const misconfigured = { ...deployment('test-model', 100), client: refusing };
    const result = await run(router({ sleep: async (ms) => void waits.push(ms) }), { models: [{ id: 'm', deployments: [misconfigured, deployment('test-model', 0)] }] });
    expect(result.text).toBe(expectedAnswer(question[0].content));
    expect(waits).toEqual([]);
  });
});

describe('ModelRouter load balancing and backoff', () => {
  const scripted = (id: string, weight: number, script: () => AsyncIterable<ChatChunk>): RoutedDeployment => ({
    id,
    modelId: 'm',
    weight,
    breaker: new CircuitBreaker({ failureThreshold: 5, cooldownMs: 1_000 }),
    client: { streamChat: script },
  });
  async function* answer(): AsyncIterable<ChatChunk> {
    yield { type: 'delta', text: 'ok' };
  }

  it('shares traffic by weight', async () => {
    const counts = { a: 0, b: 0 };
    const a = scripted('a', 3, () => (counts.a++, answer()));
    const b = scripted('b', 1, () => (counts.b++, answer()));
    let seed = 1;
    const random = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const r = new ModelRouter({ maxAttempts: 1, baseDelayMs: 0, random });
    for (let i = 0; i < 2000; i++) {
      for await (const chunk of r.stream({ models: [{ id: 'm', deployments: [a, b] }] }, { messages: [], signal: new AbortController().signal }, { attempt() {}, answering() {} })) void chunk;
    }
    expect(counts.a / 2000).toBeGreaterThan(0.7);
    expect(counts.a / 2000).toBeLessThan(0.8);
  });

  it('backs off with jitter between retries and honours a short Retry-After', async () => {
    const waits: number[] = [];
    let calls = 0;
    const busy = scripted('busy', 1, async function* () {
      calls++;
      if (calls < 3) throw new UpstreamError('upstream_rate_limited', '429', { status: 429, retryAfterMs: calls === 2 ? 700 : undefined });
      yield { type: 'delta', text: 'やっと' };
    });
    const r = new ModelRouter({ maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1_000, random: () => 0.5, sleep: async (ms) => void waits.push(ms) });
    let text = '';
    for await (const chunk of r.stream({ models: [{ id: 'm', deployments: [busy] }] }, { messages: [], signal: new AbortController().signal }, { attempt() {}, answering() {} })) {
      if (chunk.type === 'delta') text += chunk.text;
    }
    expect(text).toBe('やっと');
    expect(waits).toEqual([50, 700]);
  });

  it('moves on instead of waiting out a long Retry-After', async () => {
    const waits: number[] = [];
    const busy = scripted('busy', 1, async function* () {
      throw new UpstreamError('upstream_rate_limited', '429', { status: 429, retryAfterMs: 60_000 });
    });
    const backup = scripted('backup', 1, answer);
    const r = new ModelRouter({ maxAttempts: 3, baseDelayMs: 100, random: () => 0.5, sleep: async (ms) => void waits.push(ms) });
    const seen: string[] = [];
    for await (const chunk of r.stream(
      { models: [{ id: 'm', deployments: [busy] }, { id: 'f', deployments: [backup] }] },
      { messages: [], signal: new AbortController().signal },
      { attempt: (a) => seen.push(a.outcome), answering() {} },
    )) void chunk;
    expect(seen).toEqual(['upstream_rate_limited', 'ok']);
    expect(waits).toEqual([]);
  });
});

describe('CircuitBreaker', () => {
  it('opens after consecutive failures, lets one trial through after the cool-down, and closes on its success', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1_000, now: () => now });
    breaker.onFailure();
    expect(breaker.state).toBe('closed');
    breaker.onFailure();
    expect(breaker.state).toBe('open');
    expect(breaker.tryAcquire()).toBe(false);
    now = 1_000;
    expect(breaker.state).toBe('half-open');
    expect(breaker.tryAcquire()).toBe(true);
    expect(breaker.tryAcquire()).toBe(false);
    breaker.onSuccess();
    expect(breaker.state).toBe('closed');
  });

  it('re-opens when the trial fails', () => {
    let now = 0;
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 100, now: () => now });
    breaker.onFailure();
    now = 100;
    expect(breaker.tryAcquire()).toBe(true);
    breaker.onFailure();
    expect(breaker.state).toBe('open');
  });
});
