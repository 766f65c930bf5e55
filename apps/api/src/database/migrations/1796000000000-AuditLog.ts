import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log (docs/operator/audit.md): `audit_entries`, partitioned by month of `occurred_at`, with one hash chain
 * per organisation; `audit_chain_heads`; `audit_sign_ins`; and the organisation setting `audit_keeps_message_text`.
 *
 * - Partitions are named `audit_entries_YYYY_MM` (UTC months). `audit_entries_ensure_partitions(n)` creates the
 *   current month and the next n; the API calls it hourly. A DEFAULT partition catches anything outside them, so
 *   an insert never fails for want of a partition.
 * - A trigger keeps the table append-only: UPDATE only fills an unsealed entry's position and hashes (sealing) or,
 *   for the retention job, clears a sealed entry's message text; DELETE and TRUNCATE only for the retention job
 *   (a transaction that has run `SET LOCAL gennai.audit_retention = 'on'`).
 * Expand only: new tables and a new column with a default.
 */
export class AuditLog1796000000000 implements MigrationInterface {
  name = 'AuditLog1796000000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "organizations" ADD "audit_keeps_message_text" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`CREATE TABLE "audit_entries" ("occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(), "id" BIGSERIAL NOT NULL, "organization_id" uuid NOT NULL, "position" bigint, "previous_hash" character(64), "hash" character(64), "action" character varying(64) NOT NULL, "actor_user_id" uuid, "actor_display_name" character varying(255), "actor_roles" text NOT NULL DEFAULT '[]', "actor_organization_id" uuid, "source_ip" character varying(64), "source_user_agent" character varying(512), "source_api_key_id" uuid, "target_type" character varying(64), "target_id" character varying(255), "details" text NOT NULL DEFAULT '{}', "message_sha256" character(64), "message_text" text, CONSTRAINT "PK_audit_entries" PRIMARY KEY ("occurred_at", "id")) PARTITION BY RANGE ("occurred_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_org_occurred" ON "audit_entries" ("organization_id", "occurred_at", "id")`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_org_position" ON "audit_entries" ("organization_id", "position")`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_actor_occurred" ON "audit_entries" ("actor_user_id", "occurred_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_target" ON "audit_entries" ("target_type", "target_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_unsealed" ON "audit_entries" ("id") WHERE "hash" IS NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entries_checkpoints" ON "audit_entries" ("organization_id", "position") WHERE "action" = 'audit.retention'`);
    await queryRunner.query(`CREATE TABLE "audit_entries_default" PARTITION OF "audit_entries" DEFAULT`);
    await queryRunner.query(`CREATE FUNCTION audit_entries_ensure_partitions(months_ahead integer) RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        month timestamp := date_trunc('month', now() AT TIME ZONE 'UTC');
        partition text;
        created integer := 0;
      BEGIN
        FOR i IN 0..months_ahead LOOP
          partition := 'audit_entries_' || to_char(month, 'YYYY_MM');
          IF to_regclass(partition) IS NULL THEN
            EXECUTE format('CREATE TABLE %I PARTITION OF audit_entries FOR VALUES FROM (%L) TO (%L)',
              partition, month AT TIME ZONE 'UTC', (month + interval '1 month') AT TIME ZONE 'UTC');
            created := created + 1;
          END IF;
          month := month + interval '1 month';
        END LOOP;
        RETURN created;
      END $$`);
    await queryRunner.query(`SELECT audit_entries_ensure_partitions(2)`);
    await queryRunner.query(`CREATE FUNCTION audit_entries_guard() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        retention boolean := coalesce(current_setting('gennai.audit_retention', true), '') = 'on';
      BEGIN
        IF TG_OP = 'TRUNCATE' OR TG_OP = 'DELETE' THEN
          IF retention THEN RETURN OLD; END IF;
          RAISE EXCEPTION 'audit entries cannot be deleted: only the retention job removes expired entries'
            USING ERRCODE = 'insufficient_privilege';
        END IF;
        -- Sealing: an unsealed entry gets its position and hashes once, nothing else changes.
        IF OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.position IS NOT NULL AND NEW.previous_hash IS NOT NULL
           AND OLD.position IS NULL AND OLD.previous_hash IS NULL
           AND to_jsonb(NEW) - 'position' - 'previous_hash' - 'hash' = to_jsonb(OLD) - 'position' - 'previous_hash' - 'hash' THEN
          RETURN NEW;
        END IF;
        -- Retention may clear kept message text; its SHA-256 stays in the chain.
        IF retention AND OLD.hash IS NOT NULL AND NEW.message_text IS NULL
           AND to_jsonb(NEW) - 'message_text' = to_jsonb(OLD) - 'message_text' THEN
          RETURN NEW;
        END IF;
        RAISE EXCEPTION 'audit entries are append-only: entry % cannot be changed', OLD.id
          USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await queryRunner.query(`CREATE TRIGGER audit_entries_append_only BEFORE UPDATE OR DELETE ON "audit_entries" FOR EACH ROW EXECUTE FUNCTION audit_entries_guard()`);
    await queryRunner.query(`CREATE TRIGGER audit_entries_no_truncate BEFORE TRUNCATE ON "audit_entries" FOR EACH STATEMENT EXECUTE FUNCTION audit_entries_guard()`);
    await queryRunner.query(`CREATE TABLE "audit_chain_heads" ("organization_id" uuid NOT NULL, "last_position" bigint NOT NULL, "last_hash" character(64) NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_audit_chain_heads" PRIMARY KEY ("organization_id"))`);
    await queryRunner.query(`CREATE TABLE "audit_sign_ins" ("session_id" character varying(255) NOT NULL, "user_id" uuid NOT NULL, "first_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_audit_sign_ins" PRIMARY KEY ("session_id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_sign_ins_seen" ON "audit_sign_ins" ("first_seen_at")`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_sign_ins"`);
    await queryRunner.query(`DROP TABLE "audit_chain_heads"`);
    await queryRunner.query(`DROP TABLE "audit_entries"`);
    await queryRunner.query(`DROP FUNCTION audit_entries_guard()`);
    await queryRunner.query(`DROP FUNCTION audit_entries_ensure_partitions(integer)`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "audit_keeps_message_text"`);
  }
}
