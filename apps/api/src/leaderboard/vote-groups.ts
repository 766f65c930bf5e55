import { StyledRowsBuilder, type PairCounts, type StyledRows } from '@gennai/arena-stats';
import type { BattleWinner } from '@gennai/contracts';

/** Votes of one (left model, right model, winner) as counted by SQL. */
export interface VoteGroup {
  readonly modelA: string;
  readonly modelB: string;
  readonly winner: BattleWinner;
  readonly votes: number;
}

/** Votes of one (left model, right model, winner, length bucket, markdown bucket): Δ = bucket × width, Δ of a vs b. */
export interface StyledVoteGroup extends VoteGroup {
  readonly lengthBucket: number;
  readonly markdownBucket: number;
}

/**
 * Per-model vote counts and the fit's input built from votes counted in SQL, so the API never holds one row per vote:
 * "both bad" counts as a tie (as Chatbot Arena does, and the library's default), and each row is oriented from the
 * model that sorts first — the order @gennai/arena-stats uses, so these rows are exactly what `collapseVotes` makes.
 */
export function pairCountsFromGroups(groups: readonly VoteGroup[]): PairCounts {
  const models = modelsOf(groups);
  const index = new Map(models.map((model, i) => [model, i]));
  const rows = new Map<number, { first: number; second: number; firstWins: number; secondWins: number; ties: number }>();
  let bothBadVotes = 0;
  for (const group of groups) {
    const a = index.get(group.modelA) as number;
    const b = index.get(group.modelB) as number;
    const [first, second] = a < b ? [a, b] : [b, a];
    const key = first * models.length + second;
    let row = rows.get(key);
    if (!row) rows.set(key, (row = { first, second, firstWins: 0, secondWins: 0, ties: 0 }));
    if (group.winner === 'tie' || group.winner === 'both_bad') row.ties += group.votes;
    else if ((group.winner === 'a') === (a === first)) row.firstWins += group.votes;
    else row.secondWins += group.votes;
    if (group.winner === 'both_bad') bothBadVotes += group.votes;
  }
  const list = [...rows.entries()].sort(([x], [y]) => x - y).map(([, row]) => row);
  return {
    models,
    first: Int32Array.from(list, (row) => row.first),
    second: Int32Array.from(list, (row) => row.second),
    firstWins: Float64Array.from(list, (row) => row.firstWins),
    secondWins: Float64Array.from(list, (row) => row.secondWins),
    ties: Float64Array.from(list, (row) => row.ties),
    bothBadVotes,
  };
}

/** "Both bad" votes per model (they count as ties in the fit; the table shows them apart). */
export function bothBadByModel(groups: readonly VoteGroup[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const group of groups) {
    if (group.winner !== 'both_bad') continue;
    for (const model of [group.modelA, group.modelB]) counts.set(model, (counts.get(model) ?? 0) + group.votes);
  }
  return counts;
}

/**
 * The style-controlled fit's rows from votes counted by (pair, winner, Δ buckets) in SQL — what the library's
 * `collapseStyledVotes` makes from single votes (both go through its `StyledRowsBuilder`): a row per oriented pair
 * and bucket, the buckets negated when the vote had the pair the other way round.
 */
export function styledRowsFromGroups(groups: readonly StyledVoteGroup[], bucketWidth: number, votesWithoutStyle: number): StyledRows {
  const builder = new StyledRowsBuilder(modelsOf(groups), bucketWidth);
  for (const group of groups) builder.addBuckets(group.modelA, group.modelB, group.lengthBucket, group.markdownBucket, group.winner, group.votes);
  return builder.rows(votesWithoutStyle);
}

/** Models in the groups, sorted as the library sorts them (plain string order). */
function modelsOf(groups: readonly VoteGroup[]): string[] {
  return [...new Set(groups.flatMap((group) => [group.modelA, group.modelB]))].sort();
}
