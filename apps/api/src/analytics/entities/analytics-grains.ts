/**
 * The grains the usage, user-activity and ratings roll-ups are kept at. A weekly or monthly row sums the daily rows of
 * one ISO week (Monday first) or calendar month and is keyed by that period's first day, in the same `day` column, so
 * one SQL statement reads any grain. A dashboard period is read as whole months, then whole weeks, then single days
 * (analytics-period.ts): at most a few dozen periods, however long the period asked for.
 */
export const ANALYTICS_GRAINS = ['daily', 'weekly', 'monthly'] as const;
export type AnalyticsGrain = (typeof ANALYTICS_GRAINS)[number];

/** The summed columns of every usage roll-up (all grains, and the organisation-day table). */
export const USAGE_SUM_COLUMNS = [
  'requests',
  'failed_requests',
  'input_tokens',
  'output_tokens',
  'cost',
  'latency_sum_ms',
  'time_to_first_token_sum_ms',
  'time_to_first_token_count',
] as const;

/**
 * The `app` of user-activity and active-user rows that count every app together. Never an app a request is recorded
 * under, nor a filter value (ANALYTICS_APPS), so a query reads either the per-app rows or these, never both.
 */
export const ANY_APP = '*';
