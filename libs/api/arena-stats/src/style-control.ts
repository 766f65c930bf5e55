import type { AnswerStyle, ArenaVote, BothBadHandling } from './arena-vote';
import { bootstrapIntervals, type BootstrapIntervals, type BootstrapOptions } from './bootstrap';
import { fitSettings, graphOf, resolveAnchor } from './bradley-terry';
import { ComparisonModelFitter } from './comparison-model-fitter';
import { ELO_POINTS_PER_LOG_UNIT, toEloScale } from './elo-scale';
import { normalisedDifference, StyledRowsBuilder, type StyledRows } from './styled-rows';

/**
 * Style-controlled ratings, after Chatbot Arena's "style control" (Li et al., 2024): a logistic regression of
 * the vote on model indicators plus the style differences of the two answers,
 *   P(a ≻ b) = σ(θ_a − θ_b + β_len·Δlen + β_md·Δmd),   Δx = (x_a − x_b) / (x_a + x_b)  (0 when both are 0),
 * so θ is the strength a model would show if its answers were as long and as formatted as its opponent's, and β
 * says how much voters reward length and markdown by themselves.
 *
 * Votes cannot be collapsed into pair counts alone — each vote has its own Δ. We collapse by (pair, Δ bucket):
 * each Δ is rounded to a grid of step `bucketWidth` (default 0.05, 41 levels per covariate), and votes with the
 * same pair and the same rounded Δs share a row. The cost: at most pairs × 41² rows (in practice far fewer —
 * a pair's Δs cluster), O(votes) to collapse, and per Newton step O(rows) plus a Cholesky of size models + 2; the
 * rounding moves each Δ by at most half a step (±0.025 on a −1…1 scale), which shifts β and θ by far less than
 * their bootstrap intervals. `bucketWidth: 0` keeps every distinct Δ (exact, one row per distinct vote at worst).
 */
export interface StyleControlOptions {
  readonly bucketWidth?: number;
  readonly bothBad?: BothBadHandling;
  readonly ridge?: number;
  readonly anchor?: string;
  readonly bootstrap?: BootstrapOptions;
  /** Intervals of the m ratings then the two coefficients, computed elsewhere (as `LeaderboardOptions.intervals`). */
  readonly intervals?: BootstrapIntervals;
}

export interface StyleCoefficient {
  /** β per unit of normalised difference (log-odds). */
  readonly estimate: number;
  readonly lower: number;
  readonly upper: number;
  /** β in Elo points: the rating gap a maximal difference (Δ = 1: the other answer empty) is worth. */
  readonly eloPoints: number;
}

export interface StyleControlledEntry {
  readonly model: string;
  readonly rating: number;
  readonly lower: number;
  readonly upper: number;
  readonly votes: number;
  readonly component: number;
}

export interface StyleControlledLeaderboard {
  readonly entries: readonly StyleControlledEntry[];
  readonly coefficients: { readonly length: StyleCoefficient; readonly markdown: StyleCoefficient };
  readonly components: readonly (readonly string[])[];
  /** Rows after collapsing by (pair, Δ bucket). */
  readonly rows: number;
  /** Votes without style features: left out of this variant (they still count in the plain leaderboard). */
  readonly votesWithoutStyle: number;
  readonly countedVotes: number;
}

export function collapseStyledVotes(votes: readonly ArenaVote[], options: { bucketWidth?: number; bothBad?: BothBadHandling } = {}): StyledRows {
  const bothBad = options.bothBad ?? 'tie';
  const styled = votes.filter((vote) => vote.features && (bothBad === 'tie' || vote.outcome !== 'both_bad'));
  const builder = new StyledRowsBuilder([...new Set(styled.flatMap((vote) => [vote.a, vote.b]))].sort(), options.bucketWidth ?? 0.05);
  for (const vote of styled) {
    const style = vote.features as AnswerStyle;
    builder.add(vote.a, vote.b, normalisedDifference(style.lengthA, style.lengthB), normalisedDifference(style.markdownA, style.markdownB), vote.outcome);
  }
  return builder.rows(votes.filter((vote) => !vote.features).length);
}

export function computeStyleControlledLeaderboard(votes: readonly ArenaVote[], options: StyleControlOptions = {}): StyleControlledLeaderboard {
  return styleControlledLeaderboardFromRows(collapseStyledVotes(votes, options), options);
}

/** The fit of the style-controlled model: what the point estimate and every bootstrap round share. */
export interface StyleControlFit {
  readonly fitter: ComparisonModelFitter;
  /** θ of the m models, then β_len and β_md. */
  readonly point: Float64Array;
  readonly componentOf: Int32Array;
  readonly components: readonly (readonly number[])[];
  /** Parameters → m Elo-scale ratings, then the two coefficients (log-odds). */
  readonly summarise: (parameters: Float64Array, into: Float64Array) => Float64Array;
}

export function fitStyleControl(rows: StyledRows, options: Pick<StyleControlOptions, 'ridge' | 'anchor'> = {}): StyleControlFit {
  const m = rows.modelCount;
  const graph = graphOf(rows);
  const { componentOf, components } = graph;
  const anchorIndex = resolveAnchor(rows.models, options.anchor);
  const fitter = new ComparisonModelFitter(rows, componentOf, components.map((c) => c.length), fitSettings(options));
  const point = fitter.maximise(rows.firstWins, rows.secondWins, rows.ties).parameters;
  const summarise = (parameters: Float64Array, into: Float64Array): Float64Array => {
    toEloScale(parameters.subarray(0, m), componentOf, components.length, anchorIndex, into.subarray(0, m));
    into[m] = parameters[m];
    into[m + 1] = parameters[m + 1];
    return into;
  };
  return { fitter, point, componentOf, components, summarise };
}

/** The same from votes already collapsed by (pair, Δ bucket) — by `collapseStyledVotes`, or by a SQL GROUP BY. */
export function styleControlledLeaderboardFromRows(rows: StyledRows, options: StyleControlOptions = {}): StyleControlledLeaderboard {
  const m = rows.modelCount;
  const { fitter, point, componentOf, components, summarise } = fitStyleControl(rows, options);
  // Ratings of the m models, then the two coefficients, bootstrapped together.
  const estimates = summarise(point, new Float64Array(m + 2));
  const intervals = options.intervals ?? bootstrapIntervals(fitter, rows, point, summarise, m + 2, options.bootstrap);
  const votesPerModel = new Float64Array(m);
  let countedVotes = 0;
  for (let r = 0; r < rows.first.length; r++) {
    const n = rows.firstWins[r] + rows.secondWins[r] + rows.ties[r];
    votesPerModel[rows.first[r]] += n;
    votesPerModel[rows.second[r]] += n;
    countedVotes += n;
  }
  const coefficient = (s: number): StyleCoefficient => ({
    estimate: estimates[m + s],
    lower: intervals.lower[m + s],
    upper: intervals.upper[m + s],
    eloPoints: ELO_POINTS_PER_LOG_UNIT * estimates[m + s],
  });
  return {
    entries: rows.models
      .map((model, i) => ({ model, rating: estimates[i], lower: intervals.lower[i], upper: intervals.upper[i], votes: votesPerModel[i], component: componentOf[i] }))
      .sort((x, y) => y.rating - x.rating || x.model.localeCompare(y.model)),
    coefficients: { length: coefficient(0), markdown: coefficient(1) },
    components: components.map((members) => members.map((i) => rows.models[i] as string)),
    rows: rows.first.length,
    votesWithoutStyle: rows.votesWithoutStyle,
    countedVotes,
  };
}
