#!/usr/bin/env node
// Protocol-faithful local servers for the provider wire formats other than OpenAI-compatible (that one is
// openai-test-server.mjs): Azure OpenAI, Amazon Bedrock ConverseStream (HTTP/2, binary event stream, SigV4 checked),
// Anthropic Messages, Google Gemini and NEC cotomi. node:http/http2 only, plus @smithy/eventstream-codec for Bedrock.
// They answer like the OpenAI test server (`テスト応答: <last user message>`, the same token counts), and the model
// name picks a fault:
//   test-model     a normal answer (so does any model name not starting with `test-`)
//   test-429       429 with the provider's retry hint     test-500       500 server error
//   test-timeout   accepts, never answers (no headers)    test-stall     answers headers, then nothing
//   test-cut       the stream is cut after a few chunks   test-slow      chunks with long delays
//   test-malformed an event that does not parse           test-error     one chunk, then the protocol's error event
//   test-filtered  one chunk, then the content filter     test-blocked   the content filter before any text
// Every request is recorded (method, path, query, headers, parsed body); `clientClosed` turns true when the client
// hangs up before the answer is complete. Refusals of a wrong credential quote it back (as OpenAI's API quotes a
// masked key), so tests prove that no credential reaches an error message.
// By hand: node tools/testing/provider-test-servers.mjs <azure-openai|bedrock|anthropic|gemini|cotomi> [--port 8788]
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { constants as h2, createServer as createHttp2Server } from 'node:http2';
import { pathToFileURL } from 'node:url';
import { EventStreamCodec } from '@smithy/eventstream-codec';
import { CHUNK_CODE_POINTS, countTokens, expectedAnswer, splitIntoChunks } from './openai-test-server.mjs';

export { countTokens, expectedAnswer } from './openai-test-server.mjs';

export const FAULT_MODELS = [
  'test-model',
  'test-429',
  'test-500',
  'test-timeout',
  'test-stall',
  'test-cut',
  'test-slow',
  'test-malformed',
  'test-error',
  'test-filtered',
  'test-blocked',
];
const MAX_BODY_BYTES = 4 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------------
// The shared part: recording, fault scenarios, pacing, closing.

