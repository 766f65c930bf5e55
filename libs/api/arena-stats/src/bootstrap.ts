import { OutcomeResampler } from './binomial-sampler';
import type { ComparisonModelFitter, ComparisonRows } from './comparison-model-fitter';
import { SeededRandom } from './seeded-random';

/**
 * Bootstrap refits stop when no log-strength moves by more than 1e-8 (2·10⁻⁶ Elo points): far below the Monte
 * Carlo error of a 1,000-round percentile (tenths of a point), and one or two chord steps fewer than 1e-10.
 */
const BOOTSTRAP_TOLERANCE = 1e-8;

export interface BootstrapOptions {
  /** Resampled datasets; default 1,000. */
  readonly rounds?: number;
  /** PRNG seed; the same seed and votes give the same intervals. Default 1. */
  readonly seed?: number;
  /** Coverage of the percentile interval; default 0.95 (2.5th to 97.5th percentile). */
  readonly level?: number;
}

export interface BootstrapIntervals {
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly rounds: number;
  readonly seed: number;
  readonly level: number;
}

/**
 * Percentile bootstrap of anything computed from a fit (the ratings; for style control also the coefficients).
 *
 * Each round resamples the votes of every row with replacement — (first wins, second wins, ties) ~
 * Multinomial(n_row, observed proportions) — and refits from the point estimate. Drawing the counts of a row
 * directly is the same in distribution as drawing its n votes one by one, at O(1) instead of O(n) per row, so a
 * round costs O(rows) to resample however many votes there are. The number of votes in each row stays fixed
 * (a bootstrap stratified by pair): which pairs met how often is set by the sampling policy, not by the models,
 * so holding it fixed removes noise that says nothing about the models' strengths.
 */
export function bootstrapIntervals(
  fitter: ComparisonModelFitter,
  rows: ComparisonRows,
  pointParameters: Float64Array,
  summarise: (parameters: Float64Array, into: Float64Array) => Float64Array,
  summaryLength: number,
  options: BootstrapOptions = {},
): BootstrapIntervals {
  const rounds = options.rounds ?? 1000;
  const seed = options.seed ?? 1;
  const level = options.level ?? 0.95;
  const samples = bootstrapSamples(fitter, rows, pointParameters, summarise, summaryLength, { seed, fromRound: 0, toRound: rounds });
  return { ...percentileIntervals(samples, summaryLength, level), rounds, seed, level };
}

/**
 * Rounds [fromRound, toRound) of the bootstrap, as rows of `summaryLength` values. Round r draws from its own
 * random stream (seed, r), so rounds can be split over worker threads and the merged samples are identical to a
 * single-threaded run.
 */
export function bootstrapSamples(
  fitter: ComparisonModelFitter,
  rows: ComparisonRows,
  pointParameters: Float64Array,
  summarise: (parameters: Float64Array, into: Float64Array) => Float64Array,
  summaryLength: number,
  range: { readonly seed: number; readonly fromRound: number; readonly toRound: number },
): Float64Array {
  const rounds = range.toRound - range.fromRound;
  if (!(rounds >= 1)) throw new RangeError('bootstrap needs at least one round');
  const rowCount = rows.first.length;
  const firstWins = new Float64Array(rowCount);
  const secondWins = new Float64Array(rowCount);
  const ties = new Float64Array(rowCount);
  const samples = new Float64Array(rounds * summaryLength);
  const summary = new Float64Array(summaryLength);
  const resampler = new OutcomeResampler(rows.firstWins, rows.secondWins, rows.ties);
  const factor = fitter.factorAt(pointParameters, rows.firstWins, rows.secondWins, rows.ties);
  for (let round = 0; round < rounds; round++) {
    resampler.resample(new SeededRandom(range.seed, range.fromRound + round), firstWins, secondWins, ties);
    const outcome = fitter.refit(firstWins, secondWins, ties, pointParameters, factor, BOOTSTRAP_TOLERANCE);
    summarise(outcome.parameters, summary);
    samples.set(summary, round * summaryLength);
  }
  return samples;
}

/** Per column of `samples` (rounds × summaryLength), the central `level` percentile interval. */
export function percentileIntervals(samples: Float64Array, summaryLength: number, level: number): { lower: Float64Array; upper: Float64Array } {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1, got ${level}`);
  const rounds = samples.length / summaryLength;
  const lower = new Float64Array(summaryLength);
  const upper = new Float64Array(summaryLength);
  const column = new Float64Array(rounds);
  for (let s = 0; s < summaryLength; s++) {
    for (let round = 0; round < rounds; round++) column[round] = samples[round * summaryLength + s];
    column.sort();
    lower[s] = quantile(column, (1 - level) / 2);
    upper[s] = quantile(column, 1 - (1 - level) / 2);
  }
  return { lower, upper };
}

/** The q-quantile of sorted values, interpolating linearly between order statistics (R type 7, numpy's default). */
export function quantile(sorted: Float64Array, q: number): number {
  const position = (sorted.length - 1) * q;
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}
