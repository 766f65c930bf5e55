import { once } from 'node:events';
import { Agent as HttpAgent, type IncomingMessage, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/**
 * Keep-alive connection pools shared by every HTTP adapter, one per protocol (each keeps its sockets per origin).
 * LIFO hands out the most recently used socket, so a quiet period lets the others idle out at the upstream.
 */
const AGENTS = {
  'http:': new HttpAgent({ keepAlive: true, scheduling: 'lifo' }),
  'https:': new HttpsAgent({ keepAlive: true, scheduling: 'lifo' }),
};

/** An upstream's answer as far as the headers: the status, a header lookup, and the body still to read. */
export interface UpstreamResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  /** The body's chunks. Leaving a loop over them early does not close the connection: call `discard()` after. */
  readonly body: AsyncIterable<Buffer>;
  /** The whole body as text. */
  text(): Promise<string>;
  /** Reads what is left of the body without keeping it, so the connection can serve the next request. */
  discard(): Promise<void>;
}

/**
 * POSTs a JSON document with Node's own HTTP client over a keep-alive pool. This is the gateway's hottest call:
 * `fetch` builds WHATWG request, response and stream objects around every request, which costs several times the CPU
 * and memory of the plain client for a body that is only relayed. `signal` aborts the request at any point, also while
 * the body is being read (the connection is then closed, not reused).
 */
export async function postJson(url: string, headers: Record<string, string>, body: string, signal: AbortSignal): Promise<UpstreamResponse> {
  signal.throwIfAborted();
  const target = new URL(url);
  const agent = AGENTS[target.protocol as keyof typeof AGENTS];
  if (!agent) throw new Error(`unsupported protocol ${target.protocol}`);
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  const request = send(target, {
    method: 'POST',
    agent,
    headers: { 'content-type': 'application/json', ...headers, 'content-length': Buffer.byteLength(body) },
  });
  // Failures reach the caller through `once` below or, later, through the body's iterator. Without this listener the
  // same error would also be thrown as an uncaught exception when nobody waits for the request any more.
  request.on('error', ignore);
  const answer: { message?: IncomingMessage } = {};
  // Not the `signal` option of http.request: that destroys the socket even when the answer has fully arrived and the
  // socket is back in the pool (or about to be). An answer that is complete is only read to its end instead.
  const abort = () => {
    if (answer.message?.complete) answer.message.resume();
    else request.destroy(new AbortError());
  };
  signal.addEventListener('abort', abort, { once: true });
  request.once('close', () => signal.removeEventListener('abort', abort));
  request.end(body);
  const [message] = (await once(request, 'response', { signal })) as [IncomingMessage];
  answer.message = message;
  message.on('error', ignore);
  return new NodeUpstreamResponse(message);
}

class NodeUpstreamResponse implements UpstreamResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  readonly body: AsyncIterable<Buffer>;

  constructor(private readonly message: IncomingMessage) {
    this.status = message.statusCode ?? 0;
    this.headers = {
      get: (name) => {
        const value = message.headers[name.toLowerCase()];
        return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
      },
    };
    // An iterator without `return()`: breaking out of a loop must not destroy the socket of a finished answer.
    const chunks = message[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
    this.body = { [Symbol.asyncIterator]: () => ({ next: () => chunks.next() }) };
  }

  async text(): Promise<string> {
    const parts: Buffer[] = [];
    for await (const chunk of this.body) parts.push(chunk);
    return Buffer.concat(parts).toString('utf8');
  }

  async discard(): Promise<void> {
    for await (const _ of this.body) {
      // drained
    }
  }
}

function ignore(): void {
  // see postJson
}

class AbortError extends Error {
  override readonly name = 'AbortError';
  constructor() {
    super('the request to the model was aborted');
  }
}
