#!/usr/bin/env node
// A small, protocol-faithful OpenAI-compatible server for tests and local development (node:http, no dependencies).
// Answers deterministically with `テスト応答: <last user message>`; the requested model name picks a fault:
//   test-model    normal answers             test-429      429 rate limit with retry-after
//   test-500      500 server error           test-timeout  accepts, never answers
//   test-cut      stream cut after a few chunks            test-slow     chunks with long delays
//   test-malformed  a stream event that is not JSON
// By hand: node tools/testing/openai-test-server.mjs --port 8787 [--api-key KEY] [--chunk-delay-ms 30] [--latency-ms 20]
// `latencyMs` gives every answer a fixed upstream latency (the gateway benchmark, tools/bench/, uses it).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

export const TEST_MODELS = ['test-model', 'test-429', 'test-500', 'test-timeout', 'test-cut', 'test-slow', 'test-malformed'];
export const ANSWER_PREFIX = 'テスト応答: ';
/** Code points per streamed content chunk. */
export const CHUNK_CODE_POINTS = 4;
const CREATED = 1_700_000_000;
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** The answer the server gives to a conversation whose last user message is `userText`. */
export function expectedAnswer(userText) {
  return `${ANSWER_PREFIX}${userText}`;
}

/** A simple deterministic token count: one token per started group of 4 code points, at least 1 for non-empty text. */
export function countTokens(text) {
  return Math.ceil([...text].length / 4);
}

/** Splits text into chunks of a few code points, never inside a surrogate pair. */
export function splitIntoChunks(text, size = CHUNK_CODE_POINTS) {
  const points = [...text];
  const chunks = [];
  for (let i = 0; i < points.length; i += size) chunks.push(points.slice(i, i + size).join(''));
  return chunks;
}

/**
 * @param {{ port?: number; host?: string; apiKey?: string; chunkDelayMs?: number; slowChunkDelayMs?: number; cutAfterChunks?: number; latencyMs?: number; recordRequests?: boolean }} [options]
 * @returns {Promise<import('./openai-test-server.d.mts').OpenAiTestServer>}
 */
