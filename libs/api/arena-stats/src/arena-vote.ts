/** What a voter said after a blind side-by-side comparison of model `a` and model `b`. */
export type VoteOutcome = 'a' | 'b' | 'tie' | 'both_bad';

/**
 * Style of the two answers, for the style-controlled leaderboard: answer length (characters or tokens, the same
 * unit on both sides) and the number of markdown elements (headers, list items, bold spans) in each answer.
 */
export interface AnswerStyle {
  readonly lengthA: number;
  readonly lengthB: number;
  readonly markdownA: number;
  readonly markdownB: number;
}

export interface ArenaVote {
  readonly a: string;
  readonly b: string;
  readonly outcome: VoteOutcome;
  readonly features?: AnswerStyle;
}

/**
 * How a "both bad" vote enters the fit. `'tie'` (the default) counts it as a tie, as Chatbot Arena does: it says
 * that neither answer was better than the other, which is all a Bradley–Terry model can use — the model only
 * ranks models against each other, so "both were bad" carries no more information than "neither was better".
 * `'exclude'` drops those votes (they are still counted in `bothBadVotes`).
 */
export type BothBadHandling = 'tie' | 'exclude';
