import { Controller, Get, Query } from '@nestjs/common';
import { leaderboardQuerySchema, type LeaderboardView } from '@gennai/contracts';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import type { LeaderboardQueryInput } from './leaderboard-filter';
import { LeaderboardService } from './leaderboard.service';

@Controller('evaluation/leaderboard')
export class LeaderboardController {
  constructor(private readonly leaderboards: LeaderboardService) {}

  /**
   * The model ranking from blind comparisons. Every user reads the platform-wide ranking; filtering by organisation is
   * for evaluators (any organisation), platform administrators and organisation administrators (their subtree).
   */
  @Roles('user', 'evaluator', 'platform_admin', 'org_admin')
  @Get()
  leaderboard(@CurrentCaller() caller: Caller, @Query(new ZodValidationPipe(leaderboardQuerySchema)) query: LeaderboardQueryInput): Promise<LeaderboardView> {
    return this.leaderboards.leaderboard(caller, query);
  }
}
