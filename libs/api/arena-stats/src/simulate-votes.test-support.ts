import type { ArenaVote } from './arena-vote';
import { SeededRandom } from './seeded-random';

/**
 * Votes drawn from known log-strengths θ. Ties are drawn so that a tie's half credit keeps each side's expected
 * credit at exactly σ(θ_i − θ_j) (P(tie) = 2τ·min(p, 1 − p)), so the ties-as-half likelihood is the true model
 * and the fitted ratings should cover the true ones.
 */
export function simulateVotes(random: SeededRandom, logStrengths: readonly number[], votesPerPair: number, tieShare = 0.15): ArenaVote[] {
  const votes: ArenaVote[] = [];
  const name = (i: number): string => `model-${String(i).padStart(2, '0')}`;
  for (let i = 0; i < logStrengths.length; i++) {
    for (let j = i + 1; j < logStrengths.length; j++) {
      const p = 1 / (1 + Math.exp(-((logStrengths[i] as number) - (logStrengths[j] as number))));
      const tie = 2 * tieShare * Math.min(p, 1 - p);
      for (let v = 0; v < votesPerPair; v++) {
        const u = random.next();
        const outcome = u < tie ? 'tie' : u < tie + (p - tie / 2) ? 'a' : 'b';
        // Show each model on the left half of the time.
        votes.push(v % 2 === 0 ? { a: name(i), b: name(j), outcome } : { a: name(j), b: name(i), outcome: outcome === 'a' ? 'b' : outcome === 'b' ? 'a' : outcome });
      }
    }
  }
  return votes;
}

export function trueRatings(logStrengths: readonly number[]): Map<string, number> {
  const mean = logStrengths.reduce((sum, t) => sum + t, 0) / logStrengths.length;
  return new Map(logStrengths.map((t, i) => [`model-${String(i).padStart(2, '0')}`, 1000 + (400 / Math.LN10) * (t - mean)]));
}
