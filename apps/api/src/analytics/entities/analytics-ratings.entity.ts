import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AnalyticsGrain } from './analytics-grains';

/**
 * いいね／よくない of one period × organisation × app × model × task category, at one grain
 * (AnalyticsRollups1796500000003): `analytics_ratings_daily`, `_weekly`, `_monthly`.
 */
function ratingsRollup(grain: AnalyticsGrain) {
  const name = `analytics_ratings_${grain}`;
  const key = { primaryKeyConstraintName: `PK_${name}` };

  @Entity({ name })
  class RatingsRollup {
    /** The period's first day (the day itself at the daily grain). */
    @PrimaryColumn({ type: 'date', ...key })
    day!: string;

    @PrimaryColumn({ name: 'organization_id', type: 'uuid', ...key })
    organizationId!: string;

    @PrimaryColumn({ type: 'varchar', length: 16, ...key })
    app!: string;

    @PrimaryColumn({ name: 'model_id', type: 'varchar', length: 200, ...key })
    modelId!: string;

    @PrimaryColumn({ name: 'task_category', type: 'varchar', length: 32, ...key })
    taskCategory!: string;

    @Column({ type: 'integer' })
    likes!: number;

    @Column({ type: 'integer' })
    dislikes!: number;
  }
  return RatingsRollup;
}

export const AnalyticsRatingsDaily = ratingsRollup('daily');
export const AnalyticsRatingsWeekly = ratingsRollup('weekly');
export const AnalyticsRatingsMonthly = ratingsRollup('monthly');
