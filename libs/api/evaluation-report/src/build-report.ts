import type { Bundle } from './bundle-format';
import { csvFileName, toCsv } from './csv-table';
import { fitLeaderboards, leaderboardTable, styleControlledTables, winRateTable } from './leaderboard-tables';
import { ReportContext } from './report-context';
import { renderReportHtml } from './report-html';
import type { ReportColumn, ReportLocale, ReportTable } from './report-table';
import { sampleSizeTable } from './sample-size-table';
import { reasonTagTable, satisfactionTable } from './satisfaction-tables';
import { surveyLikertTable, surveyResultTable } from './survey-tables';
import { usageTable } from './usage-tables';

export const REPORT_FORMAT = 'gennai-evaluation-report';
export const REPORT_VERSION = 1;

export interface BuildReportOptions {
  /** Language of the HTML, the column headers and the labels in tables; Japanese unless asked. */
  readonly locale?: ReportLocale;
}

export interface EvaluationReport {
  readonly locale: ReportLocale;
  readonly bundleSha256: string;
  /** In report order, keyed by name (sample_sizes, leaderboard, …). */
  readonly tables: Readonly<Record<string, Pick<ReportTable, 'title' | 'note' | 'columns' | 'rows'>>>;
  readonly html: string;
  /** Every table and the report's facts as one JSON document (report.json). */
  readonly json: string;
}

/**
 * The report from a bundle, and nothing else: no clock, no randomness but the manifest's seed, no machine locale. The
 * same bundle and locale give byte-identical HTML, JSON and CSV, wherever and whenever they are built.
 */
export function buildReport(bundle: Bundle, options: BuildReportOptions = {}): EvaluationReport {
  const context = new ReportContext(bundle.manifest, options.locale ?? 'ja');
  const { records } = bundle;
  const fits = fitLeaderboards(records.vote, context);
  const ordered: ReportTable[] = [
    sampleSizeTable(bundle, fits, context),
    leaderboardTable(fits, context),
    ...styleControlledTables(fits, context),
    winRateTable(fits, context),
    satisfactionTable(records.rating, context),
    reasonTagTable(records.rating, context),
    surveyResultTable(records.survey, records.survey_response, context),
    surveyLikertTable(records.survey, records.survey_response, context),
    usageTable(records.usage, records.active_users, context),
  ];
  const tables = Object.fromEntries(ordered.map(({ name, ...table }) => [name, table]));
  const { manifest } = bundle;
  const json = `${JSON.stringify(
    {
      format: REPORT_FORMAT,
      version: REPORT_VERSION,
      locale: context.locale,
      bundle_sha256: bundle.sha256,
      period: manifest.period,
      models: manifest.models,
      generated_at: manifest.generated_at,
      settings: manifest.settings,
      tables: Object.fromEntries(ordered.map((t) => [t.name, { title: t.title, note: t.note, columns: t.columns.map(columnJson), rows: t.rows }])),
    },
    null,
    2,
  )}\n`;
  return { locale: context.locale, bundleSha256: bundle.sha256, tables, html: renderReportHtml(bundle, ordered, bundle.sha256, context), json };
}

function columnJson(column: ReportColumn): { key: string; label: string } {
  return { key: column.key, label: column.label };
}

/** The report's files by path: report.html, report.json and tables/<name>.csv — what the API serves and the CLI writes. */
export function reportFiles(report: EvaluationReport): Map<string, string> {
  const files = new Map<string, string>([
    ['report.html', report.html],
    ['report.json', report.json],
  ]);
  for (const [name, table] of Object.entries(report.tables)) files.set(`tables/${csvFileName(name)}`, toCsv(table));
  return files;
}