export async function startOpenAiTestServer(options = {}) {
  const {
    port = 0,
    host = '127.0.0.1',
    apiKey,
    chunkDelayMs = 0,
    slowChunkDelayMs = 1_000,
    cutAfterChunks = 3,
    latencyMs = 0,
    recordRequests = true,
  } = options;
  /** @type {import('./openai-test-server.d.mts').ReceivedRequest[]} */
  const requests = [];
  const timers = new Set();

  const wait = (ms, res) =>
    new Promise((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve(undefined);
      }, ms);
      timers.add(timer);
      res.once('close', () => {
        clearTimeout(timer);
        timers.delete(timer);
        resolve(undefined);
      });
    });

  const server = createServer(async (req, res) => {
    try {
      await handle(req, res);
    } catch (error) {
      if (!res.headersSent) sendError(res, 500, String(error?.message ?? error), 'server_error', 'internal_error');
      else res.destroy();
    }
  });

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = await readBody(req);
    const record = { method: req.method ?? 'GET', path: url.pathname, headers: { ...req.headers }, body: undefined, clientClosed: false };
    if (recordRequests) requests.push(record);
    // The client hung up before the answer was complete (and the server did not cut it on purpose).
    res.once('close', () => {
      if (!res.writableFinished && !res.cutByServer) record.clientClosed = true;
    });

    if (apiKey !== undefined && req.headers.authorization !== `Bearer ${apiKey}`) {
      return sendError(res, 401, 'Incorrect API key provided.', 'invalid_request_error', 'invalid_api_key');
    }
    if (req.method === 'GET' && url.pathname === '/v1/models') {
      return sendJson(res, 200, {
        object: 'list',
        data: TEST_MODELS.map((id) => ({ id, object: 'model', created: CREATED, owned_by: 'gennai-test' })),
      });
    }
    if (req.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
      return sendError(res, 404, `Unknown request URL: ${req.method} ${url.pathname}.`, 'invalid_request_error', 'unknown_url');
    }

    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendError(res, 400, 'We could not parse the JSON body of your request.', 'invalid_request_error', 'invalid_json');
    }
    record.body = body;
    if (typeof body?.model !== 'string') {
      return sendError(res, 400, 'you must provide a model parameter', 'invalid_request_error', 'missing_model', 'model');
    }
    if (!Array.isArray(body.messages) || body.messages.length === 0) {
      return sendError(res, 400, "'messages' must be a non-empty array", 'invalid_request_error', 'invalid_messages', 'messages');
    }
    if (!TEST_MODELS.includes(body.model)) {
      return sendError(
        res,
        404,
        `The model \`${body.model}\` does not exist or you do not have access to it.`,
        'invalid_request_error',
        'model_not_found',
      );
    }

    switch (body.model) {
      case 'test-429':
        res.setHeader('retry-after', '1');
        return sendError(res, 429, 'Rate limit reached for test-429. Please try again in 1s.', 'requests', 'rate_limit_exceeded');
      case 'test-500':
        return sendError(res, 500, 'The server had an error while processing your request.', 'server_error', 'internal_error');
      case 'test-timeout':
        return; // never answer; close() or the client's disconnect ends the connection
    }

    // A fixed upstream latency before any answer starts (non-streaming: the JSON; streaming: the response headers).
    if (latencyMs > 0) {
      await wait(latencyMs, res);
      if (res.destroyed) return;
    }
    const completion = buildCompletion(body);
    if (body.stream === true) {
      const delayMs = body.model === 'test-slow' ? slowChunkDelayMs : chunkDelayMs;
      return streamCompletion(res, body, completion, delayMs);
    }
    if (body.model === 'test-slow') await wait(slowChunkDelayMs, res);
    const json = JSON.stringify({
      id: completion.id,
      object: 'chat.completion',
      created: completion.created,
      model: body.model,
      choices: [
        { index: 0, message: { role: 'assistant', content: completion.text, refusal: null }, logprobs: null, finish_reason: 'stop' },
      ],
      usage: completion.usage,
      system_fingerprint: null,
    });
    if (body.model === 'test-malformed') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(json.slice(0, json.length >> 1));
    }
    if (body.model === 'test-cut') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(json.slice(0, json.length >> 1));
      res.cutByServer = true;
      return setTimeout(() => res.destroy(), 10);
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(json);
  }

  async function streamCompletion(res, body, completion, delayMs) {
    const includeUsage = body.stream_options?.include_usage === true;
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive' });
    res.flushHeaders();
    const send = (choices, extra = {}) => {
      const chunk = {
        id: completion.id,
        object: 'chat.completion.chunk',
        created: completion.created,
        model: body.model,
        system_fingerprint: null,
        choices,
        ...(includeUsage ? { usage: null } : {}),
        ...extra,
      };
      res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    };
    const choice = (delta, finishReason = null) => [{ index: 0, delta, logprobs: null, finish_reason: finishReason }];

    send(choice({ role: 'assistant', content: '', refusal: null }));
    if (body.model === 'test-malformed') {
      res.end('data: {"id": "chatcmpl-broken", "choices": [\n\ndata: [DONE]\n\n');
      return;
    }
    let sent = 0;
    for (const piece of splitIntoChunks(completion.text)) {
      if (delayMs > 0) await wait(delayMs, res);
      if (res.destroyed) return;
      if (body.model === 'test-cut' && sent === cutAfterChunks) {
        // Let the chunks already written reach the client, then drop the connection: no finish_reason, no [DONE].
        await new Promise((resolve) => res.write('', () => setTimeout(resolve, 20)));
        res.cutByServer = true;
        res.destroy();
        return;
      }
      send(choice({ content: piece }));
      sent += 1;
    }
    if (res.destroyed) return;
    send(choice({}, 'stop'));
    if (includeUsage) send([], { usage: completion.usage });
    res.end('data: [DONE]\n\n');
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const { port: actualPort } = /** @type {import('node:net').AddressInfo} */ (server.address());

  let closing;
  return {
    baseUrl: `http://${host}:${actualPort}/v1`,
    port: actualPort,
    requests,
    close() {
      closing ??= new Promise((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve(undefined));
        // Held-open requests (test-timeout, slow streams, keep-alive sockets) must not keep the server alive.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function buildCompletion(body) {
  const lastUser = [...body.messages].reverse().find((message) => message?.role === 'user');
  const text = expectedAnswer(textOf(lastUser?.content));
  const promptTokens = body.messages.reduce((sum, message) => sum + countTokens(textOf(message?.content)), 0);
  const completionTokens = countTokens(text);
  return {
    id: `chatcmpl-${randomBytes(12).toString('hex')}`,
    created: Math.floor(Date.now() / 1000),
    text,
    usage: { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens },
  };
}

/** Message content is a string or an array of parts ({ type: 'text', text }). */
function textOf(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (part?.type === 'text' ? String(part.text ?? '') : '')).join('');
  return '';
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new Error('request body too large'));
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function sendError(res, status, message, type, code, param = null) {
  sendJson(res, status, { error: { message, type, param, code } });
}

function parseArgs(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--port') options.port = Number(value);
    else if (flag === '--host') options.host = value;
    else if (flag === '--api-key') options.apiKey = value;
    else if (flag === '--chunk-delay-ms') options.chunkDelayMs = Number(value);
    else if (flag === '--slow-chunk-delay-ms') options.slowChunkDelayMs = Number(value);
    else if (flag === '--latency-ms') options.latencyMs = Number(value);
    else {
      console.error(
        'usage: node tools/testing/openai-test-server.mjs [--port 8787] [--host 127.0.0.1] [--api-key KEY] [--chunk-delay-ms 30] [--slow-chunk-delay-ms 1000] [--latency-ms 0]',
      );
      process.exit(2);
    }
  }
  return options;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const options = { port: 8787, chunkDelayMs: 30, ...parseArgs(process.argv.slice(2)) };
  const server = await startOpenAiTestServer(options);
  const models = [{ id: 'test', label: 'Test model', baseUrl: server.baseUrl, model: 'test-model', ...(options.apiKey ? { apiKeyEnv: 'TEST_MODEL_API_KEY' } : {}) }];
  console.log(`OpenAI-compatible test server at ${server.baseUrl}`);
  console.log(`models: ${TEST_MODELS.join(', ')}`);
  console.log(`try: GENNAI_MODELS='${JSON.stringify(models)}'`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close().then(() => process.exit(0)));
}
