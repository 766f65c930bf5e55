import { describe, expect, it } from 'vitest';
import { detectPii } from './detect-pii';
import { PII_KINDS } from './pii-kind';

describe('detectPii', () => {
  it('returns offsets into the original text, full-width characters and all', () => {
    const text = '氏名　山田　花子、電話　０９０－１２３４－５６７８、メール　ｈａｎａｋｏ＠ｅｘａｍｐｌｅ．ｊｐ';
    const findings = detectPii(text);
    expect(findings.map((f) => f.kind)).toEqual(['phone', 'email']);
    for (const finding of findings) expect(text.slice(finding.start, finding.end)).toBe(finding.value);
    expect(findings[0]).toEqual({ kind: 'phone', start: 12, end: 25, value: '０９０－１２３４－５６７８' });
  });

  it('counts offsets in UTF-16 code units, as JavaScript strings and the browser do', () => {
    const text = '🙂🙂 電話 03-1234-5678';
    expect(detectPii(text)).toEqual([{ kind: 'phone', start: 8, end: 20, value: '03-1234-5678' }]); // each emoji is two code units
  });

  it('returns findings sorted by position, whatever the order the detectors ran in', () => {
    const text = '生年月日 1990年1月2日、〒100-8926 東京都千代田区霞が関2-1-2、個人番号 123456789018、taro@example.jp、090-1234-5678';
    const findings = detectPii(text);
    expect(findings.map((f) => f.kind)).toEqual(['birth_date', 'postal_code', 'address', 'my_number', 'email', 'phone']);
    expect(findings.every((f, i) => i === 0 || findings[i - 1].end <= f.start)).toBe(true);
  });

  it('settles overlaps by priority: a card number is a card, not a phone number inside it', () => {
    expect(detectPii('0120 1234 5678 9012', { kinds: PII_KINDS }).map((f) => f.kind)).not.toContain('phone');
    const card = detectPii('カード 3530 1113 3330 0000', { kinds: PII_KINDS });
    expect(card.map((f) => f.kind)).toEqual(['credit_card']);
  });

  it('looks only for the kinds asked for', () => {
    const text = '電話 03-1234-5678、taro@example.jp';
    expect(detectPii(text, { kinds: ['email'] }).map((f) => f.kind)).toEqual(['email']);
    expect(detectPii(text, { kinds: [] })).toEqual([]);
  });

  it('finds nothing in ordinary prose with numbers in it', () => {
    const text = '令和6年度の第3回会議（2024年10月15日 14:00〜16:00）で、予算額1,234,567円と地方自治法第252条の17の2第1項について審議した。資料は https://www.example.go.jp/policy/2024/1015.html にある。';
    expect(detectPii(text, { kinds: PII_KINDS })).toEqual([]);
  });
});
