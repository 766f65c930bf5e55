import { describe, expect, it } from 'vitest';
import type { ArenaVote } from './arena-vote';
import { computeLeaderboard } from './leaderboard';
import { SeededRandom } from './seeded-random';
import { collapseStyledVotes, computeStyleControlledLeaderboard } from './style-control';

/**
 * Four models of equal strength; "verbose" writes answers three times as long as the others, and voters reward
 * length: P(a ≻ b) = σ(β·Δlen) with β = 1. The plain leaderboard credits verbose with the voters' taste for length;
 * style control should put it back level with the others and estimate β ≈ 1.
 */
function verboseVotes(seed: number, perPair: number): ArenaVote[] {
  const random = new SeededRandom(seed);
  const models = ['concise-1', 'concise-2', 'concise-3', 'verbose'];
  const votes: ArenaVote[] = [];
  for (let i = 0; i < models.length; i++) {
    for (let j = i + 1; j < models.length; j++) {
      for (let v = 0; v < perPair; v++) {
        const lengthOf = (model: string): number => (model === 'verbose' ? 900 : 300) * (0.5 + random.next());
        const [lengthA, lengthB] = [lengthOf(models[i] as string), lengthOf(models[j] as string)];
        const markdownA = Math.floor(random.next() * 4);
        const markdownB = Math.floor(random.next() * 4);
        const delta = (lengthA - lengthB) / (lengthA + lengthB);
        const outcome = random.next() < 1 / (1 + Math.exp(-delta)) ? 'a' : 'b';
        votes.push({ a: models[i] as string, b: models[j] as string, outcome, features: { lengthA, lengthB, markdownA, markdownB } });
      }
    }
  }
  return votes;
}

describe('computeStyleControlledLeaderboard', () => {
  it('removes the advantage a model gets only from longer answers, and measures the voters’ taste for length', () => {
    const votes = verboseVotes(1, 1500);
    const plain = computeLeaderboard(votes, { bootstrap: { rounds: 100 } });
    expect(plain.entries[0]?.model).toBe('verbose');
    expect((plain.entries[0]?.rating as number) - 1000).toBeGreaterThan(30);

    const styled = computeStyleControlledLeaderboard(votes, { bootstrap: { rounds: 100 } });
    for (const entry of styled.entries) expect(Math.abs(entry.rating - 1000)).toBeLessThan(15);
    const verbose = styled.entries.find((e) => e.model === 'verbose');
    expect(verbose && verbose.lower < 1000 && 1000 < verbose.upper).toBe(true);
    expect(styled.coefficients.length.lower).toBeLessThan(1);
    expect(styled.coefficients.length.upper).toBeGreaterThan(1);
    expect(Math.abs(styled.coefficients.markdown.estimate)).toBeLessThan(0.2); // voters here ignore markdown
  });

  it('collapses votes by pair and rounded style difference, far fewer rows than votes', () => {
    const votes = verboseVotes(2, 500);
    const rows = collapseStyledVotes(votes);
    expect(rows.first.length).toBeLessThan(votes.length / 3);
    let total = 0;
    for (let r = 0; r < rows.first.length; r++) total += rows.firstWins[r] + rows.secondWins[r] + rows.ties[r];
    expect(total).toBe(votes.length);
    // Exact Δs (no buckets) barely change the estimates.
    const bucketed = computeStyleControlledLeaderboard(votes, { bootstrap: { rounds: 20 } });
    const exact = computeStyleControlledLeaderboard(votes, { bucketWidth: 0, bootstrap: { rounds: 20 } });
    expect(Math.abs(bucketed.coefficients.length.estimate - exact.coefficients.length.estimate)).toBeLessThan(0.05);
  });

  it('leaves out votes without style features and says how many', () => {
    const votes: ArenaVote[] = [...verboseVotes(3, 50), { a: 'concise-1', b: 'verbose', outcome: 'a' }];
    const styled = computeStyleControlledLeaderboard(votes, { bootstrap: { rounds: 10 } });
    expect(styled.votesWithoutStyle).toBe(1);
    expect(styled.countedVotes).toBe(votes.length - 1);
  });
});
