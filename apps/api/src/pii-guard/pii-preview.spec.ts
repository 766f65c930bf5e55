import { describe, expect, it } from 'vitest';
import { piiPreview } from './pii-preview';

describe('piiPreview', () => {
  it('keeps only the last four digits of long numbers, with their separators', () => {
    expect(piiPreview({ kind: 'phone', value: '090-1234-5678' })).toBe('•••-••••-5678');
    expect(piiPreview({ kind: 'credit_card', value: '4111 1111 1111 1111' })).toBe('•••• •••• •••• 1111');
    expect(piiPreview({ kind: 'my_number', value: '123456789018' })).toBe('••••••••9018');
  });

  it('hides full-width digits too', () => {
    expect(piiPreview({ kind: 'phone', value: '０９０－１２３４－５６７８' })).toBe('•••－••••－５６７８');
  });

  it('keeps two digits of short numbers', () => {
    expect(piiPreview({ kind: 'postal_code', value: '238-8550' })).toBe('•••-••50');
    expect(piiPreview({ kind: 'bank_account', value: '1234567' })).toBe('•••••67');
  });

  it('keeps the first letter and the domain of an e-mail address', () => {
    expect(piiPreview({ kind: 'email', value: 'taro.yamada@example.go.jp' })).toBe('t•••@example.go.jp');
    expect(piiPreview({ kind: 'email', value: 'ｔａｒｏ＠example.jp' })).toBe('ｔ•••＠example.jp');
  });

  it('keeps the words of an address or a date but none of their digits', () => {
    expect(piiPreview({ kind: 'address', value: '東京都千代田区霞が関3-1-1' })).toBe('東京都千代田区霞が関•-•-•');
    expect(piiPreview({ kind: 'birth_date', value: '昭和60年4月1日' })).toBe('昭和••年•月•日');
  });
});
