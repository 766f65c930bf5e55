import { z } from 'zod';

/**
 * The model ranking from blind comparisons (「比較ランキング」, issue #5 item 3): Bradley–Terry ratings on the Elo scale
 * with 95% bootstrap intervals, fitted on the votes of `battles`. The web imports this module for types only (it
 * defines zod schemas at the top level); the constants it needs are in leaderboard-constants.ts.
 */

/** A query flag as it arrives in a URL: `true` or `false`. */
const queryFlag = z.enum(['true', 'false']).transform((value) => value === 'true');

/** GET /api/evaluation/leaderboard. Dates are calendar days in the platform's time zone, `to` inclusive. */
export const leaderboardQuerySchema = z
  .strictObject({
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    /** That organisation and every organisation under it (evaluators, administrators). */
    organizationId: z.uuid().optional(),
    /** A task category id of @gennai/task-category (document_drafting, summarization, …). */
    category: z.string().regex(/^[a-z_]{1,32}$/).optional(),
    /** Where the battle was held: `arena` (the 比較 page), or an app configured to compare. */
    app: z.string().regex(/^[a-z][a-z0-9_-]{0,15}$/).optional(),
    styleControl: queryFlag.default(false),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, { path: ['from'], message: 'from is after to' });
export type LeaderboardQuery = z.input<typeof leaderboardQuerySchema>;

export interface LeaderboardEntryView {
  /** 1 + the number of models whose interval lies entirely above this one's: models with overlapping intervals share a rank. */
  rank: number;
  modelId: string;
  /** The catalogue's display name (the id when the model has left the catalogue). */
  label: string;
  /** Elo scale: 1000 is the mean of the models compared; 100 points ≈ preferred 64% of the time. */
  rating: number;
  /** 95% bootstrap interval of the rating. */
  lower: number;
  upper: number;
  votes: number;
  wins: number;
  losses: number;
  /** Ties, including "both bad" votes (counted as ties). */
  ties: number;
  bothBad: number;
  /** Ratings compare only within one group of models connected by votes (0 = the largest). */
  component: number;
}

/** One cell of the win-rate matrix: how the row's model did against the column's model. */
export interface WinRateCellView {
  /** Share of their votes the row's model won, ties counting half. */
  rate: number;
  votes: number;
}

export interface StyleCoefficientView {
  /** Log-odds per unit of normalised difference, with its 95% interval. */
  estimate: number;
  lower: number;
  upper: number;
  /** The same in Elo points: what a maximal difference (the other answer empty / without markdown) is worth. */
  eloPoints: number;
}

export interface LeaderboardView {
  /** The filter as applied (dates in the platform's time zone; null = open). */
  filter: { from: string | null; to: string | null; organizationId: string | null; category: string | null; app: string | null; styleControl: boolean };
  /** Highest rating first. */
  entries: LeaderboardEntryView[];
  /** rows/columns in the order of `entries`; null on the diagonal and for pairs that never met. */
  winRates: { modelIds: string[]; cells: (WinRateCellView | null)[][] };
  totals: {
    /** Votes in the filter (every winner, "both bad" included). */
    votes: number;
    /** Votes that entered the fit. */
    countedVotes: number;
    bothBadVotes: number;
    models: number;
    /** Groups of models connected by votes; more than one means ratings across groups cannot be compared. */
    components: number;
  };
  /** Style control: what voters' preference for length and markdown is worth, and how many votes lacked the features. */
  style: { length: StyleCoefficientView; markdown: StyleCoefficientView; votesWithoutStyle: number } | null;
  settings: { rounds: number; seed: number; level: number; ridge: number; bothBad: 'tie' | 'exclude'; bucketWidth: number | null };
  /** Below this many votes per model, intervals are wide: the page warns. */
  minimumVotesPerModel: number;
  /** When the result was computed; it is reused until a vote is added to or removed from the filter. */
  computedAt: string;
}
