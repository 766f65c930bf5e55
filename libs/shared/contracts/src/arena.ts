import { z } from 'zod';
import { BATTLE_WINNERS, type BattleStatus, type BattleWinner } from './evaluation';
import { informationClassSchema } from './gateway';
import type { InformationClass } from './gateway-constants';

/**
 * Blind side-by-side comparisons (「比較」, issue #5 item 2): one prompt, two models in random positions, a vote, and
 * only then the models' names. The web imports this module for types only (it defines zod schemas at the top level).
 */

/** Position of an answer as shown: `a` 「モデルA」 (left), `b` 「モデルB」 (right). */
export type BattleSide = 'a' | 'b';

/** One side's answer: `pending` while its model writes, then `complete` or `failed`. */
export type BattleAnswerStatus = 'pending' | 'complete' | 'failed';

/** POST /api/arena/battles (the two answers stream back as server-sent events, see ArenaStreamEvent). */
export const createBattleSchema = z.strictObject({
  prompt: z.string().trim().min(1),
  /** 機密性 of the prompt (the organisation's default when left out): only models cleared for it take part. */
  informationClass: informationClassSchema.optional(),
  /** The user has seen the PII warning (pii_confirmation_required) and sends the prompt as typed. */
  confirmPii: z.boolean().optional(),
});
export type CreateBattleRequest = z.infer<typeof createBattleSchema>;

/** POST /api/arena/battles/:id/vote */
export const voteBattleSchema = z.strictObject({ winner: z.enum(BATTLE_WINNERS) });
export type VoteBattleRequest = z.infer<typeof voteBattleSchema>;

/** GET /api/arena/battles query: newest first; `before` is the id of the last battle of the previous page. */
export const listBattlesQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  before: z.uuid().optional(),
});
export type ListBattlesQuery = z.infer<typeof listBattlesQuerySchema>;

/** Why an answer failed, in the caller's language. */
export interface BattleAnswerErrorView {
  code: string;
  message: string;
}

export interface BattleAnswerView {
  side: BattleSide;
  content: string;
  status: BattleAnswerStatus;
  error: BattleAnswerErrorView | null;
  /** The model that wrote it: null until the user has voted (the comparison is blind until then). */
  model: { id: string; label: string } | null;
  firstTokenMs: number | null;
  latencyMs: number | null;
}

export interface BattleView {
  id: string;
  prompt: string;
  informationClass: InformationClass;
  /** TASK_CATEGORIES of @gennai/task-category. */
  taskCategory: string;
  status: BattleStatus;
  winner: BattleWinner | null;
  answers: { a: BattleAnswerView; b: BattleAnswerView };
  createdAt: string;
  votedAt: string | null;
}

export interface BattlePageView {
  items: BattleView[];
  /** Pass as `before` for the next page; null on the last page. */
  nextBefore: string | null;
  /** How many comparisons the caller has left today. */
  allowance: BattleAllowanceView;
}

/** The caller's comparisons today (in GENNAI_QUOTA_TIME_ZONE) against GENNAI_ARENA_DAILY_BATTLES. */
export interface BattleAllowanceView {
  limit: number;
  usedToday: number;
}

/**
 * Server-sent events of POST /api/arena/battles, in order: `accepted` once (the battle is stored, models not named),
 * `delta` for either side as its model writes, `side_done` or `side_failed` once per side, then exactly one of
 * `done` (both answered; status awaiting_vote) or `failed` (a model failed or the stream was interrupted; no vote).
 */
export type ArenaStreamEvent =
  | { event: 'accepted'; data: { battle: BattleView; allowance: BattleAllowanceView } }
  | { event: 'delta'; data: { side: BattleSide; text: string } }
  | { event: 'side_done'; data: { side: BattleSide } }
  | { event: 'side_failed'; data: { side: BattleSide; error: BattleAnswerErrorView } }
  | { event: 'done'; data: { battle: BattleView } }
  | { event: 'failed'; data: { battle: BattleView } };

export type ArenaStreamEventName = ArenaStreamEvent['event'];

/** Encodes one arena event in the text/event-stream wire format (the chat's SseParser reads it). */
export function encodeArenaEvent(event: ArenaStreamEvent): string {
  return `event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`;
}
