import { describe, expect, it } from 'vitest';
import { detectPii } from '../detect-pii';

const codes = (text: string) => detectPii(text, { kinds: ['postal_code'] }).map((f) => f.value);

describe('postal codes', () => {
  it('finds 123-4567 with or without 〒, and leaves 〒 outside the span', () => {
    expect(codes('〒100-8926 東京都')).toEqual(['100-8926']);
    expect(codes('郵便番号は238-8550です')).toEqual(['238-8550']);
    expect(codes('〒１００－８９２６')).toEqual(['１００－８９２６']);
  });

  it('finds seven digits written together only right after 〒 or 郵便番号', () => {
    expect(codes('〒1000013')).toEqual(['1000013']);
    expect(codes('郵便番号：1000013')).toEqual(['1000013']);
    expect(codes('受付件数 1000013')).toEqual([]);
  });

  it('does not take numbered documents or parts of longer codes', () => {
    expect(codes('府政第123-4567号')).toEqual([]);
    expect(codes('整理番号 123-4567 号')).toEqual([]);
    expect(codes('AB-123-4567')).toEqual([]);
    expect(codes('03-1234-5678')).toEqual([]);
  });
});
