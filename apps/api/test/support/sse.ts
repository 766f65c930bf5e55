import { SseParser, type ChatStreamEvent } from '@gennai/contracts';

/** Reads a whole text/event-stream response into its events, in order (the chat's, or another stream's `E`). */
export async function readEvents<E extends { event: string; data: unknown } = ChatStreamEvent>(response: Response): Promise<E[]> {
  const parser = new SseParser();
  const events: E[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    for (const { event, data } of parser.push(decoder.decode(chunk, { stream: true }))) {
      events.push({ event, data: JSON.parse(data) } as E);
    }
  }
  return events;
}
