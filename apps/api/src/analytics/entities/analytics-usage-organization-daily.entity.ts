import { Column, Entity, PrimaryColumn } from 'typeorm';

const bigint = { to: (value: number) => value, from: (value: string) => Number(value) };

/**
 * Requests of one day × organisation × app × currency (AnalyticsRollups1796500000003): the daily chart of a long
 * period without a model or category filter reads ~150 rows a day here instead of ~3,000 in analytics_usage_daily.
 */
@Entity({ name: 'analytics_usage_organization_daily' })
export class AnalyticsUsageOrganizationDaily {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_analytics_usage_organization_daily' })
  day!: string;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid', primaryKeyConstraintName: 'PK_analytics_usage_organization_daily' })
  organizationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'PK_analytics_usage_organization_daily' })
  app!: string;

  @PrimaryColumn({ type: 'varchar', length: 3, primaryKeyConstraintName: 'PK_analytics_usage_organization_daily' })
  currency!: string;

  @Column({ type: 'integer' })
  requests!: number;

  @Column({ name: 'failed_requests', type: 'integer' })
  failedRequests!: number;

  @Column({ name: 'input_tokens', type: 'bigint', transformer: bigint })
  inputTokens!: number;

  @Column({ name: 'output_tokens', type: 'bigint', transformer: bigint })
  outputTokens!: number;

  @Column({ type: 'numeric', precision: 20, scale: 6, transformer: bigint })
  cost!: number;

  @Column({ name: 'latency_sum_ms', type: 'bigint', transformer: bigint })
  latencySumMs!: number;

  @Column({ name: 'time_to_first_token_sum_ms', type: 'bigint', transformer: bigint })
  timeToFirstTokenSumMs!: number;

  @Column({ name: 'time_to_first_token_count', type: 'integer' })
  timeToFirstTokenCount!: number;
}
