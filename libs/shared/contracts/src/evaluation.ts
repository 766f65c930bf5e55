/**
 * Evaluation from real use (issue #5): the vocabulary shared by feedback, battles, the leaderboard, surveys, analytics
 * and the report. Types and constants only at the top level — the web imports this module.
 */

/** Who set a task category: the offline classifier, an LLM judge refining it, or an administrator. */
export const TASK_CATEGORY_SOURCES = ['rules', 'judge', 'admin'] as const;
export type TaskCategorySource = (typeof TASK_CATEGORY_SOURCES)[number];

/** A battle's state: answers streaming, both answered and waiting for the vote, voted, or ended by a failed model. */
export const BATTLE_STATUSES = ['streaming', 'awaiting_vote', 'voted', 'failed'] as const;
export type BattleStatus = (typeof BATTLE_STATUSES)[number];

/** The vote after a blind comparison: left answer, right answer, tie, or both bad. */
export const BATTLE_WINNERS = ['a', 'b', 'tie', 'both_bad'] as const;
export type BattleWinner = (typeof BATTLE_WINNERS)[number];

/**
 * The anonymity threshold of every aggregate of people that evaluation shows (survey results, analytics by
 * organisation): a group of fewer people than this is never shown alone — it is merged into 「その他」 or hidden.
 */
export const MIN_GROUP_SIZE = 5;
