import { SseParser, type ChatStreamEvent } from '@gennai/contracts';

/** Reads a whole text/event-stream response into its events, in order. */
export async function readEvents(response: Response): Promise<ChatStreamEvent[]> {
  const parser = new SseParser();
  const events: ChatStreamEvent[] = [];
  const decoder = new TextDecoder();
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    for (const { event, data } of parser.push(decoder.decode(chunk, { stream: true }))) {
      events.push({ event, data: JSON.parse(data) } as ChatStreamEvent);
    }
  }
  return events;
}