async function startServer(protocol, options) {
  const { port = 0, host = '127.0.0.1', chunkDelayMs = 0, slowChunkDelayMs = 1_000, cutAfterChunks = 3 } = options;
  const requests = [];
  const timers = new Set();
  const sessions = new Set();

  const handler = async (req, res) => {
    try {
      await handle(req, res);
    } catch (error) {
      if (!res.headersSent) protocol.fail({ req, res, options }, 500, String(error?.message ?? error));
      else res.destroy?.();
    }
  };
  const server = protocol.http2 ? createHttp2Server(handler) : createServer(handler);
  if (protocol.http2) {
    server.on('session', (session) => {
      sessions.add(session);
      session.once('close', () => sessions.delete(session));
    });
  }

  async function handle(req, res) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = await readBody(req);
    const record = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      body: undefined,
      clientClosed: false,
    };
    requests.push(record);
    const state = { closed: false, cut: false };
    res.once('close', () => {
      state.closed = true;
      if (!res.writableEnded && !state.cut) record.clientClosed = true;
    });
    try {
      record.body = raw ? JSON.parse(raw) : undefined;
    } catch {
      // recorded as undefined; the protocol answers 400
    }
    const ctx = { req, res, url, raw, body: record.body, options, state, id: randomBytes(12).toString('hex'), written: '' };
    const refusal = protocol.authorize(ctx) ?? protocol.accept(ctx);
    if (refusal) return protocol.fail(ctx, ...refusal);
    if (ctx.model.startsWith('test-') && !FAULT_MODELS.includes(ctx.model)) return protocol.fail(ctx, 404, `model ${ctx.model} not found`);
    const texts = protocol.texts(ctx.body);
    ctx.answer = expectedAnswer(texts.lastUser);
    ctx.inputTokens = texts.all.reduce((sum, text) => sum + countTokens(text), 0);
    ctx.outputTokens = () => countTokens(ctx.written);
    await play(ctx);
  }

  async function play(ctx) {
    const { model, state } = ctx;
    if (model === 'test-429') return protocol.fail(ctx, 429);
    if (model === 'test-500') return protocol.fail(ctx, 500);
    if (model === 'test-timeout') return; // never answer; close() or the client's disconnect ends it
    if (!ctx.stream) {
      ctx.written = ctx.answer;
      return protocol.whole(ctx);
    }
    protocol.open(ctx);
    if (model === 'test-stall') return;
    if (model === 'test-malformed') return protocol.malformed(ctx);
    if (model === 'test-blocked') return protocol.close(ctx, 'filtered');
    const delayMs = model === 'test-slow' ? slowChunkDelayMs : chunkDelayMs;
    let sent = 0;
    for (const piece of splitIntoChunks(ctx.answer, protocol.chunkSize?.(ctx) ?? CHUNK_CODE_POINTS)) {
      if (delayMs > 0) await wait(delayMs, ctx.res);
      if (state.closed) return;
      if (model === 'test-cut' && sent === cutAfterChunks) return cut(ctx);
      if (model === 'test-error' && sent === 1) return protocol.streamError(ctx);
      if (model === 'test-filtered' && sent === 1) return protocol.close(ctx, 'filtered');
      protocol.delta(ctx, piece);
      ctx.written += piece;
      sent += 1;
    }
    protocol.close(ctx, 'stop');
  }

  /** Lets the chunks already written reach the client, then drops the stream: no end marker. */
  async function cut({ res, state }) {
    await new Promise((resolve) => res.write('', () => setTimeout(resolve, 20)));
    state.cut = true;
    if (protocol.http2) res.stream.close(h2.NGHTTP2_INTERNAL_ERROR);
    else res.destroy();
  }

  function wait(ms, res) {
    return new Promise((resolve) => {
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
  }

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(undefined));
  });
  const { port: actualPort } = server.address();
  const origin = `http://${host}:${actualPort}`;
  let closing;
  return {
    baseUrl: protocol.baseUrl(origin),
    origin,
    port: actualPort,
    requests,
    close() {
      closing ??= new Promise((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        server.close(() => resolve(undefined));
        // Held-open requests (test-timeout, stalled and slow streams, keep-alive sockets) must not keep it alive.
        if (protocol.http2) for (const session of sessions) session.destroy();
        else server.closeAllConnections();
      });
      return closing;
    },
  };
}

/** Like openai-test-server.mjs's (kept apart: that file is the benchmark's upstream and changes on its own). */
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

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function openEventStream(res, contentType = 'text/event-stream; charset=utf-8') {
  res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-cache' });
  res.flushHeaders?.();
}

/** One server-sent event; `eol` is `\r\n` for servers that end lines that way (Google). */
function sse(res, data, { event, eol = '\n' } = {}) {
  const json = typeof data === 'string' ? data : JSON.stringify(data);
  res.write(`${event ? `event: ${event}${eol}` : ''}data: ${json}${eol}${eol}`);
}

function textOf(content) {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
  return '';
}

/** The last user turn's text and every text the model receives, for the answer and the input token count. */
function turnTexts(turns, system = [], userRole = 'user', contentOf = (turn) => turn?.content) {
  const list = Array.isArray(turns) ? turns : [];
  const lastUser = [...list].reverse().find((turn) => turn?.role === userRole);
  return { lastUser: textOf(contentOf(lastUser)), all: [...system, ...list.map((turn) => textOf(contentOf(turn)))] };
}

// ---------------------------------------------------------------------------------------------------------------
// Azure OpenAI: /openai/deployments/{deployment}/chat/completions?api-version=… or /openai/v1/chat/completions.

const AZURE_FILTER_OK = {
  hate: { filtered: false, severity: 'safe' },
  self_harm: { filtered: false, severity: 'safe' },
  sexual: { filtered: false, severity: 'safe' },
  violence: { filtered: false, severity: 'safe' },
};

