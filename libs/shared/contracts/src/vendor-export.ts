import { z } from 'zod';
import type { RatingValue } from './rating-tags';

/**
 * Vendor feedback export (issue #5, item 8; docs/operator/vendor-feedback.md): staff of a model vendor download
 * the feedback about their own models as JSONL. The web imports only types from this module (it defines zod
 * schemas at the top level).
 */

/**
 * What an organisation lets model vendors have of its members' feedback: `none` — nothing; `ratings_only` — ratings,
 * reason tags, comments (personal data masked) and battle votes; `with_text` — also the prompt and the vendor's own
 * answer, personal data masked. Users are pseudonymised in every case.
 */
export const VENDOR_FEEDBACK_SHARING = ['none', 'ratings_only', 'with_text'] as const;
export type VendorFeedbackSharing = (typeof VENDOR_FEEDBACK_SHARING)[number];
export const DEFAULT_VENDOR_FEEDBACK_SHARING: VendorFeedbackSharing = 'ratings_only';

/** The catalogue's `models.vendor` an organisation of vendor staff represents (set by a platform_admin). */
export const vendorNameSchema = z.string().trim().min(1).max(200);

export const VENDOR_EXPORT_FORMATS = ['jsonl'] as const;
export type VendorExportFormat = (typeof VENDOR_EXPORT_FORMATS)[number];

/** Longest period one export covers: a year of feedback, so one click cannot mean an unbounded download. */
export const VENDOR_EXPORT_MAX_DAYS = 366;

const day = z.iso.date();
const daysBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;

/** A period of whole days (in the platform's time zone), `from` through `to` inclusive. */
const periodFields = { from: day, to: day };
const orderedPeriod = (query: { from: string; to: string }) => query.from <= query.to;
const periodOrder = { message: 'must not be before from', path: ['to'] };
const boundedPeriod = (query: { from: string; to: string }) => daysBetween(query.from, query.to) < VENDOR_EXPORT_MAX_DAYS;
const periodBound = { message: `at most ${VENDOR_EXPORT_MAX_DAYS} days`, path: ['to'] };

/** GET /api/vendor/models — counts over a period (both days or neither: all time). */
export const vendorModelsQuerySchema = z
  .strictObject({ from: day.optional(), to: day.optional() })
  .refine((query) => (query.from === undefined) === (query.to === undefined), { message: 'give both from and to, or neither', path: ['to'] })
  .refine((query) => !query.from || !query.to || orderedPeriod({ from: query.from, to: query.to }), periodOrder);
export type VendorModelsQuery = z.output<typeof vendorModelsQuerySchema>;

/** GET /api/vendor/feedback/export */
export const vendorExportQuerySchema = z
  .strictObject({
    ...periodFields,
    /** One of the vendor's models; all of them when absent. */
    modelId: z.string().trim().min(1).max(200).optional(),
    format: z.enum(VENDOR_EXPORT_FORMATS).default('jsonl'),
  })
  .refine(orderedPeriod, periodOrder)
  .refine(boundedPeriod, periodBound);
export type VendorExportQuery = z.output<typeof vendorExportQuerySchema>;

/** One of the vendor's catalogue models, with the feedback an export of the period would contain. */
export interface VendorModelView {
  id: string;
  label: string;
  domestic: boolean;
  /** Offered to users now (a switched-off model keeps its feedback). */
  enabled: boolean;
  likes: number;
  dislikes: number;
  /** Blind-comparison votes on battles this model took part in. */
  votes: number;
}

/** GET /api/vendor/models */
export interface VendorModelsView {
  /** The catalogue vendor the caller's organisation represents. */
  vendor: string;
  /** False while the platform has no pseudonymisation key configured: the export is refused until it has. */
  exportAvailable: boolean;
  models: VendorModelView[];
}

/** A battle's outcome from the vendor's model's side. */
export const VENDOR_BATTLE_RESULTS = ['win', 'loss', 'tie', 'both_bad'] as const;
export type VendorBattleResult = (typeof VENDOR_BATTLE_RESULTS)[number];

/**
 * The other model of a battle: its id when it is also the vendor's own, otherwise only whether it is a domestic
 * model — another vendor's results are theirs (the published leaderboard gives the comparison).
 */
export type VendorBattleOpponent = { own: true; modelId: string } | { own: false; /** null: no longer in the catalogue */ domestic: boolean | null };

/** Fields common to every feedback line. */
interface VendorFeedbackLineBase {
  /** Stable within this vendor's exports, different for another vendor (keyed HMAC); not the platform's id. */
  id: string;
  /** The day it was given, in the platform's time zone (no time of day). */
  day: string;
  modelId: string;
  /** Where: `chat`, `api` (the OpenAI-compatible API), `arena` (a blind comparison). */
  app: string;
  taskCategory: string | null;
  /** The user, pseudonymised per vendor (keyed HMAC): the same user reads the same in every export of this vendor. */
  user: string;
  /** Depth of the user's organisation in the tree (0 = top level, 1 = placed under another, …); never its name. */
  organizationLevel: number;
  /** With personal data masked; null unless the user's organisation shares text (`with_text`). */
  prompt: string | null;
  /** The vendor's model's answer, masked; null unless shared. */
  answer: string | null;
}

export interface VendorRatingLine extends VendorFeedbackLineBase {
  type: 'rating';
  value: RatingValue;
  tags: string[];
  /** Masked; null when the user wrote none. */
  comment: string | null;
}

export interface VendorBattleLine extends VendorFeedbackLineBase {
  type: 'battle';
  result: VendorBattleResult;
  opponent: VendorBattleOpponent;
}

/** The first line of an export: what it covers. */
export interface VendorExportHeaderLine {
  type: 'export';
  schema: 'gennai.vendor-feedback/1';
  vendor: string;
  from: string;
  to: string;
  modelIds: string[];
  generatedAt: string;
}

export type VendorExportLine = VendorExportHeaderLine | VendorRatingLine | VendorBattleLine;
