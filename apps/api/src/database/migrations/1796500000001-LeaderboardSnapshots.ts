import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evaluation from real use, part two: the leaderboard's result cache, shared by every API replica. One row per
 * normalised filter (`key`, a SHA-256 of the filter; `filter` keeps it readable), with the data version it was
 * computed from — the number of votes in the filter and the latest `voted_at` — so a replica reuses a result only
 * while no vote has been added to or removed from its filter. A derived table: emptying it loses nothing.
 * Expand only: a new table.
 */
export class LeaderboardSnapshots1796500000001 implements MigrationInterface {
  name = 'LeaderboardSnapshots1796500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "leaderboard_snapshots" (
        "key" character(64) NOT NULL,
        "filter" jsonb NOT NULL,
        "vote_count" integer NOT NULL,
        "last_voted_at" TIMESTAMP WITH TIME ZONE,
        "result" jsonb NOT NULL,
        "computed_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "duration_ms" integer NOT NULL,
        CONSTRAINT "PK_leaderboard_snapshots" PRIMARY KEY ("key")
      )`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_leaderboard_snapshots_computed" ON "leaderboard_snapshots" ("computed_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "leaderboard_snapshots"`);
  }
}
