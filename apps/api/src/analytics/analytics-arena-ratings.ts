import type { LeaderboardService } from '../leaderboard/leaderboard.service';
import type { ArenaRatings } from './analytics-dashboard';

/**
 * Each model's blind-comparison rating for a dashboard: the leaderboard of the same votes the dashboard's filter
 * selects — its period, organisations and task category, and its app (battles are held in `arena`, or in an app set
 * up to compare) — with the leaderboard's cache, so an unchanged set of votes is not fitted again. Without style
 * control: the dashboard shows the plain rating, as the leaderboard does by default.
 */
export function arenaRatingsFrom(leaderboard: LeaderboardService): ArenaRatings {
  return async (filter) => {
    const view = await leaderboard.forFilter({
      from: filter.from,
      to: filter.to,
      // The view's label of the filter only; the votes are selected by the resolved scope.
      organizationId: null,
      scope: filter.scope,
      category: filter.taskCategory ?? null,
      app: filter.app ?? null,
      styleControl: false,
    });
    return new Map(view.entries.map((entry) => [entry.modelId, { rating: entry.rating, lower: entry.lower, upper: entry.upper, votes: entry.votes }]));
  };
}