const azureOpenAi = {
  baseUrl: (origin) => origin,
  authorize({ req, options }) {
    if (options.apiKey !== undefined && req.headers['api-key'] !== options.apiKey) {
      return [
        401,
        `Access denied due to invalid subscription key ${req.headers['api-key'] ?? ''} or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.`,
      ];
    }
  },
  accept(ctx) {
    const { req, url, body } = ctx;
    const deployment = /^\/openai\/deployments\/([^/]+)\/chat\/completions$/.exec(url.pathname);
    const v1 = url.pathname === '/openai/v1/chat/completions';
    if (req.method !== 'POST' || (!deployment && !v1)) return [404, 'Resource not found'];
    if (deployment && !url.searchParams.get('api-version')) return [404, 'Resource not found'];
    if (!body) return [400, 'We could not parse the JSON body of your request.'];
    if (!Array.isArray(body.messages) || body.messages.length === 0) return [400, "'messages' is a required property"];
    if (v1 && typeof body.model !== 'string') return [400, 'you must provide a model parameter'];
    if ('max_tokens' in body && 'max_completion_tokens' in body) return [400, 'max_tokens and max_completion_tokens cannot both be set'];
    ctx.model = deployment ? decodeURIComponent(deployment[1]) : body.model;
    ctx.stream = body.stream === true;
  },
  texts: (body) => turnTexts(body.messages),
  fail({ res }, status, message) {
    const defaults = {
      429: 'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current AIServices S0 pricing tier. Please retry after 1 second.',
      500: 'The server had an error while processing your request. Sorry about that!',
    };
    const headers = status === 429 ? { 'retry-after': '1', 'retry-after-ms': '1000', 'x-ratelimit-remaining-requests': '0' } : {};
    sendJson(res, status, { error: { code: String(status), message: message ?? defaults[status] ?? 'error' } }, { 'apim-request-id': randomUUID(), ...headers });
  },
  chunk(ctx, choices, extra = {}) {
    return {
      choices,
      created: Math.floor(Date.now() / 1000),
      id: `chatcmpl-${ctx.id}`,
      model: 'gpt-4o-2024-11-20',
      object: 'chat.completion.chunk',
      system_fingerprint: 'fp_test',
      ...(ctx.body.stream_options?.include_usage ? { usage: null } : {}),
      ...extra,
    };
  },
  open(ctx) {
    openEventStream(ctx.res);
    // Azure's first event: the prompt's filter results, with no choices.
    sse(ctx.res, {
      choices: [],
      created: 0,
      id: '',
      model: '',
      object: '',
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: AZURE_FILTER_OK }],
    });
    sse(ctx.res, this.chunk(ctx, [{ content_filter_results: {}, delta: { content: '', refusal: null, role: 'assistant' }, finish_reason: null, index: 0, logprobs: null }]));
  },
  delta(ctx, text) {
    sse(ctx.res, this.chunk(ctx, [{ content_filter_results: AZURE_FILTER_OK, delta: { content: text }, finish_reason: null, index: 0, logprobs: null }]));
  },
  close(ctx, reason) {
    const filtered = reason === 'filtered';
    const results = filtered ? { ...AZURE_FILTER_OK, violence: { filtered: true, severity: 'high' } } : {};
    sse(ctx.res, this.chunk(ctx, [{ content_filter_results: results, delta: {}, finish_reason: filtered ? 'content_filter' : 'stop', index: 0, logprobs: null }]));
    if (ctx.body.stream_options?.include_usage) {
      const output = ctx.outputTokens();
      sse(ctx.res, this.chunk(ctx, [], { usage: { prompt_tokens: ctx.inputTokens, completion_tokens: output, total_tokens: ctx.inputTokens + output } }));
    }
    ctx.res.end('data: [DONE]\n\n');
  },
  malformed(ctx) {
    ctx.res.end('data: {"choices": [{"delta": {"content": "テ\n\ndata: [DONE]\n\n');
  },
  streamError(ctx) {
    sse(ctx.res, { error: { code: 'server_error', message: 'The server had an error while processing your request.' } });
    ctx.res.end();
  },
  whole(ctx) {
    const output = ctx.outputTokens();
    sendJson(ctx.res, 200, {
      id: `chatcmpl-${ctx.id}`,
      object: 'chat.completion',
      created: Math.floor(Date.now() / 1000),
      model: 'gpt-4o-2024-11-20',
      choices: [{ index: 0, message: { role: 'assistant', content: ctx.answer }, finish_reason: 'stop', content_filter_results: AZURE_FILTER_OK }],
      usage: { prompt_tokens: ctx.inputTokens, completion_tokens: output, total_tokens: ctx.inputTokens + output },
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: AZURE_FILTER_OK }],
    });
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Anthropic Messages: POST /v1/messages, x-api-key, anthropic-version, named SSE events.

