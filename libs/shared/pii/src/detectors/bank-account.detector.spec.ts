import { describe, expect, it } from 'vitest';
import { detectPii } from '../detect-pii';

const accounts = (text: string) => detectPii(text, { kinds: ['bank_account'] }).map((f) => f.value);

describe('bank account numbers', () => {
  it('finds the seven digits after 普通, 当座 or 口座番号, with bank and branch names between', () => {
    expect(accounts('みずほ銀行 霞が関支店 普通 1234567')).toEqual(['1234567']);
    expect(accounts('当座預金 7654321')).toEqual(['7654321']);
    expect(accounts('口座番号：１２３４５６７')).toEqual(['１２３４５６７']);
  });

  it('finds a ゆうちょ銀行 記号番号', () => {
    expect(accounts('ゆうちょ銀行 記号番号 10180-12345671')).toEqual(['10180-12345671']);
  });

  it('does not take seven digits without a cue, after a counter, or after a cue in the previous sentence', () => {
    expect(accounts('受付番号 1234567')).toEqual([]);
    expect(accounts('口座に1234567円を振り込みました')).toEqual([]);
    expect(accounts('普通の手続きです。1234567')).toEqual([]);
  });
});
