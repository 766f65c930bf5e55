import { Module } from '@nestjs/common';
import { LeaderboardModule } from '../leaderboard/leaderboard.module';
import { LeaderboardService } from '../leaderboard/leaderboard.service';
import { arenaRatingsFrom } from './analytics-arena-ratings';
import { AnalyticsController } from './analytics.controller';
import { AnalyticsRollupScheduler } from './analytics-rollup.scheduler';
import { ARENA_RATINGS, AnalyticsService } from './analytics.service';

/**
 * Usage analytics (issue 5, item 6): the roll-up of raw usage records and ratings into daily, weekly and monthly
 * tables, on a schedule, and the dashboards that read only those tables — with each model's arena rating from the
 * leaderboard. Uses the global organisation scope and model catalogue.
 */
@Module({
  imports: [LeaderboardModule],
  controllers: [AnalyticsController],
  providers: [AnalyticsService, AnalyticsRollupScheduler, { provide: ARENA_RATINGS, useFactory: arenaRatingsFrom, inject: [LeaderboardService] }],
  exports: [AnalyticsRollupScheduler],
})
export class AnalyticsModule {}
