/** Numbers as people read them in the UI's language (1,234 / 1,234.5), for tables and allowances. */
export function formatNumber(value: number, locale: string, options: Intl.NumberFormatOptions = {}): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0, ...options }).format(value);
}

/** A price or cost: yen without decimals, other currencies with up to four (token prices are small). */
export function formatMoney(value: number, currency: string, locale: string): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: currency === 'JPY' ? 2 : 4 }).format(value);
}

/** A calendar day (YYYY-MM-DD) in the browser's time zone, `days` before `from`. */
export function isoDay(from: Date, days = 0): string {
  const date = new Date(from.getFullYear(), from.getMonth(), from.getDate() - days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}
