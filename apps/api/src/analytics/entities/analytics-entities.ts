import { AnalyticsActiveUsersDaily } from './analytics-active-users-daily.entity';
import { AnalyticsRatingsDaily, AnalyticsRatingsMonthly, AnalyticsRatingsWeekly } from './analytics-ratings.entity';
import { AnalyticsRollupState } from './analytics-rollup-state.entity';
import { AnalyticsUsageOrganizationDaily } from './analytics-usage-organization-daily.entity';
import { AnalyticsUsageDaily, AnalyticsUsageMonthly, AnalyticsUsageWeekly } from './analytics-usage.entity';
import { AnalyticsUserActivityDaily, AnalyticsUserActivityMonthly, AnalyticsUserActivityWeekly } from './analytics-user-activity.entity';

/** Every table of AnalyticsRollups1796500000003, for the DataSource's entity list. */
export const ANALYTICS_ENTITIES = [
  AnalyticsUsageDaily,
  AnalyticsUsageWeekly,
  AnalyticsUsageMonthly,
  AnalyticsUsageOrganizationDaily,
  AnalyticsUserActivityDaily,
  AnalyticsUserActivityWeekly,
  AnalyticsUserActivityMonthly,
  AnalyticsActiveUsersDaily,
  AnalyticsRatingsDaily,
  AnalyticsRatingsWeekly,
  AnalyticsRatingsMonthly,
  AnalyticsRollupState,
];
