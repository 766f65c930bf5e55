import type { PairCounts } from './pair-counts';

/**
 * rates[i][j]: the share of votes between models[i] and models[j] that went to models[i], ties counting half;
 * null on the diagonal and for pairs that never met. rates[i][j] + rates[j][i] = 1 where both exist.
 */
export interface WinRateMatrix {
  readonly models: readonly string[];
  readonly rates: readonly (readonly (number | null)[])[];
  /** votes[i][j]: how many votes the pair has (0 on the diagonal). */
  readonly votes: readonly (readonly number[])[];
}

/** The matrix over `order` (model names from `counts.models`, e.g. sorted by rating). */
export function winRateMatrix(counts: PairCounts, order: readonly string[] = counts.models): WinRateMatrix {
  const position = new Map(order.map((model, i) => [model, i]));
  const rates: (number | null)[][] = order.map(() => order.map(() => null));
  const votes: number[][] = order.map(() => order.map(() => 0));
  for (let r = 0; r < counts.first.length; r++) {
    const i = position.get(counts.models[counts.first[r]] as string);
    const j = position.get(counts.models[counts.second[r]] as string);
    if (i === undefined || j === undefined) continue;
    const n = counts.firstWins[r] + counts.secondWins[r] + counts.ties[r];
    const share = (counts.firstWins[r] + counts.ties[r] / 2) / n;
    rates[i][j] = share;
    rates[j][i] = 1 - share;
    votes[i][j] = votes[j][i] = n;
  }
  return { models: order, rates, votes };
}
