import type { TaskCategory } from './task-category';

/**
 * One piece of evidence for a category: a keyword, a verb ending or a shape of the text. Cues are data, not code,
 * so that the reason for every result can be listed (`signals`) and a missed phrasing is fixed by adding one line.
 *
 * `pattern` is matched against the normalised prompt (NFKC, lower case — see normalise-prompt.ts), so it is
 * written with half-width ASCII, full-width katakana and lower-case Latin letters only, and without the `g` flag.
 *
 * `weight` is the strength of the evidence, on one scale for every category:
 * - 3 — names the task outright (要約して, 英訳, 校正して, SQL を書いて);
 * - 2 — a thing whose making is the task (通知文, 議事録, 関数, 集計);
 * - 1 — a hint that needs company (まとめて, 作成, アイデア);
 * - below 1 — a tie-breaker.
 */
export interface TaskCue {
  /** `<category>.<short-name>`, unique; shown in signals and in the docs. */
  readonly id: string;
  readonly category: TaskCategory;
  readonly pattern: RegExp;
  readonly weight: number;
}

/** Where a cue fired: in the request itself (the ends of the prompt), in pasted material, or in its shape. */
export type SignalZone = 'instruction' | 'material' | 'shape';

/** A cue that fired, with what it contributed to its category's score. */
export interface TaskSignal {
  readonly cue: string;
  readonly category: TaskCategory;
  readonly zone: SignalZone;
  /** The cue's weight after the zone's discount. */
  readonly weight: number;
  /** The normalised text that matched (at most 40 characters); empty for shape cues. */
  readonly matched: string;
}
