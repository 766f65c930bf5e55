import { Entity, PrimaryColumn } from 'typeorm';
import { UsageMeasures } from './usage-measures';

/**
 * Requests of one day × organisation × app × currency (AnalyticsRollups1796500000003): the daily chart of a long
 * period without a model or category filter reads ~150 rows a day here instead of ~3,000 in analytics_usage_daily.
 */
@Entity({ name: 'analytics_usage_organization_daily' })
export class AnalyticsUsageOrganizationDaily extends UsageMeasures {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_analytics_usage_organization_daily' })
  day!: string;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid', primaryKeyConstraintName: 'PK_analytics_usage_organization_daily' })
  organizationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'PK_analytics_usage_organization_daily' })
  app!: string;

  @PrimaryColumn({ type: 'varchar', length: 3, primaryKeyConstraintName: 'PK_analytics_usage_organization_daily' })
  currency!: string;
}
