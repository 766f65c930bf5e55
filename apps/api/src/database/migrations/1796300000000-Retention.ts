import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Retention and legal hold (docs/operator/retention.md).
 *
 * - `organizations.conversation_retention_days` / `audit_retention_days`: how long the organisation keeps
 *   conversations (by last activity) and audit entries; NULL keeps them forever. Bounds as RETENTION_LIMITS in the
 *   contracts: conversations 1–36,500 days, audit entries 365–36,500 days.
 * - `legal_holds`: a hold on a user (all their conversations) or on one conversation, placed and released by an
 *   administrator. A released hold stays as the record of it. No foreign keys to the user or the conversation: the
 *   record outlives what it names (as audit entries do) once the hold is released and retention deletes it. At most
 *   one active hold per user and per conversation (partial unique indexes, so two administrators cannot race).
 * - `retention_runs`: one row per run of the retention job, its counts updated in the same transaction as each
 *   batch it deletes, so an interrupted run still says exactly what it did.
 * Expand only: two nullable columns and two new tables.
 */
export class Retention1796300000000 implements MigrationInterface {
  name = 'Retention1796300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organizations" ADD "conversation_retention_days" integer`);
    await queryRunner.query(`ALTER TABLE "organizations" ADD "audit_retention_days" integer`);
    await queryRunner.query(
      `ALTER TABLE "organizations" ADD CONSTRAINT "CHK_organizations_conversation_retention" CHECK ("conversation_retention_days" IS NULL OR "conversation_retention_days" BETWEEN 1 AND 36500)`,
    );
    await queryRunner.query(
      `ALTER TABLE "organizations" ADD CONSTRAINT "CHK_organizations_audit_retention" CHECK ("audit_retention_days" IS NULL OR "audit_retention_days" BETWEEN 365 AND 36500)`,
    );
    await queryRunner.query(
      `CREATE TABLE "legal_holds" (
        "id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "user_id" uuid,
        "conversation_id" uuid,
        "reason" text NOT NULL,
        "placed_by" uuid NOT NULL,
        "placed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "released_by" uuid,
        "released_at" TIMESTAMP WITH TIME ZONE,
        CONSTRAINT "CHK_legal_holds_one_subject" CHECK (("user_id" IS NULL) <> ("conversation_id" IS NULL)),
        CONSTRAINT "CHK_legal_holds_release" CHECK (("released_at" IS NULL) = ("released_by" IS NULL)),
        CONSTRAINT "PK_legal_holds" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_legal_holds_org_placed" ON "legal_holds" ("organization_id", "placed_at")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_legal_holds_active_user" ON "legal_holds" ("user_id") WHERE "released_at" IS NULL AND "user_id" IS NOT NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_legal_holds_active_conversation" ON "legal_holds" ("conversation_id") WHERE "released_at" IS NULL AND "conversation_id" IS NOT NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "legal_holds" ADD CONSTRAINT "FK_legal_holds_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `CREATE TABLE "retention_runs" (
        "id" uuid NOT NULL,
        "trigger" character varying(16) NOT NULL,
        "status" character varying(16) NOT NULL DEFAULT 'running',
        "started_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "finished_at" TIMESTAMP WITH TIME ZONE,
        "conversations_deleted" integer NOT NULL DEFAULT 0,
        "messages_deleted" integer NOT NULL DEFAULT 0,
        "ratings_deleted" integer NOT NULL DEFAULT 0,
        "audit_entries_deleted" integer NOT NULL DEFAULT 0,
        "sign_ins_deleted" integer NOT NULL DEFAULT 0,
        "error" text,
        CONSTRAINT "CHK_retention_runs_trigger" CHECK ("trigger" IN ('schedule', 'cli')),
        CONSTRAINT "CHK_retention_runs_status" CHECK ("status" IN ('running', 'completed', 'failed', 'interrupted')),
        CONSTRAINT "PK_retention_runs" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_retention_runs_started" ON "retention_runs" ("started_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "retention_runs"`);
    await queryRunner.query(`DROP TABLE "legal_holds"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP CONSTRAINT "CHK_organizations_audit_retention"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP CONSTRAINT "CHK_organizations_conversation_retention"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "audit_retention_days"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "conversation_retention_days"`);
  }
}
