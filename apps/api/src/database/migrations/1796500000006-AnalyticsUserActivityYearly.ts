import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `analytics_user_activity_yearly`: per user × app (or `*`, any app) × organisation × calendar year, the running total
 * of requests through each day of the year (`uses_through[day of year]`, from the user's first active day `first_day`
 * to their last `last_day`; `total` for the year). The uses of any period of a year are the difference of two elements
 * of one row, so the distinct-user counts of the analytics dashboards (active users per app, the distribution of use)
 * read one row per user instead of grouping the daily, weekly and monthly rows of every user. `only_row` is false when
 * the user has rows in two organisations for the app and year (a transfer): only those are grouped at query time
 * (docs/developer/analytics.md, docs/benchmarks/analytics.md).
 *
 * Filled here from `analytics_user_activity_daily`, then kept by the roll-up job. Expand only: the weekly and monthly
 * user-activity tables of AnalyticsRollups1796500000003 are no longer written or read by this release; they stay
 * until a later migration drops them (the release before this one still reads them during a rolling upgrade).
 */
export class AnalyticsUserActivityYearly1796500000006 implements MigrationInterface {
  name = 'AnalyticsUserActivityYearly1796500000006';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "analytics_user_activity_yearly" (
        "year" smallint NOT NULL,
        "app" character varying(16) NOT NULL,
        "organization_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "first_day" smallint NOT NULL,
        "last_day" smallint NOT NULL,
        "total" integer NOT NULL,
        "only_row" boolean NOT NULL DEFAULT true,
        "uses_through" integer array NOT NULL,
        CONSTRAINT "PK_analytics_user_activity_yearly" PRIMARY KEY ("year", "app", "organization_id", "user_id"))`,
    );
    // The roll-up rewrites the rows of users whose last active day falls in (or after) the days it rolls up.
    await queryRunner.query(`CREATE INDEX "IDX_analytics_user_activity_yearly_last_day" ON "analytics_user_activity_yearly" ("year", "last_day")`);
    // One row per user, app and year from the daily rows: each active day's running total, repeated over the days up
    // to the next active one, from the first active day to the last.
    await queryRunner.query(
      `INSERT INTO "analytics_user_activity_yearly" ("year", "app", "organization_id", "user_id", "first_day", "last_day", "total", "only_row", "uses_through")
       SELECT year, app, organization_id, user_id, min(doy), max(doy), max(running), count(*) OVER (PARTITION BY year, app, user_id) = 1,
         format('[%s:%s]={%s}', min(doy), max(doy), rtrim(string_agg(repeat(running || ',', span), '' ORDER BY doy), ','))::integer[]
       FROM (
         SELECT extract(year FROM day)::smallint AS year, app, organization_id, user_id, extract(doy FROM day)::integer AS doy,
           sum(uses) OVER w AS running,
           coalesce(lead(extract(doy FROM day)::integer) OVER w, extract(doy FROM day)::integer + 1) - extract(doy FROM day)::integer AS span
         FROM "analytics_user_activity_daily"
         WINDOW w AS (PARTITION BY extract(year FROM day), app, organization_id, user_id ORDER BY day)) AS days
       GROUP BY year, app, organization_id, user_id
       ORDER BY year, app, organization_id, user_id`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "analytics_user_activity_yearly"`);
  }
}
