import type { PromptZones } from './prompt-zones';
import type { TaskSignal } from './task-cue';

/**
 * Evidence from the shape of a prompt rather than its words. Each is one named signal so that it shows up in
 * `signals` like a keyword does.
 */
const LONG_MATERIAL_CHARS = 1200;
// Function words of English prose; code and identifiers rarely contain three different ones.
const ENGLISH_FUNCTION_WORDS = /\b(?:the|and|of|to|in|is|are|for|that|with|we|you|this|will|be|on|as|our|your)\b/g;
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;
// A line holding digits on both sides of a comma or tab: a row of CSV or of a table pasted from a spreadsheet.
const TABULAR_LINE = /^[^\n,\t]*\d[^\n,\t]*[,\t][^\n]*\d/gm;
// Cheap tests that spare most prompts the scans above.
const HAS_LATIN_WORD = /[a-z]{2,} [a-z]{2,} [a-z]{2,}/;
const HAS_SEPARATED_DIGITS = /\d[,\t][^\n]*\d/;

function countDistinct(text: string, pattern: RegExp, enough: number): number {
  const seen = new Set<string>();
  for (const match of text.matchAll(pattern)) {
    seen.add(match[0]);
    if (seen.size >= enough) break;
  }
  return seen.size;
}

function countUpTo(text: string, pattern: RegExp, enough: number): number {
  let count = 0;
  for (const _match of text.matchAll(pattern)) if (++count >= enough) break;
  return count;
}

export function shapeSignals(zones: PromptZones): TaskSignal[] {
  const signals: TaskSignal[] = [];
  const shape = (cue: string, category: TaskSignal['category'], weight: number) => signals.push({ cue, category, zone: 'shape', weight, matched: '' });

  if (zones.codeFences > 0) shape('coding.code-fence', 'coding', 2);
  // An English passage with a Japanese request around it is, more often than not, to be translated.
  if (HAS_LATIN_WORD.test(zones.prose) && JAPANESE.test(zones.instruction) && countDistinct(zones.prose, ENGLISH_FUNCTION_WORDS, 4) >= 4) {
    shape('translation.foreign-prose', 'translation', 1.5);
  }
  if (zones.material.length >= LONG_MATERIAL_CHARS) shape('summarization.long-material', 'summarization', 1);
  const body = zones.material || zones.instruction;
  if (HAS_SEPARATED_DIGITS.test(body) && countUpTo(body, TABULAR_LINE, 3) >= 3) shape('data_analysis.tabular-lines', 'data_analysis', 1.5);
  return signals;
}
