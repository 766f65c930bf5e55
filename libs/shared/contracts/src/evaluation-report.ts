import { z } from 'zod';
import { SUPPORTED_LOCALES, type Locale } from './locale';

/**
 * The published evaluation report (issue #5 item 7): for a period and a set of models, a printable HTML report with
 * every table as CSV and JSON, reproducible from a raw-data bundle (docs/developer/evaluation-report.md). The web
 * imports this module for types only (zod schemas at the top level).
 */

/** A quarter and some slack: the longest period one report covers. */
export const EVALUATION_REPORT_MAX_DAYS = 400;
export const EVALUATION_REPORT_MAX_MODELS = 50;

const periodFields = {
  /** Calendar days in the platform's time zone, both inclusive. */
  from: z.iso.date(),
  to: z.iso.date(),
  modelIds: z.array(z.string().min(1).max(64)).min(1).max(EVALUATION_REPORT_MAX_MODELS),
};

function withPeriodRules<T extends z.ZodType<{ from: string; to: string; modelIds: string[] }>>(schema: T) {
  return schema
    .refine((body) => body.from <= body.to, { path: ['from'], message: 'from is after to' })
    .refine((body) => (Date.parse(body.to) - Date.parse(body.from)) / 86_400_000 < EVALUATION_REPORT_MAX_DAYS, { path: ['to'], message: 'period too long' })
    .refine((body) => new Set(body.modelIds).size === body.modelIds.length, { path: ['modelIds'], message: 'a model is listed twice' });
}

/** POST /api/evaluation/reports/bundle: the raw-data bundle alone (JSONL). */
export const evaluationBundleRequestSchema = withPeriodRules(z.strictObject(periodFields));
export type EvaluationBundleRequest = z.input<typeof evaluationBundleRequestSchema>;

/** POST /api/evaluation/reports: export a bundle and build the report from it. */
export const evaluationReportRequestSchema = withPeriodRules(z.strictObject({ ...periodFields, locale: z.enum(SUPPORTED_LOCALES).default('ja') }));
export type EvaluationReportRequest = z.input<typeof evaluationReportRequestSchema>;

export interface EvaluationReportView {
  id: string;
  from: string;
  to: string;
  modelIds: string[];
  locale: Locale;
  /** SHA-256 of the bundle file: a report rebuilt from the downloaded bundle cites the same. */
  bundleSha256: string;
  /** Names of the tables, each downloadable as /tables/<name>.csv. */
  tables: string[];
  createdAt: string;
}
