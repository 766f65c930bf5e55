import type { QuotaPeriod } from '@gennai/contracts';

/** One day or month of quota counting: its first day (YYYY-MM-DD, local) and the instant the next one begins. */
export interface QuotaWindow {
  period: QuotaPeriod;
  start: string;
  resetsAt: Date;
}

const DAY_MS = 86_400_000;

/** Adds days to a calendar date (YYYY-MM-DD). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (calendar dates). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * Days and months as they are in one time zone (GENNAI_QUOTA_TIME_ZONE): a quota day in Asia/Tokyo starts at
 * 00:00 JST, whatever the server's own zone. The current windows are kept until the day rolls over, so the hot path
 * formats no dates.
 */
export class QuotaCalendar {
  private readonly parts: Intl.DateTimeFormat;
  private current?: { from: number; until: number; windows: Record<QuotaPeriod, QuotaWindow> };

  constructor(readonly timeZone: string) {
    this.parts = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** The calendar date (YYYY-MM-DD) in the zone at an instant. */
  dateAt(instant: number): string {
    const p = this.wallClock(instant);
    return `${p.year}-${p.month}-${p.day}`;
  }

  /** The instant a calendar date begins in the zone (handles zones with daylight saving time). */
  startOf(date: string): Date {
    const asUtc = Date.parse(`${date}T00:00:00Z`);
    let instant = asUtc - this.offsetAt(asUtc);
    instant = asUtc - this.offsetAt(instant);
    return new Date(instant);
  }

  /** The day and month windows that contain an instant. */
  windowsAt(instant: number): Record<QuotaPeriod, QuotaWindow> {
    if (this.current && instant >= this.current.from && instant < this.current.until) return this.current.windows;
    const today = this.dateAt(instant);
    const monthStart = `${today.slice(0, 7)}-01`;
    const nextMonth = addDays(monthStart, 32).slice(0, 7) + '-01';
    const windows = {
      day: { period: 'day', start: today, resetsAt: this.startOf(addDays(today, 1)) },
      month: { period: 'month', start: monthStart, resetsAt: this.startOf(nextMonth) },
    } satisfies Record<QuotaPeriod, QuotaWindow>;
    this.current = { from: this.startOf(today).getTime(), until: windows.day.resetsAt.getTime(), windows };
    return windows;
  }

  /** Milliseconds the zone is ahead of UTC at an instant. */
  private offsetAt(instant: number): number {
    const p = this.wallClock(instant);
    const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    return wall - Math.floor(instant / 1000) * 1000;
  }

  private wallClock(instant: number): Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', string> {
    const out = { year: '', month: '', day: '', hour: '', minute: '', second: '' };
    for (const part of this.parts.formatToParts(instant)) {
      if (part.type in out) out[part.type as keyof typeof out] = part.value;
    }
    return out;
  }
}
