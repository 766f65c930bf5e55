import type { LocalizedLabel } from './bundle-format';

export type ReportLocale = 'ja' | 'en';

/** A cell: text, a number already rounded to what the report prints, or null (no value — e.g. withheld, or n = 0). */
export type Cell = string | number | null;

export interface ReportColumn {
  readonly key: string;
  /** Header in the report's language (CSV header row, HTML column header). */
  readonly label: string;
  /** Ids for machines (model ids, category ids) are in JSON and CSV; the HTML shows only the human-readable columns. */
  readonly machineOnly?: boolean;
}

export interface ReportTable {
  readonly name: string;
  readonly title: string;
  /** One or two sentences under the table: what a row is, and what to keep in mind reading it. */
  readonly note: string;
  readonly columns: readonly ReportColumn[];
  readonly rows: readonly (readonly Cell[])[];
}

/** Rounds for print; the same input rounds the same way on every machine, which keeps rebuilt files byte-identical. */
export function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  const rounded = Math.round(value * factor) / factor;
  // Never print "-0".
  return rounded === 0 ? 0 : rounded;
}

export function pick(label: LocalizedLabel | undefined, locale: ReportLocale, fallback: string): string {
  return label ? label[locale] || label.ja || fallback : fallback;
}

/** Stable order for ids: code-point order, independent of the machine's locale (localeCompare is not). */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
