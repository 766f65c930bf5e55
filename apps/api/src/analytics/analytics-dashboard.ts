import {
  type AnalyticsAppView,
  type AnalyticsArenaRatingView,
  type AnalyticsCategoryView,
  type AnalyticsDashboardView,
  type AnalyticsModelView,
  type AnalyticsOrganizationView,
  type AnalyticsSatisfactionView,
  type AnalyticsUsageView,
  CURRENCIES,
  type Currency,
  USE_BUCKETS,
  type UsageApp,
  type UseDistributionView,
} from '@gennai/contracts';
import { addDays } from '../quotas/quota-calendar';
import { type AnalyticsFilter, AnalyticsQueries, type OrganizationPeople, type RatingsGroup, type UsageGroup, type UsageSums } from './analytics-queries';
import { latencyQuantile } from './latency-histogram';
import { mergeSmallGroups } from './organization-groups';

/** Arena ratings per model for a filter — the leaderboard's, when the leaderboard module provides them. */
export type ArenaRatings = (filter: AnalyticsFilter) => Promise<ReadonlyMap<string, AnalyticsArenaRatingView>>;

const NO_USAGE: UsageSums = {
  requests: 0,
  failedRequests: 0,
  inputTokens: 0,
  outputTokens: 0,
  costs: Object.fromEntries(CURRENCIES.map((currency) => [currency, 0])) as Record<Currency, number>,
  latencySumMs: 0,
  timeToFirstTokenSumMs: 0,
  timeToFirstTokenCount: 0,
};
const NO_PEOPLE = Object.fromEntries(USE_BUCKETS.map(({ id }) => [id, 0])) as UseDistributionView;

/**
 * One dashboard from the roll-ups: the queries of AnalyticsQueries side by side, put together into the view.
 * Free of Nest, so the benchmark times exactly what the API runs.
 */
export class AnalyticsDashboard {
  constructor(
    private readonly queries: AnalyticsQueries,
    private readonly modelLabel: (modelId: string) => string = (modelId) => modelId,
    private readonly arenaRatings?: ArenaRatings,
  ) {}

  async build(filter: AnalyticsFilter): Promise<AnalyticsDashboardView> {
    const [usage, usageByDay, histograms, ratings, daily, appUsers, people, rolledUpAt, arena] = await Promise.all([
      this.queries.usage(filter),
      this.queries.usageByDay(filter),
      this.queries.latencyHistograms(filter),
      this.queries.ratings(filter),
      this.queries.dailyActiveUsers(filter),
      this.queries.activeUsersByApp(filter),
      this.queries.people(filter),
      this.queries.rolledUpAt(),
      this.arenaRatings?.(filter) ?? Promise.resolve(new Map<string, AnalyticsArenaRatingView>()),
    ]);
    const usageOf = groupsBy([...usage, ...usageByDay]);
    const ratingsOf = groupsBy(ratings);
    const total = usageOf('total').get('') ?? NO_USAGE;
    const totalPeople = sumPeople(people);
    const activeUsers = totalPeople.registeredUsers - totalPeople.buckets.never;

    const organizations = await this.organizations(people, usageOf('organization'), ratingsOf('organization'));
    return {
      from: filter.from,
      to: filter.to,
      rolledUpAt: rolledUpAt?.toISOString() ?? null,
      totals: {
        ...usageView(total, histograms.get('')),
        ...satisfactionView(ratingsOf('total').get('')),
        registeredUsers: totalPeople.registeredUsers,
        activeUsers,
        usesPerActiveUser: activeUsers ? total.requests / activeUsers : null,
        distribution: totalPeople.buckets,
      },
      days: daysOf(filter).map((day) => ({ day, activeUsers: daily.get(day) ?? 0, ...usageView(usageOf('day').get(day) ?? NO_USAGE) })),
      apps: [...usageOf('app')].map(([app, sums]): AnalyticsAppView => {
        const users = appUsers.get(app) ?? 0;
        return { app: app as UsageApp, activeUsers: users, usesPerActiveUser: users ? sums.requests / users : null, ...usageView(sums) };
      }),
      models: [...new Set([...usageOf('model').keys(), ...ratingsOf('model').keys()])].map(
        (modelId): AnalyticsModelView => ({
          modelId,
          label: this.modelLabel(modelId),
          ...usageView(usageOf('model').get(modelId) ?? NO_USAGE, histograms.get(modelId)),
          ...satisfactionView(ratingsOf('model').get(modelId)),
          arena: arena.get(modelId) ?? null,
        }),
      ),
      categories: [...new Set([...usageOf('category').keys(), ...ratingsOf('category').keys()])].map(
        (taskCategory): AnalyticsCategoryView => ({
          taskCategory,
          ...usageView(usageOf('category').get(taskCategory) ?? NO_USAGE),
          ...satisfactionView(ratingsOf('category').get(taskCategory)),
        }),
      ),
      organizations,
    };
  }

