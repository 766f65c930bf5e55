import { SseParser, type ChatStreamEvent, type ChatStreamEventName } from '@gennai/contracts';
import { api } from '../../shared/api-client';

const EVENT_NAMES: ReadonlySet<string> = new Set<ChatStreamEventName>(['accepted', 'delta', 'done', 'failed']);

/**
 * Reads a text/event-stream body of chat events as they arrive. Bytes are decoded as a stream, so
 * a character or an event split across network chunks comes out whole; unknown events are skipped.
 */
export async function* readChatStream(body: ReadableStream<Uint8Array>): AsyncGenerator<ChatStreamEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const parser = new SseParser();
  let finished = false;
  try {
    while (!finished) {
      const { done, value } = await reader.read();
      finished = done;
      const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (const raw of parser.push(text)) {
        if (EVENT_NAMES.has(raw.event)) yield { event: raw.event, data: JSON.parse(raw.data) } as ChatStreamEvent;
      }
    }
  } finally {
    // Stopped early by the consumer: let the server know nobody is listening any more.
    if (!finished) await reader.cancel().catch(() => undefined);
    reader.releaseLock();
  }
}

/**
 * POSTs to a chat endpoint and yields its events. An API error before the stream starts (message
 * too long, unknown model, …) is thrown as `ApiError`; aborting `signal` stops the request.
 */
export async function openChatStream(path: string, body: unknown, signal: AbortSignal): Promise<AsyncGenerator<ChatStreamEvent>> {
  const response = await api.stream(path, body, signal);
  if (!response.body) throw new Error('The chat stream has no body');
  return readChatStream(response.body);
}
