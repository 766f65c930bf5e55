import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Surveys (docs/user/evaluation.md): evaluators ask staff questions; answers are anonymous to everyone but the
 * aggregate.
 *
 * - `surveys`: title and description in Japanese and English, the questions (jsonb: id, kind, text, options,
 *   required — frozen once published), the audience (organisations, each with those under it, and roles; empty =
 *   everyone), the answering period and the status (draft → published → closed).
 * - `survey_responses`: one row per answer, with NO user id. Its id is a random UUID (v4, not time-ordered like the
 *   rest of the schema, so ids do not give away the order of answers); it keeps the respondent's organisation, the
 *   models they used most during the survey period (from usage_records, most used first) and the answers, and the day
 *   it was given — a date, never a time — so a response cannot be matched to a sign-in, a request log or an audit
 *   entry by its timestamp.
 * - `survey_participation`: who has answered or dismissed which survey, so nobody answers twice or is asked again.
 *   Also only a day, and no reference to the response: the two rows are written in one transaction and share nothing
 *   but the survey id. What remains is what the aggregate needs (organisation, day); results never show a group of
 *   fewer than five respondents (MIN_GROUP_SIZE in @gennai/contracts).
 * Expand only: three new tables.
 */
export class Surveys1796500000002 implements MigrationInterface {
  name = 'Surveys1796500000002';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "surveys" (
        "id" uuid NOT NULL,
        "title" jsonb NOT NULL,
        "description" jsonb NOT NULL,
        "questions" jsonb NOT NULL DEFAULT '[]',
        "target_organization_ids" uuid array NOT NULL DEFAULT '{}',
        "target_roles" text array NOT NULL DEFAULT '{}',
        "opens_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        "status" character varying(16) NOT NULL DEFAULT 'draft',
        "created_by" uuid,
        "published_at" TIMESTAMP WITH TIME ZONE,
        "closed_at" TIMESTAMP WITH TIME ZONE,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_surveys_status" CHECK ("status" IN ('draft', 'published', 'closed')),
        CONSTRAINT "CHK_surveys_period" CHECK ("closes_at" > "opens_at"),
        CONSTRAINT "PK_surveys" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_surveys_status_closes" ON "surveys" ("status", "closes_at")`);
    await queryRunner.query(
      `ALTER TABLE "surveys" ADD CONSTRAINT "FK_surveys_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "survey_responses" (
        "id" uuid NOT NULL,
        "survey_id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "model_ids" text array NOT NULL DEFAULT '{}',
        "answers" jsonb NOT NULL,
        "responded_on" date NOT NULL,
        CONSTRAINT "PK_survey_responses" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_survey_responses_survey_org" ON "survey_responses" ("survey_id", "organization_id")`);
    await queryRunner.query(
      `ALTER TABLE "survey_responses" ADD CONSTRAINT "FK_survey_responses_survey" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_responses" ADD CONSTRAINT "FK_survey_responses_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "survey_participation" (
        "survey_id" uuid NOT NULL,
        "user_id" uuid NOT NULL,
        "state" character varying(16) NOT NULL,
        "recorded_on" date NOT NULL,
        CONSTRAINT "CHK_survey_participation_state" CHECK ("state" IN ('answered', 'dismissed')),
        CONSTRAINT "PK_survey_participation" PRIMARY KEY ("survey_id", "user_id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_survey_participation_user" ON "survey_participation" ("user_id")`);
    await queryRunner.query(
      `ALTER TABLE "survey_participation" ADD CONSTRAINT "FK_survey_participation_survey" FOREIGN KEY ("survey_id") REFERENCES "surveys"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "survey_participation" ADD CONSTRAINT "FK_survey_participation_user" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "survey_participation"`);
    await queryRunner.query(`DROP TABLE "survey_responses"`);
    await queryRunner.query(`DROP TABLE "surveys"`);
  }
}
