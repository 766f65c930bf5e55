import { addDays, daysBetween } from '../quotas/quota-calendar';

/**
 * Distinct-user counts of any period from one row per user, app and calendar year (AnalyticsUserActivityYearly
 * 1796500000006): `uses_through[d]` is how many requests the user made from 1 January through day-of-year `d`. The
 * uses in days `a..b` are `uses_through[b] − uses_through[a − 1]`, so "who was active, and how much" over any period of
 * one year reads one row per user and adds nothing up — the distinct count the daily, weekly and monthly rows could
 * only give by grouping hundreds of thousands of rows (docs/benchmarks/analytics.md).
 *
 * The array is stored from the user's first active day of the year (its lower bound, also in `first_day`) to their
 * last (its upper bound, `last_day`): before it the running total is 0, after it the total stays at its last value
 * (`total`). A full year of daily use is 366 integers (~1.5 kB), inline in the row.
 */

/** The part of a period that falls in one calendar year, as days of that year (1 = 1 January). */
export interface YearSegment {
  year: number;
  /** First day of the segment as day-of-year. */
  fromDay: number;
  /** Last day of the segment (inclusive) as day-of-year. */
  toDay: number;
  /** The segment's first and last calendar days (YYYY-MM-DD). */
  from: string;
  to: string;
}

/** Splits the days `from`..`to` (inclusive, YYYY-MM-DD) at each 1 January. */
export function yearSegments(from: string, to: string): YearSegment[] {
  const segments: YearSegment[] = [];
  for (let start = from; start <= to; ) {
    const year = Number(start.slice(0, 4));
    const yearEnd = `${year}-12-31`;
    const end = to < yearEnd ? to : yearEnd;
    segments.push({ year, fromDay: dayOfYear(start), toDay: dayOfYear(end), from: start, to: end });
    start = addDays(end, 1);
  }
  return segments;
}

/** 1 for 1 January. */
export function dayOfYear(day: string): number {
  return daysBetween(`${day.slice(0, 4)}-01-01`, day) + 1;
}

/** SQL: the running total of `array` through day-of-year `day` (both SQL expressions), by the rules above; 0 for NULL. */
function usesThroughSql(array: string, day: string): string {
  return `(CASE WHEN ${array} IS NULL OR ${day} < array_lower(${array}, 1) THEN 0
    WHEN ${day} > array_upper(${array}, 1) THEN ${array}[array_upper(${array}, 1)] ELSE ${array}[${day}] END)`;
}

/**
 * SQL: a yearly row's uses over days-of-year `fromDay`..`toDay` (SQL integer expressions). Rows wholly inside or
 * outside the period are answered from `first_day`, `last_day` and `total` alone; only a row reaching across an end
 * of the period reads its array, and at most two elements of it.
 */
export function usesBetweenSql(fromDay: string, toDay: string): string {
  return `(CASE WHEN last_day < ${fromDay} OR first_day > ${toDay} THEN 0
    WHEN first_day >= ${fromDay} AND last_day <= ${toDay} THEN total
    ELSE coalesce(uses_through[${toDay}], total) - coalesce(uses_through[${fromDay} - 1], 0) END)`;
}

/**
 * SQL rewriting the yearly rows for one segment of days just re-rolled into analytics_user_activity_daily, in the
 * caller's transaction. Parameters: $1 first day, $2 last day (one year), $3 the year, $4 / $5 their days of year.
 * Answers the ids of the users who gained a row (for MARK_ONLY_ROWS_SQL).
 * For each user and app that was active in the segment, or whose array reaches into it:
 *   before the segment   the old running totals, carried forward to the day before it when the array must go on;
 *   the segment          the total before it plus the running sum of the fresh daily rows (or that total, held, when
 *                        the user is no longer active in it but was after it);
 *   after the segment    the old totals, shifted by how much the segment's total changed (a backfill of the past).
 * The result is trimmed to the stored form above, so re-rolling unchanged days leaves every row as it was, however the
 * days were chunked; a row without any use left is deleted.
 */
