// The gateway benchmark (issue #3): Gennai's gateway beside the Portkey gateway and the LiteLLM proxy, all pointed at
// the same OpenAI-compatible test server with fixed latency, measured in one run by one load generator.
// Writes docs/benchmarks/gateway.{json,md}. `npm run bench -- gateway` (or `node tools/bench/run.mjs gateway`).
// Options (environment): BENCH_ONLY=direct,gennai-bare,gennai-full,portkey,litellm (subset), BENCH_QUICK=1 (short
// phases, for trying the harness; never for the committed report), BENCH_PIN=0 (no CPU pinning), BENCH_NO_WRITE=1.
import { spawnSync } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { mkdirSync } from 'node:fs';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectedAnswer } from '../testing/openai-test-server.mjs';
import { litellmDir } from './competitors.mjs';
import { GENNAI_CONFIGS, buildApi, startBenchPostgres, startGennai } from './gennai-target.mjs';
import { writeGatewayReport } from './gateway-report.mjs';
import { closedLoop, completionBody, completionText, keepAliveAgent, openStream, post, round, sequential, sleep, summary } from './load.mjs';
import { cpuSecondsOf, establishedTo, pinHarness, pinning, rssOf } from './processes.mjs';
import { provisionCompetitors } from './provision.mjs';
import { UPSTREAM_PHASES } from './upstream.mjs';
import { directTarget, startLitellm, startPortkey, startUpstream } from './targets.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const quick = process.env.BENCH_QUICK === '1';
const only = process.env.BENCH_ONLY ? new Set(process.env.BENCH_ONLY.split(',')) : null;
const workDir = join(root, 'dist/bench');
mkdirSync(workDir, { recursive: true });

/** How much of each phase; the issue's numbers, shortened by BENCH_QUICK for trying the harness. */
const SETTINGS = {
  warmupRequests: quick ? 50 : 300,
  // At most maxSeconds of measured requests (a slow gateway gets fewer samples, the report says how many).
  latency: { warmup: quick ? 20 : 100, count: quick ? 200 : 1000, maxSeconds: 40 },
  stream: { chunks: 64, warmup: 3, count: quick ? 5 : 20 },
  throughput: {
    p99BoundMs: 50,
    concurrency: [1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256],
    warmupMs: 500,
    durationMs: quick ? 1000 : 2500,
    minSamples: quick ? 100 : 300,
  },
  // When the first level is not held, the lower ones say roughly how many a gateway does hold. A stream lasts about as
  // long as a model's typical answer (60 chunks, one every 250 ms: 15 s). With short streams this phase would measure
  // how fast streams can be opened (the first ones end before the last ones start) rather than how many are held.
  paced: { levels: quick ? [250, 500] : [250, 500, 1000, 1500, 2000], lower: [100, 50], frames: quick ? 16 : 60, openPerBatch: 100, batchEveryMs: 50 },
  idle: { streams: quick ? 200 : 1000, openPerBatch: 100, batchEveryMs: 50 },
};

/** Which phases each target runs: the bare path is only needed for its latency target, throughput and streaming. */
const PLAN = {
  // The upstream alone: the harness's own ceilings. Its latency and streaming baselines are measured beside each gateway.
  direct: ['throughput', 'pacedTop'],
  'gennai-bare': ['latency', 'stream', 'throughput'],
  'gennai-full': ['idle', 'latency', 'stream', 'throughput', 'paced'],
  portkey: ['idle', 'latency', 'stream', 'throughput', 'paced'],
  litellm: ['idle', 'latency', 'stream', 'throughput', 'paced'],
};

const log = (line) => process.stdout.write(`[bench gateway] ${line}\n`);

