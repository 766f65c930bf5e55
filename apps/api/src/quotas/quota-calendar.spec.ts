import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, QuotaCalendar } from './quota-calendar';

describe('QuotaCalendar', () => {
  const tokyo = new QuotaCalendar('Asia/Tokyo');

  it('starts a Tokyo day at 00:00 JST, which is 15:00 UTC the day before', () => {
    // 2026-03-31 15:30 UTC is already 1 April 00:30 in Tokyo.
    const windows = tokyo.windowsAt(Date.UTC(2026, 2, 31, 15, 30));
    expect(windows.day.start).toBe('2026-04-01');
    expect(windows.day.resetsAt.toISOString()).toBe('2026-04-01T15:00:00.000Z');
    expect(windows.month.start).toBe('2026-04-01');
    expect(windows.month.resetsAt.toISOString()).toBe('2026-04-30T15:00:00.000Z');
  });

  it('keeps the previous day until 00:00 JST', () => {
    const windows = tokyo.windowsAt(Date.UTC(2026, 2, 31, 14, 59, 59));
    expect(windows.day.start).toBe('2026-03-31');
    expect(windows.month.start).toBe('2026-03-01');
    expect(windows.month.resetsAt.toISOString()).toBe('2026-03-31T15:00:00.000Z');
  });

  it('rolls months and years over, including the end of February in a leap year', () => {
    expect(tokyo.windowsAt(Date.UTC(2028, 1, 29, 3)).month.resetsAt.toISOString()).toBe('2028-02-29T15:00:00.000Z');
    const newYear = tokyo.windowsAt(Date.UTC(2026, 11, 31, 16));
    expect(newYear.day.start).toBe('2027-01-01');
    expect(newYear.month.resetsAt.toISOString()).toBe('2027-01-31T15:00:00.000Z');
  });

  it('gives fresh windows after the day it cached has ended', () => {
    const calendar = new QuotaCalendar('Asia/Tokyo');
    expect(calendar.windowsAt(Date.UTC(2026, 5, 10, 14, 59)).day.start).toBe('2026-06-10');
    expect(calendar.windowsAt(Date.UTC(2026, 5, 10, 15, 0)).day.start).toBe('2026-06-11');
    expect(calendar.windowsAt(Date.UTC(2026, 5, 10, 14, 0)).day.start).toBe('2026-06-10');
  });

  it('follows daylight saving time in zones that have it', () => {
    const berlin = new QuotaCalendar('Europe/Berlin');
    // 29 March 2026: clocks go forward at 02:00; the day starts at 00:00 CET (UTC+1), the next at 00:00 CEST (UTC+2).
    expect(berlin.startOf('2026-03-29').toISOString()).toBe('2026-03-28T23:00:00.000Z');
    expect(berlin.startOf('2026-03-30').toISOString()).toBe('2026-03-29T22:00:00.000Z');
  });

  it('does calendar arithmetic on dates', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
  });
});
