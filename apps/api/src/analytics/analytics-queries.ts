import { ANALYTICS_APPS, CURRENCIES, USE_BUCKETS, type Currency, type UseBucket } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import { type OrgScope, scopeCondition } from '../organizations/organization-scope';
import { coverPeriod } from './analytics-period';
import { ANALYTICS_GRAINS, ANY_APP, USAGE_SUM_COLUMNS } from './entities/analytics-grains';
import { histogramOf, latencyHistogramSumsSql } from './latency-histogram';
import { usesBetweenSql, yearSegments } from './user-activity-years';

/** What a dashboard is narrowed to. Days are calendar days in the roll-up's time zone, `to` inclusive. */
export interface AnalyticsFilter {
  from: string;
  to: string;
  scope: OrgScope;
  app?: string;
  modelId?: string;
  taskCategory?: string;
}

/** Sums of a group of rolled-up requests. */
export interface UsageSums {
  requests: number;
  failedRequests: number;
  inputTokens: number;
  outputTokens: number;
  costs: Record<Currency, number>;
  latencySumMs: number;
  timeToFirstTokenSumMs: number;
  timeToFirstTokenCount: number;
}

/** The dimension a usage or ratings group is of; `total` for the grand total. */
export type UsageDimension = 'day' | 'app' | 'model' | 'category' | 'organization' | 'total';
export type RatingsDimension = Exclude<UsageDimension, 'day' | 'app'>;

export interface UsageGroup extends UsageSums {
  dimension: UsageDimension;
  /** The day, app, model id, category or organisation id; '' for the total. */
  key: string;
}

export interface RatingsGroup {
  dimension: RatingsDimension;
  key: string;
  likes: number;
  dislikes: number;
}

/** Registered users of one organisation and how many fell in each bucket of use. */
export interface OrganizationPeople {
  organizationId: string;
  registeredUsers: number;
  buckets: Record<UseBucket, number>;
}

/** Builds a parameter list alongside the SQL that refers to it. */
class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    return `$${this.values.push(value)}`;
  }
}

/** The roll-ups kept at every grain (daily, weekly, monthly). */
type GrainedRollup = 'usage' | 'ratings';
/** The filters a roll-up table has columns for. */
interface FilterColumns {
  app?: boolean;
  /**
   * For tables that also hold ANY_APP rows (user activity, active users): which rows a query without an app filter
   * wants — the per-user totals over every app (`any`) or the per-app rows (`each`). With a filter, that app's rows.
   */
  withoutApp?: 'any' | 'each';
  model?: boolean;
  category?: boolean;
}

const USAGE_DIMENSIONS = { app: 'app', model: 'model_id', category: 'task_category', organization: 'organization_id' } as const;
const RATINGS_DIMENSIONS = { model: 'model_id', category: 'task_category', organization: 'organization_id' } as const;
const USAGE_SUMS_SQL = `sum(requests) AS requests, sum(failed_requests) AS failed_requests,
  sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens,
  ${CURRENCIES.map((currency) => `coalesce(sum(cost) FILTER (WHERE currency = '${currency}'), 0) AS cost_${currency.toLowerCase()}`).join(', ')},
  sum(latency_sum_ms) AS latency_sum_ms, sum(time_to_first_token_sum_ms) AS ttft_sum_ms, sum(time_to_first_token_count) AS ttft_count`;

/**
 * The dashboards' SQL, reading only the roll-ups (AnalyticsRollups1796500000003, AnalyticsUserActivityYearly
 * 1796500000006). A period is read as whole months, whole weeks and single days (coverPeriod), so a query touches a few
 * dozen periods' rows however long the period; who was active, and how much, comes from one row per user and year.
 * Each method is one statement, so the dashboard runs them side by side on separate pool connections and
 * `npm run bench -- analytics` times each one. Breakdowns by several dimensions come from one scan with GROUPING SETS.
 */
