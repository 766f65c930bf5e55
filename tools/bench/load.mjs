// A small load generator for the gateway benchmark: node:http keep-alive agents, a closed-loop request runner, an
// SSE stream reader that timestamps every content chunk, and the statistics the report needs. No dependencies.
import { Agent, request as httpRequest } from 'node:http';

/** A keep-alive agent with no socket cap: concurrency is decided by the caller, not by the agent. */
export function keepAliveAgent() {
  return new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 4096, scheduling: 'lifo' });
}

/**
 * One target of the benchmark, as the load generator sees it: where to POST a chat completion, with which headers,
 * and which model name selects which upstream (`models[phase]`).
 * @typedef {{ url: URL; headers: Record<string, string>; models: Record<string, string> }} Endpoint
 */

/** A chat completion request body. */
export function completionBody(model, userText, stream = false) {
  return JSON.stringify({ model, messages: [{ role: 'user', content: userText }], ...(stream ? { stream: true } : {}) });
}

/** POSTs a JSON body and reads the whole answer; resolves `{ status, ms, body }` (never rejects: errors are status 0). */
export function post(endpoint, agent, body) {
  return new Promise((resolve) => {
    const started = performance.now();
    const req = httpRequest(
      {
        agent,
        host: endpoint.url.hostname,
        port: endpoint.url.port,
        path: endpoint.url.pathname,
        method: 'POST',
        headers: { ...endpoint.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks = [];
        res.on('data', (chunk) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - started, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', (error) => resolve({ status: 0, ms: performance.now() - started, body: String(error) }));
      },
    );
    req.on('error', (error) => resolve({ status: 0, ms: performance.now() - started, body: String(error) }));
    req.end(body);
  });
}

/** The assistant text of a non-streaming chat.completion, or undefined when the body is not one. */
export function completionText(body) {
  try {
    return JSON.parse(body)?.choices?.[0]?.message?.content;
  } catch {
    return undefined;
  }
}

/**
 * Opens a streaming chat completion and reads its server-sent events. Resolves when the stream ends (or fails) with
 * `{ startedAt, status, headersMs, firstContentMs, endMs, contentTimes[], text, done, error? }`; `startedAt` is
 * performance.now() at the request, the other times are ms since then. Aborting `signal` hangs up.
 */
export function openStream(endpoint, agent, body, { signal, timeoutMs = 120_000 } = {}) {
  return new Promise((resolve) => {
    const started = performance.now();
    const result = { startedAt: started, status: 0, headersMs: null, firstContentMs: null, endMs: null, contentTimes: [], text: '', done: false, error: undefined };
    let buffer = '';
    let settled = false;
    const finish = (error) => {
      if (settled) return;
      settled = true;
      result.endMs = performance.now() - started;
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
      if (error && !result.error) result.error = error;
      resolve(result);
    };
    const req = httpRequest(
      {
        agent,
        host: endpoint.url.hostname,
        port: endpoint.url.port,
        path: endpoint.url.pathname,
        method: 'POST',
        headers: { ...endpoint.headers, accept: 'text/event-stream', 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        result.status = res.statusCode ?? 0;
        result.headersMs = performance.now() - started;
        res.setEncoding('utf8');
        res.on('data', (data) => {
          const now = performance.now() - started;
          buffer += data;
          let boundary;
          while ((boundary = buffer.search(/\r?\n\r?\n/)) !== -1) {
            const event = buffer.slice(0, boundary);
            buffer = buffer.slice(boundary + (buffer[boundary] === '\r' ? 4 : 2));
            for (const line of event.split(/\r?\n/)) {
              if (!line.startsWith('data:')) continue;
              const data = line.slice(5).trim();
              if (data === '[DONE]') {
                result.done = true;
                continue;
              }
              let chunk;
              try {
                chunk = JSON.parse(data);
              } catch {
                result.error ??= `an event that is not JSON: ${data.slice(0, 80)}`;
                continue;
              }
              const content = chunk?.choices?.[0]?.delta?.content;
              if (typeof content === 'string' && content.length > 0) {
                result.firstContentMs ??= now;
                result.contentTimes.push(now);
                result.text += content;
              }
            }
          }
        });
        res.on('end', () => finish(result.status === 200 ? undefined : `HTTP ${result.status}: ${buffer.slice(0, 200)}`));
        res.on('error', (error) => finish(String(error)));
        res.on('close', () => finish(result.done ? undefined : 'connection closed before [DONE]'));
      },
    );
    const timer = setTimeout(() => {
      result.error ??= `no end after ${timeoutMs} ms`;
      req.destroy();
      finish();
    }, timeoutMs);
    const abort = () => {
      result.error ??= 'aborted by the benchmark';
      req.destroy();
      finish();
    };
    signal?.addEventListener('abort', abort, { once: true });
    req.on('error', (error) => finish(String(error)));
    req.end(body);
  });
}

/**
 * Closed-loop load: `concurrency` workers each send the next request as soon as the previous one answered, for
 * `warmupMs + durationMs` — longer, up to `maxDurationMs`, until `minSamples` answers are in; only answers to requests
 * sent after the warm-up count. Resolves `{ concurrency, requests, errors, rps, latency: summary, firstError? }`.
 */
export async function closedLoop(endpoint, agent, { concurrency, warmupMs, durationMs, minSamples = 0, maxDurationMs = durationMs, body, check }) {
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const minStop = measureFrom + durationMs;
  const maxStop = measureFrom + Math.max(durationMs, maxDurationMs);
  let stopAt = minSamples > 0 ? maxStop : minStop;
  const latencies = [];
  let errors = 0;
  let firstError;
  let lastEnd = measureFrom;
  async function worker() {
    while (performance.now() < stopAt) {
      const sent = performance.now();
      const answer = await post(endpoint, agent, body);
      const ok = answer.status === 200 && (!check || check(answer.body));
      if (sent < measureFrom) continue;
      lastEnd = Math.max(lastEnd, performance.now());
      if (ok) latencies.push(answer.ms);
      else {
        errors += 1;
        firstError ??= `HTTP ${answer.status}: ${answer.body.slice(0, 300)}`;
      }
      stopAt = latencies.length + errors >= minSamples ? minStop : maxStop;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (lastEnd - measureFrom) / 1000;
  return { concurrency, requests: latencies.length, errors, rps: round((latencies.length + errors) / seconds, 1), latency: summary(latencies), firstError };
}

/** Sequential requests (concurrency 1): every latency, after `warmup` unmeasured ones. */
export async function sequential(endpoint, agent, { warmup, count, body, check }) {
  const latencies = [];
  let errors = 0;
  let firstError;
  for (let i = 0; i < warmup + count; i++) {
    const answer = await post(endpoint, agent, body);
    const ok = answer.status === 200 && (!check || check(answer.body));
    if (!ok) {
      errors += 1;
      firstError ??= `HTTP ${answer.status}: ${answer.body.slice(0, 300)}`;
    } else if (i >= warmup) latencies.push(answer.ms);
  }
  return { latencies, errors, firstError };
}

/** Percentile (nearest rank) of an unsorted array. */
export function percentile(values, p) {
  if (!values.length) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export function summary(values) {
  if (!values.length) return { n: 0, mean: null, p50: null, p90: null, p99: null, max: null };
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return {
    n: values.length,
    mean: round(mean, 3),
    p50: round(percentile(values, 50), 3),
    p90: round(percentile(values, 90), 3),
    p99: round(percentile(values, 99), 3),
    max: round(values.reduce((a, b) => Math.max(a, b), -Infinity), 3),
  };
}

export function round(value, digits = 2) {
  if (value === null || value === undefined || Number.isNaN(value)) return null;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
