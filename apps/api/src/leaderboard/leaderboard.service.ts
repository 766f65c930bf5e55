import { Inject, Injectable, type OnModuleDestroy, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DEFAULT_RIDGE } from '@gennai/arena-stats';
import type { LeaderboardView } from '@gennai/contracts';
import type { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { evaluationScope } from '../evaluation-scope/evaluation-scope';
import type { Caller } from '../identity/caller';
import { ALL_ORGANIZATIONS, OrganizationScope } from '../organizations/organization-scope';
import { MODEL_LABELS, type ModelLabels } from '../usage/usage-report.service';
import { type LeaderboardFilter, type LeaderboardQueryInput, filterIdentity } from './leaderboard-filter';
import { LeaderboardFitPool } from './leaderboard-fit.pool';
import { LeaderboardSnapshotStore } from './leaderboard-snapshot.store';
import { type DataVersion, LeaderboardVotesRepository } from './leaderboard-votes.repository';
import { type FittedLeaderboard, type LeaderboardSettings, leaderboardView, withLabels } from './leaderboard.view';
import { bothBadByModel, pairCountsFromGroups, styledRowsFromGroups } from './vote-groups';

/** Bootstrap rounds of every leaderboard: Chatbot Arena's number, and the speed target (≤ 2 s for 100 models). */
export const BOOTSTRAP_ROUNDS = 1000;
/** Width of the style differences' buckets (41 levels over −1…1; see @gennai/arena-stats style-control.ts). */
export const STYLE_BUCKET_WIDTH = 0.05;

/**
 * The model ranking: which votes (scope and filter), then a cached result while the filter's votes are unchanged, or a
 * fit on the worker pool. A result is reused while the filter's data version (vote count and latest vote) is the one
 * it was computed from — so a new vote, or a battle deleted with its user, makes the next request compute afresh.
 * Concurrent requests for one filter on one replica wait for the same computation; replicas share results through
 * the snapshot table. A request that arrives during a computation gets its result, which may lack the votes cast in
 * those seconds.
 */
@Injectable()
export class LeaderboardService implements OnModuleDestroy {
  private readonly votes: LeaderboardVotesRepository;
  private readonly snapshots: LeaderboardSnapshotStore;
  private readonly computing = new Map<string, Promise<LeaderboardView>>();

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly organizations: OrganizationScope,
    private readonly pool: LeaderboardFitPool,
    @Optional() @Inject(MODEL_LABELS) private readonly modelLabels?: ModelLabels,
  ) {
    this.votes = new LeaderboardVotesRepository(dataSource, config.gateway.quotaTimeZone);
    this.snapshots = new LeaderboardSnapshotStore(dataSource);
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool.close();
  }

  async leaderboard(caller: Caller, query: LeaderboardQueryInput): Promise<LeaderboardView> {
    // The platform-wide ranking is published to every user; asking for one organisation's is an evaluation read
    // that evaluationScope authorises (403 for a plain user, 404 outside an org_admin's subtree).
    const scope = query.organizationId ? evaluationScope(this.organizations, caller, query.organizationId) : ALL_ORGANIZATIONS;
    const filter: LeaderboardFilter = {
      from: query.from ?? null,
      to: query.to ?? null,
      organizationId: query.organizationId ?? null,
      scope,
      category: query.category ?? null,
      app: query.app ?? null,
      styleControl: query.styleControl,
    };
    return this.forFilter(filter);
  }

  /**
   * The ranking of the votes a resolved filter selects (the caller already authorised for its scope): the cached
   * result while those votes are unchanged, or a fit. The analytics dashboards show these ratings beside satisfaction.
   */
  async forFilter(filter: LeaderboardFilter): Promise<LeaderboardView> {
    const identity = filterIdentity(filter);
    const [version, cached] = await Promise.all([this.votes.version(filter), this.snapshots.read(identity.key)]);
    const view = cached && sameVersion(cached.version, version) ? cached.view : await this.computeOnce(filter, identity, version);
    return withLabels(view, (id) => this.modelLabels?.(id));
  }

  /**
   * One computation per filter at a time on this replica. The snapshot is read again first: a computation that ended
   * between this request's first read and now has already written the result this request needs.
   */
  private computeOnce(filter: LeaderboardFilter, identity: ReturnType<typeof filterIdentity>, version: DataVersion): Promise<LeaderboardView> {
    let running = this.computing.get(identity.key);
    if (!running) {
      running = this.snapshots
        .read(identity.key)
        .then((cached) => (cached && sameVersion(cached.version, version) ? cached.view : this.compute(filter, identity)))
        .finally(() => this.computing.delete(identity.key));
      this.computing.set(identity.key, running);
    }
    return running;
  }

  private async compute(filter: LeaderboardFilter, { key, normalised, seed }: ReturnType<typeof filterIdentity>): Promise<LeaderboardView> {
    const started = Date.now();
    const { version, groups, styled } = await this.votes.votes(filter, STYLE_BUCKET_WIDTH);
    const counts = pairCountsFromGroups(groups);
    const settings: LeaderboardSettings = {
      rounds: BOOTSTRAP_ROUNDS,
      seed,
      level: 0.95,
      ridge: DEFAULT_RIDGE,
      bothBad: 'tie',
      bucketWidth: filter.styleControl ? STYLE_BUCKET_WIDTH : null,
    };
    const bootstrap = { rounds: settings.rounds, seed: settings.seed, level: settings.level };
    let fitted: FittedLeaderboard | null = null;
    if (styled) {
      const rows = styledRowsFromGroups(styled.groups, STYLE_BUCKET_WIDTH, styled.votesWithoutStyle);
      if (rows.modelCount > 0) fitted = { kind: 'style', board: await this.pool.styleControlledLeaderboard({ model: 'style-control', rows }, bootstrap) };
    } else if (counts.models.length > 0) {
      fitted = { kind: 'plain', board: await this.pool.leaderboard({ model: 'bradley-terry', counts }, bootstrap) };
    }
    const computedAt = new Date();
    const view = leaderboardView({ filter, counts, bothBad: bothBadByModel(groups), totalVotes: version.votes, fitted, settings, computedAt });
    await this.snapshots.write({ key, filter: normalised, version, view, computedAt, durationMs: computedAt.getTime() - started });
    return view;
  }
}

function sameVersion(a: DataVersion, b: DataVersion): boolean {
  return a.votes === b.votes && (a.lastVotedAt?.getTime() ?? null) === (b.lastVotedAt?.getTime() ?? null);
}
