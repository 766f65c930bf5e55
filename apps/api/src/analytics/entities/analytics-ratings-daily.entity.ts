import { Column, Entity, PrimaryColumn } from 'typeorm';

/** いいね／よくない of one day × organisation × app × model × task category (AnalyticsRollups1796500000003). */
@Entity({ name: 'analytics_ratings_daily' })
export class AnalyticsRatingsDaily {
  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_analytics_ratings_daily' })
  day!: string;

  @PrimaryColumn({ name: 'organization_id', type: 'uuid', primaryKeyConstraintName: 'PK_analytics_ratings_daily' })
  organizationId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16, primaryKeyConstraintName: 'PK_analytics_ratings_daily' })
  app!: string;

  @PrimaryColumn({ name: 'model_id', type: 'varchar', length: 200, primaryKeyConstraintName: 'PK_analytics_ratings_daily' })
  modelId!: string;

  @PrimaryColumn({ name: 'task_category', type: 'varchar', length: 32, primaryKeyConstraintName: 'PK_analytics_ratings_daily' })
  taskCategory!: string;

  @Column({ type: 'integer' })
  likes!: number;

  @Column({ type: 'integer' })
  dislikes!: number;
}
