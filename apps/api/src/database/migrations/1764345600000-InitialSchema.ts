import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Organisations, users, conversations, messages and answer ratings: the walking skeleton's schema. */
export class InitialSchema1764345600000 implements MigrationInterface {
  name = 'InitialSchema1764345600000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "organizations" ("id" uuid NOT NULL, "slug" character varying(100) NOT NULL, "name" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_963693341bd612aa01ddf3a4b68" UNIQUE ("slug"), CONSTRAINT "PK_6b031fcd0863e3f6b44230163f9" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE TABLE "users" ("id" uuid NOT NULL, "subject" character varying(255) NOT NULL, "organization_id" uuid NOT NULL, "username" character varying(255) NOT NULL, "display_name" character varying(255) NOT NULL, "email" character varying(320), "roles" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "UQ_8cf7639e70c023cfd6b09ccfe8b" UNIQUE ("subject"), CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_users_organization" ON "users"  ("organization_id") `);
    await queryRunner.query(`CREATE TABLE "conversations" ("id" uuid NOT NULL, "organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, "title" character varying(200) NOT NULL, "model_id" character varying(200) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_ee34f4f7ced4ec8681f26bf04ef" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_conversations_owner_recent" ON "conversations"  ("organization_id", "user_id", "updated_at") `);
    await queryRunner.query(`CREATE TABLE "messages" ("id" uuid NOT NULL, "conversation_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, "role" character varying(16) NOT NULL, "content" text NOT NULL, "status" character varying(16) NOT NULL, "model_id" character varying(200), "error_code" character varying(64), "input_tokens" integer, "output_tokens" integer, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "completed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_18325f38ae6de43878487eff986" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_messages_conversation_created" ON "messages"  ("conversation_id", "created_at") `);
    await queryRunner.query(`CREATE TABLE "answer_ratings" ("id" uuid NOT NULL, "message_id" uuid NOT NULL, "organization_id" uuid NOT NULL, "user_id" uuid NOT NULL, "model_id" character varying(200) NOT NULL, "value" character varying(16) NOT NULL, "comment" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_4c6e60dcbe18757ea404cc5f267" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_answer_ratings_model_created" ON "answer_ratings"  ("model_id", "created_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_answer_ratings_message_user" ON "answer_ratings"  ("message_id", "user_id") `);
    await queryRunner.query(`ALTER TABLE "users" ADD CONSTRAINT "FK_21a659804ed7bf61eb91688dea7" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "conversations" ADD CONSTRAINT "FK_87d9df8c99fb824a39c681ec332" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "conversations" ADD CONSTRAINT "FK_3a9ae579e61e81cc0e989afeb4a" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "messages" ADD CONSTRAINT "FK_3bc55a7c3f9ed54b520bb5cfe23" FOREIGN KEY ("conversation_id") REFERENCES "conversations"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "answer_ratings" ADD CONSTRAINT "FK_7dfa1010c6ef23d5235872157c0" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "answer_ratings" DROP CONSTRAINT "FK_7dfa1010c6ef23d5235872157c0"`);
    await queryRunner.query(`ALTER TABLE "messages" DROP CONSTRAINT "FK_3bc55a7c3f9ed54b520bb5cfe23"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP CONSTRAINT "FK_3a9ae579e61e81cc0e989afeb4a"`);
    await queryRunner.query(`ALTER TABLE "conversations" DROP CONSTRAINT "FK_87d9df8c99fb824a39c681ec332"`);
    await queryRunner.query(`ALTER TABLE "users" DROP CONSTRAINT "FK_21a659804ed7bf61eb91688dea7"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_answer_ratings_message_user"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_answer_ratings_model_created"`);
    await queryRunner.query(`DROP TABLE "answer_ratings"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_messages_conversation_created"`);
    await queryRunner.query(`DROP TABLE "messages"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_conversations_owner_recent"`);
    await queryRunner.query(`DROP TABLE "conversations"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_users_organization"`);
    await queryRunner.query(`DROP TABLE "users"`);
    await queryRunner.query(`DROP TABLE "organizations"`);
  }
}
