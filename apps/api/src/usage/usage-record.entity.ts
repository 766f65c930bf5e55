import type { UsageApp, UsageOutcome } from '@gennai/contracts';
import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { NUMERIC_AS_NUMBER } from '../database/numeric-column';

/** One attempt at one deployment while answering a request. */
export interface UsageAttempt {
  modelId: string;
  deploymentId: string;
  /** `ok`, or the error code (upstream_rate_limited, upstream_timeout, circuit_open, …). */
  outcome: string;
  httpStatus: number | null;
  latencyMs: number;
  inputTokens: number | null;
  outputTokens: number | null;
}


/**
 * One record per request through the gateway: append-only, written in batches off the request path.
 * No foreign keys: records outlive the users, keys and models they name, and inserts stay cheap.
 */
@Entity({ name: 'usage_records' })
@Index('IDX_usage_records_created', ['createdAt'])
@Index('IDX_usage_records_org_created', ['organizationId', 'createdAt'])
@Index('IDX_usage_records_model_created', ['modelId', 'createdAt'])
export class UsageRecord {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'organization_id', type: 'uuid' })
  organizationId!: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId!: string;

  @Column({ name: 'api_key_id', type: 'uuid', nullable: true })
  apiKeyId!: string | null;

  /** Where the request came from: the chat UI or the OpenAI-compatible API. */
  @Column({ type: 'varchar', length: 16 })
  app!: UsageApp;

  /** The model the caller asked for. */
  @Column({ name: 'requested_model_id', type: 'varchar', length: 64 })
  requestedModelId!: string;

  /** The model that answered (differs after a fallback); the requested one when none answered. */
  @Column({ name: 'model_id', type: 'varchar', length: 64 })
  modelId!: string;

  @Column({ name: 'deployment_id', type: 'varchar', length: 64, nullable: true })
  deploymentId!: string | null;

  @Column({ name: 'input_tokens', type: 'integer', default: 0 })
  inputTokens!: number;

  @Column({ name: 'output_tokens', type: 'integer', default: 0 })
  outputTokens!: number;

  @Column({ type: 'numeric', precision: 16, scale: 6, default: 0, transformer: NUMERIC_AS_NUMBER })
  cost!: number;

  @Column({ type: 'varchar', length: 3, default: 'JPY' })
  currency!: string;

  @Column({ name: 'latency_ms', type: 'integer' })
  latencyMs!: number;

  @Column({ name: 'time_to_first_token_ms', type: 'integer', nullable: true })
  timeToFirstTokenMs!: number | null;

  @Column({ type: 'varchar', length: 16 })
  outcome!: UsageOutcome;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true })
  errorCode!: string | null;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  attempts!: UsageAttempt[];

  @Column({ name: 'conversation_id', type: 'uuid', nullable: true })
  conversationId!: string | null;

  @Column({ name: 'message_id', type: 'uuid', nullable: true })
  messageId!: string | null;
}
