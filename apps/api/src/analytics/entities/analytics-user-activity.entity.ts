import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AnalyticsGrain } from './analytics-grains';

/**
 * How many requests one user made in one app in one period, at one grain (AnalyticsRollups1796500000003):
 * `analytics_user_activity_daily`, `_weekly`, `_monthly`. Distinct-user counts of a long period read a few coarse
 * rows per user instead of one per active day.
 */
function userActivityRollup(grain: AnalyticsGrain) {
  const name = `analytics_user_activity_${grain}`;
  const key = { primaryKeyConstraintName: `PK_${name}` };

  @Entity({ name })
  class UserActivityRollup {
    /** The period's first day (the day itself at the daily grain). */
    @PrimaryColumn({ type: 'date', ...key })
    day!: string;

    /** An app, or ANY_APP for the user's requests in every app together. Second in the key (see the migration). */
    @PrimaryColumn({ type: 'varchar', length: 16, ...key })
    app!: string;

    @PrimaryColumn({ name: 'organization_id', type: 'uuid', ...key })
    organizationId!: string;

    @PrimaryColumn({ name: 'user_id', type: 'uuid', ...key })
    userId!: string;

    @Column({ type: 'integer' })
    uses!: number;
  }
  return UserActivityRollup;
}

export const AnalyticsUserActivityDaily = userActivityRollup('daily');
export const AnalyticsUserActivityWeekly = userActivityRollup('weekly');
export const AnalyticsUserActivityMonthly = userActivityRollup('monthly');
