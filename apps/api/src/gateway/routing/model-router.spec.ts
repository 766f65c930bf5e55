import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  countTokens,
  expectedAnswer,
  startOpenAiTestServer,
  type OpenAiTestServer,
} from '../../../../../tools/testing/openai-test-server.mjs';
import type { UsageAttempt } from '../../usage/usage-record.entity';
import type { ChatChunk, ModelClient } from '../model-client';
import { openAiCompatibleAdapter } from '../providers/openai-compatible.provider';
import { UpstreamError } from '../upstream.error';
import { CircuitBreaker } from './circuit-breaker';
import { ModelRouter, type RoutePlan, type RouterOptions } from './model-router';
import type { RoutedDeployment } from './routed-deployment';
import { seededRandom } from './seeded-random';

const timeouts = { connectMs: 2_000, firstTokenMs: 2_000, totalMs: 5_000 };
const QUESTION = '申請の締切はいつですか';
const ANSWER = expectedAnswer(QUESTION);

interface RunResult {
  text: string;
  chunks: ChatChunk[];
  attempts: UsageAttempt[];
  answering: { modelId: string; deploymentId: string }[];
  error: unknown;
  elapsedMs: number;
}

/** Streams one request through the router as a caller would, collecting everything it sees. */
async function run(
  router: ModelRouter,
  plan: RoutePlan,
  {
    signal = new AbortController().signal,
    onDelta,
    onAttempt,
  }: { signal?: AbortSignal; onDelta?: (result: RunResult) => boolean | void; onAttempt?: (attempt: UsageAttempt) => void } = {},
): Promise<RunResult> {
  const result: RunResult = { text: '', chunks: [], attempts: [], answering: [], error: undefined, elapsedMs: 0 };
  const observer = {
    attempt: (attempt: UsageAttempt) => {
      result.attempts.push(attempt);
      onAttempt?.(attempt);
    },
    answering: (answer: { modelId: string; deploymentId: string }) => void result.answering.push(answer),
  };
  const started = performance.now();
  try {
    for await (const chunk of router.stream(plan, { messages: [{ role: 'user', content: QUESTION }], signal }, observer)) {
      result.chunks.push(chunk);
      if (chunk.type === 'delta') {
        result.text += chunk.text;
        if (onDelta?.(result) === false) break;
      }
    }
  } catch (error) {
    result.error = error;
  }
  result.elapsedMs = performance.now() - started;
  return result;
}

/** A router that records its waits instead of sleeping (unless `sleep` is given). */
function routerRecordingWaits(options: Partial<RouterOptions> = {}) {
  const waits: number[] = [];
  const router = new ModelRouter({ maxAttempts: 3, baseDelayMs: 50, sleep: async (ms) => void waits.push(ms), ...options });
  return { router, waits };
}

const outcomes = (result: RunResult) => result.attempts.map((a) => [a.deploymentId, a.outcome, a.httpStatus]);

