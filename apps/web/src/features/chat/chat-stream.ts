import type { ChatStreamEvent, ChatStreamEventName } from '@gennai/contracts';
import { openEventStream, readEventStream } from '../../shared/event-stream';

const EVENT_NAMES: ReadonlySet<ChatStreamEventName> = new Set<ChatStreamEventName>(['accepted', 'delta', 'done', 'failed']);

/** Reads a text/event-stream body of chat events as they arrive; unknown events are skipped. */
export function readChatStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ChatStreamEvent> {
  return readEventStream<ChatStreamEvent>(body, EVENT_NAMES);
}

/**
 * POSTs to a chat endpoint and yields its events. An API error before the stream starts (message
 * too long, unknown model, …) is thrown as `ApiError`; aborting `signal` stops the request.
 */
export function openChatStream(path: string, body: unknown, signal: AbortSignal): Promise<AsyncGenerator<ChatStreamEvent>> {
  return openEventStream<ChatStreamEvent>(path, body, EVENT_NAMES, signal);
}