export async function runGatewayBenchmark() {
  const startedAt = Date.now();
  pinHarness();
  const machine = machineFacts();
  log(`${machine.cores} cores (${machine.cpuModel}), load average ${machine.loadAverageAtStart.join(' ')}; pinning ${pinning ? 'on' : 'off'}${quick ? '; QUICK mode' : ''}`);

  const provisioned = await provisionCompetitors({ log: (line) => log(line) });
  const upstream = await startUpstream({ logFile: join(workDir, 'upstream.log') });
  log(`upstream test servers: ${JSON.stringify(upstream.baseUrls)}`);
  const results = [];
  const wanted = (name) => !only || only.has(name);

  try {
    const direct = directTarget(upstream);
    if (wanted('direct')) results.push(await measure(direct, PLAN.direct, upstream, direct));

    if (wanted('gennai-bare') || wanted('gennai-full')) {
      let buildError;
      log('building the API (npx nx run api:build)…');
      try {
        buildApi(root);
      } catch (error) {
        buildError = error;
      }
      const postgres = buildError ? null : await startBenchPostgres(join(root, '.cache/bench'));
      const state = {};
      try {
        for (const config of ['bare', 'full']) {
          const name = `gennai-${config}`;
          if (!wanted(name)) continue;
          if (buildError) {
            results.push(failedTarget(name, GENNAI_CONFIGS[config].label, buildError));
            continue;
          }
          results.push(await startAndMeasure(name, GENNAI_CONFIGS[config].label, () => startGennai(root, config, upstream, postgres, { logFile: join(workDir, `${name}.log`), state }), upstream, direct));
        }
      } finally {
        await postgres?.stop();
      }
    }

    if (wanted('portkey')) {
      results.push(
        provisioned.portkey.ok
          ? await startAndMeasure('portkey', 'Portkey gateway', () => startPortkey(upstream, { logFile: join(workDir, 'portkey.log') }), upstream, direct)
          : failedTarget('portkey', 'Portkey gateway', new Error(`could not be installed: ${provisioned.portkey.error}`)),
      );
    }
    if (wanted('litellm')) {
      results.push(
        provisioned.litellm.ok
          ? await startAndMeasure('litellm', 'LiteLLM proxy', () => startLitellm(upstream, { logFile: join(workDir, 'litellm.log'), workDir }), upstream, direct)
          : failedTarget('litellm', 'LiteLLM proxy', new Error(`could not be installed: ${provisioned.litellm.error}`)),
      );
    }
  } finally {
    await upstream.stop();
  }

  machine.loadAverageAtEnd = loadavg().map((v) => round(v, 2));
  machine.python = pythonVersion();
  const report = {
    date: new Date().toISOString(),
    command: 'npm run bench -- gateway',
    durationSeconds: Math.round((Date.now() - startedAt) / 1000),
    quick,
    machine,
    pinning: pinning
      ? 'gateway under test on core 1 alone (taskset); load generator, upstream test servers and PostgreSQL on core 0'
      : 'none (BENCH_PIN=0 or fewer than 2 cores): every process shares all cores',
    upstream: UPSTREAM_PHASES,
    settings: SETTINGS,
    targets: results,
  };
  if (process.env.BENCH_NO_WRITE !== '1') {
    const { markdown, summaryLines } = writeGatewayReport(root, report);
    process.stdout.write(`${summaryLines.join('\n')}\n`);
    return { report, markdown };
  }
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  return { report };
}

function failedTarget(name, label, error) {
  log(`${name}: FAILED — ${error.message.split('\n')[0]}`);
  return { name, label, status: 'failed', error: error.message };
}

async function startAndMeasure(name, label, start, upstream, direct) {
  log(`${name}: starting…`);
  let target;
  try {
    target = await start();
  } catch (error) {
    return failedTarget(name, label, error);
  }
  try {
    return await measure(target, PLAN[name], upstream, direct);
  } catch (error) {
    return { ...describe(target), status: 'failed', error: `measurement failed: ${error.stack ?? error}` };
  } finally {
    await target.stop();
  }
}

function describe(target) {
  return { name: target.name, label: target.label, version: target.version, cores: target.cores, setup: target.setup };
}