describe('ModelRouter against the OpenAI-compatible test server', () => {
  let server: OpenAiTestServer;
  beforeAll(async () => {
    server = await startOpenAiTestServer({ slowChunkDelayMs: 100 });
  });
  afterAll(() => server?.close());

  let seq = 0;
  const clientFor = (upstreamModel: string, baseUrl = server.baseUrl): ModelClient =>
    openAiCompatibleAdapter.create({ providerId: 'p', baseUrl, upstreamModel, settings: {} }, timeouts);
  const deployment = (
    upstreamModel: string,
    { weight = 1, breaker = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 60_000 }), modelId = 'm', baseUrl = server.baseUrl } = {},
  ): RoutedDeployment => ({ id: `d${++seq}-${upstreamModel}`, modelId, weight, breaker, client: clientFor(upstreamModel, baseUrl) });
  const sentSince = (before: number) => server.requests.length - before;
  /** Opens at the first failure: shows which outcomes do not count as one. */
  const touchyBreaker = () => new CircuitBreaker({ failureThreshold: 1, cooldownMs: 60_000 });

  it('falls over to the next deployment on a 429 and the caller sees one clean answer', async () => {
    const busy = deployment('test-429', { weight: 100, breaker: touchyBreaker() });
    const standby = deployment('test-model', { weight: 0 });
    const { router, waits } = routerRecordingWaits();
    const result = await run(router, { models: [{ id: 'm', deployments: [busy, standby] }] });
    expect(result.error).toBeUndefined();
    expect(result.text).toBe(ANSWER);
    expect(outcomes(result)).toEqual([
      [busy.id, 'upstream_rate_limited', 429],
      [standby.id, 'ok', 200],
    ]);
    expect(result.answering).toEqual([{ modelId: 'm', deploymentId: standby.id }]);
    expect(waits).toEqual([]);
    expect(busy.breaker.state).toBe('closed');
  });

  it('answers from the fallback model when every deployment answers 500, trying each deployment before retrying one', async () => {
    const [a, b] = [deployment('test-500', { modelId: 'primary' }), deployment('test-500', { modelId: 'primary' })];
    const backup = deployment('test-model', { modelId: 'backup' });
    const { router, waits } = routerRecordingWaits();
    const before = server.requests.length;
    const result = await run(router, { models: [{ id: 'primary', deployments: [a, b] }, { id: 'backup', deployments: [backup] }] });
    expect(result.text).toBe(ANSWER);
    expect(result.answering).toEqual([{ modelId: 'backup', deploymentId: backup.id }]);
    expect(result.attempts.map((x) => [x.modelId, x.outcome, x.httpStatus])).toEqual([
      ['primary', 'upstream_unavailable', 500],
      ['primary', 'upstream_unavailable', 500],
      ['primary', 'upstream_unavailable', 500],
      ['backup', 'ok', 200],
    ]);
    expect(new Set(result.attempts.slice(0, 2).map((x) => x.deploymentId))).toEqual(new Set([a.id, b.id]));
    expect(waits).toHaveLength(1); // only the third attempt (a retry of a tried deployment) backs off
    expect(sentSince(before)).toBe(4);
  });

  it('never retries once part of the answer reached the caller: the error propagates and the partial text stays', async () => {
    const cut = deployment('test-cut', { weight: 100 });
    const standby = deployment('test-model', { weight: 0 });
    const before = server.requests.length;
    const result = await run(routerRecordingWaits().router, { models: [{ id: 'm', deployments: [cut, standby] }] });
    expect(result.error).toBeInstanceOf(UpstreamError);
    expect(result.error).toMatchObject({ code: 'upstream_bad_response' });
    expect(result.text.length).toBeGreaterThan(0);
    expect(ANSWER.startsWith(result.text)).toBe(true);
    expect(result.text).not.toBe(ANSWER);
    expect(result.answering).toEqual([{ modelId: 'm', deploymentId: cut.id }]);
    expect(outcomes(result)).toEqual([[cut.id, 'upstream_bad_response', 200]]);
    expect(sentSince(before)).toBe(1);
  });

  it('skips deployments that refuse the request (4xx) without waiting or retrying them, then uses the fallback model', async () => {
    const missingA = deployment('no-such-model', { breaker: touchyBreaker() });
    const missingB = deployment('no-such-model');
    const backup = deployment('test-model', { modelId: 'backup' });
    const { router, waits } = routerRecordingWaits({ maxAttempts: 5 });
    const before = server.requests.length;
    const result = await run(router, { models: [{ id: 'm', deployments: [missingA, missingB] }, { id: 'backup', deployments: [backup] }] });
    expect(result.text).toBe(ANSWER);
    expect(result.attempts.map((a) => [a.outcome, a.httpStatus])).toEqual([
      ['upstream_unavailable', 404],
      ['upstream_unavailable', 404],
      ['ok', 200],
    ]);
    expect(waits).toEqual([]);
    expect(sentSince(before)).toBe(3);
    expect(missingA.breaker.state).toBe('closed');
  });

  it('fails with the last upstream error when every model fails', async () => {
    const result = await run(routerRecordingWaits({ maxAttempts: 1 }).router, {
      models: [
        { id: 'm', deployments: [deployment('test-500')] },
        { id: 'f', deployments: [deployment('test-429')] },
      ],
    });
    expect(result.error).toMatchObject({ code: 'upstream_rate_limited', status: 429, retryAfterMs: 1_000 });
    expect(result.text).toBe('');
    expect(result.answering).toEqual([]);
  });

  it('opens a deployment’s circuit after repeated failures and then skips it without calling it', async () => {
    const broken = deployment('test-500', { breaker: new CircuitBreaker({ failureThreshold: 2, cooldownMs: 60_000 }) });
    const backup = deployment('test-model', { modelId: 'backup' });
    const { router } = routerRecordingWaits({ maxAttempts: 1 });
    await run(router, { models: [{ id: 'm', deployments: [broken] }] });
    expect(broken.breaker.state).toBe('closed');
    await run(router, { models: [{ id: 'm', deployments: [broken] }] });
    expect(broken.breaker.state).toBe('open');

    const before = server.requests.length;
    const alone = await run(router, { models: [{ id: 'm', deployments: [broken] }] });
    expect(sentSince(before)).toBe(0);
    expect(alone.error).toBeInstanceOf(UpstreamError);
    expect(alone.error).toMatchObject({ code: 'upstream_unavailable', message: expect.stringContaining('circuit open') });
    expect(outcomes(alone)).toEqual([[broken.id, 'circuit_open', null]]);

    const withFallback = await run(router, { models: [{ id: 'm', deployments: [broken] }, { id: 'backup', deployments: [backup] }] });
    expect(withFallback.text).toBe(ANSWER);
    expect(outcomes(withFallback)).toEqual([
      [broken.id, 'circuit_open', null],
      [backup.id, 'ok', 200],
    ]);
    expect(sentSince(before)).toBe(1);
  });

  it('lets one trial request through after the cool-down, and closes the circuit when it answers', async () => {
    let clock = 0;
    let upstream = clientFor('test-500');
    const breaker = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 30_000, now: () => clock });
    const recovering: RoutedDeployment = { id: 'recovering', modelId: 'm', weight: 1, breaker, client: { streamChat: (r) => upstream.streamChat(r) } };
    const backup = deployment('test-model', { modelId: 'backup' });
    const plan = { models: [{ id: 'm', deployments: [recovering] }, { id: 'backup', deployments: [backup] }] };
    const { router } = routerRecordingWaits({ maxAttempts: 1 });

    await run(router, plan);
    expect(breaker.state).toBe('open');
    clock = 29_999;
    expect((await run(router, plan)).attempts[0].outcome).toBe('circuit_open');

    clock = 30_000;
    upstream = clientFor('test-slow');
    let concurrent: Promise<RunResult> | undefined;
    const trial = await run(router, plan, {
      // While the trial streams, the circuit admits nobody else: this request goes to the fallback.
      onDelta: () => void (concurrent ??= run(router, plan)),
    });
    expect(trial.text).toBe(ANSWER);
    expect(outcomes(trial)).toEqual([['recovering', 'ok', 200]]);
    expect(outcomes(await concurrent!)).toEqual([
      ['recovering', 'circuit_open', null],
      [backup.id, 'ok', 200],
    ]);
    expect(breaker.state).toBe('closed');
  });

  it('waits out a short Retry-After before retrying the same deployment', async () => {
    const busy = deployment('test-429');
    const { router, waits } = routerRecordingWaits({ maxAttempts: 2, baseDelayMs: 10 });
    const result = await run(router, { models: [{ id: 'm', deployments: [busy] }] });
    expect(result.attempts.map((a) => a.outcome)).toEqual(['upstream_rate_limited', 'upstream_rate_limited']);
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeGreaterThan(900); // the server's `retry-after: 1`, less the moments already gone
    expect(waits[0]).toBeLessThanOrEqual(1_000);
    expect(result.error).toMatchObject({ code: 'upstream_rate_limited' });
  });

  it('moves on to the fallback instead of waiting out a Retry-After longer than maxDelayMs', async () => {
    const busy = deployment('test-429');
    const backup = deployment('test-model', { modelId: 'backup' });
    const { router, waits } = routerRecordingWaits({ maxDelayMs: 500 });
    const before = server.requests.length;
    const result = await run(router, { models: [{ id: 'm', deployments: [busy] }, { id: 'backup', deployments: [backup] }] });
    expect(result.text).toBe(ANSWER);
    expect(result.attempts.map((a) => a.outcome)).toEqual(['upstream_rate_limited', 'ok']);
    expect(waits).toEqual([]);
    expect(sentSince(before)).toBe(2);
  });

  it('backs off with growing, jittered, bounded delays between retries of the same deployment', async () => {
    const { router, waits } = routerRecordingWaits({ maxAttempts: 6, baseDelayMs: 100, maxDelayMs: 450, random: seededRandom(5) });
    const result = await run(router, { models: [{ id: 'm', deployments: [deployment('test-500', { breaker: new CircuitBreaker({ failureThreshold: 99, cooldownMs: 1 }) })] }] });
    expect(result.attempts).toHaveLength(6);
    expect(waits).toHaveLength(5);
    const ceilings = [100, 200, 400, 450, 450];
    waits.forEach((wait, retry) => {
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThan(ceilings[retry]);
    });
    expect(new Set(waits).size).toBe(5);
  });

  it('stops at once when the caller aborts during the backoff sleep, with no further upstream request', async () => {
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    // Real sleep: after the first failure the router waits ~9.9 s before its retry.
    const router = new ModelRouter({ maxAttempts: 3, baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.99 });
    const before = server.requests.length;
    const result = await run(
      router,
      { models: [{ id: 'm', deployments: [deployment('test-500')] }] },
      { signal: controller.signal, onAttempt: () => setTimeout(() => controller.abort(reason), 20) },
    );
    expect(result.error).toBe(reason);
    expect(result.elapsedMs).toBeLessThan(2_000);
    expect(result.attempts.map((a) => a.outcome)).toEqual(['upstream_unavailable']);
    expect(sentSince(before)).toBe(1);
  });

  it('stops at once when the caller aborts while the answer streams: the upstream request is cancelled and nothing else is tried', async () => {
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const slow = deployment('test-slow', { weight: 100, breaker: touchyBreaker() });
    const before = server.requests.length;
    const result = await run(
      new ModelRouter({ maxAttempts: 3, baseDelayMs: 0 }),
      { models: [{ id: 'm', deployments: [slow, deployment('test-model', { weight: 0 })] }, { id: 'f', deployments: [deployment('test-model')] }] },
      { signal: controller.signal, onDelta: () => controller.abort(reason) },
    );
    expect(result.error).toBe(reason);
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.elapsedMs).toBeLessThan(1_000);
    expect(outcomes(result)).toEqual([[slow.id, 'interrupted', null]]);
    expect(sentSince(before)).toBe(1);
    await vi.waitFor(() => expect(server.requests.at(-1)?.clientClosed).toBe(true));
    expect(slow.breaker.state).toBe('closed');
  });

  it('records the attempt as interrupted and cancels the upstream request when the caller stops reading', async () => {
    const slow = deployment('test-slow');
    const result = await run(new ModelRouter({ maxAttempts: 3, baseDelayMs: 0 }), { models: [{ id: 'm', deployments: [slow] }] }, { onDelta: () => false });
    expect(result.error).toBeUndefined();
    expect(result.attempts.map((a) => a.outcome)).toEqual(['interrupted']);
    await vi.waitFor(() => expect(server.requests.at(-1)?.clientClosed).toBe(true));
  });

  it('reports every attempt with its latency and tokens, and passes the usage through', async () => {
    const delayed = await startOpenAiTestServer({ latencyMs: 40 });
    try {
      const failing = deployment('test-500', { weight: 100, baseUrl: delayed.baseUrl });
      const answering = deployment('test-model', { weight: 0, baseUrl: delayed.baseUrl });
      const result = await run(routerRecordingWaits().router, { models: [{ id: 'm', deployments: [failing, answering] }] });
      const usage = { inputTokens: countTokens(QUESTION), outputTokens: countTokens(ANSWER) };
      expect(result.chunks.at(-1)).toEqual({ type: 'usage', ...usage });
      expect(result.attempts).toEqual([
        { modelId: 'm', deploymentId: failing.id, outcome: 'upstream_unavailable', httpStatus: 500, latencyMs: expect.any(Number), inputTokens: null, outputTokens: null },
        { modelId: 'm', deploymentId: answering.id, outcome: 'ok', httpStatus: 200, latencyMs: expect.any(Number), ...usage },
      ]);
      expect(result.attempts[0].latencyMs).toBeLessThan(40);
      expect(result.attempts[1].latencyMs).toBeGreaterThanOrEqual(39);
    } finally {
      await delayed.close();
    }
  });

  it('shares traffic between deployments by weight and leaves standbys idle', async () => {
    const heavy = deployment('test-model', { weight: 3 });
    const light = deployment('test-model', { weight: 1 });
    const standby = deployment('test-model', { weight: 0 });
    const router = new ModelRouter({ maxAttempts: 3, baseDelayMs: 0, random: seededRandom(42) });
    const counts = new Map<string, number>();
    for (let i = 0; i < 200; i++) {
      const result = await run(router, { models: [{ id: 'm', deployments: [heavy, light, standby] }] });
      const id = result.answering[0].deploymentId;
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    expect(counts.get(heavy.id)).toBeGreaterThan(130); // 150 expected
    expect(counts.get(heavy.id)).toBeLessThan(170);
    expect(counts.get(light.id)).toBe(200 - counts.get(heavy.id)!);
    expect(counts.get(standby.id)).toBeUndefined();
  });
});

