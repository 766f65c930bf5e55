import type { Cell, ReportTable } from './report-table';

/** Excel opens a UTF-8 CSV as Shift_JIS unless it starts with a byte-order mark; Japanese offices open CSVs in Excel. */
const BOM = '\uFEFF';

/**
 * A table as CSV: UTF-8 with a BOM, CRLF line ends and RFC 4180 quoting. A cell that a spreadsheet would run as a
 * formula (starting with = + - @, or a tab or carriage return that some spreadsheets strip first) is prefixed with an
 * apostrophe — OWASP's advice against CSV injection. Numbers are written as numbers, so a negative number stays one.
 */
export function toCsv(table: Pick<ReportTable, 'columns' | 'rows'>): string {
  const lines = [table.columns.map((column) => csvCell(column.label)), ...table.rows.map((row) => row.map(csvCell))];
  return BOM + lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

export function csvCell(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'number') return Number.isFinite(cell) ? String(cell) : '';
  const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\r\n]/.test(safe) || safe !== safe.trim() ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Table names are [a-z_] by construction; the file name is the name with .csv. */
export function csvFileName(tableName: string): string {
  return `${tableName}.csv`;
}
