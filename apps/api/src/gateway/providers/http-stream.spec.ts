import { describe, expect, it } from 'vitest';
import { readServerSentEvents, type ServerSentEvent } from './http-stream';
import { retryAfterMsOf } from './upstream-call';

/** A body delivered in exactly these reads. */
function body(...reads: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const read of reads) controller.enqueue(encoder.encode(read));
      controller.close();
    },
  });
}

async function events(stream: ReadableStream<Uint8Array>) {
  const list: ServerSentEvent[] = [];
  for await (const event of readServerSentEvents(stream)) list.push(event);
  return list;
}

describe('readServerSentEvents', () => {
  it('reads events ended by LF, CRLF or CR, also when a CRLF is split between two reads', async () => {
    expect(await events(body('data: a\n\n', 'data: b\r', '\n\r\n', 'data: c\r\r'))).toEqual([
      { event: 'message', data: 'a' },
      { event: 'message', data: 'b' },
      { event: 'message', data: 'c' },
    ]);
  });

  it('joins data lines, keeps event names, skips comments, and hands over a named event without data', async () => {
    expect(await events(body(': ping\n\nevent: delta\ndata: {"a":\ndata: 1}\n\n', 'event:done\n\n'))).toEqual([
      { event: 'delta', data: '{"a":\n1}' },
      { event: 'done', data: '' },
    ]);
  });

  it('keeps multi-byte characters split between reads, and drops an event the stream never finished', async () => {
    const bytes = new TextEncoder().encode('data: 住民票\n\ndata: 途中');
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(bytes.slice(0, 8)); // inside 住
        controller.enqueue(bytes.slice(8));
        controller.close();
      },
    });
    expect(await events(stream)).toEqual([{ event: 'message', data: '住民票' }]);
  });
});

describe('retryAfterMsOf', () => {
  const headers = (values: Record<string, string>) => new Headers(values);

  it('reads retry-after-ms first, then retry-after in seconds or as a date, then Google’s RetryInfo', () => {
    expect(retryAfterMsOf(headers({ 'retry-after-ms': '1500', 'retry-after': '9' }))).toBe(1_500);
    expect(retryAfterMsOf(headers({ 'retry-after': '2' }))).toBe(2_000);
    const inFiveSeconds = new Date(Date.now() + 5_000).toUTCString();
    expect(retryAfterMsOf(headers({ 'retry-after': inFiveSeconds }))).toBeGreaterThan(3_000);
    expect(retryAfterMsOf(headers({}), { error: { details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '0.5s' }] } })).toBe(500);
    expect(retryAfterMsOf(headers({}), { error: { message: 'slow down' } })).toBeUndefined();
  });
});
