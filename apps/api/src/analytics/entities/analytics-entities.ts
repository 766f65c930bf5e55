import { AnalyticsActiveUsersDaily } from './analytics-active-users-daily.entity';
import { AnalyticsRatingsDaily, AnalyticsRatingsMonthly, AnalyticsRatingsWeekly } from './analytics-ratings.entity';
import { AnalyticsRollupState } from './analytics-rollup-state.entity';
import { AnalyticsUsageOrganizationDaily } from './analytics-usage-organization-daily.entity';
import { AnalyticsUsageDaily, AnalyticsUsageMonthly, AnalyticsUsageWeekly } from './analytics-usage.entity';
import { AnalyticsUserActivityDaily, AnalyticsUserActivityYearly } from './analytics-user-activity.entity';

/** Every table the analytics roll-ups keep (AnalyticsRollups1796500000003, AnalyticsUserActivityYearly1796500000006). */
export const ANALYTICS_ENTITIES = [
  AnalyticsUsageDaily,
  AnalyticsUsageWeekly,
  AnalyticsUsageMonthly,
  AnalyticsUsageOrganizationDaily,
  AnalyticsUserActivityDaily,
  AnalyticsUserActivityYearly,
  AnalyticsActiveUsersDaily,
  AnalyticsRatingsDaily,
  AnalyticsRatingsWeekly,
  AnalyticsRatingsMonthly,
  AnalyticsRollupState,
];
