import { describe, expect, it } from 'vitest';
import type { ArenaVote } from './arena-vote';
import { runFitTask, summaryLength, type FitProblem } from './fit-task';
import { computeLeaderboard, type Leaderboard } from './leaderboard';
import { collapseVotes } from './pair-counts';
import { SeededRandom } from './seeded-random';
import { simulateVotes } from './simulate-votes.test-support';
import { collapseStyledVotes, computeStyleControlledLeaderboard, type StyleControlledLeaderboard } from './style-control';

const ROUNDS = 60;

/** The rounds split into three uneven ranges, computed separately and merged in round order — as the worker pool does. */
function splitRun(problem: FitProblem, seed: number): Leaderboard | StyleControlledLeaderboard {
  const ranges = [
    [0, 7],
    [7, 40],
    [40, ROUNDS],
  ];
  const length = summaryLength(problem);
  const samples = new Float64Array(ROUNDS * length);
  for (const [fromRound, toRound] of ranges) {
    const part = runFitTask({ op: 'samples', problem, seed, fromRound, toRound }) as Float64Array;
    samples.set(part, fromRound * length);
  }
  return runFitTask({ op: 'leaderboard', problem, samples, seed, level: 0.95 }) as Leaderboard | StyleControlledLeaderboard;
}

describe('fit tasks (the leaderboard computed in pieces on worker threads)', () => {
  it('give exactly the single-threaded leaderboard, intervals included, whatever the split', () => {
    const votes = simulateVotes(new SeededRandom(7), [0, 0.4, 0.9, 1.5, 2.2], 40);
    const single = computeLeaderboard(votes, { bootstrap: { rounds: ROUNDS, seed: 11 } });
    const split = splitRun({ model: 'bradley-terry', counts: collapseVotes(votes) }, 11) as Leaderboard;
    expect(split).toEqual(single);
  });

  it('give exactly the single-threaded style-controlled leaderboard', () => {
    const random = new SeededRandom(3);
    const votes: ArenaVote[] = simulateVotes(random, [0, 0.5, 1, 1.5], 30).map((vote) => ({
      ...vote,
      features: { lengthA: 100 + random.nextUint32() % 900, lengthB: 100 + random.nextUint32() % 900, markdownA: random.nextUint32() % 6, markdownB: random.nextUint32() % 6 },
    }));
    const single = computeStyleControlledLeaderboard(votes, { bootstrap: { rounds: ROUNDS, seed: 5 } });
    const split = splitRun({ model: 'style-control', rows: collapseStyledVotes(votes) }, 5);
    expect(split).toEqual(single);
  });
});