  /** One row per organisation with its people and usage; those too small to show alone merged into 「その他」. */
  private async organizations(
    people: OrganizationPeople[],
    usage: ReadonlyMap<string, UsageSums>,
    ratings: ReadonlyMap<string, RatingsGroup>,
  ): Promise<AnalyticsOrganizationView[]> {
    const ids = [...new Set([...people.map((row) => row.organizationId), ...usage.keys(), ...ratings.keys()])];
    const peopleOf = new Map(people.map((row) => [row.organizationId, row]));
    const rows = ids.map((id) => {
      const sums = usage.get(id) ?? NO_USAGE;
      const rated = ratings.get(id);
      const counted = peopleOf.get(id) ?? { organizationId: id, registeredUsers: 0, buckets: NO_PEOPLE };
      return {
        id,
        sums,
        rated: rated ?? { likes: 0, dislikes: 0 },
        people: counted,
        registeredUsers: counted.registeredUsers,
        activeUsers: counted.registeredUsers - counted.buckets.never,
        measured: sums.requests > 0 || (rated ? rated.likes + rated.dislikes > 0 : false),
      };
    });
    type Row = (typeof rows)[number];
    const merged = mergeSmallGroups<Row & { organizations: number }>(
      rows.map((row) => ({ ...row, organizations: 1 })),
      (small) => {
        const people = sumPeople(small.map((row) => row.people));
        const sums = small.reduce((sum, row) => addUsage(sum, row.sums), NO_USAGE);
        const rated = small.reduce((sum, row) => ({ likes: sum.likes + row.rated.likes, dislikes: sum.dislikes + row.rated.dislikes }), { likes: 0, dislikes: 0 });
        return {
          id: '',
          sums,
          rated,
          people: { organizationId: '', ...people },
          registeredUsers: people.registeredUsers,
          activeUsers: people.registeredUsers - people.buckets.never,
          measured: small.some((row) => row.measured),
          organizations: small.length,
        };
      },
    );
    const names = await this.queries.organizationNames(merged.filter((row) => row.id).map((row) => row.id));
    return merged
      .map(
        (row): AnalyticsOrganizationView => ({
          organizationId: row.id || null,
          name: row.id ? (names.get(row.id) ?? row.id) : null,
          organizations: row.organizations,
          registeredUsers: row.registeredUsers,
          activeUsers: row.activeUsers,
          distribution: row.people.buckets,
          ...usageView(row.sums),
          ...satisfactionView(row.rated),
        }),
      )
      .sort((a, b) => (a.organizationId === null ? 1 : b.organizationId === null ? -1 : b.registeredUsers - a.registeredUsers));
  }
}

function groupsBy<G extends UsageGroup | RatingsGroup>(groups: readonly G[]): (dimension: G['dimension']) => ReadonlyMap<string, G> {
  const byDimension = new Map<string, Map<string, G>>();
  for (const group of groups) {
    const of = byDimension.get(group.dimension) ?? new Map<string, G>();
    of.set(group.key, group);
    byDimension.set(group.dimension, of);
  }
  return (dimension) => byDimension.get(dimension) ?? new Map();
}

/** The measures of a group of requests; the p95 only where its latency histogram was summed (per model, in total). */
function usageView(sums: UsageSums, latencyHistogram?: readonly number[]): AnalyticsUsageView {
  const { requests } = sums;
  return {
    requests,
    failedRequests: sums.failedRequests,
    errorRate: requests ? sums.failedRequests / requests : null,
    inputTokens: sums.inputTokens,
    outputTokens: sums.outputTokens,
    costs: sums.costs,
    meanLatencyMs: requests ? Math.round(sums.latencySumMs / requests) : null,
    p95LatencyMs: latencyHistogram ? latencyQuantile(latencyHistogram, 0.95) : null,
    meanTimeToFirstTokenMs: sums.timeToFirstTokenCount ? Math.round(sums.timeToFirstTokenSumMs / sums.timeToFirstTokenCount) : null,
  };
}

function satisfactionView(group: Pick<RatingsGroup, 'likes' | 'dislikes'> | undefined): AnalyticsSatisfactionView {
  const likes = group?.likes ?? 0;
  const dislikes = group?.dislikes ?? 0;
  return { likes, dislikes, likeRatio: likes + dislikes ? likes / (likes + dislikes) : null };
}

function addUsage(a: UsageSums, b: UsageSums): UsageSums {
  return {
    requests: a.requests + b.requests,
    failedRequests: a.failedRequests + b.failedRequests,
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    costs: Object.fromEntries(CURRENCIES.map((currency) => [currency, a.costs[currency] + b.costs[currency]])) as Record<Currency, number>,
    latencySumMs: a.latencySumMs + b.latencySumMs,
    timeToFirstTokenSumMs: a.timeToFirstTokenSumMs + b.timeToFirstTokenSumMs,
    timeToFirstTokenCount: a.timeToFirstTokenCount + b.timeToFirstTokenCount,
  };
}

function sumPeople(rows: readonly Pick<OrganizationPeople, 'registeredUsers' | 'buckets'>[]): Pick<OrganizationPeople, 'registeredUsers' | 'buckets'> {
  const buckets = { ...NO_PEOPLE };
  let registeredUsers = 0;
  for (const row of rows) {
    registeredUsers += row.registeredUsers;
    for (const { id } of USE_BUCKETS) buckets[id] += row.buckets[id];
  }
  return { registeredUsers, buckets };
}

function daysOf(filter: AnalyticsFilter): string[] {
  const days: string[] = [];
  for (let day = filter.from; day <= filter.to; day = addDays(day, 1)) days.push(day);
  return days;
}
