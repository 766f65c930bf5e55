import { encodeSseEvent, type ChatStreamEvent, type MessageView } from '@gennai/contracts';
import { describe, expect, it } from 'vitest';
import { readChatStream } from './chat-stream';

const message = (overrides: Partial<MessageView>): MessageView => ({
  id: 'a1',
  conversationId: 'c1',
  role: 'assistant',
  content: '',
  status: 'pending',
  modelId: 'demo',
  error: null,
  createdAt: '2026-11-28T10:00:00.000Z',
  rating: null,
  piiHandling: null,
  ...overrides,
});

/** A response body that delivers `bytes` in chunks of `size` bytes, as a network might. */
function chunkedBody(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

async function collect(body: ReadableStream<Uint8Array>): Promise<ChatStreamEvent[]> {
  const events: ChatStreamEvent[] = [];
  for await (const event of readChatStream(body)) events.push(event);
  return events;
}

describe('readChatStream', () => {
  const user = message({ id: 'u1', role: 'user', content: '子育て支援は？', status: 'complete', modelId: null });

  it('turns a chunked body into accepted, deltas and done, whatever the chunk size', async () => {
    const events: ChatStreamEvent[] = [
      { event: 'accepted', data: { userMessage: user, assistantMessage: message({}) } },
      { event: 'delta', data: { text: '横須賀市の' } },
      { event: 'delta', data: { text: '制度です。\n二行目' } },
      { event: 'done', data: { message: message({ content: '横須賀市の制度です。\n二行目', status: 'complete' }) } },
    ];
    const wire = new TextEncoder().encode(': keep-alive\n\n' + events.map(encodeSseEvent).join(''));
    // Sizes of 1..7 bytes split every event and every multi-byte character somewhere.
    for (const size of [1, 2, 3, 5, 7, wire.length]) {
      expect(await collect(chunkedBody(wire, size)), `chunks of ${size} bytes`).toEqual(events);
    }
  });

  it('reports a failed answer with its error', async () => {
    const failed = message({ status: 'failed', content: '途中まで', error: { code: 'upstream_timeout', message: 'モデルの応答が時間内にありませんでした。再試行してください。', retryable: true } });
    const wire = new TextEncoder().encode(
      encodeSseEvent({ event: 'delta', data: { text: '途中まで' } }) + encodeSseEvent({ event: 'failed', data: { message: failed } }),
    );
    const events = await collect(chunkedBody(wire, 4));
    expect(events.map((e) => e.event)).toEqual(['delta', 'failed']);
    expect(events[1]).toEqual({ event: 'failed', data: { message: failed } });
  });

  it('skips unknown events and drops an event cut off by the end of the stream', async () => {
    const wire = new TextEncoder().encode('event: ping\ndata: {}\n\n' + encodeSseEvent({ event: 'delta', data: { text: 'a' } }) + 'event: delta\ndata: {"text":"b"}');
    expect(await collect(chunkedBody(wire, 3))).toEqual([{ event: 'delta', data: { text: 'a' } }]);
  });
});
