import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

const DAILY_KEY = { primaryKeyConstraintName: 'PK_analytics_user_activity_daily' };
const YEARLY_KEY = { primaryKeyConstraintName: 'PK_analytics_user_activity_yearly' };

/**
 * How many requests one user made in one app on one day (AnalyticsRollups1796500000003), and in any app (`ANY_APP`).
 * The source of the daily active-user counts and of the yearly rows below. (Its weekly and monthly twins are no longer
 * written or read since AnalyticsUserActivityYearly1796500000006; a later release drops them.)
 */
@Entity({ name: 'analytics_user_activity_daily' })
export class AnalyticsUserActivityDaily {
  @PrimaryColumn({ type: 'date', ...DAILY_KEY })
  day!: string;

  /** An app, or ANY_APP for the user's requests in every app together. Second in the key (see the migration). */
  @PrimaryColumn({ type: 'varchar', length: 16, ...DAILY_KEY })
  app!: string;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid', ...DAILY_KEY })
  organizationId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', ...DAILY_KEY })
  userId!: string;

  @Column({ type: 'integer' })
  uses!: number;
}

/**
 * One user's running total of requests in one app (or ANY_APP) through each day of one calendar year
 * (AnalyticsUserActivityYearly1796500000006; how it is read and rewritten: user-activity-years.ts).
 */
@Entity({ name: 'analytics_user_activity_yearly' })
@Index('IDX_analytics_user_activity_yearly_last_day', ['year', 'lastDay'])
export class AnalyticsUserActivityYearly {
  @PrimaryColumn({ type: 'smallint', ...YEARLY_KEY })
  year!: number;

  @PrimaryColumn({ type: 'varchar', length: 16, ...YEARLY_KEY })
  app!: string;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid', ...YEARLY_KEY })
  organizationId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', ...YEARLY_KEY })
  userId!: string;

  /** The first and last day of the year (1 = 1 January) with a request: the array's bounds. */
  @Column({ name: 'first_day', type: 'smallint' })
  firstDay!: number;

  @Column({ name: 'last_day', type: 'smallint' })
  lastDay!: number;

  /** Requests in the whole year: the array's last element. */
  @Column({ type: 'integer' })
  total!: number;

  /** Whether this is the user's only row for the app and year (false after a transfer to another organisation). */
  @Column({ name: 'only_row', type: 'boolean', default: true })
  onlyRow!: boolean;

  /** Running totals indexed by day of year, from `first_day` to `last_day`. */
  @Column({ name: 'uses_through', type: 'integer', array: true })
  usesThrough!: number[];
}
