import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily roll-ups of the analytics dashboards (docs/user/evaluation.md, docs/developer/analytics.md). Dashboards read
 * only these tables, never the raw usage records or ratings, so their queries stay fast at tens of millions of
 * requests. Days are calendar days in GENNAI_QUOTA_TIME_ZONE. The roll-up job rewrites whole days (delete + insert in
 * one transaction), so re-running it is harmless.
 *
 * - `analytics_usage_daily`: requests per day × organisation × app × model × task category × currency: counts,
 *   errors, tokens, cost, latency sum and a fixed-bucket latency histogram (LATENCY_BUCKET_BOUNDS_MS) for the p95.
 * - `analytics_user_activity_daily`: requests per day × organisation × user × app — who was active, how much — plus
 *   a row per user for any app (`*`), so the distribution of use without an app filter reads one row per user. Keyed
 *   by app before organisation, so a query reads only the `*` rows or only the per-app ones as one range of the key.
 * - `analytics_ratings_daily`: いいね／よくない per day × organisation × app × model × task category.
 * - `_weekly` and `_monthly` twins of those three: the same columns, a row summing one ISO week or calendar month
 *   (`day` = its first day). A dashboard reads a long period as whole months, whole weeks and single days, so its
 *   queries touch a few dozen periods' rows however long the period (docs/benchmarks/analytics.md).
 * - `analytics_usage_organization_daily`: requests per day × organisation × app × currency, for the daily chart of
 *   a long period (twenty times fewer rows than analytics_usage_daily).
 * - `analytics_active_users_daily`: distinct active users per day × organisation × app (`*` = any app), so the daily
 *   chart needs no distinct count at query time.
 * - `analytics_rollup_state`: until when raw rows were rolled up (the dashboards show it: the roll-up lag).
 * No foreign keys: roll-ups outlive the users and organisations they count, like usage records. Expand only.
 */
// Spelled out here rather than imported: a migration must not change when application code does.
const GRAINS = ['daily', 'weekly', 'monthly'] as const;
const USAGE_MEASURES = `"requests" integer NOT NULL,
  "failed_requests" integer NOT NULL,
  "input_tokens" bigint NOT NULL,
  "output_tokens" bigint NOT NULL,
  "cost" numeric(20,6) NOT NULL,
  "latency_sum_ms" bigint NOT NULL,
  "time_to_first_token_sum_ms" bigint NOT NULL,
  "time_to_first_token_count" integer NOT NULL`;

export class AnalyticsRollups1796500000003 implements MigrationInterface {
  name = 'AnalyticsRollups1796500000003';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const grain of GRAINS) {
      await queryRunner.query(
        `CREATE TABLE "analytics_usage_${grain}" (
          "day" date NOT NULL,
          "organization_id" uuid NOT NULL,
          "app" character varying(16) NOT NULL,
          "model_id" character varying(64) NOT NULL,
          "task_category" character varying(32) NOT NULL,
          "currency" character varying(3) NOT NULL,
          ${USAGE_MEASURES},
          "latency_histogram" integer array NOT NULL,
          CONSTRAINT "PK_analytics_usage_${grain}" PRIMARY KEY ("day", "organization_id", "app", "model_id", "task_category", "currency"))`,
      );
      await queryRunner.query(
        `CREATE TABLE "analytics_user_activity_${grain}" (
          "day" date NOT NULL,
          "organization_id" uuid NOT NULL,
          "user_id" uuid NOT NULL,
          "app" character varying(16) NOT NULL,
          "uses" integer NOT NULL,
          CONSTRAINT "PK_analytics_user_activity_${grain}" PRIMARY KEY ("day", "app", "organization_id", "user_id"))`,
      );
      await queryRunner.query(
        `CREATE TABLE "analytics_ratings_${grain}" (
          "day" date NOT NULL,
          "organization_id" uuid NOT NULL,
          "app" character varying(16) NOT NULL,
          "model_id" character varying(200) NOT NULL,
          "task_category" character varying(32) NOT NULL,
          "likes" integer NOT NULL,
          "dislikes" integer NOT NULL,
          CONSTRAINT "PK_analytics_ratings_${grain}" PRIMARY KEY ("day", "organization_id", "app", "model_id", "task_category"))`,
      );
    }
    await queryRunner.query(
      `CREATE TABLE "analytics_usage_organization_daily" (
        "day" date NOT NULL,
        "organization_id" uuid NOT NULL,
        "app" character varying(16) NOT NULL,
        "currency" character varying(3) NOT NULL,
        ${USAGE_MEASURES},
        CONSTRAINT "PK_analytics_usage_organization_daily" PRIMARY KEY ("day", "organization_id", "app", "currency"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "analytics_active_users_daily" (
        "day" date NOT NULL,
        "organization_id" uuid NOT NULL,
        "app" character varying(16) NOT NULL,
        "users" integer NOT NULL,
        CONSTRAINT "PK_analytics_active_users_daily" PRIMARY KEY ("day", "organization_id", "app"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "analytics_rollup_state" (
        "id" smallint NOT NULL,
        "rolled_up_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "first_day" date NOT NULL,
        "last_day" date NOT NULL,
        "duration_ms" integer NOT NULL,
        CONSTRAINT "CHK_analytics_rollup_state_single" CHECK ("id" = 1),
        CONSTRAINT "PK_analytics_rollup_state" PRIMARY KEY ("id"))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "analytics_rollup_state"`);
    await queryRunner.query(`DROP TABLE "analytics_active_users_daily"`);
    await queryRunner.query(`DROP TABLE "analytics_usage_organization_daily"`);
    for (const grain of [...GRAINS].reverse()) {
      await queryRunner.query(`DROP TABLE "analytics_ratings_${grain}"`);
      await queryRunner.query(`DROP TABLE "analytics_user_activity_${grain}"`);
      await queryRunner.query(`DROP TABLE "analytics_usage_${grain}"`);
    }
  }
}
