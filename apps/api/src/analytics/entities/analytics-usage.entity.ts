import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AnalyticsGrain } from './analytics-grains';
import { UsageMeasures } from './usage-measures';

/**
 * Requests of one period × organisation × app × model × task category × currency, at one grain
 * (AnalyticsRollups1796500000003): `analytics_usage_daily`, `_weekly`, `_monthly`.
 */
function usageRollup(grain: AnalyticsGrain) {
  const name = `analytics_usage_${grain}`;
  const key = { primaryKeyConstraintName: `PK_${name}` };

  @Entity({ name })
  class UsageRollup extends UsageMeasures {
    /** The period's first day (the day itself at the daily grain). */
    @PrimaryColumn({ type: 'date', ...key })
    day!: string;

    @PrimaryColumn({ name: 'organization_id', type: 'uuid', ...key })
    organizationId!: string;

    @PrimaryColumn({ type: 'varchar', length: 16, ...key })
    app!: string;

    @PrimaryColumn({ name: 'model_id', type: 'varchar', length: 64, ...key })
    modelId!: string;

    /** An id of TASK_CATEGORIES, or `uncategorized`. */
    @PrimaryColumn({ name: 'task_category', type: 'varchar', length: 32, ...key })
    taskCategory!: string;

    @PrimaryColumn({ type: 'varchar', length: 3, ...key })
    currency!: string;

    /** Requests per latency bucket of LATENCY_BUCKET_BOUNDS_MS (one count per bucket, the last unbounded). */
    @Column({ name: 'latency_histogram', type: 'integer', array: true })
    latencyHistogram!: number[];
  }
  return UsageRollup;
}

export const AnalyticsUsageDaily = usageRollup('daily');
export const AnalyticsUsageWeekly = usageRollup('weekly');
export const AnalyticsUsageMonthly = usageRollup('monthly');