async function measure(target, phases, upstream, direct) {
  const out = { ...describe(target), status: 'ok', results: {} };
  const agent = keepAliveAgent();
  try {
    // Warm-up: JIT, connection pools, caches (API key, organisation defaults, catalogue).
    const warm = await sequential(target.endpoint('latency'), agent, { warmup: 0, count: SETTINGS.warmupRequests, body: latencyBody(target) });
    if (warm.errors) throw new Error(`warm-up requests failed (${warm.errors}): ${warm.firstError}`);
    for (let i = 0; i < 5; i++) await streamOnce(target, agent, i);
    for (const phase of phases) {
      log(`${target.name}: ${phase}…`);
      const started = Date.now();
      if (phase === 'idle') out.results.idleMemory = await idleMemory(target, upstream);
      if (phase === 'latency') out.results.latency = await latency(target, agent, direct);
      if (phase === 'stream') out.results.streaming = await streaming(target, agent, direct);
      if (phase === 'throughput') out.results.throughput = await throughput(target);
      if (phase === 'paced') {
        out.results.paced = await paced(target, SETTINGS.paced.levels);
        if (out.results.paced.maxHeld === 0) {
          const lower = await paced(target, SETTINGS.paced.lower);
          out.results.paced = { ...lower, levels: [...out.results.paced.levels, ...lower.levels] };
        }
      }
      if (phase === 'pacedTop') out.results.paced = await paced(target, SETTINGS.paced.levels.slice(-1));
      log(`${target.name}: ${phase} done in ${((Date.now() - started) / 1000).toFixed(1)} s ${brief(out.results, phase)}`);
    }
  } finally {
    agent.destroy();
  }
  return out;
}

function brief(results, phase) {
  if (phase === 'latency') return `(p50 ${results.latency.gateway.p50} ms, p99 ${results.latency.gateway.p99} ms; direct ${results.latency.direct.p50} / ${results.latency.direct.p99} ms)`;
  if (phase === 'throughput') return `(max ${results.throughput.maxRps} rps at c=${results.throughput.maxConcurrency})`;
  if (phase === 'stream') return `(ttft p50 ${results.streaming.gateway.ttft.p50} ms vs ${results.streaming.direct.ttft.p50} direct)`;
  if (phase === 'paced' || phase === 'pacedTop') return `(held ${results.paced.maxHeld})`;
  if (phase === 'idle') return `(${results.idleMemory.kbPerStream} KB/stream)`;
  return '';
}

const LATENCY_TEXT = 'ベンチマーク';
const latencyBody = (target) => completionBody(target.endpoint('latency').model, LATENCY_TEXT);
const latencyCheck = (body) => completionText(body) === expectedAnswer(LATENCY_TEXT);

/**
 * Concurrency 1, non-streaming, 5 ms upstream. Requests alternate between the gateway and the upstream directly (the
 * order flipping each time), so both see the same machine at the same moments and "added" is not noise.
 */
async function latency(target, agent, direct) {
  const gateway = { endpoint: target.endpoint('latency'), agent, latencies: [] };
  const baseline = { endpoint: direct.endpoint('latency'), agent: keepAliveAgent(), latencies: [] };
  const deadline = performance.now() + 1000 * SETTINGS.latency.maxSeconds;
  try {
    for (let i = 0; i < SETTINGS.latency.warmup + SETTINGS.latency.count && performance.now() < deadline; i++) {
      for (const side of i % 2 ? [baseline, gateway] : [gateway, baseline]) {
        const answer = await post(side.endpoint, side.agent, completionBody(side.endpoint.model, LATENCY_TEXT));
        if (answer.status !== 200 || !latencyCheck(answer.body)) throw new Error(`latency phase: HTTP ${answer.status}: ${answer.body.slice(0, 300)}`);
        if (i >= SETTINGS.latency.warmup) side.latencies.push(answer.ms);
      }
    }
  } finally {
    baseline.agent.destroy();
  }
  return { gateway: summary(gateway.latencies), direct: summary(baseline.latencies) };
}

/** A user message whose answer is exactly `chunks` content chunks of the test server, unique per stream. */
function streamText(chunks, id) {
  const total = chunks * 4 - [...expectedAnswer('')].length;
  const head = `s${id}-`;
  return head + 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(Math.ceil(total / 36)).slice(0, total - head.length);
}

async function streamOnce(target, agent, id) {
  const endpoint = target.endpoint('stream');
  const text = streamText(SETTINGS.stream.chunks, id);
  const result = await openStream(endpoint, agent, completionBody(endpoint.model, text, true), { timeoutMs: 30_000 });
  const expected = expectedAnswer(text);
  if (result.error || result.text !== expected) {
    throw new Error(`stream ${id} through ${target.name}: ${result.error ?? `text differs (${result.text.length} of ${expected.length} chars)`}`);
  }
  return result;
}

