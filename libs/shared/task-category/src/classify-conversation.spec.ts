import { describe, expect, it } from 'vitest';
import { classifyConversation } from './classify-conversation';

describe('classifyConversation', () => {
  it('keeps the opening request when later messages only adjust the answer', () => {
    const result = classifyConversation(['この報告書を要約してください。', 'もう少し短くして', 'ありがとう']);
    expect(result.category).toBe('summarization');
  });

  it('takes the category from the first real request when the conversation opens with a greeting', () => {
    expect(classifyConversation(['こんにちは', '次の文を英訳してください。「本日は休館日です」']).category).toBe('translation');
  });

  it('lets a follow-up decide when the opening request gave little evidence', () => {
    expect(classifyConversation(['ちょっと相談です', 'この文章の誤字脱字をチェックして、敬語も直してください。']).category).toBe('proofreading');
  });

  it('does not let a weaker follow-up override a clear opening request', () => {
    expect(classifyConversation(['通知文の文案を作成してください。', '英語でも書いて']).category).toBe('document_drafting');
  });

  it('is other with zero confidence for a conversation without user messages', () => {
    expect(classifyConversation([])).toMatchObject({ category: 'other', confidence: 0, signals: [] });
  });

  it('is other when every message is chat', () => {
    expect(classifyConversation(['こんにちは', 'しりとりしよう']).category).toBe('other');
  });
});
