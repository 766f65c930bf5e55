import { analyseComparisonGraph, type ComparisonGraph } from './comparison-graph';
import { ComparisonModelFitter, type ComparisonRows, type FitSettings } from './comparison-model-fitter';
import { toEloScale } from './elo-scale';
import type { PairCounts } from './pair-counts';

export interface BradleyTerryOptions {
  /**
   * Ridge λ on the log-strengths (a Gaussian prior with variance 1/λ). The default 0.01 (a prior standard
   * deviation of 10 log units ≈ 1,700 Elo points) is flat over any plausible range of ratings, moves a model
   * with 100 votes by well under an Elo point, and keeps ratings finite when a model won everything it played.
   * 0 fits the plain maximum likelihood, which exists only when no group of models won every comparison
   * against the rest (see `ComparisonGraph.finiteWithoutRidge`).
   */
  readonly ridge?: number;
  /** Model whose rating is pinned to 1000 (within its component); default: the component's mean is 1000. */
  readonly anchor?: string;
  readonly tolerance?: number;
  readonly maxIterations?: number;
}

export interface BradleyTerryFit {
  readonly models: readonly string[];
  /** θ_i = log π_i (natural log), centred by the ridge at zero within each component. */
  readonly logStrengths: Float64Array;
  /** Elo-scale ratings (see elo-scale.ts), same order as `models`. */
  readonly ratings: Float64Array;
  readonly graph: ComparisonGraph;
  readonly anchorIndex: number | undefined;
  readonly iterations: number;
  readonly logLikelihood: number;
  /** Everything the bootstrap needs to refit resampled counts the same way. */
  readonly fitter: ComparisonModelFitter;
  readonly rows: ComparisonRows;
}

export const DEFAULT_RIDGE = 0.01;

export function fitSettings(options: { ridge?: number; tolerance?: number; maxIterations?: number }): FitSettings {
  const ridge = options.ridge ?? DEFAULT_RIDGE;
  if (!(ridge >= 0)) throw new RangeError(`ridge must be ≥ 0, got ${ridge}`);
  return { ridge, tolerance: options.tolerance ?? 1e-10, maxIterations: options.maxIterations ?? 100 };
}

/** Bradley–Terry ratings by maximum likelihood on pair counts, ties counted as half a win for each side. */
export function fitBradleyTerry(counts: PairCounts, options: BradleyTerryOptions = {}): BradleyTerryFit {
  const rows: ComparisonRows = {
    modelCount: counts.models.length,
    first: counts.first,
    second: counts.second,
    firstWins: counts.firstWins,
    secondWins: counts.secondWins,
    ties: counts.ties,
    covariateCount: 0,
    covariates: new Float64Array(0),
  };
  const anchorIndex = resolveAnchor(counts.models, options.anchor);
  const graph = graphOf(rows);
  const fitter = new ComparisonModelFitter(rows, graph.componentOf, graph.components.map((c) => c.length), fitSettings(options));
  const outcome = fitter.maximise(rows.firstWins, rows.secondWins, rows.ties);
  return {
    models: counts.models,
    logStrengths: outcome.parameters,
    ratings: toEloScale(outcome.parameters, graph.componentOf, graph.components.length, anchorIndex),
    graph,
    anchorIndex,
    iterations: outcome.iterations,
    logLikelihood: outcome.logLikelihood,
    fitter,
    rows,
  };
}

export function graphOf(rows: ComparisonRows): ComparisonGraph {
  const credit = (wins: Float64Array): Float64Array => wins.map((w, r) => w + rows.ties[r]);
  return analyseComparisonGraph(rows.modelCount, rows.first, rows.second, credit(rows.firstWins), credit(rows.secondWins));
}

export function resolveAnchor(models: readonly string[], anchor: string | undefined): number | undefined {
  if (anchor === undefined) return undefined;
  const index = models.indexOf(anchor);
  if (index < 0) throw new RangeError(`anchor model "${anchor}" has no votes`);
  return index;
}
