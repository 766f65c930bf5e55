import { Column, Entity, PrimaryColumn } from 'typeorm';

/** How many requests one user made in one app on one day (AnalyticsRollups1796500000003). */
@Entity({ name: 'analytics_user_activity_daily' })
export class AnalyticsUserActivityDaily {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_analytics_user_activity_daily' })
  day!: string;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid', primaryKeyConstraintName: 'PK_analytics_user_activity_daily' })
  organizationId!: string;

  @PrimaryColumn({ name: 'user_id', type: 'uuid', primaryKeyConstraintName: 'PK_analytics_user_activity_daily' })
  userId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'PK_analytics_user_activity_daily' })
  app!: string;

  @Column({ type: 'integer' })
  uses!: number;
}
