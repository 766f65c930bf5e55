import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Distinct active users of one day × organisation × app, `*` for any app (AnalyticsRollups1796500000003). */
@Entity({ name: 'analytics_active_users_daily' })
export class AnalyticsActiveUsersDaily {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_analytics_active_users_daily' })
  day!: string;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid', primaryKeyConstraintName: 'PK_analytics_active_users_daily' })
  organizationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'PK_analytics_active_users_daily' })
  app!: string;

  @Column({ type: 'integer' })
  users!: number;
}
