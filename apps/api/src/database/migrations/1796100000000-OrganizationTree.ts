import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation tree (docs/operator/identity.md): `organizations` holds organisations (ministries, agencies, local
 * governments — Keycloak Organizations) and their units (局/部 → 課), linked by `parent_id`.
 *
 * - `kind`: 'organization' owns data (users, conversations, quotas, audit chains carry its id); 'unit' only groups
 *   members. A unit has no slug; `unit_source_path` is the `org_unit` path it was created from (e.g. 情報局/総務課),
 *   unique within its organisation (`unit_organization_id`), so a renamed unit is still found at the next sign-in.
 * - `keycloak_id`: the Keycloak Organization's id, once a token has named it.
 * - `disabled_model_ids`: catalogue models an organisation's administrators switched off for their members (on top of
 *   the platform's per-model access rules).
 * - `users.unit_id`: the member's unit as of their last sign-in.
 * Expand only: nullable columns, a column with a default, and `slug` relaxed to nullable.
 */
export class OrganizationTree1796100000000 implements MigrationInterface {
  name = 'OrganizationTree1796100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organizations" ADD "kind" character varying(16) NOT NULL DEFAULT 'organization'`);
    await queryRunner.query(`ALTER TABLE "organizations" ADD "parent_id" uuid`);
    await queryRunner.query(`ALTER TABLE "organizations" ADD "unit_organization_id" uuid`);
    await queryRunner.query(`ALTER TABLE "organizations" ADD "unit_source_path" character varying(500)`);
    await queryRunner.query(`ALTER TABLE "organizations" ADD "keycloak_id" character varying(64)`);
    await queryRunner.query(`ALTER TABLE "organizations" ADD "disabled_model_ids" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "organizations" ALTER COLUMN "slug" DROP NOT NULL`);
    await queryRunner.query(`ALTER TABLE "organizations" ADD CONSTRAINT "CHK_organizations_kind" CHECK ("kind" IN ('organization', 'unit'))`);
    await queryRunner.query(
      `ALTER TABLE "organizations" ADD CONSTRAINT "CHK_organizations_kind_fields" CHECK (("kind" = 'organization' AND "slug" IS NOT NULL AND "unit_organization_id" IS NULL) OR ("kind" = 'unit' AND "slug" IS NULL AND "parent_id" IS NOT NULL AND "unit_organization_id" IS NOT NULL))`,
    );
    await queryRunner.query(`ALTER TABLE "organizations" ADD CONSTRAINT "CHK_organizations_not_own_parent" CHECK ("parent_id" IS DISTINCT FROM "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_organizations_parent" ON "organizations" ("parent_id")`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "UQ_organizations_unit_source" ON "organizations" ("unit_organization_id", "unit_source_path") WHERE "unit_source_path" IS NOT NULL`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_organizations_keycloak_id" ON "organizations" ("keycloak_id") WHERE "keycloak_id" IS NOT NULL`);
    await queryRunner.query(
      `ALTER TABLE "organizations" ADD CONSTRAINT "FK_organizations_parent" FOREIGN KEY ("parent_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "organizations" ADD CONSTRAINT "FK_organizations_unit_organization" FOREIGN KEY ("unit_organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(`ALTER TABLE "users" ADD "unit_id" uuid`);
    await queryRunner.query(`CREATE INDEX "IDX_users_unit" ON "users" ("unit_id")`);
    await queryRunner.query(
      `ALTER TABLE "users" ADD CONSTRAINT "FK_users_unit" FOREIGN KEY ("unit_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_users_unit"`);
    await queryRunner.query(`DROP INDEX "IDX_users_unit"`);
    await queryRunner.query(`ALTER TABLE "users" DROP COLUMN "unit_id"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP CONSTRAINT "FK_organizations_unit_organization"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP CONSTRAINT "FK_organizations_parent"`);
    await queryRunner.query(`DROP INDEX "UQ_organizations_keycloak_id"`);
    await queryRunner.query(`DROP INDEX "UQ_organizations_unit_source"`);
    await queryRunner.query(`DROP INDEX "IDX_organizations_parent"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP CONSTRAINT "CHK_organizations_not_own_parent"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP CONSTRAINT "CHK_organizations_kind_fields"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP CONSTRAINT "CHK_organizations_kind"`);
    await queryRunner.query(`DELETE FROM "organizations" WHERE "kind" = 'unit'`);
    await queryRunner.query(`ALTER TABLE "organizations" ALTER COLUMN "slug" SET NOT NULL`);
    for (const column of ['disabled_model_ids', 'keycloak_id', 'unit_source_path', 'unit_organization_id', 'parent_id', 'kind']) {
      await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "${column}"`);
    }
  }
}
