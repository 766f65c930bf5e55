import { collapseStyledVotes, collapseVotes, normalisedDifference, type ArenaVote } from '@gennai/arena-stats';
import type { BattleWinner } from '@gennai/contracts';
import { describe, expect, it } from 'vitest';
import { bothBadByModel, pairCountsFromGroups, styledRowsFromGroups, type StyledVoteGroup, type VoteGroup } from './vote-groups';

const WIDTH = 0.05;

/** Votes with every outcome, both seatings of each pair, and style features — some sharing a bucket. */
const VOTES: ArenaVote[] = [
  { a: 'gamma', b: 'alpha', outcome: 'a', features: { lengthA: 300, lengthB: 100, markdownA: 4, markdownB: 0 } },
  { a: 'gamma', b: 'alpha', outcome: 'a', features: { lengthA: 301, lengthB: 100, markdownA: 4, markdownB: 0 } },
  { a: 'alpha', b: 'gamma', outcome: 'a', features: { lengthA: 100, lengthB: 300, markdownA: 0, markdownB: 4 } },
  { a: 'alpha', b: 'gamma', outcome: 'b', features: { lengthA: 500, lengthB: 20, markdownA: 2, markdownB: 2 } },
  { a: 'beta', b: 'alpha', outcome: 'tie', features: { lengthA: 0, lengthB: 0, markdownA: 0, markdownB: 0 } },
  { a: 'alpha', b: 'beta', outcome: 'both_bad', features: { lengthA: 40, lengthB: 60, markdownA: 1, markdownB: 3 } },
  { a: 'beta', b: 'gamma', outcome: 'b', features: { lengthA: 90, lengthB: 10, markdownA: 0, markdownB: 5 } },
  { a: 'gamma', b: 'beta', outcome: 'b', features: { lengthA: 90, lengthB: 10, markdownA: 0, markdownB: 5 } },
];

/** What SQL's GROUP BY returns for the votes: one group per (left, right, winner), or per bucket too for style. */
function groupsOf(votes: readonly ArenaVote[]): VoteGroup[] {
  const groups = new Map<string, VoteGroup & { votes: number }>();
  for (const vote of votes) {
    const key = `${vote.a}|${vote.b}|${vote.outcome}`;
    const group = groups.get(key) ?? { modelA: vote.a, modelB: vote.b, winner: vote.outcome as BattleWinner, votes: 0 };
    group.votes++;
    groups.set(key, group);
  }
  return [...groups.values()];
}

function styledGroupsOf(votes: readonly ArenaVote[]): StyledVoteGroup[] {
  const bucket = (x: number) => Math.round(x / WIDTH);
  const groups = new Map<string, StyledVoteGroup & { votes: number }>();
  for (const vote of votes) {
    const style = vote.features as NonNullable<ArenaVote['features']>;
    const lengthBucket = bucket(normalisedDifference(style.lengthA, style.lengthB));
    const markdownBucket = bucket(normalisedDifference(style.markdownA, style.markdownB));
    const key = `${vote.a}|${vote.b}|${vote.outcome}|${lengthBucket}|${markdownBucket}`;
    const group = groups.get(key) ?? { modelA: vote.a, modelB: vote.b, winner: vote.outcome as BattleWinner, lengthBucket, markdownBucket, votes: 0 };
    group.votes++;
    groups.set(key, group);
  }
  return [...groups.values()];
}

/** Rows as a set of comparable records (row order carries no meaning for the fit). */
function rowSet(rows: ReturnType<typeof styledRowsFromGroups>) {
  return [...rows.first].map((_, r) => ({
    first: rows.models[rows.first[r]],
    second: rows.models[rows.second[r]],
    wins: [rows.firstWins[r], rows.secondWins[r], rows.ties[r]],
    len: Number(rows.covariates[2 * r].toFixed(10)),
    md: Number(rows.covariates[2 * r + 1].toFixed(10)),
  }));
}

describe('votes counted in SQL, as the fit’s input', () => {
  it('are exactly the pair counts the library collapses from single votes ("both bad" as a tie)', () => {
    expect(pairCountsFromGroups(groupsOf(VOTES))).toEqual(collapseVotes(VOTES));
  });

  it('are exactly the library’s style rows: oriented from the first model, Δs negated when seated the other way', () => {
    const fromGroups = styledRowsFromGroups(styledGroupsOf(VOTES), WIDTH, 3);
    const fromVotes = collapseStyledVotes(VOTES, { bucketWidth: WIDTH });
    expect(fromGroups.models).toEqual(fromVotes.models);
    expect(fromGroups.votesWithoutStyle).toBe(3);
    const sort = (rows: ReturnType<typeof rowSet>) => [...rows].sort((x, y) => JSON.stringify(x).localeCompare(JSON.stringify(y)));
    expect(sort(rowSet(fromGroups))).toEqual(sort(rowSet({ ...fromVotes, votesWithoutStyle: 0 })));
  });

  it('count "both bad" votes for each of the two models', () => {
    expect(Object.fromEntries(bothBadByModel(groupsOf(VOTES)))).toEqual({ alpha: 1, beta: 1 });
  });
});
