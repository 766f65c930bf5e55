import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Vendor feedback export (docs/operator/vendor-feedback.md).
 *
 * - `organizations.vendor`: set by a platform_admin on the organisation whose members are a model vendor's staff —
 *   the catalogue's `models.vendor` it represents. Its members with the `vendor` role download feedback about the
 *   catalogue models of that vendor, and nothing else. Null for every ordinary organisation.
 * - `organizations.vendor_feedback_sharing`: what an organisation lets model vendors have of its members' feedback —
 *   `none` (nothing), `ratings_only` (ratings, tags, masked comments and votes; the default) or `with_text` (also the
 *   prompt and the vendor's own answer, with personal data masked).
 * Expand only: two new columns, one nullable and one defaulted.
 */
export class VendorAccounts1796500000004 implements MigrationInterface {
  name = 'VendorAccounts1796500000004';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `ALTER TABLE "organizations"
        ADD "vendor" character varying(200),
        ADD "vendor_feedback_sharing" character varying(16) NOT NULL DEFAULT 'ratings_only'`,
    );
    await queryRunner.query(
      `ALTER TABLE "organizations" ADD CONSTRAINT "CHK_organizations_vendor_feedback_sharing" CHECK ("vendor_feedback_sharing" IN ('none', 'ratings_only', 'with_text'))`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organizations" DROP CONSTRAINT "CHK_organizations_vendor_feedback_sharing"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "vendor_feedback_sharing", DROP COLUMN "vendor"`);
  }
}
