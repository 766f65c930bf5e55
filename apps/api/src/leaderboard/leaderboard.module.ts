import { Module } from '@nestjs/common';
import { availableParallelism } from 'node:os';
import { GatewayModule } from '../gateway/gateway.module';
import { OrganizationsModule } from '../organizations/organizations.module';
import { LeaderboardController } from './leaderboard.controller';
import { LeaderboardFitPool } from './leaderboard-fit.pool';
import { LeaderboardService } from './leaderboard.service';

/**
 * Worker threads fitting leaderboards: one per core, at most four — a fit splits its bootstrap over all of them, and
 * beyond four the merge and the thread start-up outweigh the gain for 100 models.
 */
const FIT_THREADS = Math.max(1, Math.min(4, availableParallelism()));

/** The model ranking from blind comparisons (GET /api/evaluation/leaderboard). */
@Module({
  imports: [OrganizationsModule, GatewayModule],
  controllers: [LeaderboardController],
  providers: [LeaderboardService, { provide: LeaderboardFitPool, useFactory: () => new LeaderboardFitPool(FIT_THREADS) }],
  // The analytics dashboards show each model's rating beside its satisfaction.
  exports: [LeaderboardService],
})
export class LeaderboardModule {}
