import type { AnalyticsDashboardView, AnalyticsQuery } from '@gennai/contracts';
import { api } from '../../shared/api-client';

/** The dashboard for a filter; empty values are left out (the API then uses its defaults: the last 30 days, everything). */
export function fetchDashboard(query: AnalyticsQuery): Promise<AnalyticsDashboardView> {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value) params.set(key, String(value));
  const search = params.toString();
  return api.get<AnalyticsDashboardView>(`/api/evaluation/analytics${search ? `?${search}` : ''}`);
}