export class AnalyticsQueries {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeZone: string,
  ) {}

  /**
   * Requests, tokens, cost and mean latency per app, model, category and organisation, and in total. The latency
   * histograms are summed by latencyHistograms() alone (the costliest aggregates; only the p95 per model and overall
   * is shown), and the daily series by usageByDay().
   */
  async usage(filter: AnalyticsFilter): Promise<UsageGroup[]> {
    const p = new Params();
    const dims = Object.entries(USAGE_DIMENSIONS);
    const from = this.rollup('usage', filter, p, { app: true, model: true, category: true }, [...dims.map(([, column]) => column), 'currency', ...USAGE_SUM_COLUMNS]);
    const rows = (await this.dataSource.query(
      `SELECT ${dims.map(([name, column]) => `${column}::text AS ${name}, GROUPING(${column}) AS g_${name}`).join(', ')}, ${USAGE_SUMS_SQL}
       FROM ${from}
       GROUP BY GROUPING SETS (${dims.map(([, column]) => `(${column})`).join(', ')}, ())`,
      p.values,
    )) as Record<string, unknown>[];
    return rows.map((row) => {
      const [dimension] = (Object.keys(USAGE_DIMENSIONS) as (keyof typeof USAGE_DIMENSIONS)[]).filter((name) => Number(row[`g_${name}`]) === 0);
      return { dimension: dimension ?? 'total', key: dimension ? String(row[dimension]) : '', ...usageSumsOf(row) };
    });
  }

  /**
   * Requests, tokens, cost and mean latency of each day. Without a model or category filter from the organisation-day
   * table (~150 rows a day), with one from analytics_usage_daily, which that filter narrows to a tenth.
   */
  async usageByDay(filter: AnalyticsFilter): Promise<UsageGroup[]> {
    const p = new Params();
    const byOrganization = !filter.modelId && !filter.taskCategory;
    const where = this.conditions(filter, p, byOrganization ? { app: true } : { app: true, model: true, category: true });
    const rows = (await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, ${USAGE_SUMS_SQL}
       FROM ${byOrganization ? 'analytics_usage_organization_daily' : 'analytics_usage_daily'}
       WHERE day BETWEEN ${p.add(filter.from)}::date AND ${p.add(filter.to)}::date${where ? ` AND ${where}` : ''}
       GROUP BY day`,
      p.values,
    )) as Record<string, unknown>[];
    return rows.map((row) => ({ dimension: 'day', key: String(row.day), ...usageSumsOf(row) }));
  }

  /** The latency histogram of each model and of all requests (key ''), for the p95. */
  async latencyHistograms(filter: AnalyticsFilter): Promise<Map<string, number[]>> {
    const p = new Params();
    const from = this.rollup('usage', filter, p, { app: true, model: true, category: true }, ['model_id', 'latency_histogram']);
    const rows = (await this.dataSource.query(
      `SELECT model_id, GROUPING(model_id) AS g_model, ${latencyHistogramSumsSql('latency_histogram')}
       FROM ${from} GROUP BY ROLLUP (model_id)`,
      p.values,
    )) as Record<string, unknown>[];
    return new Map(rows.map((row) => [Number(row.g_model) === 0 ? String(row.model_id) : '', histogramOf(row)]));
  }

  /** いいね／よくない per model, category and organisation, and in total. */
  async ratings(filter: AnalyticsFilter): Promise<RatingsGroup[]> {
    const p = new Params();
    const dims = Object.entries(RATINGS_DIMENSIONS);
    const from = this.rollup('ratings', filter, p, { app: true, model: true, category: true }, [...dims.map(([, column]) => column), 'likes', 'dislikes']);
    const rows = (await this.dataSource.query(
      `SELECT ${dims.map(([name, column]) => `${column}::text AS ${name}, GROUPING(${column}) AS g_${name}`).join(', ')},
         sum(likes) AS likes, sum(dislikes) AS dislikes
       FROM ${from}
       GROUP BY GROUPING SETS (${dims.map(([, column]) => `(${column})`).join(', ')}, ())`,
      p.values,
    )) as Record<string, unknown>[];
    return rows.map((row) => {
      const [dimension] = (Object.keys(RATINGS_DIMENSIONS) as (keyof typeof RATINGS_DIMENSIONS)[]).filter((name) => Number(row[`g_${name}`]) === 0);
      return { dimension: dimension ?? 'total', key: dimension ? String(row[dimension]) : '', likes: Number(row.likes), dislikes: Number(row.dislikes) };
    });
  }

  /** Distinct active users of each day (pre-counted per organisation by the roll-up; a user belongs to one). */
  async dailyActiveUsers(filter: AnalyticsFilter): Promise<Map<string, number>> {
    const p = new Params();
    const where = this.conditions(filter, p, {});
    const rows = (await this.dataSource.query(
      `SELECT to_char(day, 'YYYY-MM-DD') AS day, sum(users) AS users FROM analytics_active_users_daily
       WHERE day BETWEEN ${p.add(filter.from)}::date AND ${p.add(filter.to)}::date${where ? ` AND ${where}` : ''} AND app = ${p.add(filter.app ?? ANY_APP)}
       GROUP BY day`,
      p.values,
    )) as { day: string; users: string }[];
    return new Map(rows.map((row) => [row.day, Number(row.users)]));
  }

  /** Distinct users with at least one request in the period, per app. */
  async activeUsersByApp(filter: AnalyticsFilter): Promise<Map<string, number>> {
    const p = new Params();
    const uses = this.userUses(filter, p, { app: true, withoutApp: 'each' });
    const rows = (await this.dataSource.query(
      `WITH active AS (SELECT app, user_id, only_row FROM ${uses} WHERE uses > 0)
       SELECT app, sum(users) AS users FROM (
         SELECT app, count(*) AS users FROM active WHERE only_row GROUP BY app
         UNION ALL
         SELECT app, count(*) FROM (SELECT DISTINCT app, user_id FROM active WHERE NOT only_row) AS moved GROUP BY app) AS counted
       GROUP BY app`,
      p.values,
    )) as { app: string; users: string }[];
    return new Map(rows.map((row) => [row.app, Number(row.users)]));
  }

  /**
   * Per organisation: users registered before the period ended (signed in at least once) and how many made how many
   * requests in it — USE_BUCKETS, `never` for none at all.
   */
  async people(filter: AnalyticsFilter): Promise<OrganizationPeople[]> {
    const p = new Params();
    // Without an app filter, the ANY_APP rows: one per user rather than one per app they used.
    const uses = this.userUses(filter, p, { app: true, withoutApp: 'any' });
    const periodEnd = `((${p.add(filter.to)}::date + 1)::timestamp AT TIME ZONE ${p.add(this.timeZone)})`;
    const userScope = scopeCondition(filter.scope, 'u.organization_id', (value) => p.add(value));
    const bucketColumns = USE_BUCKETS.map(({ id, min, max }) =>
      id === 'never' ? `count(*) FILTER (WHERE a.uses IS NULL) AS ${id}` : `count(*) FILTER (WHERE a.uses >= ${min}${max === null ? '' : ` AND a.uses <= ${max}`}) AS ${id}`,
    );
    const rows = (await this.dataSource.query(
      `WITH active AS (SELECT user_id, only_row, uses FROM ${uses} WHERE uses > 0),
       per_user AS (
         SELECT user_id, uses FROM active WHERE only_row
         UNION ALL
         SELECT user_id, sum(uses) FROM active WHERE NOT only_row GROUP BY user_id)
       SELECT u.organization_id::text AS organization_id, count(*) AS registered, ${bucketColumns.join(', ')}
       FROM users u LEFT JOIN per_user a ON a.user_id = u.id
       WHERE u.created_at < ${periodEnd}${userScope ? ` AND ${userScope}` : ''}
       GROUP BY u.organization_id`,
      p.values,
    )) as Record<string, string>[];
    return rows.map((row) => ({
      organizationId: row.organization_id,
      registeredUsers: Number(row.registered),
      buckets: Object.fromEntries(USE_BUCKETS.map(({ id }) => [id, Number(row[id])])) as Record<UseBucket, number>,
    }));
  }

  async organizationNames(ids: readonly string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = (await this.dataSource.query('SELECT id::text AS id, name FROM organizations WHERE id = ANY($1::uuid[])', [ids])) as { id: string; name: string }[];
    return new Map(rows.map((row) => [row.id, row.name]));
  }

  /** Until when raw rows were rolled up; null before the first roll-up. */
  async rolledUpAt(): Promise<Date | null> {
    const rows = (await this.dataSource.query('SELECT rolled_up_at FROM analytics_rollup_state WHERE id = 1')) as { rolled_up_at: Date }[];
    return rows[0]?.rolled_up_at ?? null;
  }

  /**
   * Each user's uses in the filter's period, from their yearly running totals (user-activity-years.ts), as a FROM item
   * selecting `app, user_id, uses, only_row`: one row per user × app × organisation they used it in (× year, for a
   * period across New Year), narrowed to the scope and the app; `uses` is 0 for users without a request in the period.
   * `only_row` says the row is its user's only one for that app and period, so it can be counted as it is; the others
   * (a user who moved organisation, or a period across New Year) must be grouped by user. Each branch is fenced
   * (OFFSET 0), so the uses are worked out as the rows are read and only narrow rows go on.
   */
  private userUses(filter: AnalyticsFilter, p: Params, columns: FilterColumns): string {
    const where = this.conditions(filter, p, columns);
    const segments = yearSegments(filter.from, filter.to);
    const branches = segments.map((segment) => {
      const uses = usesBetweenSql(`${p.add(segment.fromDay)}::integer`, `${p.add(segment.toDay)}::integer`);
      return `SELECT app, user_id, ${segments.length === 1 ? 'only_row' : 'false'} AS only_row, ${uses} AS uses
        FROM analytics_user_activity_yearly WHERE year = ${p.add(segment.year)}::smallint${where ? ` AND ${where}` : ''} OFFSET 0`;
    });
    return `(${branches.map((branch) => `(${branch})`).join(' UNION ALL ')}) AS user_uses`;
  }

  /**
   * A roll-up's rows covering the filter's period — its months, weeks and days (coverPeriod) — narrowed to the scope
   * and the filters, as a FROM item selecting `columns`. Each grain is its own branch, so each reads its primary key.
   */
  private rollup(measure: GrainedRollup, filter: AnalyticsFilter, p: Params, columns: FilterColumns, select: readonly string[]): string {
    const cover = coverPeriod(filter.from, filter.to);
    const where = this.conditions(filter, p, columns);
    const branches = ANALYTICS_GRAINS.filter((grain) => cover[grain].length > 0).map(
      (grain) => `SELECT ${select.join(', ')} FROM analytics_${measure}_${grain} WHERE day = ANY(${p.add(cover[grain])}::date[])${where ? ` AND ${where}` : ''}`,
    );
    return `(${branches.join(' UNION ALL ')}) AS rolled_up`;
  }

  /** The scope and the filters a roll-up table has columns for, as one SQL condition ('' for none). */
  private conditions(filter: AnalyticsFilter, p: Params, columns: FilterColumns): string {
    const conditions: string[] = [];
    const inScope = scopeCondition(filter.scope, 'organization_id', (value) => p.add(value));
    if (inScope) conditions.push(inScope);
    if (columns.app && filter.app) conditions.push(`app = ${p.add(filter.app)}`);
    else if (columns.withoutApp === 'any') conditions.push(`app = ${p.add(ANY_APP)}`);
    // The apps listed rather than `app <> '*'`: equalities on the key's second column read just those rows' ranges.
    else if (columns.withoutApp === 'each') conditions.push(`app = ANY(${p.add(ANALYTICS_APPS)}::text[])`);
    if (columns.model && filter.modelId) conditions.push(`model_id = ${p.add(filter.modelId)}`);
    if (columns.category && filter.taskCategory) conditions.push(`task_category = ${p.add(filter.taskCategory)}`);
    return conditions.join(' AND ');
  }
}

/** The sums of a row that selected USAGE_SUMS_SQL. */
function usageSumsOf(row: Record<string, unknown>): UsageSums {
  return {
    requests: Number(row.requests),
    failedRequests: Number(row.failed_requests),
    inputTokens: Number(row.input_tokens),
    outputTokens: Number(row.output_tokens),
    costs: Object.fromEntries(CURRENCIES.map((currency) => [currency, Number(row[`cost_${currency.toLowerCase()}`])])) as Record<Currency, number>,
    latencySumMs: Number(row.latency_sum_ms),
    timeToFirstTokenSumMs: Number(row.ttft_sum_ms),
    timeToFirstTokenCount: Number(row.ttft_count),
  };
}
