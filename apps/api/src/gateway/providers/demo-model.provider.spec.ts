import { describe, expect, it } from 'vitest';
import { DemoModelProvider, demoAnswer, estimateTokens } from './demo-model.provider';
import type { ChatChunk, ChatTurn } from '../model-client';

async function collect(stream: AsyncIterable<ChatChunk>) {
  const chunks: ChatChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}
const textOf = (chunks: ChatChunk[]) => chunks.map((c) => (c.type === 'delta' ? c.text : '')).join('');

describe('DemoModelProvider', () => {
  it('answers in Japanese, quoting the message and saying it is a demo and how to configure a real model', async () => {
    const messages: ChatTurn[] = [{ role: 'user', content: '育児休業の申請方法を教えてください' }];
    const chunks = await collect(new DemoModelProvider({ chunkDelayMs: 0 }).streamChat({ messages, signal: new AbortController().signal }));
    const text = textOf(chunks);

    expect(text).toContain('デモモデル');
    expect(text).toContain('「育児休業の申請方法を教えてください」');
    expect(text).toContain('設定されていない');
    expect(text).toContain('GENNAI_MODELS');
    expect(text).toBe(demoAnswer(messages)); // deterministic
  });

  it('answers in English when the message is English', () => {
    const text = demoAnswer([{ role: 'user', content: 'How do I apply for parental leave?' }]);
    expect(text).toContain('demo model');
    expect(text).toContain('"How do I apply for parental leave?"');
    expect(text).toContain('GENNAI_MODELS');
    expect(text).not.toMatch(/[\u3040-\u30ff]/);
  });

  it('answers briefly, as a Markdown list, in the brief style of the second demo model', async () => {
    const messages: ChatTurn[] = [{ role: 'user', content: '議事録を要約して' }];
    const chunks = await collect(new DemoModelProvider({ chunkDelayMs: 0, style: 'brief' }).streamChat({ messages, signal: new AbortController().signal }));
    const text = textOf(chunks);
    expect(text).toContain('デモ（簡潔）');
    expect(text).toContain('「議事録を要約して」');
    expect(text.split('\n').filter((line) => line.startsWith('- '))).toHaveLength(2);
    expect(text.length).toBeLessThan(demoAnswer(messages).length / 2);
    expect(demoAnswer([{ role: 'user', content: 'Summarise the minutes' }], 'brief')).toContain('**Demo (brief), offline**');
  });

  it('quotes the latest user message of a longer conversation, shortened when long', () => {
    const long = 'あ'.repeat(200);
    const text = demoAnswer([
      { role: 'system', content: 'system prompt' },
      { role: 'user', content: '最初の質問' },
      { role: 'assistant', content: '前の回答' },
      { role: 'user', content: long },
    ]);
    expect(text).toContain(`「${'あ'.repeat(60)}…」`);
    expect(text).toContain('2件目');
    expect(text).not.toContain('最初の質問');
  });

  it('streams visibly: many small deltas with a delay between them, then usage', async () => {
    const messages: ChatTurn[] = [{ role: 'user', content: 'こんにちは' }];
    const started = Date.now();
    const chunks = await collect(new DemoModelProvider({ chunkDelayMs: 5 }).streamChat({ messages, signal: new AbortController().signal }));
    const deltas = chunks.filter((c) => c.type === 'delta');
    expect(deltas.length).toBeGreaterThan(20);
    expect(Date.now() - started).toBeGreaterThanOrEqual(deltas.length * 4);
    expect(chunks.at(-1)).toEqual({
      type: 'usage',
      inputTokens: estimateTokens('こんにちは'),
      outputTokens: estimateTokens(textOf(chunks)),
    });
  });

  it('stops when the signal aborts', async () => {
    const caller = new AbortController();
    const received: ChatChunk[] = [];
    const run = (async () => {
      for await (const chunk of new DemoModelProvider({ chunkDelayMs: 5 }).streamChat({
        messages: [{ role: 'user', content: '止めてください' }],
        signal: caller.signal,
      })) {
        received.push(chunk);
        if (received.length === 2) caller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(received).toHaveLength(2);
  });
});
