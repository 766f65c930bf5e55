export type { AnswerStyle, ArenaVote, BothBadHandling, VoteOutcome } from './arena-vote';
export { OutcomeResampler, sampleBinomial } from './binomial-sampler';
export { bootstrapIntervals, bootstrapSamples, percentileIntervals, quantile, type BootstrapIntervals, type BootstrapOptions } from './bootstrap';
export { DEFAULT_RIDGE, fitBradleyTerry, type BradleyTerryFit, type BradleyTerryOptions } from './bradley-terry';
export { analyseComparisonGraph, type ComparisonGraph } from './comparison-graph';
export { ComparisonModelFitter, NoFiniteMaximumError, type ComparisonRows, type FitOutcome, type FitSettings } from './comparison-model-fitter';
export { bootstrapRange, leaderboardFromSamples, runFitTask, summaryLength, type FitProblem, type FitTask, type FitTaskResult } from './fit-task';
export { ELO_CENTRE, ELO_POINTS_PER_LOG_UNIT, expectedPreference, toEloScale } from './elo-scale';
export { computeLeaderboard, leaderboardFromPairCounts, type Leaderboard, type LeaderboardEntry, type LeaderboardOptions } from './leaderboard';
export { OUTCOME_CODE, collapseVoteColumns, collapseVotes, type CollapseOptions, type PairCounts, type VoteColumns } from './pair-counts';
export { SeededRandom } from './seeded-random';
export {
  collapseStyledVotes,
  computeStyleControlledLeaderboard,
  fitStyleControl,
  styleControlledLeaderboardFromRows,
  type StyleControlFit,
  type StyleCoefficient,
  type StyleControlOptions,
  type StyleControlledEntry,
  type StyleControlledLeaderboard,
} from './style-control';
export { normalisedDifference, StyledRowsBuilder, type StyledRows } from './styled-rows';
export { winRateMatrix, type WinRateMatrix } from './win-rate-matrix';
