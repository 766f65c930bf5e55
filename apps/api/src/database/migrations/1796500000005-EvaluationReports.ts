import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Generated evaluation reports (docs/developer/evaluation-report.md). Each row keeps the raw-data bundle it was built
 * from (gzip, byte-exact) with its SHA-256, and the report's JSON and HTML, so anyone can download the bundle, rebuild
 * the report with `npm run report:rebuild` and compare. CSVs are rendered from the stored JSON on request. Reports
 * are platform-wide (no organisation), readable by evaluators and platform administrators.
 * Expand only: a new table.
 */
export class EvaluationReports1796500000005 implements MigrationInterface {
  name = 'EvaluationReports1796500000005';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "evaluation_reports" (
        "id" uuid NOT NULL,
        "period_from" date NOT NULL,
        "period_to" date NOT NULL,
        "model_ids" text array NOT NULL,
        "locale" character varying(2) NOT NULL,
        "bundle_sha256" character varying(64) NOT NULL,
        "bundle_gzip" bytea NOT NULL,
        "report_json" text NOT NULL,
        "report_html" text NOT NULL,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
        CONSTRAINT "CHK_evaluation_reports_period" CHECK ("period_from" <= "period_to"),
        CONSTRAINT "CHK_evaluation_reports_locale" CHECK ("locale" IN ('ja', 'en')),
        CONSTRAINT "PK_evaluation_reports" PRIMARY KEY ("id"),
        CONSTRAINT "FK_evaluation_reports_created_by" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE NO ACTION
      )`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_evaluation_reports_created" ON "evaluation_reports" ("created_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "evaluation_reports"`);
  }
}
