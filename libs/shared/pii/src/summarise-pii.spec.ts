import { describe, expect, it } from 'vitest';
import { detectPii } from './detect-pii';
import { summarisePii } from './summarise-pii';

describe('summarisePii', () => {
  it('counts findings per kind in the canonical order and carries no value', () => {
    const text = 'taro@example.jp、03-1234-5678、090-1234-5678、個人番号 123456789018';
    const summary = summarisePii(detectPii(text));
    expect(summary).toEqual({ total: 4, counts: { my_number: 1, phone: 2, email: 1 } });
    expect(Object.keys(summary.counts)).toEqual(['my_number', 'phone', 'email']);
    expect(JSON.stringify(summary)).not.toContain('5678');
  });

  it('is empty for no findings', () => {
    expect(summarisePii([])).toEqual({ total: 0, counts: {} });
  });
});