const ANTHROPIC_ERRORS = { 400: 'invalid_request_error', 401: 'authentication_error', 404: 'not_found_error', 429: 'rate_limit_error', 500: 'api_error', 529: 'overloaded_error' };

const anthropic = {
  baseUrl: (origin) => origin,
  authorize({ req, options }) {
    if (options.apiKey !== undefined && req.headers['x-api-key'] !== options.apiKey) return [401, `invalid x-api-key: ${req.headers['x-api-key'] ?? ''}`];
    if (!req.headers['anthropic-version']) return [400, 'anthropic-version: header is required'];
  },
  accept(ctx) {
    const { req, url, body } = ctx;
    if (req.method !== 'POST' || url.pathname !== '/v1/messages') return [404, 'Not found'];
    if (!body) return [400, 'There was an issue with your request body: it is not valid JSON'];
    if (typeof body.model !== 'string') return [400, 'model: Field required'];
    if (!Number.isInteger(body.max_tokens)) return [400, 'max_tokens: Field required'];
    if (!Array.isArray(body.messages) || body.messages.length === 0) return [400, 'messages: at least one message is required'];
    const role = body.messages.find((m) => m?.role !== 'user' && m?.role !== 'assistant')?.role;
    if (role !== undefined) return [400, `messages: Unexpected role "${role}". The Messages API accepts a top-level \`system\` parameter, not "system" as an input message role.`];
    ctx.model = body.model;
    ctx.stream = body.stream === true;
  },
  texts: (body) => turnTexts(body.messages, body.system === undefined ? [] : [textOf(body.system)]),
  fail({ res }, status, message) {
    const type = ANTHROPIC_ERRORS[status] ?? 'api_error';
    const defaults = { 429: 'Number of request tokens has exceeded your per-minute rate limit', 500: 'Internal server error' };
    const headers = status === 429 ? { 'retry-after': '1', 'anthropic-ratelimit-requests-remaining': '0' } : {};
    sendJson(res, status, { type: 'error', error: { type, message: message ?? defaults[status] ?? type } }, { 'request-id': `req_${randomBytes(12).toString('hex')}`, ...headers });
  },
  event(res, type, data) {
    sse(res, { type, ...data }, { event: type });
  },
  open(ctx) {
    openEventStream(ctx.res);
    this.event(ctx.res, 'message_start', {
      message: {
        id: `msg_${ctx.id}`,
        type: 'message',
        role: 'assistant',
        content: [],
        model: ctx.model,
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: ctx.inputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: 1 },
      },
    });
    this.event(ctx.res, 'content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
    this.event(ctx.res, 'ping', {});
  },
  delta(ctx, text) {
    this.event(ctx.res, 'content_block_delta', { index: 0, delta: { type: 'text_delta', text } });
  },
  close(ctx, reason) {
    this.event(ctx.res, 'content_block_stop', { index: 0 });
    this.event(ctx.res, 'message_delta', {
      delta: { stop_reason: reason === 'filtered' ? 'refusal' : 'end_turn', stop_sequence: null },
      usage: { output_tokens: ctx.outputTokens() },
    });
    this.event(ctx.res, 'message_stop', {});
    ctx.res.end();
  },
  malformed(ctx) {
    ctx.res.end('event: content_block_delta\ndata: {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "テ\n\n');
  },
  streamError(ctx) {
    this.event(ctx.res, 'error', { error: { type: 'overloaded_error', message: 'Overloaded' } });
    ctx.res.end();
  },
  whole(ctx) {
    sendJson(ctx.res, 200, {
      id: `msg_${ctx.id}`,
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: ctx.answer }],
      model: ctx.model,
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: ctx.inputTokens, output_tokens: ctx.outputTokens() },
    });
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Google Gemini: POST /v1beta/models/{model}:streamGenerateContent?alt=sse, x-goog-api-key, CRLF-separated events.

const GOOGLE_STATUS = { 400: 'INVALID_ARGUMENT', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };
const SAFE_RATINGS = ['HARM_CATEGORY_HATE_SPEECH', 'HARM_CATEGORY_DANGEROUS_CONTENT', 'HARM_CATEGORY_HARASSMENT', 'HARM_CATEGORY_SEXUALLY_EXPLICIT'].map(
  (category) => ({ category, probability: 'NEGLIGIBLE' }),
);