/** 64-chunk streams one at a time, alternating with the upstream directly: time to first content chunk, and the gaps. */
async function streaming(target, agent, direct) {
  const directAgent = keepAliveAgent();
  const sides = { gateway: { target, agent }, direct: { target: direct, agent: directAgent } };
  const seen = Object.fromEntries(Object.keys(sides).map((name) => [name, { ttft: [], gaps: [], totals: [], chunkCounts: new Set() }]));
  try {
    for (let i = 0; i < SETTINGS.stream.warmup + SETTINGS.stream.count; i++) {
      for (const name of i % 2 ? ['direct', 'gateway'] : ['gateway', 'direct']) {
        const result = await streamOnce(sides[name].target, sides[name].agent, 1000 + i);
        if (i < SETTINGS.stream.warmup) continue;
        const mine = seen[name];
        mine.ttft.push(result.firstContentMs);
        mine.totals.push(result.contentTimes.at(-1));
        mine.chunkCounts.add(result.contentTimes.length);
        for (let j = 1; j < result.contentTimes.length; j++) mine.gaps.push(result.contentTimes[j] - result.contentTimes[j - 1]);
      }
    }
  } finally {
    directAgent.destroy();
  }
  const view = (mine) => ({ ttft: summary(mine.ttft), gap: summary(mine.gaps), lastChunk: summary(mine.totals), contentChunksReceived: [...mine.chunkCounts] });
  return { expectedChunks: SETTINGS.stream.chunks, gateway: view(seen.gateway), direct: view(seen.direct) };
}

/**
 * Closed-loop ramp of concurrency on the 20 ms upstream; the highest RPS whose p99 stays under the bound. Each level
 * runs until it has at least `minSamples` answers (so a p99 is not one outlier); the ramp ends after two levels in a
 * row miss the bound (one miss can be a moment when the shared machine was busy elsewhere).
 */
async function throughput(target) {
  const endpoint = target.endpoint('throughput');
  const body = completionBody(endpoint.model, LATENCY_TEXT);
  const levels = [];
  let best = null;
  const level = async (concurrency, attempt) => {
    const agent = keepAliveAgent();
    const cpuBefore = cpuSecondsOf(target.pids());
    const wallBefore = performance.now();
    const { warmupMs, durationMs, minSamples } = SETTINGS.throughput;
    const run = await closedLoop(endpoint, agent, { concurrency, warmupMs, durationMs, minSamples, maxDurationMs: 4 * durationMs, body, check: latencyCheck });
    const coresBusy = (cpuSecondsOf(target.pids()) - cpuBefore) / ((performance.now() - wallBefore) / 1000);
    agent.destroy();
    const ok = run.errors === 0 && run.latency.p99 !== null && run.latency.p99 < SETTINGS.throughput.p99BoundMs;
    await sleep(200);
    return { concurrency, attempt, rps: run.rps, p50: run.latency.p50, p99: run.latency.p99, errors: run.errors, coresBusy: round(coresBusy, 2), ok, ...(run.firstError && { firstError: run.firstError }) };
  };
  let missedInARow = 0;
  for (const concurrency of SETTINGS.throughput.concurrency) {
    // A level that misses is run once more: on a shared machine one busy moment elsewhere can spoil a p99.
    let result = await level(concurrency, 1);
    levels.push(result);
    if (!result.ok && result.errors === 0) levels.push((result = await level(concurrency, 2)));
    if (result.ok && (!best || result.rps > best.rps)) best = result;
    missedInARow = result.ok ? 0 : missedInARow + 1;
    if (missedInARow === 2) break;
  }
  return { maxRps: best?.rps ?? 0, maxConcurrency: best?.concurrency ?? null, coresBusyAtMax: best?.coresBusy ?? null, levels };
}

/**
 * Ramps the number of concurrent paced streams (a chunk every 250 ms, 16 chunks): a level is held when every stream
 * gets its whole text in order and [DONE], and all of them were open at the same time. Stops at the first level not held.
 */
