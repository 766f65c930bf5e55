import type { MessageView } from './conversations';

/**
 * Server-sent events of POST /api/conversations/:id/messages and
 * POST /api/conversations/:id/messages/:messageId/retry, in order:
 *   `accepted` once (both messages are already stored), `delta` zero or more times,
 *   then exactly one of `done` or `failed`.
 */
export type ChatStreamEvent =
  | { event: 'accepted'; data: { userMessage: MessageView; assistantMessage: MessageView } }
  | { event: 'delta'; data: { text: string } }
  | { event: 'done'; data: { message: MessageView } }
  | { event: 'failed'; data: { message: MessageView } };

export type ChatStreamEventName = ChatStreamEvent['event'];

/** Encodes one event in the text/event-stream wire format. */
export function encodeSseEvent(event: ChatStreamEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

/**
 * Incremental text/event-stream parser: feed it decoded text chunks, get complete events back.
 * Handles events split across chunks, CRLF line endings, comments and multi-line data.
 */
export class SseParser {
  private buffer = '';

  push(chunk: string): { event: string; data: string }[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const events: { event: string; data: string }[] = [];
    let boundary: number;
    while ((boundary = this.buffer.indexOf('\n\n')) !== -1) {
      const block = this.buffer.slice(0, boundary);
      this.buffer = this.buffer.slice(boundary + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon === -1 ? line : line.slice(0, colon);
        const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) events.push({ event, data: data.join('\n') });
    }
    return events;
  }
}
