import { Controller, Get, Query } from '@nestjs/common';
import { type AnalyticsDashboardView, analyticsQuerySchema } from '@gennai/contracts';
import { ZodValidationPipe } from '../http/zod-validation.pipe';
import { Roles } from '../identity/access.decorators';
import { type Caller, CurrentCaller } from '../identity/caller';
import { type AnalyticsQueryInput, AnalyticsService } from './analytics.service';

@Controller('evaluation/analytics')
export class AnalyticsController {
  constructor(private readonly analytics: AnalyticsService) {}

  /** The usage dashboard: every organisation for an evaluator or platform_admin, their subtree for an org_admin. */
  @Roles('evaluator', 'platform_admin', 'org_admin')
  @Get()
  dashboard(@CurrentCaller() caller: Caller, @Query(new ZodValidationPipe(analyticsQuerySchema)) query: AnalyticsQueryInput): Promise<AnalyticsDashboardView> {
    return this.analytics.dashboardFor(caller, query);
  }
}
