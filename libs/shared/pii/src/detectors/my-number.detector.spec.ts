import { describe, expect, it } from 'vitest';
import { detectPii } from '../detect-pii';

const myNumbers = (text: string) => detectPii(text, { kinds: ['my_number'] }).map((f) => f.value);
const corporateNumbers = (text: string) => detectPii(text, { kinds: ['corporate_number'] }).map((f) => f.value);

describe('My Number', () => {
  it('finds a 12-digit number with a valid check digit, written together, in 4-4-4 or in full width', () => {
    expect(myNumbers('個人番号 123456789018 を記載')).toEqual(['123456789018']);
    expect(myNumbers('個人番号 1234 5678 9018')).toEqual(['1234 5678 9018']);
    expect(myNumbers('個人番号 1234-5678-9018')).toEqual(['1234-5678-9018']);
    expect(myNumbers('個人番号：１２３４－５６７８－９０１８')).toEqual(['１２３４－５６７８－９０１８']);
  });

  it('does not take a 12-digit number with a wrong check digit', () => {
    expect(myNumbers('番号 123456789012')).toEqual([]);
    expect(myNumbers('番号 123456789017')).toEqual([]);
  });

  it('does not take 12 digits that are part of a longer code', () => {
    expect(myNumbers('1234 5678 9018 3456')).toEqual([]);
    expect(myNumbers('AB-123456789018')).toEqual([]);
    expect(myNumbers('1123456789018')).toEqual([]);
    expect(myNumbers('https://example.go.jp/content/123456789018.pdf')).toEqual([]);
  });

  it('skips a number introduced as another kind of number, unless My Number is named too', () => {
    expect(myNumbers('受付番号 123456789018')).toEqual([]);
    expect(myNumbers('受付番号なし、マイナンバー 123456789018')).toEqual(['123456789018']);
  });
});

describe('Corporate Number (opt-in)', () => {
  it('finds 13 digits with a valid leading check digit', () => {
    expect(corporateNumbers('法人番号 7000012050002')).toEqual(['7000012050002']);
    expect(corporateNumbers('法人番号 7-0000-1205-0002')).toEqual(['7-0000-1205-0002']);
    expect(corporateNumbers('法人番号 6000012050002')).toEqual([]);
  });

  it('is not looked for unless asked: a company number is public, not personal', () => {
    expect(detectPii('法人番号 7000012050002')).toEqual([]);
  });
});
