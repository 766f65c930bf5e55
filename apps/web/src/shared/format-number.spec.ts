import { describe, expect, it } from 'vitest';
import { formatMoney, formatNumber, isoDay } from './format-number';

describe('formatNumber', () => {
  it('groups digits the way each language does', () => {
    expect(formatNumber(1234567, 'ja')).toBe('1,234,567');
    expect(formatNumber(1234567, 'en')).toBe('1,234,567');
    expect(formatNumber(12.5, 'ja', { maximumFractionDigits: 1 })).toBe('12.5');
  });

  it('shows yen with the yen sign and dollars with cents', () => {
    expect(formatMoney(1500, 'JPY', 'ja')).toMatch(/^[￥¥]1,500$/);
    expect(formatMoney(0.6, 'USD', 'en')).toBe('$0.60');
  });
});

describe('isoDay', () => {
  it('counts calendar days back in local time, across a month end', () => {
    expect(isoDay(new Date(2026, 2, 2, 23, 30), 0)).toBe('2026-03-02');
    expect(isoDay(new Date(2026, 2, 2, 0, 5), 29)).toBe('2026-02-01');
  });
});
