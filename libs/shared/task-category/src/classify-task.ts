import { KEYWORD_CUES } from './cues';
import { normalisePrompt } from './normalise-prompt';
import { splitPrompt } from './prompt-zones';
import { shapeSignals } from './shape-cues';
import type { TaskCategory } from './task-category';
import type { TaskCue, TaskSignal } from './task-cue';

/** A keyword in pasted material counts for this fraction of its weight (see prompt-zones.ts). */
export const MATERIAL_DISCOUNT = 0.3;
/** The score 'other' holds without any cue: a category must beat it to be chosen. */
export const OTHER_BASELINE = 1;
const MATCHED_PREVIEW = 40;

/**
 * When two categories score the same, the more specific task wins: a request that says 翻訳 and also asks a
 * question is a translation. 'other' is last: it wins only when no work category reaches the baseline.
 */
const TIE_ORDER: readonly TaskCategory[] = [
  'translation',
  'proofreading',
  'summarization',
  'coding',
  'data_analysis',
  'document_drafting',
  'planning',
  'research',
  'qa',
  'other',
];

export interface ClassifyTaskOptions {
  /** Cues added to the built-in ones (an organisation's own vocabulary, for instance). */
  readonly extraCues?: readonly TaskCue[];
}

export interface TaskClassification {
  readonly category: TaskCategory;
  /**
   * The winner's share of all the evidence, in [0, 1]: the winning score over the sum of every category's score
   * (including the baseline of 'other'). 0 when no cue fired at all — the prompt is 'other' for want of evidence, the
   * case an LLM judge should look at first.
   */
  readonly confidence: number;
  /** Every cue that fired, strongest first. */
  readonly signals: readonly TaskSignal[];
  /** Each category's summed weight ('other' includes its baseline). */
  readonly scores: Readonly<Record<TaskCategory, number>>;
}

// 「要約ではなく」「翻訳じゃなくて」 name a task in order to rule it out.
const NEGATION = /^\s*(?:では|じゃ)(?:なく|ない)/;
const NEGATION_LOOKAHEAD = 8;
const globalPatterns = new WeakMap<TaskCue, RegExp>();

function isNegated(text: string, match: RegExpExecArray): boolean {
  const end = match.index + match[0].length;
  return NEGATION.test(text.slice(end, end + NEGATION_LOOKAHEAD));
}

/** The first occurrence of the cue that is not ruled out; the global copy of the pattern is built only when needed. */
function affirmedMatch(cue: TaskCue, text: string): RegExpExecArray | null {
  const first = cue.pattern.exec(text);
  if (!first || !isNegated(text, first)) return first;
  let global = globalPatterns.get(cue);
  if (!global) globalPatterns.set(cue, (global = new RegExp(cue.pattern.source, `${cue.pattern.flags}g`)));
  global.lastIndex = first.index + Math.max(first[0].length, 1);
  for (let match = global.exec(text); match; match = global.exec(text)) {
    if (!isNegated(text, match)) return match;
    if (match[0].length === 0) global.lastIndex++;
  }
  return null;
}

function keywordSignals(instruction: string, material: string, cues: readonly TaskCue[]): TaskSignal[] {
  const signals: TaskSignal[] = [];
  for (const cue of cues) {
    const inInstruction = affirmedMatch(cue, instruction);
    const match = inInstruction ?? (material ? affirmedMatch(cue, material) : null);
    if (!match) continue;
    const zone = inInstruction ? 'instruction' : 'material';
    signals.push({
      cue: cue.id,
      category: cue.category,
      zone,
      weight: zone === 'instruction' ? cue.weight : cue.weight * MATERIAL_DISCOUNT,
      matched: match[0].trim().slice(0, MATCHED_PREVIEW),
    });
  }
  return signals;
}

/** Sums signals per category and picks the winner; shared with the conversation-level classifier. */
export function decideCategory(signals: readonly TaskSignal[]): TaskClassification {
  const scores: Record<TaskCategory, number> = {
    document_drafting: 0,
    summarization: 0,
    translation: 0,
    proofreading: 0,
    research: 0,
    planning: 0,
    coding: 0,
    data_analysis: 0,
    qa: 0,
    other: OTHER_BASELINE,
  };
  let total = OTHER_BASELINE;
  for (const signal of signals) {
    scores[signal.category] += signal.weight;
    total += signal.weight;
  }
  // Walking in tie order and replacing only on a strictly higher score leaves ties with the earlier category.
  let category = TIE_ORDER[0];
  for (const candidate of TIE_ORDER) if (scores[candidate] > scores[category]) category = candidate;

  const confidence = signals.length === 0 ? 0 : Math.round((scores[category] / total) * 1000) / 1000;
  const strongestFirst = signals.length > 1 ? [...signals].sort((a, b) => b.weight - a.weight) : signals;
  return { category, confidence, signals: strongestFirst, scores };
}

/**
 * Classifies one request by rules over Japanese and English cues (see cues/*.cues.ts and shape-cues.ts). Pure,
 * synchronous and offline, so the browser and the api give the same answer; the result lists the cues that fired.
 */
export function classifyTask(text: string, options: ClassifyTaskOptions = {}): TaskClassification {
  const cues = options.extraCues?.length ? [...KEYWORD_CUES, ...options.extraCues] : KEYWORD_CUES;
  const zones = splitPrompt(normalisePrompt(text));
  const signals = keywordSignals(zones.instruction, zones.material, cues);
  for (const signal of shapeSignals(zones)) signals.push(signal);
  return decideCategory(signals);
}
