#!/usr/bin/env node
// The benchmark's upstream: one process with one OpenAI-compatible test server (tools/testing/) per phase, each with
// its fixed latency and chunk pacing. Prints `{"<phase>": "<baseUrl>", …}` as one JSON line once all listen.
// Run by gateway.mjs as a child process, so the load generator's timing is not disturbed by the upstream's work.
import { EventEmitter } from 'node:events';
import { startOpenAiTestServer } from '../testing/openai-test-server.mjs';

/** Upstream behaviour per benchmark phase. */
export const UPSTREAM_PHASES = {
  /** Concurrency-1 added latency: a short fixed latency keeps the run short while still exercising timers. */
  latency: { latencyMs: 5, chunkDelayMs: 0 },
  /** Throughput at p99 < 50 ms: the 20 ms upstream. */
  throughput: { latencyMs: 20, chunkDelayMs: 0 },
  /** 64-chunk streams: 20 ms to the first event, then a chunk every 5 ms. */
  stream: { latencyMs: 20, chunkDelayMs: 5 },
  /** Many concurrent paced streams: a chunk every 250 ms. */
  paced: { latencyMs: 20, chunkDelayMs: 250 },
  /** Idle streams: the first event, then the upstream pauses (10 minutes) until the client hangs up. */
  idle: { latencyMs: 0, chunkDelayMs: 600_000 },
};

if (process.argv[1] === new URL(import.meta.url).pathname) {
  // The test server adds a 'close' listener per chunk delay; a 64-chunk answer passes Node's default warning limit.
  EventEmitter.defaultMaxListeners = 1000;
  const servers = {};
  for (const [phase, options] of Object.entries(UPSTREAM_PHASES)) {
    servers[phase] = await startOpenAiTestServer({ ...options, recordRequests: false });
  }
  process.stdout.write(`${JSON.stringify(Object.fromEntries(Object.entries(servers).map(([phase, s]) => [phase, s.baseUrl])))}\n`);
  const stop = () => Promise.all(Object.values(servers).map((s) => s.close())).then(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.once('disconnect', stop);
}