const gemini = {
  baseUrl: (origin) => origin,
  authorize({ req, options }) {
    const key = req.headers['x-goog-api-key'];
    if (options.apiKey === undefined) return;
    if (!key) {
      return [403, "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API."];
    }
    if (key !== options.apiKey) return [400, `API key not valid (${key}). Please pass a valid API key.`];
  },
  accept(ctx) {
    const { req, url, body } = ctx;
    const match = /^\/v1beta\/models\/([^/:]+):(streamGenerateContent|generateContent)$/.exec(url.pathname);
    if (req.method !== 'POST' || !match) return [404, `The requested URL ${url.pathname} was not found on this server.`];
    if (match[2] === 'streamGenerateContent' && url.searchParams.get('alt') !== 'sse') return [400, 'this test server streams with alt=sse only'];
    if (!body) return [400, 'Invalid JSON payload received.'];
    if (!Array.isArray(body.contents) || body.contents.length === 0) return [400, '* GenerateContentRequest.contents: contents is not specified'];
    if (body.contents.some((c) => c?.role !== 'user' && c?.role !== 'model')) return [400, 'Please use a valid role: user, model.'];
    ctx.model = decodeURIComponent(match[1]);
    ctx.stream = match[2] === 'streamGenerateContent';
  },
  texts(body) {
    const system = (body.systemInstruction?.parts ?? []).map((part) => textOf(part?.text));
    return turnTexts(body.contents, system, 'user', (content) => content?.parts);
  },
  fail({ res }, status, message) {
    const defaults = {
      429: 'Resource has been exhausted (e.g. check quota).',
      500: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting',
    };
    const details =
      status === 429
        ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' }]
        : status === 400 && message?.startsWith('API key')
          ? [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }]
          : undefined;
    sendJson(res, status, { error: { code: status, message: message ?? defaults[status] ?? 'error', status: GOOGLE_STATUS[status] ?? 'UNKNOWN', ...(details ? { details } : {}) } });
  },
  chunk(ctx, candidate, usage) {
    return {
      ...(candidate ? { candidates: [{ index: 0, ...candidate }] } : {}),
      usageMetadata: { promptTokenCount: ctx.inputTokens, ...usage },
      modelVersion: ctx.model,
      responseId: ctx.id,
    };
  },
  send(ctx, data) {
    sse(ctx.res, data, { eol: '\r\n' });
  },
  open(ctx) {
    openEventStream(ctx.res);
  },
  delta(ctx, text) {
    this.send(ctx, this.chunk(ctx, { content: { parts: [{ text }], role: 'model' } }, { totalTokenCount: ctx.inputTokens }));
  },
  close(ctx, reason) {
    const output = ctx.outputTokens();
    const usage = { candidatesTokenCount: output, totalTokenCount: ctx.inputTokens + output };
    if (reason === 'filtered' && !ctx.written) {
      this.send(ctx, { promptFeedback: { blockReason: 'SAFETY', safetyRatings: SAFE_RATINGS }, ...this.chunk(ctx, undefined, usage) });
    } else {
      const ratings = reason === 'filtered' ? [{ category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true }] : SAFE_RATINGS;
      this.send(ctx, this.chunk(ctx, { content: { parts: [{ text: '' }], role: 'model' }, finishReason: reason === 'filtered' ? 'SAFETY' : 'STOP', safetyRatings: ratings }, usage));
    }
    ctx.res.end();
  },
  malformed(ctx) {
    ctx.res.end('data: {"candidates": [{"content": {"parts": [{"text": "テ\r\n\r\n');
  },
  streamError(ctx) {
    this.send(ctx, { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } });
    ctx.res.end();
  },
  whole(ctx) {
    const output = ctx.outputTokens();
    sendJson(ctx.res, 200, this.chunk(ctx, { content: { parts: [{ text: ctx.answer }], role: 'model' }, finishReason: 'STOP' }, { candidatesTokenCount: output, totalTokenCount: ctx.inputTokens + output }));
  },
};

