import { encodeSseEvent, type ChatStreamEvent } from '@gennai/contracts';
import { configureApiClient } from '../shared/api-client';

/** One request the app made, as the API would have received it. */
export interface RecordedCall {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

type Handler = (call: RecordedCall, signal: AbortSignal | null | undefined) => Response | Promise<Response>;

/**
 * A stand-in for the Gennai API at the unit tier: answers `METHOD /path` routes with canned
 * responses and records every call (the e2e tier runs against the real API).
 */
export function fakeApi(routes: Record<string, Handler>) {
  const calls: RecordedCall[] = [];
  const fetch: typeof globalThis.fetch = async (input, init = {}) => {
    const url = new URL(String(input), 'http://gennai.test');
    const method = init.method ?? 'GET';
    const call: RecordedCall = {
      method,
      path: url.pathname + url.search,
      headers: new Headers(init.headers),
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    calls.push(call);
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) return Response.json({ statusCode: 404, code: 'route_not_found', message: 'このURLのAPIはありません。' }, { status: 404 });
    return handler(call, init.signal);
  };
  configureApiClient({ fetch, accessToken: async () => 'test-token' });
  return { calls, fetch };
}

/**
 * A text/event-stream response whose events are sent one at a time when the test calls `next()`,
 * each split over two network chunks; `rest()` sends the remaining ones and ends the stream.
 */
export function sseResponse(events: ChatStreamEvent[], signal?: AbortSignal | null) {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
  signal?.addEventListener('abort', () => controller.error(new DOMException('The operation was aborted.', 'AbortError')));
  const next = () => {
    const wire = encoder.encode(encodeSseEvent(events[sent++]));
    const cut = Math.floor(wire.length / 2);
    controller.enqueue(wire.slice(0, cut));
    controller.enqueue(wire.slice(cut));
  };
  return {
    response: new Response(body, { headers: { 'Content-Type': 'text/event-stream' } }),
    next,
    rest: () => {
      while (sent < events.length) next();
      controller.close();
    },
  };
}
