import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The model gateway: providers, models and deployments (the catalogue), quota rules and counters, usage records,
 * personal API keys, and information classes (機密性) on organisations and conversations.
 * Expand only: new tables, and new columns with defaults, so the previous release keeps working during an upgrade.
 */
export class ModelGateway1795881600000 implements MigrationInterface {
  name = 'ModelGateway1795881600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "api_keys" ("id" uuid NOT NULL, "organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "prefix" character varying(16) NOT NULL, "secret_hash" character(64) NOT NULL, "model_ids" text array NOT NULL DEFAULT '{}', "scopes" text array NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_used_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "UQ_fef9aa4a1cf4f8c063ac5d75f2e" UNIQUE ("secret_hash"), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_api_keys_owner" ON "api_keys"  ("organization_id", "user_id", "created_at")`);
    await queryRunner.query(`CREATE TABLE "providers" ("id" character varying(64) NOT NULL, "display_name" character varying(200) NOT NULL, "type" character varying(32) NOT NULL, "base_url" text, "settings" jsonb NOT NULL DEFAULT '{}', "credential_kind" character varying(16) NOT NULL DEFAULT 'none', "credential_reference" text, "credential_ciphertext" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_af13fc2ebf382fe0dad2e4793aa" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "model_deployments" ("id" uuid NOT NULL, "model_id" character varying(64) NOT NULL, "provider_id" character varying(64) NOT NULL, "upstream_model" character varying(300) NOT NULL, "weight" integer NOT NULL DEFAULT '1', "enabled" boolean NOT NULL DEFAULT true, "position" smallint NOT NULL DEFAULT '0', "connect_timeout_ms" integer, "first_token_timeout_ms" integer, "total_timeout_ms" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_92407b13cc2121c6fc13ce164b7" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_model_deployments_provider" ON "model_deployments"  ("provider_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_model_deployments_model" ON "model_deployments"  ("model_id")`);
    await queryRunner.query(`CREATE TABLE "models" ("id" character varying(64) NOT NULL, "display_name" character varying(200) NOT NULL, "vendor" character varying(200) NOT NULL, "domestic" boolean NOT NULL DEFAULT false, "context_length" integer NOT NULL, "max_output_tokens" integer NOT NULL, "input_price_per_mtok" numeric(14,4) NOT NULL DEFAULT '0', "output_price_per_mtok" numeric(14,4) NOT NULL DEFAULT '0', "currency" character varying(3) NOT NULL DEFAULT 'JPY', "max_information_class" smallint NOT NULL, "capabilities" text array NOT NULL DEFAULT '{}', "enabled" boolean NOT NULL DEFAULT true, "fallback_model_ids" text array NOT NULL DEFAULT '{}', "allowed_organization_ids" uuid array NOT NULL DEFAULT '{}', "allowed_roles" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ef9ed7160ea69013636466bf2d5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "quota_counters" ("subject_type" character varying(16) NOT NULL, "subject_id" uuid NOT NULL, "period" character varying(8) NOT NULL, "window_start" date NOT NULL, "requests" integer NOT NULL DEFAULT '0', "tokens" bigint NOT NULL DEFAULT '0', CONSTRAINT "PK_078db8e15908c454f0e3a464da6" PRIMARY KEY ("subject_type", "subject_id", "period", "window_start"))`);
    await queryRunner.query(`CREATE TABLE "quota_rules" ("id" uuid NOT NULL, "scope" character varying(16) NOT NULL, "organization_id" uuid, "period" character varying(8) NOT NULL, "max_requests" integer, "max_tokens" bigint, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b3571ed0db101c05b00da447f6f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_quota_rules_default" ON "quota_rules"  ("scope", "period") WHERE "organization_id" IS NULL`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_quota_rules_org" ON "quota_rules"  ("scope", "organization_id", "period") WHERE "organization_id" IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "usage_records" ("id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, "api_key_id" uuid, "app" character varying(16) NOT NULL, "requested_model_id" character varying(64) NOT NULL, "model_id" character varying(64) NOT NULL, "deployment_id" character varying(64), "input_tokens" integer NOT NULL DEFAULT '0', "output_tokens" integer NOT NULL DEFAULT '0', "cost" numeric(16,6) NOT NULL DEFAULT '0', "currency" character varying(3) NOT NULL DEFAULT 'JPY', "latency_ms" integer NOT NULL, "time_to_first_token_ms" integer, "outcome" character varying(16) NOT NULL, "error_code" character varying(64), "attempts" jsonb NOT NULL DEFAULT '[]', "conversation_id" uuid, "message_id" uuid, CONSTRAINT "PK_e511cf9f7dc53851569f87467a5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_usage_records_model_created" ON "usage_records"  ("model_id", "created_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_usage_records_org_created" ON "usage_records"  ("organization_id", "created_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_usage_records_created" ON "usage_records"  ("created_at")`);
    await queryRunner.query(`ALTER TABLE "organizations" ADD "default_information_class" smallint NOT NULL DEFAULT '2'`);
    await queryRunner.query(`ALTER TABLE "conversations" ADD "information_class" smallint NOT NULL DEFAULT '2'`);
    await queryRunner.query(`ALTER TABLE "api_keys" ADD CONSTRAINT "FK_a3baee01d8408cd3c0f89a9a973" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "model_deployments" ADD CONSTRAINT "FK_d9ca1eb6e8d529b8858128388d0" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "model_deployments" ADD CONSTRAINT "FK_5549d8932e7f5dadf27686b2f85" FOREIGN KEY ("provider_id") REFERENCES "providers"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "quota_rules" ADD CONSTRAINT "FK_0cfb0a554f43d5a03ea49cfd4ed" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "quota_rules" DROP CONSTRAINT "FK_0cfb0a554f43d5a03ea49cfd4ed"`);
    await queryRunner.query(`ALTER TABLE "model_deployments" DROP CONSTRAINT "FK_5549d8932e7f5dadf27686b2f85"`);
    await queryRunner.query(`ALTER TABLE "model_deployments" DROP CONSTRAINT "FK_d9ca1eb6e8d529b8858128388d0"`);
    await queryRunner.query(`ALTER TABLE "api_keys" DROP CONSTRAINT "FK_a3baee01d8408cd3c0f89a9a973"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP COLUMN "information_class"`);
    await queryRunner.query(`ALTER TABLE "organizations" DROP COLUMN "default_information_class"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_usage_records_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_usage_records_org_created"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_usage_records_model_created"`);
    await queryRunner.query(`DROP TABLE "usage_records"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_quota_rules_org"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_quota_rules_default"`);
    await queryRunner.query(`DROP TABLE "quota_rules"`);
    await queryRunner.query(`DROP TABLE "quota_counters"`);
    await queryRunner.query(`DROP TABLE "models"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_model_deployments_model"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_model_deployments_provider"`);
    await queryRunner.query(`DROP TABLE "model_deployments"`);
    await queryRunner.query(`DROP TABLE "providers"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_api_keys_owner"`);
    await queryRunner.query(`DROP TABLE "api_keys"`);
  }
}
