import { Column } from 'typeorm';
import { NUMERIC_AS_NUMBER } from '../../database/numeric-column';

/** The sums every usage roll-up keeps for its key (analytics_usage_* and analytics_usage_organization_daily). */
export abstract class UsageMeasures {
  @Column({ type: 'integer' })
  requests!: number;

  @Column({ name: 'failed_requests', type: 'integer' })
  failedRequests!: number;

  @Column({ name: 'input_tokens', type: 'bigint', transformer: NUMERIC_AS_NUMBER })
  inputTokens!: number;

  @Column({ name: 'output_tokens', type: 'bigint', transformer: NUMERIC_AS_NUMBER })
  outputTokens!: number;

  @Column({ type: 'numeric', precision: 20, scale: 6, transformer: NUMERIC_AS_NUMBER })
  cost!: number;

  @Column({ name: 'latency_sum_ms', type: 'bigint', transformer: NUMERIC_AS_NUMBER })
  latencySumMs!: number;

  @Column({ name: 'time_to_first_token_sum_ms', type: 'bigint', transformer: NUMERIC_AS_NUMBER })
  timeToFirstTokenSumMs!: number;

  @Column({ name: 'time_to_first_token_count', type: 'integer' })
  timeToFirstTokenCount!: number;
}
