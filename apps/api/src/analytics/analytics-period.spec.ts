import { describe, expect, it } from 'vitest';
import { addDays } from '../quotas/quota-calendar';
import { ANALYTICS_GRAINS } from './entities/analytics-grains';
import { coverPeriod, periodEnd, periodStart } from './analytics-period';

/** Every day the cover's periods add up to, in order, each once. */
function daysOf(cover: ReturnType<typeof coverPeriod>): string[] {
  const days: string[] = [];
  for (const grain of ANALYTICS_GRAINS) {
    for (const start of cover[grain]) for (let day = start; day <= periodEnd(grain, start); day = addDays(day, 1)) days.push(day);
  }
  return days.sort();
}

function allDays(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

describe('coverPeriod', () => {
  it('reads whole months from month rows and the ends from weeks and days', () => {
    // 2026-06-30 is a Tuesday; 2026-09-27 a Sunday.
    expect(coverPeriod('2026-06-30', '2026-09-27')).toEqual({
      monthly: ['2026-07-01', '2026-08-01'],
      weekly: ['2026-09-07', '2026-09-14', '2026-09-21'],
      daily: ['2026-06-30', '2026-09-01', '2026-09-02', '2026-09-03', '2026-09-04', '2026-09-05', '2026-09-06'],
    });
  });

  it('uses weeks that straddle a month boundary when no month is whole', () => {
    // 2026-08-29 (Sat) to 2026-09-27 (Sun): no whole month; the weeks from Monday 31 August.
    expect(coverPeriod('2026-08-29', '2026-09-27')).toEqual({
      monthly: [],
      weekly: ['2026-08-31', '2026-09-07', '2026-09-14', '2026-09-21'],
      daily: ['2026-08-29', '2026-08-30'],
    });
  });

  it('covers every day exactly once, whatever the period', () => {
    const starts = ['2026-01-01', '2026-01-31', '2026-02-27', '2026-03-02', '2028-02-28', '2026-12-30'];
    for (const from of starts) {
      for (const length of [1, 2, 6, 7, 8, 13, 29, 31, 45, 62, 90, 180, 366]) {
        const to = addDays(from, length - 1);
        expect(daysOf(coverPeriod(from, to)), `${from}…${to}`).toEqual(allDays(from, to));
      }
    }
  });

  it('keeps a long period to a few dozen periods: at each end at most 4 weeks and 12 days', () => {
    const cover = coverPeriod('2026-04-02', '2026-09-29');
    expect(cover.monthly).toEqual(['2026-05-01', '2026-06-01', '2026-07-01', '2026-08-01']);
    expect(cover.weekly.length).toBeLessThanOrEqual(8);
    expect(cover.daily.length).toBeLessThanOrEqual(24);
  });
});

describe('periodStart', () => {
  it('keys a week by its Monday and a month by its first day', () => {
    expect(periodStart('weekly', '2026-09-27')).toBe('2026-09-21');
    expect(periodStart('weekly', '2026-09-21')).toBe('2026-09-21');
    expect(periodStart('monthly', '2026-09-27')).toBe('2026-09-01');
    expect(periodStart('daily', '2026-09-27')).toBe('2026-09-27');
  });
});
