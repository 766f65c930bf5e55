import type { EvaluationReportView } from '@gennai/contracts';

/** One download of a generated report: the path under /api/evaluation/reports/:id/ and the i18n key of its label. */
export interface ReportDownload {
  readonly path: string;
  readonly label: string;
  /** For a table's CSV: the table's name, which the label names. */
  readonly table?: string;
}

/** Every file of a report, in the order the page lists them: the report itself, its data, then each table. */
export function reportDownloads(report: EvaluationReportView): ReportDownload[] {
  return [
    { path: 'report.html', label: 'evaluationReport.files.html' },
    { path: 'report.json', label: 'evaluationReport.files.json' },
    { path: 'bundle.jsonl', label: 'evaluationReport.files.bundle' },
    ...report.tables.map((table) => ({ path: `tables/${table}.csv`, label: 'evaluationReport.files.csv', table })),
  ];
}

/** The first day of the quarter before the one `today` is in, and its last day: the period a committee reports on. */
export function previousQuarter(today: Date): { from: string; to: string } {
  const quarterStart = Math.floor(today.getMonth() / 3) * 3;
  const from = new Date(Date.UTC(today.getFullYear(), quarterStart - 3, 1));
  const to = new Date(Date.UTC(today.getFullYear(), quarterStart, 0));
  return { from: from.toISOString().slice(0, 10), to: to.toISOString().slice(0, 10) };
}
