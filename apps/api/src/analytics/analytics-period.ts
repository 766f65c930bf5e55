import { addDays } from '../quotas/quota-calendar';
import type { AnalyticsGrain } from './entities/analytics-grains';

/** The first days of the periods of each grain whose rows, added up, give exactly the days from `from` to `to`. */
export type PeriodCover = Record<AnalyticsGrain, string[]>;

/**
 * Covers the calendar days `from`…`to` (inclusive) with as few roll-up periods as possible: every whole calendar month
 * inside it, then every whole ISO week (Monday first) inside what is left at either end, then single days. Each end
 * left over is at most 4 weeks and 12 days, so 180 days are read from at most 6 + 8 + 24 periods' rows instead of 180
 * days' — for distinct users (a row per user and period) that is ~10 times fewer rows. Weeks may straddle a month boundary: the ends left over are contiguous ranges of days.
 */
export function coverPeriod(from: string, to: string): PeriodCover {
  const cover: PeriodCover = { monthly: [], weekly: [], daily: [] };
  let monthsEnd: string | null = null;
  for (let month = from.endsWith('-01') ? from : nextMonth(from); lastDayOfMonth(month) <= to; month = nextMonth(month)) {
    cover.monthly.push(month);
    monthsEnd = lastDayOfMonth(month);
  }
  const [firstMonth] = cover.monthly;
  const ends: [string, string][] = firstMonth && monthsEnd ? [[from, addDays(firstMonth, -1)], [addDays(monthsEnd, 1), to]] : [[from, to]];
  for (const [first, last] of ends) {
    let day = first;
    for (let week = isMonday(first) ? first : nextMonday(first); addDays(week, 6) <= last; week = addDays(week, 7)) {
      for (; day < week; day = addDays(day, 1)) cover.daily.push(day);
      cover.weekly.push(week);
      day = addDays(week, 7);
    }
    for (; day <= last; day = addDays(day, 1)) cover.daily.push(day);
  }
  return cover;
}

/** The first day of the ISO week (Monday) and of the calendar month `day` falls in: where its coarse rows are keyed. */
export function periodStart(grain: AnalyticsGrain, day: string): string {
  if (grain === 'monthly') return `${day.slice(0, 8)}01`;
  if (grain === 'weekly') return addDays(day, -((weekday(day) + 6) % 7));
  return day;
}

/** The last day of the period of `grain` starting on `start`. */
export function periodEnd(grain: AnalyticsGrain, start: string): string {
  if (grain === 'monthly') return lastDayOfMonth(start);
  if (grain === 'weekly') return addDays(start, 6);
  return start;
}

/** 0 = Sunday … 6 = Saturday, of a YYYY-MM-DD calendar day. */
function weekday(day: string): number {
  return new Date(`${day}T00:00:00Z`).getUTCDay();
}

function isMonday(day: string): boolean {
  return weekday(day) === 1;
}

function nextMonday(day: string): string {
  return addDays(day, ((8 - weekday(day)) % 7) || 7);
}

/** The first day of the month after the one `day` falls in. */
function nextMonth(day: string): string {
  return addDays(lastDayOfMonth(day), 1);
}

function lastDayOfMonth(day: string): string {
  const [year, month] = day.split('-').map(Number);
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}
