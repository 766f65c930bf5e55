const DAY_MS = 24 * 60 * 60 * 1000;

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/**
 * A short date for lists: the time today, "yesterday"/"3 days ago" within a week, the day and month
 * this year, the full date before. `full` is the complete date and time, for a tooltip or `<time>`.
 */
export function formatListDate(iso: string, locale: string, now: Date = new Date()): { short: string; full: string } {
  const date = new Date(iso);
  const full = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeStyle: 'short' }).format(date);
  const days = Math.round((startOfDay(now) - startOfDay(date)) / DAY_MS);
  let short: string;
  if (days <= 0) short = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(date);
  else if (days < 7) short = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }).format(-days, 'day');
  else if (date.getFullYear() === now.getFullYear()) short = new Intl.DateTimeFormat(locale, { month: 'long', day: 'numeric' }).format(date);
  else short = new Intl.DateTimeFormat(locale, { dateStyle: 'long' }).format(date);
  return { short, full };
}
