import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Evaluation from real use, part one (docs/user/evaluation.md): richer feedback, task categories and blind battles.
 *
 * - `answer_ratings`: reason tags (`tags`), the app the answer was given in and the conversation's task category at
 *   the time of rating, so satisfaction can be read per app and per kind of work without joining conversations.
 * - `conversations.task_category` (+ `_source`: `rules` — the offline classifier, `judge` — refined by an LLM judge,
 *   `admin` — set by an administrator). Null until the first message is classified.
 * - `battles`: one blind side-by-side comparison. Positions as shown (`model_a` left, `model_b` right), both answers
 *   with status, timings and style features, and the vote. A vote is immutable: a trigger refuses to change `winner`
 *   once set, or to clear it, whoever runs the UPDATE.
 * Expand only: new nullable/defaulted columns, a new table.
 */
export class EvaluationFeedbackBattles1796500000000 implements MigrationInterface {
  name = 'EvaluationFeedbackBattles1796500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "answer_ratings"
        ADD "tags" text array NOT NULL DEFAULT '{}',
        ADD "app" character varying(16) NOT NULL DEFAULT 'chat',
        ADD "task_category" character varying(32)`,
    );
    await queryRunner.query(
      `ALTER TABLE "conversations"
        ADD "task_category" character varying(32),
        ADD "task_category_source" character varying(16)`,
    );
    await queryRunner.query(
      `CREATE TABLE "battles" (
        "id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "app" character varying(16) NOT NULL DEFAULT 'arena',
        "information_class" smallint NOT NULL,
        "prompt" text NOT NULL,
        "pii_handling" character varying(16),
        "task_category" character varying(32) NOT NULL,
        "task_category_source" character varying(16) NOT NULL DEFAULT 'rules',
        "model_a" character varying(64) NOT NULL,
        "model_b" character varying(64) NOT NULL,
        "answer_a" text NOT NULL DEFAULT '',
        "answer_b" text NOT NULL DEFAULT '',
        "status_a" character varying(16) NOT NULL DEFAULT 'pending',
        "status_b" character varying(16) NOT NULL DEFAULT 'pending',
        "error_a" character varying(64),
        "error_b" character varying(64),
        "first_token_ms_a" integer,
        "first_token_ms_b" integer,
        "latency_ms_a" integer,
        "latency_ms_b" integer,
        "output_tokens_a" integer,
        "output_tokens_b" integer,
        "markdown_a" integer,
        "markdown_b" integer,
        "status" character varying(16) NOT NULL DEFAULT 'streaming',
        "winner" character varying(8),
        "voted_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "completed_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "PK_battles" PRIMARY KEY ("id"),
        CONSTRAINT "CHK_battles_distinct_models" CHECK ("model_a" <> "model_b"),
        CONSTRAINT "CHK_battles_status" CHECK ("status" IN ('streaming', 'awaiting_vote', 'voted', 'failed')),
        CONSTRAINT "CHK_battles_answer_status" CHECK ("status_a" IN ('pending', 'complete', 'failed') AND "status_b" IN ('pending', 'complete', 'failed')),
        CONSTRAINT "CHK_battles_winner" CHECK ("winner" IS NULL OR "winner" IN ('a', 'b', 'tie', 'both_bad')),
        CONSTRAINT "CHK_battles_vote" CHECK (("winner" IS NULL) = ("voted_at" IS NULL) AND ("winner" IS NULL) = ("status" <> 'voted')),
        CONSTRAINT "FK_battles_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT,
        CONSTRAINT "FK_battles_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE
      )`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_battles_user_created" ON "battles" ("user_id", "created_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_battles_voted" ON "battles" ("voted_at", "organization_id") WHERE "winner" IS NOT NULL`);
    await queryRunner.query(
      `CREATE FUNCTION "battles_vote_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN
         IF OLD."winner" IS NOT NULL AND (NEW."winner" IS DISTINCT FROM OLD."winner" OR NEW."voted_at" IS DISTINCT FROM OLD."voted_at") THEN
           RAISE EXCEPTION 'a battle''s vote cannot be changed' USING ERRCODE = 'check_violation';
         END IF;
         RETURN NEW;
       END $$`,
    );
    await queryRunner.query(`CREATE TRIGGER "TRG_battles_vote_immutable" BEFORE UPDATE ON "battles" FOR EACH ROW EXECUTE FUNCTION "battles_vote_immutable"()`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "battles"`);
    await queryRunner.query(`DROP FUNCTION "battles_vote_immutable"()`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP COLUMN "task_category_source", DROP COLUMN "task_category"`);
    await queryRunner.query(`ALTER TABLE "answer_ratings" DROP COLUMN "task_category", DROP COLUMN "app", DROP COLUMN "tags"`);
  }
}
