/**
 * The raw-data bundle: everything an evaluation report is computed from, in one self-describing JSONL file
 * (docs/developer/evaluation-report.en.md). Line 1 is the manifest; every further line is one record carrying its
 * `section`. The file's keys are snake_case so it reads the same in Python, R or jq as in TypeScript, and the types
 * below mirror it field for field.
 *
 * Nothing in a bundle identifies a person: no text of prompts or answers, no user, organisation or conversation id,
 * no free-text survey answer, no time finer than a day.
 */

export const BUNDLE_FORMAT = 'gennai-evaluation-bundle';
/** Raised on any change a version-1 reader would misread; readers refuse versions they do not know. */
export const BUNDLE_VERSION = 1;

/** In file order: every record of a section comes before the next section's. */
export const BUNDLE_SECTIONS = ['vote', 'rating', 'survey', 'survey_response', 'usage', 'active_users'] as const;
export type BundleSection = (typeof BUNDLE_SECTIONS)[number];

export type LocalizedLabel = { readonly ja: string; readonly en: string };

export interface BundleSettings {
  /** Bootstrap resamples of the leaderboard and their PRNG seed: the same seed and votes give the same intervals. */
  readonly bootstrap_rounds: number;
  readonly bootstrap_seed: number;
  /** Coverage of every interval in the report (bootstrap percentiles and Wilson intervals). */
  readonly confidence_level: number;
  /**
   * Bootstrap resamples of the style-controlled leaderboard. Fewer than the plain one's: its cost grows with the
   * (pair, Δ-bucket) rows — up to pairs × 41² — rather than with the pairs alone, and it is the secondary view.
   */
  readonly style_bootstrap_rounds: number;
  /** How a "both bad" vote enters the fit (see @gennai/arena-stats). */
  readonly both_bad: 'tie' | 'exclude';
  /** Δ-grid step of the style-controlled fit. */
  readonly style_bucket_width: number;
  /** Aggregates describing fewer people than this (survey answers per group) are merged or withheld. */
  readonly min_group_size: number;
  /** Upper bounds (ms) of the latency histogram of `usage` records; one more bucket holds everything above. */
  readonly latency_bucket_bounds_ms: readonly number[];
}

export interface SectionDigest {
  readonly rows: number;
  /** SHA-256 (hex) of the section's record lines, each followed by "\n", exactly as they appear in the file. */
  readonly sha256: string;
}

export interface BundleManifest {
  readonly format: typeof BUNDLE_FORMAT;
  readonly version: typeof BUNDLE_VERSION;
  /** Calendar days, inclusive, in the platform's time zone. */
  readonly period: { readonly from: string; readonly to: string; readonly time_zone: string };
  /** Models the report is about, in the order the requester gave them. */
  readonly models: readonly string[];
  readonly generated_at: string;
  /** Software that exported the bundle; informative only. */
  readonly generator: string;
  readonly settings: BundleSettings;
  /** Display names, so the bundle reads without Gennai's code (and a rebuilt report says what the original said). */
  readonly labels: {
    readonly models: Readonly<Record<string, string>>;
    readonly categories: Readonly<Record<string, LocalizedLabel>>;
    readonly tags: Readonly<Record<string, LocalizedLabel>>;
    readonly apps: Readonly<Record<string, LocalizedLabel>>;
  };
  readonly sections: Readonly<Record<BundleSection, SectionDigest>>;
}

/** One blind comparison with a vote. `a` was shown on the left. Lengths are characters of each answer. */
export interface VoteRecord {
  readonly model_a: string;
  readonly model_b: string;
  readonly winner: 'a' | 'b' | 'tie' | 'both_bad';
  readonly category: string | null;
  readonly app: string;
  readonly day: string;
  readonly length_a: number | null;
  readonly length_b: number | null;
  readonly markdown_a: number | null;
  readonly markdown_b: number | null;
}

/** One like or dislike of one answer, with its reason tags. */
export interface RatingRecord {
  readonly model: string;
  readonly value: 'like' | 'dislike';
  readonly tags: readonly string[];
  readonly category: string | null;
  readonly app: string;
  readonly day: string;
}

export type SurveyQuestionKind = 'likert5' | 'single' | 'multiple' | 'text';

export interface SurveyQuestionRecord {
  readonly id: string;
  readonly kind: SurveyQuestionKind;
  readonly text: LocalizedLabel;
  readonly options: readonly { readonly id: string; readonly text: LocalizedLabel }[];
}

/** A survey's definition. `survey` is an id the responses refer to. */
export interface SurveyRecord {
  readonly survey: string;
  readonly title: LocalizedLabel;
  readonly questions: readonly SurveyQuestionRecord[];
}

/**
 * One anonymous response: answers to likert5 (1–5), single (an option id) and multiple (option ids) questions, and the
 * models the respondent had used in the period. Free-text answers are never exported; `text_answered` lists the
 * free-text questions answered, so the report can count them.
 */
export interface SurveyResponseRecord {
  readonly survey: string;
  readonly models_used: readonly string[];
  readonly answers: Readonly<Record<string, number | string | readonly string[]>>;
  readonly text_answered: readonly string[];
}

/** Requests of one day × model × app × task category (null: not classified, e.g. API calls). */
export interface UsageRecord {
  readonly day: string;
  readonly model: string;
  readonly app: string;
  readonly category: string | null;
  readonly requests: number;
  readonly errors: number;
  readonly input_tokens: number;
  readonly output_tokens: number;
  /** In `currency`, to 6 decimals. */
  readonly cost: number;
  readonly currency: string;
  readonly latency_ms_sum: number;
  /** Requests per latency bucket (settings.latency_bucket_bounds_ms, then one bucket above the last bound). */
  readonly latency_buckets: readonly number[];
}

/** Distinct users over the whole period: per model, and `model: null` for all models together. */
export interface ActiveUsersRecord {
  readonly model: string | null;
  readonly users: number;
}

export interface BundleRecords {
  readonly vote: readonly VoteRecord[];
  readonly rating: readonly RatingRecord[];
  readonly survey: readonly SurveyRecord[];
  readonly survey_response: readonly SurveyResponseRecord[];
  readonly usage: readonly UsageRecord[];
  readonly active_users: readonly ActiveUsersRecord[];
}

export interface Bundle {
  readonly manifest: BundleManifest;
  readonly records: BundleRecords;
  /** SHA-256 (hex) of the whole file as written — every line, the manifest's too, ending in "\n": the report cites it. */
  readonly sha256: string;
}

/** The settings a report uses unless the exporter chooses others; written into every manifest. */
export const DEFAULT_BUNDLE_SETTINGS: BundleSettings = Object.freeze({
  bootstrap_rounds: 1000,
  bootstrap_seed: 20240501,
  style_bootstrap_rounds: 200,
  confidence_level: 0.95,
  both_bad: 'tie',
  style_bucket_width: 0.05,
  min_group_size: 5,
  latency_bucket_bounds_ms: Object.freeze([250, 500, 1000, 2000, 4000, 8000, 15000, 30000, 60000]),
});
