import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The use-case register and the CAIO view (docs/operator/use-cases.md).
 *
 * - `ai_use_cases`: each way an organisation uses generative AI, with the DS-920 screening answers, the risk level the
 *   screening rule gave for them (`computed_risk_level`, stored so counts per level are plain SQL), an optional
 *   reviewer's level with its reason, the owner, the status and review dates. Deleted with its organisation.
 * - `IDX_audit_entries_pii`: a partial index over the PII guard's audit events, so the CAIO view counts them per
 *   organisation and range without reading every message entry. Small (PII events are rare); on a large audit log its
 *   build reads each monthly partition once, during the upgrade.
 * Expand only: a new table and a new index.
 */
export class UseCases1796400000000 implements MigrationInterface {
  name = 'UseCases1796400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "ai_use_cases" (
        "id" uuid NOT NULL,
        "organization_id" uuid NOT NULL,
        "title" character varying(200) NOT NULL,
        "purpose" text NOT NULL,
        "audience" character varying(32) NOT NULL,
        "work_nature" character varying(32) NOT NULL,
        "confidential_data_input" boolean NOT NULL,
        "vendor_training_use" character varying(16) NOT NULL,
        "human_review" boolean NOT NULL,
        "model_ids" text array NOT NULL DEFAULT '{}',
        "computed_risk_level" character varying(8) NOT NULL,
        "risk_override_level" character varying(8),
        "risk_override_reason" text,
        "owner_user_id" uuid,
        "owner_name" character varying(200) NOT NULL,
        "owner_contact" character varying(200),
        "status" character varying(16) NOT NULL DEFAULT 'draft',
        "reviewed_at" TIMESTAMP WITH TIME ZONE,
        "reviewed_by" uuid,
        "next_review_on" date,
        "retired_at" TIMESTAMP WITH TIME ZONE,
        "retired_reason" text,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "CHK_ai_use_cases_audience" CHECK ("audience" IN ('staff', 'staff_and_partners', 'public')),
        CONSTRAINT "CHK_ai_use_cases_work_nature" CHECK ("work_nature" IN ('internal_admin', 'policy_planning', 'public_service', 'rights_decision')),
        CONSTRAINT "CHK_ai_use_cases_vendor_training" CHECK ("vendor_training_use" IN ('none', 'possible', 'unknown')),
        CONSTRAINT "CHK_ai_use_cases_computed_risk" CHECK ("computed_risk_level" IN ('high', 'medium', 'low')),
        CONSTRAINT "CHK_ai_use_cases_override" CHECK (("risk_override_level" IS NULL AND "risk_override_reason" IS NULL) OR ("risk_override_level" IN ('high', 'medium', 'low') AND "risk_override_reason" IS NOT NULL)),
        CONSTRAINT "CHK_ai_use_cases_status" CHECK ("status" IN ('draft', 'in_review', 'approved', 'retired')),
        CONSTRAINT "CHK_ai_use_cases_retired" CHECK (("status" = 'retired') = ("retired_at" IS NOT NULL)),
        CONSTRAINT "PK_ai_use_cases" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_ai_use_cases_org_status" ON "ai_use_cases" ("organization_id", "status")`);
    await queryRunner.query(
      `ALTER TABLE "ai_use_cases" ADD CONSTRAINT "FK_ai_use_cases_organization" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ai_use_cases" ADD CONSTRAINT "FK_ai_use_cases_owner" FOREIGN KEY ("owner_user_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "ai_use_cases" ADD CONSTRAINT "FK_ai_use_cases_reviewer" FOREIGN KEY ("reviewed_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_pii" ON "audit_entries" ("organization_id", "occurred_at") WHERE "action" LIKE 'pii.%'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "IDX_audit_entries_pii"`);
    await queryRunner.query(`DROP TABLE "ai_use_cases"`);
  }
}
