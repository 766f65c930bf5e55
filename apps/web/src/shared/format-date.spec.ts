import { describe, expect, it } from 'vitest';
import { formatListDate } from './format-date';

describe('formatListDate', () => {
  const now = new Date(2026, 10, 28, 15, 30);
  const at = (...parts: [number, number, number, number?, number?]) => new Date(...(parts as [number, number, number, number, number])).toISOString();

  it('shows the time for today, relative days within a week, then dates', () => {
    expect(formatListDate(at(2026, 10, 28, 9, 5), 'ja', now).short).toBe('09:05');
    expect(formatListDate(at(2026, 10, 27, 23, 0), 'ja', now).short).toBe('昨日');
    expect(formatListDate(at(2026, 10, 25, 12, 0), 'ja', now).short).toBe('3 日前');
    expect(formatListDate(at(2026, 9, 1, 12, 0), 'ja', now).short).toBe('10月1日');
    expect(formatListDate(at(2025, 9, 1, 12, 0), 'ja', now).short).toBe('2025年10月1日');
    expect(formatListDate(at(2026, 10, 27, 23, 0), 'en', now).short).toBe('yesterday');
  });

  it('gives the full date and time', () => {
    expect(formatListDate(at(2026, 10, 28, 9, 5), 'ja', now).full).toBe('2026年11月28日 9:05');
  });
});