// ---------------------------------------------------------------------------------------------------------------
// NEC cotomi: POST /cotomi-api/v1/chat, Bearer key, x-nec-cotomi-client-id. Request fields per NEC's API reference;
// the stream as NEC's sample client reads it (see cotomi.provider.ts): `data: {"answer": "<piece>"}` events of
// `streamNum` characters, `{"error": …}` on failure, `event:done` at the end. No token counts.

const cotomi = {
  baseUrl: (origin) => `${origin}/cotomi-api/v1`,
  authorize({ req, options }) {
    if (options.apiKey !== undefined && req.headers.authorization !== `Bearer ${options.apiKey}`) return [401, `Unauthorized: ${req.headers.authorization ?? ''}`];
    if (!req.headers['x-nec-cotomi-client-id']) return [400, 'x-nec-cotomi-client-id is required'];
  },
  accept(ctx) {
    const { req, url, body } = ctx;
    if (req.method !== 'POST' || url.pathname !== '/cotomi-api/v1/chat') return [404, 'Not Found'];
    if (!body) return [400, 'invalid JSON'];
    if (typeof body.userContent !== 'string') return [400, 'userContent is required'];
    if (typeof body.model !== 'string') return [400, 'model is required'];
    if (body.oneshot !== true && typeof body.historyId !== 'string') return [400, 'historyId is required'];
    if (body.streamNum !== undefined && !(Number.isInteger(body.streamNum) && body.streamNum >= 1 && body.streamNum <= 1000)) {
      return [400, 'streamNum must be between 1 and 1000'];
    }
    ctx.model = body.model;
    ctx.stream = body.stream === true;
  },
  texts: (body) => ({ lastUser: body.userContent, all: [body.systemContent ?? '', body.userContent] }),
  chunkSize: (ctx) => ctx.body.streamNum ?? 10,
  fail({ res }, status, message) {
    const defaults = { 429: 'Too Many Requests', 500: 'Internal Server Error' };
    sendJson(res, status, { message: message ?? defaults[status] ?? 'error' }, status === 429 ? { 'retry-after': '1' } : {});
  },
  open(ctx) {
    openEventStream(ctx.res);
  },
  delta(ctx, text) {
    sse(ctx.res, { answer: text });
  },
  close(ctx) {
    // cotomi signals no content filter the adapter could tell apart: a filtered answer simply ends.
    ctx.res.end('event:done\n\n');
  },
  malformed(ctx) {
    ctx.res.end('data: {"answer": "テ\n\nevent:done\n\n');
  },
  streamError(ctx) {
    sse(ctx.res, { error: 'internal server error' });
    ctx.res.end();
  },
  whole(ctx) {
    sendJson(ctx.res, 200, { answer: ctx.answer, historyId: ctx.body.oneshot ? undefined : `history_${randomUUID()}` });
  },
};

// ---------------------------------------------------------------------------------------------------------------
// Amazon Bedrock ConverseStream: HTTP/2, POST /model/{modelId}/converse-stream, SigV4 (or a Bedrock API key as
// Bearer), answer as application/vnd.amazon.eventstream frames; exceptions as `:message-type: exception` frames.

