import { Column, Entity, PrimaryColumn } from 'typeorm';

const numeric = { to: (value: number) => value, from: (value: string) => Number(value) };
const bigint = numeric;

/** Requests of one day × organisation × app × model × task category × currency (AnalyticsRollups1796500000003). */
@Entity({ name: 'analytics_usage_daily' })
export class AnalyticsUsageDaily {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_analytics_usage_daily' })
  day!: string;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid', primaryKeyConstraintName: 'PK_analytics_usage_daily' })
  organizationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'PK_analytics_usage_daily' })
  app!: string;

  @PrimaryColumn({ name: 'model_id', type: 'varchar', length: 64, primaryKeyConstraintName: 'PK_analytics_usage_daily' })
  modelId!: string;

  /** An id of TASK_CATEGORIES, or `uncategorized`. */
  @PrimaryColumn({ name: 'task_category', type: 'varchar', length: 32, primaryKeyConstraintName: 'PK_analytics_usage_daily' })
  taskCategory!: string;

  @PrimaryColumn({ type: 'varchar', length: 3, primaryKeyConstraintName: 'PK_analytics_usage_daily' })
  currency!: string;

  @Column({ type: 'integer' })
  requests!: number;

  @Column({ name: 'failed_requests', type: 'integer' })
  failedRequests!: number;

  @Column({ name: 'input_tokens', type: 'bigint', transformer: bigint })
  inputTokens!: number;

  @Column({ name: 'output_tokens', type: 'bigint', transformer: bigint })
  outputTokens!: number;

  @Column({ type: 'numeric', precision: 20, scale: 6, transformer: numeric })
  cost!: number;

  @Column({ name: 'latency_sum_ms', type: 'bigint', transformer: bigint })
  latencySumMs!: number;

  @Column({ name: 'time_to_first_token_sum_ms', type: 'bigint', transformer: bigint })
  timeToFirstTokenSumMs!: number;

  @Column({ name: 'time_to_first_token_count', type: 'integer' })
  timeToFirstTokenCount!: number;

  /** Requests per latency bucket of ANALYTICS_LATENCY_BUCKETS_MS (one count per bucket, the last unbounded). */
  @Column({ name: 'latency_histogram', type: 'integer', array: true })
  latencyHistogram!: number[];
}
