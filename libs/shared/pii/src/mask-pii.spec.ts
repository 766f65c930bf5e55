import { describe, expect, it } from 'vitest';
import { detectPii } from './detect-pii';
import { maskPii, piiPlaceholder } from './mask-pii';
import { PII_KINDS, PII_LABELS_EN, PII_LABELS_JA } from './pii-kind';

describe('maskPii', () => {
  it('replaces each finding with its Japanese label and leaves the rest of the text as written', () => {
    const text = '〒１００－８９２６ 東京都千代田区霞が関2-1-2、電話０３－１２３４－５６７８、個人番号 123456789018 です。';
    expect(maskPii(text, detectPii(text))).toBe('〒［郵便番号］ ［住所］、電話［電話番号］、個人番号 ［マイナンバー］ です。');
  });

  it('uses English labels when asked', () => {
    const text = 'Call 03-1234-5678 or write to taro@example.jp';
    expect(maskPii(text, detectPii(text), 'en')).toBe('Call [Phone number] or write to [Email address]');
  });

  it('masks overlapping or unsorted findings as one span, so no character of either stays readable', () => {
    const text = 'ABCDEFGH';
    const findings = [
      { kind: 'phone' as const, start: 4, end: 8, value: 'EFGH' },
      { kind: 'email' as const, start: 1, end: 6, value: 'BCDEF' },
    ];
    expect(maskPii(text, findings)).toBe('A［メールアドレス］');
  });

  it('returns the text unchanged when nothing was found', () => {
    expect(maskPii('何もありません', [])).toBe('何もありません');
  });

  it('refuses a finding outside the text', () => {
    expect(() => maskPii('短い', [{ kind: 'phone', start: 1, end: 9, value: 'x' }])).toThrow(RangeError);
  });

  it('has a label in both languages for every kind', () => {
    for (const kind of PII_KINDS) {
      expect(PII_LABELS_JA[kind]).toBeTruthy();
      expect(PII_LABELS_EN[kind]).toBeTruthy();
      expect(piiPlaceholder(kind)).toBe(`［${PII_LABELS_JA[kind]}］`);
    }
  });
});
