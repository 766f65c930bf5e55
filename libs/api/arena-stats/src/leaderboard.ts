import type { ArenaVote, BothBadHandling } from './arena-vote';
import { bootstrapIntervals, type BootstrapIntervals, type BootstrapOptions } from './bootstrap';
import { fitBradleyTerry } from './bradley-terry';
import { toEloScale } from './elo-scale';
import { collapseVotes, type PairCounts } from './pair-counts';
import { winRateMatrix, type WinRateMatrix } from './win-rate-matrix';

export interface LeaderboardOptions {
  /** Every model that could have been voted on; those without a counted vote are listed in `excludedModels`. */
  readonly models?: readonly string[];
  readonly bothBad?: BothBadHandling;
  readonly ridge?: number;
  readonly anchor?: string;
  readonly bootstrap?: BootstrapOptions;
  /**
   * Intervals computed elsewhere, in the order of the pair counts' models — the bootstrap's rounds split over worker
   * threads (`bootstrapSamples` per range of rounds, merged by `percentileIntervals`, see fit-task.ts). The bootstrap
   * is then not run here; `bootstrap` options are ignored.
   */
  readonly intervals?: BootstrapIntervals;
}

export interface LeaderboardEntry {
  readonly model: string;
  /** Elo-scale Bradley–Terry rating (1000 = the component's mean, or the anchor). */
  readonly rating: number;
  /** Bootstrap percentile interval (95% by default). */
  readonly lower: number;
  readonly upper: number;
  /** Counted votes the model took part in, and how they went for it. */
  readonly votes: number;
  readonly wins: number;
  readonly losses: number;
  readonly ties: number;
  /** Index into `components`; ratings are comparable only within one component. */
  readonly component: number;
}

export interface Leaderboard {
  /** Highest rating first. */
  readonly entries: readonly LeaderboardEntry[];
  /** Models given in `options.models` that have no counted vote: not rated. */
  readonly excludedModels: readonly string[];
  /** Groups of models connected by comparisons, largest first; each is centred at 1000 on its own. */
  readonly components: readonly (readonly string[])[];
  /** Per component: false when only the ridge keeps some rating finite (a group won every comparison it had). */
  readonly finiteWithoutRidge: readonly boolean[];
  /** In the order of `entries`. */
  readonly winRates: WinRateMatrix;
  readonly countedVotes: number;
  readonly bothBadVotes: number;
  readonly bothBad: BothBadHandling;
  readonly bootstrap: { readonly rounds: number; readonly seed: number; readonly level: number };
}

export function computeLeaderboard(votes: readonly ArenaVote[], options: LeaderboardOptions = {}): Leaderboard {
  return leaderboardFromPairCounts(collapseVotes(votes, { bothBad: options.bothBad }), options);
}

/** The same from votes already collapsed (e.g. by a SQL GROUP BY, or `collapseVoteColumns`). */
export function leaderboardFromPairCounts(counts: PairCounts, options: LeaderboardOptions = {}): Leaderboard {
  const fit = fitBradleyTerry(counts, options);
  const { componentOf, components } = fit.graph;
  const m = counts.models.length;
  const intervals =
    options.intervals ??
    bootstrapIntervals(
      fit.fitter,
      fit.rows,
      fit.logStrengths,
      (parameters, into) => toEloScale(parameters, componentOf, components.length, fit.anchorIndex, into),
      m,
      options.bootstrap,
    );
  const wins = new Float64Array(m);
  const losses = new Float64Array(m);
  const ties = new Float64Array(m);
  let countedVotes = 0;
  for (let r = 0; r < counts.first.length; r++) {
    const i = counts.first[r];
    const j = counts.second[r];
    wins[i] += counts.firstWins[r];
    losses[i] += counts.secondWins[r];
    wins[j] += counts.secondWins[r];
    losses[j] += counts.firstWins[r];
    ties[i] += counts.ties[r];
    ties[j] += counts.ties[r];
    countedVotes += counts.firstWins[r] + counts.secondWins[r] + counts.ties[r];
  }
  const entries = counts.models
    .map((model, i) => ({
      model,
      rating: fit.ratings[i],
      lower: intervals.lower[i],
      upper: intervals.upper[i],
      votes: wins[i] + losses[i] + ties[i],
      wins: wins[i],
      losses: losses[i],
      ties: ties[i],
      component: componentOf[i],
    }))
    .sort((x, y) => y.rating - x.rating || x.model.localeCompare(y.model));
  const rated = new Set(counts.models);
  return {
    entries,
    excludedModels: (options.models ?? []).filter((model) => !rated.has(model)),
    components: components.map((members) => members.map((i) => counts.models[i] as string)),
    finiteWithoutRidge: fit.graph.finiteWithoutRidge,
    winRates: winRateMatrix(
      counts,
      entries.map((entry) => entry.model),
    ),
    countedVotes,
    bothBadVotes: counts.bothBadVotes,
    bothBad: options.bothBad ?? 'tie',
    bootstrap: { rounds: intervals.rounds, seed: intervals.seed, level: intervals.level },
  };
}
