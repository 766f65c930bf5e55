import { bootstrapSamples, percentileIntervals } from './bootstrap';
import { fitBradleyTerry } from './bradley-terry';
import { toEloScale } from './elo-scale';
import { leaderboardFromPairCounts, type Leaderboard } from './leaderboard';
import type { PairCounts } from './pair-counts';
import { fitStyleControl, styleControlledLeaderboardFromRows, type StyleControlledLeaderboard } from './style-control';
import type { StyledRows } from './styled-rows';

/**
 * A leaderboard computed in pieces on worker threads: the bootstrap's rounds split into ranges (`samples`, one per
 * worker), then the leaderboard around the merged samples (`leaderboard`). Round r draws from its own random stream
 * (seed, r), so any split gives exactly the intervals of a single-threaded run. Tasks and results are plain data
 * (typed arrays, objects) that pass between threads by structured clone; this module has no thread code itself, so
 * it runs — and is tested — the same on the main thread.
 */
export type FitProblem =
  | { readonly model: 'bradley-terry'; readonly counts: PairCounts; readonly ridge?: number; readonly anchor?: string }
  | { readonly model: 'style-control'; readonly rows: StyledRows; readonly ridge?: number; readonly anchor?: string };

export type FitTask =
  | { readonly op: 'samples'; readonly problem: FitProblem; readonly seed: number; readonly fromRound: number; readonly toRound: number }
  | { readonly op: 'leaderboard'; readonly problem: FitProblem; readonly samples: Float64Array; readonly seed: number; readonly level: number };

export type FitTaskResult = Float64Array | Leaderboard | StyleControlledLeaderboard;

/** Values per bootstrap round: the models' ratings, and for style control the two coefficients after them. */
export function summaryLength(problem: FitProblem): number {
  return problem.model === 'bradley-terry' ? problem.counts.models.length : problem.rows.modelCount + 2;
}

/** Rounds [fromRound, toRound) of the problem's bootstrap, `summaryLength` values per round. */
export function bootstrapRange(problem: FitProblem, range: { seed: number; fromRound: number; toRound: number }): Float64Array {
  if (problem.model === 'bradley-terry') {
    const fit = fitBradleyTerry(problem.counts, problem);
    const { componentOf, components } = fit.graph;
    const summarise = (parameters: Float64Array, into: Float64Array) => toEloScale(parameters, componentOf, components.length, fit.anchorIndex, into);
    return bootstrapSamples(fit.fitter, fit.rows, fit.logStrengths, summarise, summaryLength(problem), range);
  }
  const fit = fitStyleControl(problem.rows, problem);
  return bootstrapSamples(fit.fitter, problem.rows, fit.point, fit.summarise, summaryLength(problem), range);
}

/** The leaderboard with intervals from merged bootstrap samples (all rounds, in round order). */
export function leaderboardFromSamples(problem: FitProblem, samples: Float64Array, seed: number, level: number): Leaderboard | StyleControlledLeaderboard {
  const length = summaryLength(problem);
  const intervals = { ...percentileIntervals(samples, length, level), rounds: samples.length / length, seed, level };
  return problem.model === 'bradley-terry'
    ? leaderboardFromPairCounts(problem.counts, { ridge: problem.ridge, anchor: problem.anchor, intervals })
    : styleControlledLeaderboardFromRows(problem.rows, { ridge: problem.ridge, anchor: problem.anchor, intervals });
}

/** What a worker thread does with one task. */
export function runFitTask(task: FitTask): FitTaskResult {
  return task.op === 'samples' ? bootstrapRange(task.problem, task) : leaderboardFromSamples(task.problem, task.samples, task.seed, task.level);
}