export function rewriteUserYearsSql(days: number): string {
  const [first, year, a, b] = ['$1::date', '$3::smallint', '$4::integer', '$5::integer'];
  const running = Array.from({ length: days }, (_, i) => `coalesce(sum(uses) FILTER (WHERE day <= ${first} + ${i}), 0)`);
  return `WITH fresh AS (
      SELECT app, organization_id, user_id, ARRAY[${running.join(', ')}]::integer[] AS running
      FROM analytics_user_activity_daily WHERE day BETWEEN $1 AND $2 GROUP BY app, organization_id, user_id),
    reaching AS (
      SELECT app, organization_id, user_id, uses_through FROM analytics_user_activity_yearly WHERE year = ${year} AND last_day >= ${a}),
    touched AS MATERIALIZED (
      -- The users active in the segment and those no longer active in it whose array reaches it. A full join is always
      -- hashed or merged, so the work stays linear even before the planner has statistics of a fresh table.
      SELECT app, organization_id, user_id, f.running,
        CASE WHEN r.uses_through IS NOT NULL THEN r.uses_through ELSE (SELECT o.uses_through FROM analytics_user_activity_yearly o
          WHERE o.year = ${year} AND o.app = f.app AND o.organization_id = f.organization_id AND o.user_id = f.user_id) END AS old
      FROM fresh f FULL JOIN reaching r USING (app, organization_id, user_id)),
    measured AS (
      SELECT *, ${usesThroughSql('old', `${a} - 1`)} AS base, ${usesThroughSql('old', b)} AS old_end,
        (running IS NOT NULL OR array_upper(old, 1) > ${b}) AS spans
      FROM touched),
    spliced AS MATERIALIZED (
      SELECT app, organization_id, user_id,
        CASE WHEN old IS NOT NULL AND array_lower(old, 1) <= ${a} - 1 THEN array_lower(old, 1) ELSE ${a} END AS lower,
        CASE WHEN old IS NULL OR array_lower(old, 1) > ${a} - 1 THEN '{}'::integer[]
          WHEN array_upper(old, 1) >= ${a} - 1 THEN old[:${a} - 1]
          WHEN spans THEN old[:] || array_fill(old[array_upper(old, 1)], ARRAY[${a} - 1 - array_upper(old, 1)])
          ELSE old[:] END
        || CASE WHEN running IS NOT NULL THEN ARRAY(SELECT base + total FROM unnest(running) WITH ORDINALITY AS segment(total, i) ORDER BY i)
          WHEN spans THEN array_fill(base, ARRAY[${b} - ${a} + 1])
          ELSE '{}'::integer[] END
        || CASE WHEN old IS NULL OR array_upper(old, 1) <= ${b} THEN '{}'::integer[]
          ELSE ARRAY(SELECT total + base + coalesce(running[${days}], 0) - old_end FROM unnest(
              CASE WHEN array_lower(old, 1) > ${b} + 1 THEN array_fill(0, ARRAY[array_lower(old, 1) - ${b} - 1]) || old ELSE old[${b} + 1:] END)
            WITH ORDINALITY AS tail(total, i) ORDER BY i) END AS totals
      FROM measured),
    trimmed AS (
      -- Running totals never fall: the zeros lead, and the last change is where the final total first appears.
      SELECT app, organization_id, user_id, lower, totals, coalesce(cardinality(array_positions(totals, 0)), 0) + 1 AS first,
        array_position(totals, totals[cardinality(totals)]) AS last
      FROM spliced),
    rebased AS (
      -- One stored form, whatever the chunks that wrote it: from the first active day to the last (slices and
      -- concatenations above number from 1, so the bounds are set here).
      SELECT app, organization_id, user_id, CASE WHEN cardinality(totals) = 0 OR first > last THEN '{}'::integer[]
          ELSE format('[%s:%s]={%s}', lower + first - 1, lower + last - 1, array_to_string(totals[first:last], ','))::integer[] END AS uses_through
      FROM trimmed),
    emptied AS (
      DELETE FROM analytics_user_activity_yearly y USING rebased s
      WHERE y.year = ${year} AND y.app = s.app AND y.organization_id = s.organization_id AND y.user_id = s.user_id AND cardinality(s.uses_through) = 0),
    written AS (
      INSERT INTO analytics_user_activity_yearly (year, app, organization_id, user_id, first_day, last_day, total, uses_through)
      SELECT ${year}, app, organization_id, user_id, array_lower(uses_through, 1), array_upper(uses_through, 1),
        uses_through[array_upper(uses_through, 1)], uses_through
      FROM rebased WHERE cardinality(uses_through) > 0
      ORDER BY app, organization_id, user_id
      ON CONFLICT (year, app, organization_id, user_id) DO UPDATE SET first_day = EXCLUDED.first_day, last_day = EXCLUDED.last_day,
        total = EXCLUDED.total, uses_through = EXCLUDED.uses_through
      WHERE analytics_user_activity_yearly.uses_through IS DISTINCT FROM EXCLUDED.uses_through)
    -- The users who gained a row (a first request of the year in an app, or in another organisation): only their
    -- only_row marks can have changed (MARK_ONLY_ROWS_SQL).
    SELECT DISTINCT user_id::text AS user_id FROM touched WHERE old IS NULL AND running IS NOT NULL`;
}

/**
 * SQL marking, after a rewrite of year $1 that gave the users $2 a new row, each of their rows that is its user's only
 * one for that app and year (`only_row`): such rows are counted as they are, and only the rows of users who used an
 * app in two organisations that year (a transfer) are grouped by user at query time. A user's rows only grow in number
 * through a new row, so the others' marks stand (a mark left false after a row is deleted is merely grouped).
 */
export const MARK_ONLY_ROWS_SQL = `UPDATE analytics_user_activity_yearly y SET only_row = s.only_row
  FROM (SELECT app, organization_id, user_id, count(*) OVER (PARTITION BY app, user_id) = 1 AS only_row
        FROM analytics_user_activity_yearly WHERE year = $1::smallint AND user_id = ANY($2::uuid[])) s
  WHERE y.year = $1::smallint AND y.app = s.app AND y.organization_id = s.organization_id AND y.user_id = s.user_id AND y.only_row <> s.only_row`;

/** The number of days of a segment. */
export function segmentDays(segment: YearSegment): number {
  return daysBetween(segment.from, segment.to) + 1;
}