const BEDROCK_ERRORS = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};
const codec = new EventStreamCodec(
  (bytes) => Buffer.from(bytes).toString('utf8'),
  (text) => new Uint8Array(Buffer.from(text, 'utf8')),
);
const sha256 = (data) => createHash('sha256').update(data).digest('hex');
const hmac = (key, data) => createHmac('sha256', key).update(data).digest();
const awsEscape = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Checks a SigV4 signature as AWS does; returns a refusal [status, message, exception] or undefined. */
function sigV4Refusal({ req, raw }, { accessKeyId, secretAccessKey, region, service = 'bedrock' }) {
  const match =
    /^AWS4-HMAC-SHA256 Credential=([^/,\s]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request,\s*SignedHeaders=([a-z0-9;:-]+),\s*Signature=([0-9a-f]{64})$/.exec(
      String(req.headers.authorization ?? ''),
    );
  if (!match) return [403, 'Missing Authentication Token', 'MissingAuthenticationTokenException'];
  const [, keyId, day, scopeRegion, scopeService, signedHeaders, signature] = match;
  if (keyId !== accessKeyId) return [403, `The security token included in the request is invalid (${keyId}).`, 'UnrecognizedClientException'];
  if (scopeRegion !== region || scopeService !== service) {
    return [403, `Credential should be scoped to a valid region and service ('${region}', '${service}').`, 'InvalidSignatureException'];
  }
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  if (!amzDate.startsWith(day)) return [403, 'Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP', 'InvalidSignatureException'];
  const [path, query = ''] = (req.url ?? '/').split('?');
  const canonicalQuery = query
    .split('&')
    .filter(Boolean)
    .map((pair) => pair.split('=').map((part) => awsEscape(decodeURIComponent(part ?? ''))))
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([key, value = '']) => `${key}=${value}`)
    .join('&');
  const headerValue = (name) => String((name === 'host' ? req.headers.host ?? req.headers[':authority'] : req.headers[name]) ?? '');
  const canonicalRequest = [
    req.method,
    path.split('/').map(awsEscape).join('/'),
    canonicalQuery,
    signedHeaders
      .split(';')
      .map((name) => `${name}:${headerValue(name).trim().replace(/\s+/g, ' ')}\n`)
      .join(''),
    signedHeaders,
    req.headers['x-amz-content-sha256'] ?? sha256(raw),
  ].join('\n');
  const scope = `${day}/${scopeRegion}/${scopeService}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonicalRequest)].join('\n');
  const signingKey = [day, scopeRegion, scopeService, 'aws4_request'].reduce((key, part) => hmac(key, part), `AWS4${secretAccessKey}`);
  if (hmac(signingKey, stringToSign).toString('hex') !== signature) {
    return [
      403,
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
      'InvalidSignatureException',
    ];
  }
}

const bedrock = {
  http2: true,
  baseUrl: (origin) => origin,
  authorize(ctx) {
    const { req, options } = ctx;
    if (options.apiKey !== undefined && req.headers.authorization === `Bearer ${options.apiKey}`) return;
    if (options.credentials) return sigV4Refusal(ctx, { ...options.credentials, region: options.region ?? 'ap-northeast-1' });
    if (options.apiKey !== undefined) return [403, 'Authentication failed: Please make sure your API Key is valid.', 'AccessDeniedException'];
  },
  accept(ctx) {
    const { req, url, body } = ctx;
    const match = /^\/model\/([^/]+)\/converse-stream$/.exec(url.pathname);
    if (req.method !== 'POST' || !match) return [404, `Unable to determine service/operation name to be authorized`, 'UnknownOperationException'];
    if (!body) return [400, 'Malformed input request, please reformat your input and try again.'];
    if (!Array.isArray(body.messages) || body.messages.length === 0) return [400, 'A conversation must start with a user message. Try again with a conversation that starts with a user message.'];
    for (let i = 0; i < body.messages.length; i += 1) {
      const message = body.messages[i];
      if (message?.role !== 'user' && message?.role !== 'assistant') return [400, `1 validation error detected: Value at 'messages.${i + 1}.member.role' failed to satisfy constraint`];
      if (!Array.isArray(message.content) || message.content.some((block) => typeof block?.text !== 'string')) return [400, 'The content field in the Message object is empty or malformed.'];
      if (i > 0 && body.messages[i - 1].role === message.role) {
        return [400, 'A conversation must alternate between user and assistant roles. Make sure the conversation alternates between user and assistant roles and try again.'];
      }
    }
    if (body.messages[0].role !== 'user') return [400, 'A conversation must start with a user message. Try again with a conversation that starts with a user message.'];
    const unknown = Object.keys(body.inferenceConfig ?? {}).find((key) => !['maxTokens', 'temperature', 'topP', 'stopSequences'].includes(key));
    if (unknown) return [400, `Malformed input request: extraneous key [${unknown}] is not permitted`];
    ctx.model = decodeURIComponent(match[1]);
    ctx.stream = true;
  },
  texts: (body) => turnTexts(body.messages, (body.system ?? []).map((block) => textOf(block?.text)), 'user', (message) => message?.content),
  fail({ res }, status, message, exception) {
    const name = exception ?? BEDROCK_ERRORS[status] ?? 'InternalServerException';
    const defaults = { 429: 'Too many requests, please wait before trying again.', 500: 'The system encountered an unexpected error during processing. Try your request again.' };
    sendJson(res, status, { message: message ?? defaults[status] ?? name }, {
      'x-amzn-errortype': `${name}:http://internal.amazon.com/coral/com.amazon.bedrock/`,
      'x-amzn-requestid': randomUUID(),
    });
  },
  frame(res, headers, payload) {
    const strings = Object.fromEntries(Object.entries(headers).map(([key, value]) => [key, { type: 'string', value }]));
    res.write(Buffer.from(codec.encode({ headers: strings, body: new Uint8Array(Buffer.from(payload, 'utf8')) })));
  },
  event(res, type, data) {
    // Bedrock pads every event with a random `p` to hide the payload's length.
    this.frame(res, { ':event-type': type, ':content-type': 'application/json', ':message-type': 'event' }, JSON.stringify({ ...data, p: 'abcdefghijklmnopqrstuvwxyz'.slice(0, 1 + (randomBytes(1)[0] % 26)) }));
  },
  open(ctx) {
    ctx.res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': randomUUID() });
    this.event(ctx.res, 'messageStart', { role: 'assistant' });
  },
  delta(ctx, text) {
    this.event(ctx.res, 'contentBlockDelta', { contentBlockIndex: 0, delta: { text } });
  },
  close(ctx, reason) {
    const output = ctx.outputTokens();
    if (ctx.written) this.event(ctx.res, 'contentBlockStop', { contentBlockIndex: 0 });
    this.event(ctx.res, 'messageStop', { stopReason: reason === 'filtered' ? 'content_filtered' : 'end_turn' });
    this.event(ctx.res, 'metadata', { usage: { inputTokens: ctx.inputTokens, outputTokens: output, totalTokens: ctx.inputTokens + output }, metrics: { latencyMs: 42 } });
    ctx.res.end();
  },
  malformed(ctx) {
    this.frame(ctx.res, { ':event-type': 'contentBlockDelta', ':content-type': 'application/json', ':message-type': 'event' }, '{"contentBlockIndex": 0, "delta": {"text": "テ');
    ctx.res.end();
  },
  streamError(ctx) {
    this.frame(
      ctx.res,
      { ':exception-type': 'throttlingException', ':content-type': 'application/json', ':message-type': 'exception' },
      JSON.stringify({ message: 'Too many tokens, please wait before trying again.' }),
    );
    ctx.res.end();
  },
  whole(ctx) {
    this.fail(ctx, 404, 'Only converse-stream is served by this test server', 'UnknownOperationException');
  },
};

