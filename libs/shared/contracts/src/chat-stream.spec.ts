import { describe, expect, it } from 'vitest';
import { encodeSseEvent, SseParser } from './chat-stream';

describe('SseParser', () => {
  it('reassembles events split across chunks at any point', () => {
    const wire =
      encodeSseEvent({ event: 'delta', data: { text: '横須賀' } }) + encodeSseEvent({ event: 'delta', data: { text: '市です\n改行' } });
    for (let cut = 1; cut < wire.length; cut++) {
      const parser = new SseParser();
      const events = [...parser.push(wire.slice(0, cut)), ...parser.push(wire.slice(cut))];
      expect(events.map((e) => JSON.parse(e.data).text)).toEqual(['横須賀', '市です\n改行']);
    }
  });

  it('handles CRLF, comments and multi-line data', () => {
    const parser = new SseParser();
    expect(parser.push(': keep-alive\r\n\r\nevent: x\r\ndata: a\r\ndata: b\r\n\r\n')).toEqual([{ event: 'x', data: 'a\nb' }]);
  });
});
