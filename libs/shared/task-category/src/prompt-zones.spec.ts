import { describe, expect, it } from 'vitest';
import { INSTRUCTION_WINDOW, splitPrompt } from './prompt-zones';

describe('splitPrompt', () => {
  it('keeps a short prompt whole as the instruction', () => {
    expect(splitPrompt('この文章を要約して')).toMatchObject({ instruction: 'この文章を要約して', material: '' });
  });

  it('takes the first and last lines of a long prompt as the instruction and the lines between as material', () => {
    const body = Array.from({ length: 20 }, (_, i) => `第${i + 1}条 本条例は市民の福祉の増進を目的とする。`).join('\n');
    const zones = splitPrompt(`以下を要約してください。\n${body}\n箇条書きでお願いします。`);
    expect(zones.instruction).toBe('以下を要約してください。\n箇条書きでお願いします。');
    expect(zones.material).toContain('第5条');
  });

  it('falls back to fixed windows when a long prompt has no short first or last line', () => {
    const blob = 'あ'.repeat(1000);
    const zones = splitPrompt(blob);
    expect(zones.instruction.length).toBe(INSTRUCTION_WINDOW * 2 + 1);
    expect(zones.material.length).toBe(1000 - INSTRUCTION_WINDOW * 2);
  });

  it('moves fenced code into the material and counts the fences', () => {
    const zones = splitPrompt('直して\n```\nprint(1)\n```');
    expect(zones).toMatchObject({ instruction: '直して', codeFences: 1 });
    expect(zones.material).toContain('print(1)');
  });
});
