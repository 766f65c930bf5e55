import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The PII guard (docs/operator/pii-guard.md).
 *
 * - `organizations.pii_policy`: what happens when a message about to leave Gennai contains personal data — 'warn'
 *   (the user confirms, then it is sent as typed; the default), 'mask' (sent with placeholders), 'block' (refused).
 * - `organizations.confidential_class_enabled`: whether conversations of 機密性3 are allowed; off, so class 3 is
 *   refused until an administrator enables it.
 * - `messages.pii_handling`: how the guard let a user's message through — 'masked' (the model got the masked text, and
 *   gets it again as history) or 'confirmed' (the user chose to send it as typed); null when nothing was found.
 * Expand only: two columns with defaults and a nullable one (no table rewrite, also on the large messages table).
 */
export class PiiPolicy1796200000000 implements MigrationInterface {
  name = 'PiiPolicy1796200000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organizations" ADD "pii_policy" character varying(16) NOT NULL DEFAULT 'warn'`);
    await queryRunner.query(`ALTER TABLE "organizations" ADD "confidential_class_enabled" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "organizations" ADD CONSTRAINT "CHK_organizations_pii_policy" CHECK ("pii_policy" IN ('warn', 'mask', 'block'))`);
    await queryRunner.query(`ALTER TABLE "messages" ADD "pii_handling" character varying(16)`);
    await queryRunner.query(`ALTER TABLE "messages" ADD CONSTRAINT "CHK_messages_pii_handling" CHECK ("pii_handling" IN ('masked', 'confirmed'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "CHK_messages_pii_handling"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP COLUMN "pii_handling"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP CONSTRAINT "CHK_organizations_pii_policy"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "confidential_class_enabled"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "pii_policy"`);
  }
}
