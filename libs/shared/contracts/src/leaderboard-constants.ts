/**
 * Constants of the model ranking that the web needs at run time (leaderboard.ts defines zod schemas at the top level,
 * so the web imports that module for types only).
 */

/** Below this many votes per model the ranking warns that its intervals are wide and its order may change. */
export const LEADERBOARD_MINIMUM_VOTES_PER_MODEL = 50;

/** GET /api/evaluation/organizations: an organisation the caller may filter evaluation results by. */
export interface EvaluationOrganizationView {
  id: string;
  slug: string;
  name: string;
  /** The organisation it is placed under (null at the top, or outside the caller's scope). */
  parentId: string | null;
}
