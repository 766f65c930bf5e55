import { UNCATEGORIZED } from '@gennai/contracts';
import type { PoolClient } from 'pg';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { inTransaction } from '../audit/audit-pg-client';
import { addDays, daysBetween, QuotaCalendar } from '../quotas/quota-calendar';
import { periodEnd, periodStart } from './analytics-period';
import { ANY_APP, USAGE_SUM_COLUMNS } from './entities/analytics-grains';
import { latencyHistogramAddSql, latencyHistogramSql } from './latency-histogram';
import { MARK_ONLY_ROWS_SQL, rewriteUserYearsSql, segmentDays, yearSegments } from './user-activity-years';

/**
 * The roll-ups kept at every grain (AnalyticsRollups1796500000003): their key columns besides `day`, in primary-key
 * order, and their summed columns. A weekly or monthly row is the sum of the daily rows of its days. User activity is
 * kept daily and as yearly running totals instead (user-activity-years.ts).
 */
const GRAINED_ROLLUPS = [
  {
    measure: 'usage',
    keys: ['organization_id', 'app', 'model_id', 'task_category', 'currency'],
    sums: USAGE_SUM_COLUMNS,
    histogram: true,
  },
  { measure: 'ratings', keys: ['organization_id', 'app', 'model_id', 'task_category'], sums: ['likes', 'dislikes'], histogram: false },
] as const;
const COARSE_GRAINS = [
  { grain: 'weekly', start: `date_trunc('week', day::timestamp)::date` },
  { grain: 'monthly', start: `date_trunc('month', day::timestamp)::date` },
] as const;

/** Session-level advisory lock held for a whole roll-up: one replica (or the CLI) at a time. Distinct from retention's. */
export const ANALYTICS_ROLLUP_LOCK_ID = 4_242_071_620;

/**
 * Days a scheduled run rewrites: today and the two before it. Records arrive late (the usage recorder writes in
 * batches; an answer started before midnight ends after it) and ratings are edited for a while; older days are
 * settled. Edits older than this — an administrator recategorising an old conversation — reach the dashboards with a
 * backfill (`npm run analytics:rollup -- --from … --to …`).
 */
export const RECENT_DAYS = 3;

/** Days per transaction: a backfill of years commits often and can stop between chunks; readers see whole days. */
const CHUNK_DAYS = 7;

export interface RollupRange {
  /** First calendar day (YYYY-MM-DD, in GENNAI_QUOTA_TIME_ZONE). */
  from: string;
  /** Last calendar day, inclusive. */
  to: string;
}

export type RollupOutcome =
  /** Another replica or the CLI holds the lock: nothing was done here. */
  | { ran: false }
  | { ran: true; from: string; to: string; days: number; durationMs: number; interrupted: boolean };

/**
 * Rolls raw usage records and ratings up into the analytics_* daily tables (AnalyticsRollups1796500000003). Each
 * chunk of days is rewritten in one transaction — delete the days, insert them again from the raw rows — so a run
 * is idempotent and a re-run or an overlap with a backfill changes nothing. Refused requests (policy, quota) never
 * reached a model and are not usage, as in the usage reports.
 */
export class AnalyticsRollupJob {
  private readonly calendar: QuotaCalendar;

  constructor(
    private readonly dataSource: DataSource,
    timeZone: string,
    private readonly logger: Logger,
  ) {
    this.calendar = new QuotaCalendar(timeZone);
  }

