import { winRateMatrix, type Leaderboard, type PairCounts, type StyleControlledLeaderboard, type WinRateMatrix } from '@gennai/arena-stats';
import { LEADERBOARD_MINIMUM_VOTES_PER_MODEL, type LeaderboardEntryView, type LeaderboardView, type StyleCoefficientView } from '@gennai/contracts';
import type { LeaderboardFilter } from './leaderboard-filter';

/** The settings a leaderboard was computed with, shown beside it so anyone can reproduce it. */
export type LeaderboardSettings = LeaderboardView['settings'];

/** What was fitted: the plain Bradley–Terry leaderboard, or the style-controlled one. */
export type FittedLeaderboard = { readonly kind: 'plain'; readonly board: Leaderboard } | { readonly kind: 'style'; readonly board: StyleControlledLeaderboard };

export interface LeaderboardViewInput {
  readonly filter: LeaderboardFilter;
  /** Every vote of the filter as pair counts (the win-rate matrix and the per-model tallies come from these). */
  readonly counts: PairCounts;
  readonly bothBad: ReadonlyMap<string, number>;
  readonly totalVotes: number;
  /** Null when the filter has no votes. */
  readonly fitted: FittedLeaderboard | null;
  readonly settings: LeaderboardSettings;
  readonly computedAt: Date;
}

/**
 * Chatbot Arena's rank: 1 + the number of models whose interval lies entirely above this one's (their lower bound
 * exceeds this upper bound). Models whose intervals overlap share a rank, so the table never claims an order the votes
 * cannot support.
 */
export function ranks(entries: readonly { lower: number; upper: number }[]): number[] {
  return entries.map((entry) => 1 + entries.filter((other) => other.lower > entry.upper).length);
}

/** The API's view of a fitted leaderboard (model ids as labels; `withLabels` names them when answering). */
export function leaderboardView(input: LeaderboardViewInput): LeaderboardView {
  const { filter, counts, fitted } = input;
  const tallies = talliesOf(counts);
  const rated = fitted?.board.entries ?? [];
  const rank = ranks(rated);
  const entries: LeaderboardEntryView[] = rated.map((entry, i) => {
    const tally = tallies.get(entry.model) ?? { wins: 0, losses: 0, ties: 0 };
    return {
      rank: rank[i],
      modelId: entry.model,
      label: entry.model,
      rating: entry.rating,
      lower: entry.lower,
      upper: entry.upper,
      votes: tally.wins + tally.losses + tally.ties,
      ...tally,
      bothBad: input.bothBad.get(entry.model) ?? 0,
      component: entry.component,
    };
  });
  const matrix = fitted?.kind === 'plain' ? fitted.board.winRates : winRateMatrix(counts, entries.map((entry) => entry.modelId));
  return {
    filter: {
      from: filter.from,
      to: filter.to,
      organizationId: filter.organizationId,
      category: filter.category,
      app: filter.app,
      styleControl: filter.styleControl,
    },
    entries,
    winRates: winRatesView(matrix),
    totals: {
      votes: input.totalVotes,
      countedVotes: fitted?.board.countedVotes ?? 0,
      bothBadVotes: counts.bothBadVotes,
      models: entries.length,
      components: fitted?.board.components.length ?? 0,
    },
    style:
      fitted?.kind === 'style'
        ? {
            length: coefficientView(fitted.board.coefficients.length),
            markdown: coefficientView(fitted.board.coefficients.markdown),
            votesWithoutStyle: fitted.board.votesWithoutStyle,
          }
        : null,
    settings: input.settings,
    minimumVotesPerModel: LEADERBOARD_MINIMUM_VOTES_PER_MODEL,
    computedAt: input.computedAt.toISOString(),
  };
}

/** The view with the catalogue's display names (applied when answering, so a renamed model shows its new name). */
export function withLabels(view: LeaderboardView, label: (modelId: string) => string | undefined): LeaderboardView {
  return { ...view, entries: view.entries.map((entry) => ({ ...entry, label: label(entry.modelId) ?? entry.modelId })) };
}

function talliesOf(counts: PairCounts): Map<string, { wins: number; losses: number; ties: number }> {
  const tallies = new Map(counts.models.map((model) => [model, { wins: 0, losses: 0, ties: 0 }]));
  for (let r = 0; r < counts.first.length; r++) {
    const first = tallies.get(counts.models[counts.first[r]]) as { wins: number; losses: number; ties: number };
    const second = tallies.get(counts.models[counts.second[r]]) as { wins: number; losses: number; ties: number };
    first.wins += counts.firstWins[r];
    first.losses += counts.secondWins[r];
    second.wins += counts.secondWins[r];
    second.losses += counts.firstWins[r];
    first.ties += counts.ties[r];
    second.ties += counts.ties[r];
  }
  return tallies;
}

function winRatesView(matrix: WinRateMatrix): LeaderboardView['winRates'] {
  return {
    modelIds: [...matrix.models],
    cells: matrix.rates.map((row, i) => row.map((rate, j) => (rate === null ? null : { rate, votes: matrix.votes[i][j] }))),
  };
}

function coefficientView(coefficient: StyleCoefficientView): StyleCoefficientView {
  return { estimate: coefficient.estimate, lower: coefficient.lower, upper: coefficient.upper, eloPoints: coefficient.eloPoints };
}
