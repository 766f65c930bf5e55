import type { ChatChunk, ChatRequest, ModelClient, UpstreamTimeouts } from '../model-client';
import { UpstreamCall, describeEndpoint, errorMessageOf, retryAfterMsOf, type StreamStep } from './upstream-call';
import { postJson, type UpstreamResponse } from './upstream-http';

/** One server-sent event: its `event:` name (`message` when none) and its joined `data:` lines. */
export interface ServerSentEvent {
  event: string;
  data: string;
}

/** What an HTTP + server-sent-events provider sends for one request. */
export interface HttpStreamRequest {
  url: string;
  /** Besides `content-type: application/json`, which is always sent. */
  headers: Record<string, string>;
  /** Sent as JSON. */
  body: unknown;
}

/**
 * A provider's wire format over HTTP with a server-sent-event stream: the only part an adapter writes. Mapping
 * functions throw `call.badResponse(…)`/`call.error(…)` for events that report a failure.
 */
export interface SseWireFormat {
  request(request: ChatRequest): HttpStreamRequest;
  /** The meaning of one event (undefined to skip it, e.g. pings). */
  read(event: ServerSentEvent, call: UpstreamCall): StreamStep | undefined;
  /** The meaning of a whole JSON answer, for servers that may ignore `stream: true`; without it JSON is refused. */
  readWhole?(body: unknown, call: UpstreamCall): StreamStep;
}

/**
 * A ModelClient for any provider that answers an HTTP POST with server-sent events: fetch, HTTP status → UpstreamError,
 * SSE reading, timers, abort and redaction are here; the provider's format comes from `wire`. One request per call.
 */
export class SseModelClient implements ModelClient {
  constructor(
    private readonly wire: SseWireFormat,
    private readonly timeouts: UpstreamTimeouts,
    /** Every credential the requests carry, kept out of error messages. */
    private readonly secrets: (string | undefined)[],
  ) {}

  async *streamChat(request: ChatRequest): AsyncIterable<ChatChunk> {
    request.signal.throwIfAborted();
    const { url, headers, body } = this.wire.request(request);
    const call = new UpstreamCall(describeEndpoint(url), this.secrets, this.timeouts, request.signal);
    try {
      const response = await postJson(url, headers, JSON.stringify(body), call.signal);
      call.connected();
      if (response.status < 200 || response.status > 299) throw await httpError(call, response);

      const contentType = response.headers.get('content-type') ?? '';
      if (contentType.includes('application/json') && this.wire.readWhole) {
        const delta = call.take(this.wire.readWhole(call.json(await response.text()), call));
        if (delta) yield delta;
      } else if (contentType.includes('text/event-stream')) {
        for await (const event of readServerSentEvents(response.body)) {
          const step = this.wire.read(event, call);
          const delta = call.take(step);
          if (delta) yield delta;
          if (step?.end) break;
        }
        // After the end marker only the body's end can follow: read it, and the connection serves the next request.
        await response.discard();
      } else {
        throw call.badResponse(`unexpected content-type "${contentType}"`);
      }
      yield* call.finish();
    } catch (error) {
      throw call.fail(error);
    } finally {
      call.close();
    }
  }
}

async function httpError(call: UpstreamCall, response: UpstreamResponse) {
  const text = await response.text().catch(() => '');
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return call.statusError(response.status, errorMessageOf(body), retryAfterMsOf(response.headers, body));
}

/**
 * Reads a text/event-stream body (WHATWG rules: CR, LF or CRLF line ends, also split across reads; `:` comments).
 * Unlike browsers it also hands over named events without data (`event: done`), which some providers end with.
 */
export async function* readServerSentEvents(body: AsyncIterable<Uint8Array>): AsyncIterable<ServerSentEvent> {
  // Read through the iterator itself: the caller decides what happens to the rest of the body (see discard()).
  const reads = body[Symbol.asyncIterator]();
  const decoder = new TextDecoder();
  let buffer = '';
  let event = '';
  let data: string[] | undefined;
  for (;;) {
    const { value, done } = await reads.next();
    if (!done) buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.search(/[\r\n]/)) !== -1) {
      // A CR at the very end may be the first half of a CRLF: wait for the next read, if there is one.
      if (!done && buffer[end] === '\r' && end === buffer.length - 1) break;
      const line = buffer.slice(0, end);
      buffer = buffer.slice(buffer[end] === '\r' && buffer[end + 1] === '\n' ? end + 2 : end + 1);
      if (line === '') {
        if (data || event) yield { event: event || 'message', data: data?.join('\n') ?? '' };
        event = '';
        data = undefined;
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon === -1 ? line : line.slice(0, colon);
      const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
      if (field === 'event') event = value;
      else if (field === 'data') (data ??= []).push(value);
    }
    if (done) return;
  }
}
