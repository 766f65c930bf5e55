import { describe, expect, it } from 'vitest';
import { detectPii } from '../detect-pii';

const phones = (text: string) => detectPii(text, { kinds: ['phone'] }).map((f) => f.value);

describe('phone numbers', () => {
  it.each([
    ['fixed, 2-digit area code', '03-1234-5678'],
    ['fixed, 3-digit area code', '045-671-2345'],
    ['fixed, 4-digit area code', '0466-12-3456'],
    ['fixed, 5-digit area code', '04992-1-2345'],
    ['mobile', '090-1234-5678'],
    ['mobile 070', '070-1234-5678'],
    ['IP phone', '050-3456-7890'],
    ['free dial', '0120-123-456'],
    ['free dial 0800', '0800-123-4567'],
    ['navi dial', '0570-012-345'],
    ['written together', '0312345678'],
    ['mobile written together', '09012345678'],
    ['area code in brackets', '(03)1234-5678'],
    ['exchange in brackets', '03(1234)5678'],
    ['spaces', '090 1234 5678'],
    ['international', '+81-90-1234-5678'],
    ['international with spaces', '+81 3 1234 5678'],
    ['international with trunk prefix', '+81(0)3-1234-5678'],
    ['full width', '０９０－１２３４－５６７８'],
    ['full-width brackets', '０３（１２３４）５６７８'],
    ['long vowel mark as hyphen', '090ー1234ー5678'],
  ])('finds a %s number', (_layout, number) => {
    expect(phones(`連絡先は${number}です。`)).toEqual([number]);
  });

  it('finds a number that a Latin label touches, and the next field after it', () => {
    expect(phones('TEL03-1234-5678 FAX03-1234-5679')).toEqual(['03-1234-5678', '03-1234-5679']);
    expect(phones('TEL：045-671-2345／FAX：045-671-2346')).toEqual(['045-671-2345', '045-671-2346']);
  });

  it('does not take numbers of the wrong length for their prefix', () => {
    expect(phones('090-1234-567')).toEqual([]); // mobile numbers have 11 digits
    expect(phones('03-1234-56789')).toEqual([]);
    expect(phones('0120-123-4567')).toEqual([]); // 0120 has 10
  });

  it('does not take dates, times, extensions, amounts or order numbers', () => {
    expect(phones('2024-04-01 10:00-12:00 内線1234 予算 1,234,567円')).toEqual([]);
    expect(phones('伝票番号 0312345678')).toEqual([]);
    expect(phones('座席番号 090-12-345')).toEqual([]);
  });

  it('takes a number written together as a phone when a phone cue is nearer than a record cue', () => {
    expect(phones('受付番号の問い合わせは電話 0312345678 へ')).toEqual(['0312345678']);
  });
});
