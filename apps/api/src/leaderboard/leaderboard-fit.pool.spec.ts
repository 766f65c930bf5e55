import { collapseVotes, computeLeaderboard, type ArenaVote } from '@gennai/arena-stats';
import { afterAll, describe, expect, it } from 'vitest';
import { LeaderboardFitPool, splitRounds } from './leaderboard-fit.pool';

/** 40 votes a pair between three models, the stronger one winning two in three. */
const VOTES: ArenaVote[] = [
  ['alpha', 'beta'],
  ['beta', 'gamma'],
  ['alpha', 'gamma'],
].flatMap(([a, b]) => Array.from({ length: 40 }, (_, v): ArenaVote => ({ a, b, outcome: v % 3 === 0 ? 'b' : v % 10 === 1 ? 'tie' : 'a' })));

describe('LeaderboardFitPool (real worker threads)', () => {
  const pool = new LeaderboardFitPool(2);
  afterAll(() => pool.close());

  it('gives exactly the single-threaded leaderboard, and serves several at once', async () => {
    const single = computeLeaderboard(VOTES, { bootstrap: { rounds: 50, seed: 9 } });
    const problem = { model: 'bradley-terry', counts: collapseVotes(VOTES) } as const;
    const boards = await Promise.all([1, 2, 3].map(() => pool.leaderboard(problem, { rounds: 50, seed: 9, level: 0.95 })));
    for (const board of boards) expect(board).toEqual(single);
  });

  it('fails the task, not the process, when the statistics refuse the input', async () => {
    const counts = { ...collapseVotes(VOTES) };
    await expect(pool.leaderboard({ model: 'bradley-terry', counts, ridge: -1 }, { rounds: 10, seed: 1, level: 0.95 })).rejects.toThrow(/ridge must be ≥ 0/);
    // The pool still works afterwards.
    expect((await pool.leaderboard({ model: 'bradley-terry', counts }, { rounds: 10, seed: 1, level: 0.95 })).entries).toHaveLength(3);
  });
});

describe('splitRounds', () => {
  it('splits rounds into contiguous ranges as even as possible, never an empty one', () => {
    expect(splitRounds(1000, 2)).toEqual([
      [0, 500],
      [500, 1000],
    ]);
    expect(splitRounds(10, 3)).toEqual([
      [0, 3],
      [3, 6],
      [6, 10],
    ]);
    expect(splitRounds(2, 4)).toEqual([
      [0, 1],
      [1, 2],
    ]);
  });
});
