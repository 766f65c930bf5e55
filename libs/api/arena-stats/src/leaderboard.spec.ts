import { describe, expect, it } from 'vitest';
import { computeLeaderboard } from './leaderboard';
import { simulateVotes, trueRatings } from './simulate-votes.test-support';
import { SeededRandom } from './seeded-random';

// Ten models 0.25 log units apart (≈ 43 Elo points): a spread like the top of a public leaderboard.
const truth = Array.from({ length: 10 }, (_, i) => 0.25 * i);

describe('computeLeaderboard on simulated votes', () => {
  it('recovers the true order from 300 votes per pair, and each interval holds the true rating', () => {
    const votes = simulateVotes(new SeededRandom(2024), truth, 300);
    const board = computeLeaderboard(votes, { bootstrap: { rounds: 300, seed: 5 } });
    expect(board.entries.map((e) => e.model)).toEqual([...trueRatings(truth).keys()].reverse());
    for (const entry of board.entries) {
      const expected = trueRatings(truth).get(entry.model) as number;
      expect(entry.lower).toBeLessThanOrEqual(entry.rating);
      expect(entry.upper).toBeGreaterThanOrEqual(entry.rating);
      expect(Math.abs(entry.rating - expected)).toBeLessThan(3 * (entry.upper - entry.lower));
    }
    expect(board.countedVotes).toBe(votes.length);
  });

  it('gives the same intervals for the same seed, and different ones for another seed', () => {
    const votes = simulateVotes(new SeededRandom(7), truth.slice(0, 4), 30);
    const once = computeLeaderboard(votes, { bootstrap: { rounds: 200, seed: 9 } });
    expect(computeLeaderboard(votes, { bootstrap: { rounds: 200, seed: 9 } })).toEqual(once);
    expect(computeLeaderboard(votes, { bootstrap: { rounds: 200, seed: 10 } }).entries[0]?.lower).not.toBe(once.entries[0]?.lower);
  });

  it('covers the true ratings at about the nominal 95% over 200 simulated datasets', () => {
    const strengths = [0, 0.3, 0.5, 0.9, 1.2, 1.3];
    const expected = trueRatings(strengths);
    const random = new SeededRandom(99);
    let covered = 0;
    let intervals = 0;
    for (let dataset = 0; dataset < 200; dataset++) {
      const board = computeLeaderboard(simulateVotes(random, strengths, 40), { bootstrap: { rounds: 200, seed: dataset } });
      for (const entry of board.entries) {
        const truthForModel = expected.get(entry.model) as number;
        if (entry.lower <= truthForModel && truthForModel <= entry.upper) covered++;
        intervals++;
      }
    }
    const coverage = covered / intervals;
    expect(coverage).toBeGreaterThan(0.9);
    expect(coverage).toBeLessThan(0.99);
  });
});
