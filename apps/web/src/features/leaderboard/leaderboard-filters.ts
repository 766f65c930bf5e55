import { isoDay } from '../../shared/format-number';

/** The period choices of the ranking's filter form. */
export const PERIOD_PRESETS = ['all', 'last30', 'last90', 'fiscalYear', 'custom'] as const;
export type PeriodPreset = (typeof PERIOD_PRESETS)[number];

/** Where battles are held, as stored in `battles.app`. */
export const BATTLE_APPS = ['arena', 'chat', 'api'] as const;

export interface LeaderboardFilters {
  period: PeriodPreset;
  /** Only with `custom`. */
  from: string;
  to: string;
  organizationId: string;
  category: string;
  app: string;
  styleControl: boolean;
}

export const DEFAULT_FILTERS: LeaderboardFilters = { period: 'all', from: '', to: '', organizationId: '', category: '', app: '', styleControl: false };

/**
 * The days a preset covers, ending today (in the browser's calendar; the API counts days in the platform's time zone,
 * Japan time, which is the same calendar for the staff using it). A Japanese fiscal year starts on 1 April.
 */
export function periodRange(filters: Pick<LeaderboardFilters, 'period' | 'from' | 'to'>, today: Date): { from?: string; to?: string } {
  switch (filters.period) {
    case 'all':
      return {};
    case 'last30':
      return { from: isoDay(today, 29), to: isoDay(today) };
    case 'last90':
      return { from: isoDay(today, 89), to: isoDay(today) };
    case 'fiscalYear': {
      const year = today.getMonth() >= 3 ? today.getFullYear() : today.getFullYear() - 1;
      return { from: `${year}-04-01`, to: isoDay(today) };
    }
    case 'custom':
      return { ...(filters.from && { from: filters.from }), ...(filters.to && { to: filters.to }) };
  }
}

/** GET /api/evaluation/leaderboard's query for the filters (empty choices left out). */
export function leaderboardQuery(filters: LeaderboardFilters, today: Date): URLSearchParams {
  const query = new URLSearchParams(periodRange(filters, today));
  if (filters.organizationId) query.set('organizationId', filters.organizationId);
  if (filters.category) query.set('category', filters.category);
  if (filters.app) query.set('app', filters.app);
  if (filters.styleControl) query.set('styleControl', 'true');
  return query;
}
