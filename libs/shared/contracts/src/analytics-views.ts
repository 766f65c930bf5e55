// Zod-free, so the web app can import the constants and views of the analytics dashboard without zod in its bundle
// (the query the API validates is in analytics.ts). docs/user/evaluation.md explains each number.
import type { Currency, UsageApp } from './gateway';

/** Apps a dashboard can be narrowed to: the chat, the /v1 API, blind comparisons. */
export const ANALYTICS_APPS = ['chat', 'api', 'arena'] as const satisfies readonly UsageApp[];

/**
 * The task category of requests made outside a categorised conversation (the /v1 API, or before the classifier ran).
 * Beside the ids of TASK_CATEGORIES (@gennai/task-category).
 */
export const UNCATEGORIZED = 'uncategorized';


/**
 * How much each registered user used Gennai in the period: never (registered, 0 uses), then 1–4, 5–19, 20–99, 100+.
 * `min` is inclusive; `max` inclusive, null for the open top bucket.
 */
export const USE_BUCKETS = [
  { id: 'never', min: 0, max: 0 },
  { id: 'light', min: 1, max: 4 },
  { id: 'regular', min: 5, max: 19 },
  { id: 'frequent', min: 20, max: 99 },
  { id: 'heavy', min: 100, max: null },
] as const;
export type UseBucket = (typeof USE_BUCKETS)[number]['id'];

/** Days one dashboard covers at most. */
export const ANALYTICS_MAX_DAYS = 366;
export const ANALYTICS_DEFAULT_DAYS = 30;

/** Requests, tokens, cost, latency and errors of a set of requests (refused ones are not usage and never counted). */
export interface AnalyticsUsageView {
  requests: number;
  failedRequests: number;
  /** failedRequests / requests; null without requests. */
  errorRate: number | null;
  inputTokens: number;
  outputTokens: number;
  /** Per currency, never converted or added across currencies; every currency present. */
  costs: Record<Currency, number>;
  meanLatencyMs: number | null;
  /**
   * From a fixed-bucket histogram: exact to the bucket, interpolated inside it (docs/developer/analytics.md). Given
   * per model and in the totals; null elsewhere (and without requests).
   */
  p95LatencyMs: number | null;
  meanTimeToFirstTokenMs: number | null;
}

/** いいね／よくない counts; likeRatio = likes / (likes + dislikes), null without ratings. */
export interface AnalyticsSatisfactionView {
  likes: number;
  dislikes: number;
  likeRatio: number | null;
}

/** One model's arena (blind comparison) rating on the Elo scale with its 95% interval, from the leaderboard. */
export interface AnalyticsArenaRatingView {
  rating: number;
  lower: number;
  upper: number;
  votes: number;
}

export interface AnalyticsDayView extends AnalyticsUsageView {
  /** YYYY-MM-DD in GENNAI_QUOTA_TIME_ZONE. */
  day: string;
  /** People with at least one request that day (organisation, period and app filters only). */
  activeUsers: number;
}

export interface AnalyticsModelView extends AnalyticsUsageView, AnalyticsSatisfactionView {
  modelId: string;
  label: string;
  /** null when the model has no votes in the filter, or the leaderboard is not available. */
  arena: AnalyticsArenaRatingView | null;
}

export interface AnalyticsAppView extends AnalyticsUsageView {
  app: UsageApp;
  activeUsers: number;
  /** requests / activeUsers; null without active users. */
  usesPerActiveUser: number | null;
}

export interface AnalyticsCategoryView extends AnalyticsUsageView, AnalyticsSatisfactionView {
  /** An id of TASK_CATEGORIES, or UNCATEGORIZED. */
  taskCategory: string;
}

/** How many registered users fell in each bucket of use. */
export type UseDistributionView = Record<UseBucket, number>;

export interface AnalyticsOrganizationView extends AnalyticsUsageView, AnalyticsSatisfactionView {
  /** null for the merged group 「その他」 of organisations too small to show alone. */
  organizationId: string | null;
  /** The organisation's name; null for the merged group. */
  name: string | null;
  /** How many organisations the row stands for (more than 1 only for the merged group). */
  organizations: number;
  /** Users known to Gennai (signed in at least once) and registered before the period ended. */
  registeredUsers: number;
  activeUsers: number;
  distribution: UseDistributionView;
}

export interface AnalyticsDashboardView {
  from: string;
  to: string;
  /**
   * Until when raw records were rolled up (ISO time), or null before the first roll-up. Requests after it are not in
   * the dashboard yet (the roll-up runs every GENNAI_ANALYTICS_ROLLUP_INTERVAL_MINUTES).
   */
  rolledUpAt: string | null;
  totals: AnalyticsUsageView &
    AnalyticsSatisfactionView & {
      registeredUsers: number;
      /** Distinct people with at least one request in the period. */
      activeUsers: number;
      usesPerActiveUser: number | null;
      distribution: UseDistributionView;
    };
  days: AnalyticsDayView[];
  apps: AnalyticsAppView[];
  models: AnalyticsModelView[];
  categories: AnalyticsCategoryView[];
  /** Organisations of fewer than MIN_GROUP_SIZE registered or active users are merged into one row (or hidden). */
  organizations: AnalyticsOrganizationView[];
}
