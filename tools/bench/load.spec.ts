import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectedAnswer, startOpenAiTestServer, type OpenAiTestServer } from '../testing/openai-test-server.mjs';
import { deriveGatewayNumbers } from './gateway-report.mjs';
import { closedLoop, completionBody, completionText, keepAliveAgent, openStream, percentile } from './load.mjs';

describe('the gateway benchmark load generator', () => {
  let server: OpenAiTestServer;
  const agent = keepAliveAgent();
  const endpoint = () => ({ url: new URL(`${server.baseUrl}/chat/completions`), headers: {}, model: 'test-model' });

  beforeAll(async () => {
    server = await startOpenAiTestServer({ latencyMs: 20, chunkDelayMs: 10, recordRequests: false });
  });
  afterAll(async () => {
    agent.destroy();
    await server?.close();
  });

  it('reads every streamed chunk in order, with the time each arrived', async () => {
    const text = 'a'.repeat(13); // 7 + 13 = 20 code points of answer: 5 chunks of 4
    const result = await openStream(endpoint(), agent, completionBody('test-model', text, true));
    expect(result.error).toBeUndefined();
    expect(result.done).toBe(true);
    expect(result.text).toBe(expectedAnswer(text));
    expect(result.contentTimes).toHaveLength(5);
    expect(result.firstContentMs).toBeGreaterThanOrEqual(20 + 10 - 2);
    for (let i = 1; i < result.contentTimes.length; i++) expect(result.contentTimes[i]).toBeGreaterThanOrEqual(result.contentTimes[i - 1]);
  });

  it('hangs up a stream when its signal aborts', async () => {
    const controller = new AbortController();
    const pending = openStream(endpoint(), agent, completionBody('test-model', 'x'.repeat(20), true), { signal: controller.signal });
    setTimeout(() => controller.abort(), 40);
    const result = await pending;
    expect(result.error).toBe('aborted by the benchmark');
    expect(result.done).toBe(false);
  });

  it('keeps a closed loop going until it has the samples it was asked for', async () => {
    const body = completionBody('test-model', 'はい');
    const run = await closedLoop(endpoint(), agent, {
      concurrency: 2,
      warmupMs: 50,
      durationMs: 100,
      minSamples: 40,
      maxDurationMs: 5_000,
      body,
      check: (answer: string) => completionText(answer) === expectedAnswer('はい'),
    });
    expect(run.errors).toBe(0);
    expect(run.requests).toBeGreaterThanOrEqual(40);
    expect(run.latency.p50).toBeGreaterThanOrEqual(19);
  });

  it('takes percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 99)).toBeNull();
  });
});

describe('the gateway benchmark report', () => {
  const latency = (gateway: number, direct: number) => ({ gateway: { p50: gateway, p99: gateway + 1 }, direct: { p50: direct, p99: direct + 1 } });
  const gateway = (name: string, results: object) => ({ name, label: name, status: 'ok', results });

  it('subtracts the upstream measured beside each gateway, and judges every target', () => {
    const report = {
      pinning: 'gateway under test on core 1 alone',
      targets: [
        gateway('gennai-bare', { latency: latency(6.5, 6), throughput: { maxRps: 900, coresBusyAtMax: 0.9, levels: [] } }),
        gateway('gennai-full', {
          latency: latency(8.5, 6),
          throughput: { maxRps: 600, coresBusyAtMax: 0.9, levels: [] },
          paced: { maxHeld: 1500, levels: [] },
          idleMemory: { kbPerStream: 25 },
        }),
        gateway('portkey', { latency: latency(7, 6), throughput: { maxRps: 300, coresBusyAtMax: 0.9, levels: [{ concurrency: 4, rps: 300, coresBusy: 0.9 }] } }),
        { name: 'litellm', label: 'LiteLLM proxy', status: 'failed', error: 'could not be installed' },
      ],
    };
    const { derived, ratiosToGennaiFull, checks } = deriveGatewayNumbers(report);
    expect(derived['gennai-bare'].addedP99).toBe(0.5);
    expect(derived['gennai-full'].addedP50).toBe(2.5);
    expect(derived.portkey.cpuMsPerRequest).toBe(3);
    expect(ratiosToGennaiFull.portkey.rpsPerCore).toBe(0.5);
    expect(derived.litellm).toBeUndefined();
    expect(checks.map((check: { verdict: string }) => check.verdict)).toEqual(['pass', 'pass', 'fail', 'pass', 'pass', 'fail']);
  });
});
