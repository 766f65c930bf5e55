import { Module } from '@nestjs/common';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsRollupScheduler } from './analytics-rollup.scheduler';
import { AnalyticsService } from './analytics.service';

/**
 * Usage analytics (issue 5, item 6): the roll-up of raw usage records and ratings into daily tables, on a schedule,
 * and the dashboards that read only those tables. Uses the global organisation scope and model catalogue.
 */
@Module({
  controllers: [AnalyticsController],
  providers: [AnalyticsService, AnalyticsRollupScheduler],
  exports: [AnalyticsRollupScheduler],
})
export class AnalyticsModule {}
