import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ANALYTICS_DEFAULT_DAYS, ANALYTICS_MAX_DAYS, type AnalyticsDashboardView, type analyticsQuerySchema } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import type { z } from 'zod';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { evaluationScope } from '../evaluation-scope/evaluation-scope';
import { ApiException } from '../http/api.exception';
import type { Caller } from '../identity/caller';
import { OrganizationScope } from '../organizations/organization-scope';
import { addDays, daysBetween, QuotaCalendar } from '../quotas/quota-calendar';
import { MODEL_LABELS, type ModelLabels } from '../usage/usage-report.service';
import { AnalyticsDashboard, type ArenaRatings } from './analytics-dashboard';
import { AnalyticsQueries } from './analytics-queries';

/** GET /api/evaluation/analytics query, after validation. */
export type AnalyticsQueryInput = z.output<typeof analyticsQuerySchema>;

/** Arena ratings per model for the dashboards' filter: the leaderboard's (analytics-arena-ratings.ts). */
export const ARENA_RATINGS = Symbol('ARENA_RATINGS');

/** The analytics dashboards (docs/user/evaluation.md), scoped by evaluationScope, read from the daily roll-ups. */
@Injectable()
export class AnalyticsService {
  private readonly calendar: QuotaCalendar;
  private readonly dashboard: AnalyticsDashboard;

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly organizations: OrganizationScope,
    @Inject(ARENA_RATINGS) arenaRatings: ArenaRatings,
    @Optional() @Inject(MODEL_LABELS) modelLabels?: ModelLabels,
  ) {
    this.calendar = new QuotaCalendar(config.gateway.quotaTimeZone);
    const label = (modelId: string) => modelLabels?.(modelId) ?? modelId;
    this.dashboard = new AnalyticsDashboard(new AnalyticsQueries(dataSource, this.calendar.timeZone), label, arenaRatings);
  }

  dashboardFor(caller: Caller, query: AnalyticsQueryInput): Promise<AnalyticsDashboardView> {
    const scope = evaluationScope(this.organizations, caller, query.organizationId);
    return this.dashboard.build({ ...this.range(query), scope, app: query.app, modelId: query.modelId, taskCategory: query.taskCategory });
  }

  /** Defaults to the last 30 days up to today; at most ANALYTICS_MAX_DAYS days. */
  private range(query: AnalyticsQueryInput): { from: string; to: string } {
    const to = query.to ?? this.calendar.dateAt(Date.now());
    const from = query.from ?? addDays(to, 1 - ANALYTICS_DEFAULT_DAYS);
    const days = daysBetween(from, to) + 1;
    if (days < 1 || days > ANALYTICS_MAX_DAYS) {
      throw new ApiException(400, 'validation_failed', {}, [{ field: 'from', kind: 'out_of_range', params: { max: ANALYTICS_MAX_DAYS } }]);
    }
    return { from, to };
  }
}
