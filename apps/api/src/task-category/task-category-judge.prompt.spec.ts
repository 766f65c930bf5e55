import { describe, expect, it } from 'vitest';
import { judgeMessages, parseJudgeAnswer } from './task-category-judge.prompt';

describe('the task-category judge', () => {
  it('takes an answer that is exactly one category id, with the wrapping models add', () => {
    expect(parseJudgeAnswer('translation')).toBe('translation');
    expect(parseJudgeAnswer('  `data_analysis`.\n')).toBe('data_analysis');
    expect(parseJudgeAnswer('分類：「coding」')).toBe('coding');
    expect(parseJudgeAnswer('Answer: QA')).toBe('qa');
  });

  it('ignores anything else', () => {
    expect(parseJudgeAnswer('')).toBeNull();
    expect(parseJudgeAnswer('翻訳')).toBeNull();
    expect(parseJudgeAnswer('translation or summarization')).toBeNull();
    expect(parseJudgeAnswer('poetry')).toBeNull();
    expect(parseJudgeAnswer('constructor')).toBeNull();
    expect(parseJudgeAnswer('I think: translation\nbecause it asks for English')).toBeNull();
  });

  it('sends the categories as instructions and only the user’s words, cut to size', () => {
    const [system, user] = judgeMessages(['英語にして', 'x'.repeat(5_000)]);
    expect(system.role).toBe('system');
    expect(system.content).toContain('- translation: 翻訳');
    expect(user).toEqual({ role: 'user', content: `英語にして\n---\n${'x'.repeat(2_000)}` });
  });
});