  /**
   * Rolls up `range`, or — without one — the RECENT_DAYS up to today, from the first recorded day when nothing was
   * ever rolled up (the first run after an upgrade backfills the history). `signal` stops it between chunks.
   */
  async run(range?: RollupRange, signal?: AbortSignal): Promise<RollupOutcome> {
    const runner = this.dataSource.createQueryRunner();
    const client = (await runner.connect()) as PoolClient;
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [ANALYTICS_ROLLUP_LOCK_ID]);
      if (!rows[0].locked) return { ran: false };
      try {
        return await this.runLocked(client, range ?? (await this.defaultRange(client)), signal);
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [ANALYTICS_ROLLUP_LOCK_ID]);
      }
    } finally {
      await runner.release();
    }
  }

  private async defaultRange(client: PoolClient): Promise<RollupRange> {
    const today = this.calendar.dateAt(Date.now());
    const recent = addDays(today, 1 - RECENT_DAYS);
    const { rows } = await client.query<{ rolled: boolean; first: Date | null }>(
      `SELECT EXISTS (SELECT 1 FROM analytics_rollup_state) AS rolled, (SELECT min(created_at) FROM usage_records) AS first`,
    );
    const first = rows[0].rolled || !rows[0].first ? recent : this.calendar.dateAt(rows[0].first.getTime());
    return { from: first < recent ? first : recent, to: today };
  }

  private async runLocked(client: PoolClient, range: RollupRange, signal?: AbortSignal): Promise<RollupOutcome> {
    const started = Date.now();
    const { rows } = await client.query<{ now: Date }>('SELECT now() AS now');
    // Raw rows written after this instant may be missed by this run; the dashboards say so (rolledUpAt).
    const readFrom = rows[0].now;
    let day = range.from;
    let done = 0;
    while (day <= range.to && !signal?.aborted) {
      const last = minDate(addDays(day, CHUNK_DAYS - 1), range.to);
      await inTransaction(client, () => this.rollUpDays(client, day, last));
      done += daysBetween(day, last) + 1;
      day = addDays(last, 1);
    }
    const durationMs = Date.now() - started;
    const interrupted = day <= range.to;
    if (done > 0) {
      const to = interrupted ? addDays(day, -1) : range.to;
      // The dashboards' "rolled up until": the run's start, or the end of its last day for a backfill of the past.
      const coveredUntil = new Date(Math.min(readFrom.getTime(), this.calendar.startOf(addDays(to, 1)).getTime()));
      await client.query(
        `INSERT INTO analytics_rollup_state (id, rolled_up_at, first_day, last_day, duration_ms) VALUES (1, $1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET rolled_up_at = GREATEST(analytics_rollup_state.rolled_up_at, EXCLUDED.rolled_up_at),
           first_day = EXCLUDED.first_day, last_day = EXCLUDED.last_day, duration_ms = EXCLUDED.duration_ms`,
        [coveredUntil, range.from, to, durationMs],
      );
    }
    this.logger.info({ from: range.from, to: range.to, days: done, durationMs, interrupted }, 'analytics roll-up finished');
    return { ran: true, from: range.from, to: range.to, days: done, durationMs, interrupted };
  }

  /**
   * Rewrites the days from `first` to `last` (inclusive) of every roll-up table, the weeks and months they fall in and
   * the users' yearly running totals, in the caller's transaction: readers never see a month that disagrees with its days.
   */
  private async rollUpDays(client: PoolClient, first: string, last: string): Promise<void> {
    const zone = this.calendar.timeZone;
    const params = [first, last, zone, UNCATEGORIZED];
    const day = (column: string) => `(${column} AT TIME ZONE $3)::date`;
    const inDays = (column: string) => `${column} >= ($1::date::timestamp AT TIME ZONE $3) AND ${column} < (($2::date + 1)::timestamp AT TIME ZONE $3)`;
    for (const table of ['analytics_usage_daily', 'analytics_usage_organization_daily', 'analytics_user_activity_daily', 'analytics_active_users_daily', 'analytics_ratings_daily']) {
      await client.query(`DELETE FROM ${table} WHERE day BETWEEN $1 AND $2`, [first, last]);
    }
    await client.query(
      `INSERT INTO analytics_usage_daily (day, organization_id, app, model_id, task_category, currency, requests, failed_requests,
         input_tokens, output_tokens, cost, latency_sum_ms, time_to_first_token_sum_ms, time_to_first_token_count, latency_histogram)
       SELECT ${day('r.created_at')}, r.organization_id, r.app, r.model_id, coalesce(c.task_category, $4), r.currency,
         count(*), count(*) FILTER (WHERE r.outcome = 'failed'), sum(r.input_tokens), sum(r.output_tokens), sum(r.cost),
         sum(r.latency_ms), coalesce(sum(r.time_to_first_token_ms), 0), count(r.time_to_first_token_ms), ${latencyHistogramSql('r.latency_ms')}
       FROM usage_records r LEFT JOIN conversations c ON c.id = r.conversation_id
       WHERE ${inDays('r.created_at')} AND r.outcome <> 'refused'
       GROUP BY 1, 2, 3, 4, 5, 6`,
      params,
    );
    // A row per user and app, and one per user for any app (`*`): the distribution of use without an app filter then
    // reads one row per user instead of one per app they used. Written in primary-key order, so the rows of one app (or
    // `*`) lie together on disk. The `*` rows also give each day's distinct active users of any app without a
    // count(DISTINCT), and both kinds feed the yearly running totals rewritten next.
    await client.query(
      `INSERT INTO analytics_user_activity_daily (day, organization_id, user_id, app, uses)
       SELECT ${day('created_at')}, organization_id, user_id, CASE WHEN GROUPING(app) = 1 THEN '${ANY_APP}' ELSE app END, count(*)
       FROM usage_records WHERE ${inDays('created_at')} AND outcome <> 'refused'
       GROUP BY GROUPING SETS ((${day('created_at')}, organization_id, user_id, app), (${day('created_at')}, organization_id, user_id))
       ORDER BY 1, 4, 2, 3`,
      [first, last, zone],
    );
    await client.query(
      `INSERT INTO analytics_active_users_daily (day, organization_id, app, users)
       SELECT day, organization_id, app, count(*) FROM analytics_user_activity_daily WHERE day BETWEEN $1 AND $2 GROUP BY 1, 2, 3`,
      [first, last],
    );
    for (const segment of yearSegments(first, last)) {
      const { rows: gained } = await client.query<{ user_id: string }>(rewriteUserYearsSql(segmentDays(segment)), [segment.from, segment.to, segment.year, segment.fromDay, segment.toDay]);
      if (gained.length) await client.query(MARK_ONLY_ROWS_SQL, [segment.year, gained.map((row) => row.user_id)]);
    }
    await client.query(
      `INSERT INTO analytics_ratings_daily (day, organization_id, app, model_id, task_category, likes, dislikes)
       SELECT ${day('created_at')}, organization_id, app, model_id, coalesce(task_category, $4),
         count(*) FILTER (WHERE value = 'like'), count(*) FILTER (WHERE value = 'dislike')
       FROM answer_ratings WHERE ${inDays('created_at')}
       GROUP BY 1, 2, 3, 4, 5`,
      params,
    );
    await client.query(
      `INSERT INTO analytics_usage_organization_daily (day, organization_id, app, currency, ${USAGE_SUM_COLUMNS.join(', ')})
       SELECT day, organization_id, app, currency, ${USAGE_SUM_COLUMNS.map((column) => `sum(${column})`).join(', ')}
       FROM analytics_usage_daily WHERE day BETWEEN $1 AND $2 GROUP BY 1, 2, 3, 4`,
      [first, last],
    );
    await this.rollUpCoarseGrains(client, first, last);
  }

  /** Rewrites every week and month the days from `first` to `last` fall in from their daily rows. */
  private async rollUpCoarseGrains(client: PoolClient, first: string, last: string): Promise<void> {
    for (const { grain, start } of COARSE_GRAINS) {
      const range = [periodStart(grain, first), periodEnd(grain, periodStart(grain, last))];
      for (const { measure, keys, sums, histogram } of GRAINED_ROLLUPS) {
        const columns = [...keys, ...sums, ...(histogram ? ['latency_histogram'] : [])];
        const aggregates = [...sums.map((column) => `sum(${column})`), ...(histogram ? [latencyHistogramAddSql('latency_histogram')] : [])];
        await client.query(`DELETE FROM analytics_${measure}_${grain} WHERE day BETWEEN $1 AND $2`, range);
        await client.query(
          `INSERT INTO analytics_${measure}_${grain} (day, ${columns.join(', ')})
           SELECT ${start}, ${keys.join(', ')}, ${aggregates.join(', ')}
           FROM analytics_${measure}_daily WHERE day BETWEEN $1 AND $2
           GROUP BY 1, ${keys.join(', ')}
           ORDER BY 1, ${keys.join(', ')}`,
          range,
        );
      }
    }
  }
}

function minDate(a: string, b: string): string {
  return a < b ? a : b;
}
