import { SseParser } from '@gennai/contracts';
import { api } from './api-client';

/** One event of a text/event-stream: its name and its JSON data. */
export interface StreamEvent {
  readonly event: string;
  readonly data: unknown;
}

/**
 * Reads a text/event-stream body as it arrives and yields the events named in `names` (others are skipped, so the
 * server can add events without breaking older pages). Bytes are decoded as a stream, so a character or an event
 * split across network chunks comes out whole. `E` is the stream's event union: the caller vouches that each name in
 * `names` carries that event's data.
 */
export async function* readEventStream<E extends StreamEvent>(body: ReadableStream<Uint8Array>, names: ReadonlySet<E['event']>): AsyncGenerator<E> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const known: ReadonlySet<string> = names;
  let finished = false;
  try {
    while (!finished) {
      const { done, value } = await reader.read();
      finished = done;
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (const raw of parser.push(text)) {
        if (known.has(raw.event)) yield { event: raw.event, data: JSON.parse(raw.data) } as E;
      }
    }
  } finally {
    // Stopped early by the consumer (the user stopped or left the page): cancelling tells the server nobody is
    // listening any more, and it aborts the model calls.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * POSTs `body` to `path` and yields the events of the response stream. An API error before the stream starts is
 * thrown as `ApiError`; aborting `signal` stops the request.
 */
export async function openEventStream<E extends StreamEvent>(path: string, body: unknown, names: ReadonlySet<E['event']>, signal: AbortSignal): Promise<AsyncGenerator<E>> {
  const response = await api.stream(path, body, signal);
  if (!response.body) throw new Error(`The event stream of ${path} has no body`);
  return readEventStream<E>(response.body, names);
}