// ---------------------------------------------------------------------------------------------------------------

/** @param {import('./provider-test-servers.d.mts').ProviderTestServerOptions} [options] */
export const startAzureOpenAiTestServer = (options = {}) => startServer(azureOpenAi, options);
/** @param {import('./provider-test-servers.d.mts').ProviderTestServerOptions} [options] */
export const startAnthropicTestServer = (options = {}) => startServer(anthropic, options);
/** @param {import('./provider-test-servers.d.mts').ProviderTestServerOptions} [options] */
export const startGeminiTestServer = (options = {}) => startServer(gemini, options);
/** @param {import('./provider-test-servers.d.mts').ProviderTestServerOptions} [options] */
export const startCotomiTestServer = (options = {}) => startServer(cotomi, options);
/** @param {import('./provider-test-servers.d.mts').BedrockTestServerOptions} [options] */
export const startBedrockTestServer = (options = {}) => startServer(bedrock, options);

const STARTERS = {
  'azure-openai': startAzureOpenAiTestServer,
  anthropic: startAnthropicTestServer,
  gemini: startGeminiTestServer,
  cotomi: startCotomiTestServer,
  bedrock: startBedrockTestServer,
};

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [type, flag, value] = process.argv.slice(2);
  if (!STARTERS[type] || (flag !== undefined && flag !== '--port')) {
    console.error(`usage: node tools/testing/provider-test-servers.mjs <${Object.keys(STARTERS).join('|')}> [--port 8788]`);
    process.exit(2);
  }
  const server = await STARTERS[type]({ port: value ? Number(value) : 8788, chunkDelayMs: 30 });
  console.log(`${type} test server at ${server.baseUrl} (any credential; models: ${FAULT_MODELS.join(', ')})`);
  for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => server.close().then(() => process.exit(0)));
}