async function paced(target, levels) {
  const endpoint = target.endpoint('paced');
  const results = [];
  let maxHeld = 0;
  for (const streams of levels) {
    const agent = keepAliveAgent();
    const started = performance.now();
    const pending = [];
    for (let i = 0; i < streams; i++) {
      const text = streamText(SETTINGS.paced.frames, i);
      pending.push(openStream(endpoint, agent, completionBody(endpoint.model, text, true), { timeoutMs: 60_000 }).then((result) => ({ result, expected: expectedAnswer(text) })));
      if ((i + 1) % SETTINGS.paced.openPerBatch === 0) await sleep(SETTINGS.paced.batchEveryMs);
    }
    const done = await Promise.all(pending);
    agent.destroy();
    const failures = done.filter(({ result, expected }) => result.error || !result.done || result.text !== expected);
    // Peak number of streams open at once (from the first byte of the answer to its end).
    const events = done.flatMap(({ result }) => (result.headersMs === null ? [] : [[result.startedAt + result.headersMs, 1], [result.startedAt + result.endMs, -1]]));
    events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let open = 0;
    let peak = 0;
    for (const [, delta] of events) peak = Math.max(peak, (open += delta));
    const lastChunkLag = done.map(({ result }) => result.contentTimes.at(-1) ?? null).filter((v) => v !== null);
    const held = failures.length === 0 && peak >= streams;
    results.push({
      streams,
      held,
      peakOpen: peak,
      failed: failures.length,
      ...(failures[0] && { firstFailure: failures[0].result.error ?? `text differs (${failures[0].result.text.length} of ${failures[0].expected.length} chars)` }),
      lastChunk: summary(lastChunkLag),
      seconds: round((performance.now() - started) / 1000, 1),
    });
    if (held) maxHeld = Math.max(maxHeld, streams);
    // Ramping up: stop at the first level not held. Probing down (levels given high to low): stop at the first held.
    const probingDown = levels.length > 1 && levels[0] > levels[1];
    if (probingDown ? held : !held) break;
    await sleep(500);
  }
  return { maxHeld, framesPerStream: SETTINGS.paced.frames, chunkEveryMs: UPSTREAM_PHASES.paced.chunkDelayMs, levels: results };
}

/**
 * Memory per idle streaming connection: RSS of the gateway's processes before and while `idle.streams` streams are
 * open through it to an upstream that sent its first event and then pauses.
 */
async function idleMemory(target, upstream) {
  const endpoint = target.endpoint('idle');
  const idlePort = Number(new URL(upstream.baseUrls.idle).port);
  const sample = async () => {
    const values = [];
    for (let i = 0; i < 5; i++) {
      values.push(rssOf(target.pids()));
      await sleep(200);
    }
    return values.sort((a, b) => a - b)[2];
  };
  await sleep(1000);
  const before = await sample();
  const agent = keepAliveAgent();
  const controller = new AbortController();
  setMaxListeners(0, controller.signal); // one listener per stream
  const pending = [];
  const count = SETTINGS.idle.streams;
  for (let i = 0; i < count; i++) {
    pending.push(openStream(endpoint, agent, completionBody(endpoint.model, `idle ${i}`, true), { signal: controller.signal, timeoutMs: 60_000 }));
    if ((i + 1) % SETTINGS.idle.openPerBatch === 0) await sleep(SETTINGS.idle.batchEveryMs);
  }
  const deadline = Date.now() + 20_000;
  let atUpstream = 0;
  while (Date.now() < deadline) {
    atUpstream = establishedTo(idlePort) ?? 0;
    if (atUpstream >= count) break;
    await sleep(200);
  }
  await sleep(2000);
  const during = await sample();
  atUpstream = establishedTo(idlePort) ?? atUpstream;
  controller.abort();
  await Promise.all(pending);
  agent.destroy();
  await sleep(1000);
  const deltaBytes = during - before;
  return {
    streams: count,
    openAtUpstream: atUpstream,
    rssBeforeMB: round(before / 2 ** 20, 1),
    rssDuringMB: round(during / 2 ** 20, 1),
    kbPerStream: atUpstream > 0 ? round(deltaBytes / 1024 / Math.min(count, atUpstream), 1) : null,
  };
}

function machineFacts() {
  const cpu = cpus();
  return {
    cores: cpu.length,
    cpuModel: cpu[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    kernel: release(),
    node: process.version,
    loadAverageAtStart: loadavg().map((v) => round(v, 2)),
  };
}

function pythonVersion() {
  const out = spawnSync(join(litellmDir, 'bin/python'), ['--version'], { encoding: 'utf8' });
  if (out.status === 0) return out.stdout.trim() || out.stderr.trim();
  const system = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return system.status === 0 ? `${system.stdout.trim()} (system; LiteLLM venv missing)` : 'not found';
}
