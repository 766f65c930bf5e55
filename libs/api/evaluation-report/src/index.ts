export { BundleError } from './bundle-error';
export {
  BUNDLE_FORMAT,
  BUNDLE_SECTIONS,
  BUNDLE_VERSION,
  DEFAULT_BUNDLE_SETTINGS,
  type ActiveUsersRecord,
  type Bundle,
  type BundleManifest,
  type BundleRecords,
  type BundleSection,
  type BundleSettings,
  type LocalizedLabel,
  type RatingRecord,
  type SectionDigest,
  type SurveyQuestionKind,
  type SurveyQuestionRecord,
  type SurveyRecord,
  type SurveyResponseRecord,
  type UsageRecord,
  type VoteRecord,
} from './bundle-format';
export { BundleReader, parseBundle, readBundle } from './bundle-reader';
export { encodeRecord, type RecordOf } from './bundle-records';
export { BundleWriter, type BundleHeader } from './bundle-writer';
export { buildReport, reportFiles, REPORT_FORMAT, REPORT_VERSION, type BuildReportOptions, type EvaluationReport } from './build-report';
export { csvCell, toCsv } from './csv-table';
export { escapeHtml } from './html-escape';
export { histogramPercentile } from './latency-percentile';
export { intervalRanks } from './leaderboard-tables';
export type { Cell, ReportColumn, ReportLocale, ReportTable } from './report-table';
export { normalQuantile, wilsonInterval, type ProportionInterval } from './wilson-interval';
