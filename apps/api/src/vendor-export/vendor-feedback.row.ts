import type {
  BattleWinner,
  RatingValue,
  VendorBattleLine,
  VendorBattleOpponent,
  VendorBattleResult,
  VendorFeedbackSharing,
  VendorRatingLine,
} from '@gennai/contracts';
import { detectPii, maskPii } from '@gennai/pii';
import type { VendorPseudonyms } from './vendor-pseudonyms';

/** An `answer_ratings` row as the export reads it (text columns are null unless the organisation shares text). */
export interface RatingRow {
  id: string;
  user_id: string;
  organization_id: string;
  model_id: string;
  value: RatingValue;
  tags: string[];
  comment: string | null;
  app: string;
  task_category: string | null;
  day: string;
  prompt: string | null;
  answer: string | null;
}

/** A voted `battles` row as the export reads it. */
export interface BattleRow {
  id: string;
  user_id: string;
  organization_id: string;
  app: string;
  task_category: string | null;
  day: string;
  sharing: VendorFeedbackSharing;
  model_a: string;
  model_b: string;
  winner: BattleWinner;
  prompt: string | null;
  answer_a: string | null;
  answer_b: string | null;
}

/** What turning rows into lines needs besides the rows. */
export interface LineContext {
  pseudonyms: VendorPseudonyms;
  /** The models the export is about (the vendor's, or the one asked for). */
  modelIds: ReadonlySet<string>;
  /** Every model of the vendor: an opponent among them is named. */
  ownModelIds: ReadonlySet<string>;
  /** Depth of each organisation in the tree. */
  organizationLevel(organizationId: string): number;
  /** A model's `domestic` flag in the catalogue; null when it is no longer there. */
  domestic(modelId: string): boolean | null;
}

/**
 * Personal data taken out with @gennai/pii, the detector the PII guard uses, each finding replaced by its labelled
 * placeholder (［電話番号］): the vendor learns that a phone number was there, never which.
 */
export function masked(text: string | null): string | null {
  return text === null ? null : maskPii(text, detectPii(text), 'ja');
}

export function ratingLine(row: RatingRow, context: LineContext): VendorRatingLine {
  return {
    type: 'rating',
    id: context.pseudonyms.record('rating', row.id),
    day: row.day,
    modelId: row.model_id,
    app: row.app,
    taskCategory: row.task_category,
    user: context.pseudonyms.user(row.user_id),
    organizationLevel: context.organizationLevel(row.organization_id),
    value: row.value,
    tags: row.tags,
    comment: masked(row.comment),
    prompt: masked(row.prompt),
    answer: masked(row.answer),
  };
}

/**
 * One line per side of the battle played by one of the export's models (two when both were the vendor's), each from
 * that model's side. The other model's answer is never included: it is another vendor's output.
 */
export function battleLines(row: BattleRow, context: LineContext): VendorBattleLine[] {
  const sides = [
    { side: 'a', model: row.model_a, other: row.model_b, answer: row.answer_a },
    { side: 'b', model: row.model_b, other: row.model_a, answer: row.answer_b },
  ] as const;
  const withText = row.sharing === 'with_text';
  const prompt = withText ? masked(row.prompt) : null;
  return sides
    .filter(({ model }) => context.modelIds.has(model))
    .map(({ side, model, other, answer }) => ({
      type: 'battle',
      id: context.pseudonyms.record('battle', `${row.id}:${side}`),
      day: row.day,
      modelId: model,
      app: row.app,
      taskCategory: row.task_category,
      user: context.pseudonyms.user(row.user_id),
      organizationLevel: context.organizationLevel(row.organization_id),
      result: resultFor(side, row.winner),
      opponent: opponentOf(other, context),
      prompt,
      answer: withText ? masked(answer) : null,
    }));
}

function resultFor(side: 'a' | 'b', winner: BattleWinner): VendorBattleResult {
  if (winner === 'tie' || winner === 'both_bad') return winner;
  return winner === side ? 'win' : 'loss';
}

/** The vendor's own model by id; another vendor's only as domestic or not (their results are theirs). */
function opponentOf(modelId: string, context: LineContext): VendorBattleOpponent {
  return context.ownModelIds.has(modelId) ? { own: true, modelId } : { own: false, domestic: context.domestic(modelId) };
}