describe('ModelRouter with clients a test server cannot imitate', () => {
  const scripted = (id: string, streamChat: ModelClient['streamChat']): RoutedDeployment => ({
    id,
    modelId: 'm',
    weight: 1,
    breaker: new CircuitBreaker({ failureThreshold: 3, cooldownMs: 60_000 }),
    client: { streamChat },
  });

  it('retries the same deployment after a transient failure and gets the answer', async () => {
    let calls = 0;
    const flaky = scripted('flaky', async function* () {
      calls += 1;
      if (calls === 1) throw new UpstreamError('upstream_timeout', 'no answer within 2000 ms');
      yield { type: 'delta', text: '回答' };
    });
    const { router, waits } = routerRecordingWaits({ random: () => 0.5 });
    const result = await run(router, { models: [{ id: 'm', deployments: [flaky] }] });
    expect(result.text).toBe('回答');
    expect(result.attempts.map((a) => a.outcome)).toEqual(['upstream_timeout', 'ok']);
    expect(waits).toEqual([25]);
    expect(flaky.breaker.state).toBe('closed');
  });

  it('lets a bug in a client propagate at once instead of retrying it', async () => {
    const bug = new TypeError('cannot read properties of undefined');
    const buggy = scripted('buggy', async function* () {
      yield* [];
      throw bug;
    });
    const { router } = routerRecordingWaits({ random: () => 0 }); // picks the first deployment
    const result = await run(router, { models: [{ id: 'm', deployments: [buggy, scripted('other', answer)] }] });
    expect(result.error).toBe(bug);
    expect(result.attempts.map((a) => a.outcome)).toEqual(['internal_error']);
  });

  it('counts an empty but complete answer as the answer', async () => {
    const empty = scripted('empty', async function* () {
      yield* [];
    });
    const result = await run(routerRecordingWaits().router, { models: [{ id: 'm', deployments: [empty] }] });
    expect(result.error).toBeUndefined();
    expect(result.answering).toEqual([{ modelId: 'm', deploymentId: 'empty' }]);
    expect(result.attempts.map((a) => a.outcome)).toEqual(['ok']);
  });

  it('fails without calling anything when the plan has no deployment', async () => {
    const result = await run(routerRecordingWaits().router, { models: [{ id: 'm', deployments: [] }] });
    expect(result.error).toMatchObject({ code: 'upstream_unavailable', retryable: false });
    expect(result.attempts).toEqual([]);
  });
});

async function* answer(): AsyncIterable<ChatChunk> {
  yield { type: 'delta', text: 'ok' };
}
