import type { BattleWinner } from '@gennai/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { scopeCondition } from '../organizations/organization-scope';
import type { LeaderboardFilter } from './leaderboard-filter';
import type { StyledVoteGroup, VoteGroup } from './vote-groups';

/** What a cached leaderboard was computed from: the filter's vote count and its latest vote. */
export interface DataVersion {
  readonly votes: number;
  readonly lastVotedAt: Date | null;
}

/** The votes of a filter, counted in SQL (a row per pair and outcome, never a row per vote). */
export interface FilterVotes {
  readonly version: DataVersion;
  readonly groups: VoteGroup[];
  /** Only with style control. */
  readonly styled: { groups: StyledVoteGroup[]; votesWithoutStyle: number } | null;
}

/**
 * Reads the votes of `battles` for a leaderboard: rows with a winner, in the filter's period (by `voted_at`, days in
 * the platform's time zone), organisations, task category and app. Only model ids, outcomes and sizes are read —
 * never prompts or answers, beyond their character counts for style control.
 */
export class LeaderboardVotesRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly timeZone: string,
  ) {}

  /** The filter's data version alone: one index-supported aggregate, read on every request. */
  async version(filter: LeaderboardFilter): Promise<DataVersion> {
    const { where, params } = this.where(filter);
    const [row] = (await this.dataSource.query(`SELECT count(*)::int AS votes, max(b.voted_at) AS last_voted_at FROM battles b WHERE ${where}`, params)) as {
      votes: number;
      last_voted_at: Date | null;
    }[];
    return { votes: row.votes, lastVotedAt: row.last_voted_at };
  }

  /** The counts a fit needs, read in one snapshot so the version stored with the result is the version of these counts. */
  votes(filter: LeaderboardFilter, bucketWidth: number): Promise<FilterVotes> {
    return this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const { where, params } = this.where(filter);
      const rows = (await manager.query(
        `SELECT b.model_a, b.model_b, b.winner, count(*)::int AS votes, max(b.voted_at) AS last_voted_at,
                count(*) FILTER (WHERE b.markdown_a IS NULL OR b.markdown_b IS NULL)::int AS without_style
           FROM battles b WHERE ${where}
          GROUP BY b.model_a, b.model_b, b.winner`,
        params,
      )) as { model_a: string; model_b: string; winner: BattleWinner; votes: number; last_voted_at: Date; without_style: number }[];
      const groups = rows.map((row) => ({ modelA: row.model_a, modelB: row.model_b, winner: row.winner, votes: row.votes }));
      const lastVotedAt = rows.reduce<Date | null>((latest, row) => (latest && latest >= row.last_voted_at ? latest : row.last_voted_at), null);
      const version = { votes: groups.reduce((sum, group) => sum + group.votes, 0), lastVotedAt };
      if (!filter.styleControl) return { version, groups, styled: null };
      const votesWithoutStyle = rows.reduce((sum, row) => sum + row.without_style, 0);
      return { version, groups, styled: { groups: await this.styledGroups(manager, filter, bucketWidth), votesWithoutStyle } };
    });
  }

  /**
   * Votes by pair, outcome and rounded style differences Δ = (x_a − x_b) / (x_a + x_b) (0 when both are 0), as bucket
   * numbers: length in characters of the two answers, markdown elements counted when the battle was recorded.
   */
  private async styledGroups(manager: EntityManager, filter: LeaderboardFilter, bucketWidth: number): Promise<StyledVoteGroup[]> {
    const { where, params } = this.where(filter);
    const width = `$${params.push(bucketWidth)}::float8`;
    const bucket = (a: string, b: string) => `coalesce(round(((${a} - ${b})::float8 / nullif(${a} + ${b}, 0)) / ${width}), 0)::int`;
    const rows = (await manager.query(
      `SELECT s.model_a, s.model_b, s.winner, ${bucket('s.length_a', 's.length_b')} AS length_bucket, ${bucket('s.markdown_a', 's.markdown_b')} AS markdown_bucket,
              count(*)::int AS votes
         FROM (SELECT b.model_a, b.model_b, b.winner, char_length(b.answer_a) AS length_a, char_length(b.answer_b) AS length_b, b.markdown_a, b.markdown_b
                 FROM battles b WHERE ${where} AND b.markdown_a IS NOT NULL AND b.markdown_b IS NOT NULL) s
        GROUP BY 1, 2, 3, 4, 5`,
      params,
    )) as { model_a: string; model_b: string; winner: BattleWinner; length_bucket: number; markdown_bucket: number; votes: number }[];
    return rows.map((row) => ({
      modelA: row.model_a,
      modelB: row.model_b,
      winner: row.winner,
      lengthBucket: row.length_bucket,
      markdownBucket: row.markdown_bucket,
      votes: row.votes,
    }));
  }

  private where(filter: LeaderboardFilter): { where: string; params: unknown[] } {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    const conditions = ['b.winner IS NOT NULL'];
    if (filter.from) conditions.push(`b.voted_at >= ${param(filter.from)}::timestamp AT TIME ZONE ${param(this.timeZone)}`);
    if (filter.to) conditions.push(`b.voted_at < (${param(filter.to)}::timestamp + interval '1 day') AT TIME ZONE ${param(this.timeZone)}`);
    const inScope = scopeCondition(filter.scope, 'b.organization_id', param);
    if (inScope) conditions.push(inScope);
    if (filter.category) conditions.push(`b.task_category = ${param(filter.category)}`);
    if (filter.app) conditions.push(`b.app = ${param(filter.app)}`);
    return { where: conditions.join(' AND '), params };
  }
}
