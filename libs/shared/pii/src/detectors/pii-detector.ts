import type { MatchableText } from '../matchable-text';
import type { PiiKind } from '../pii-kind';

/** A span a detector proposes; overlaps between kinds are settled later by `resolveOverlaps`. */
export interface PiiCandidate {
  kind: PiiKind;
  start: number;
  end: number;
}

/**
 * A detector scans the normalised text once with its own pattern and appends what it finds. It never allocates
 * per character: work is per match, and matches are rare in ordinary prose.
 */
export interface PiiDetector {
  readonly kind: PiiKind;
  detect(text: MatchableText, found: PiiCandidate[]): void;
}

/**
 * Runs a global pattern over the text and hands each match to `accept`. A match that is turned down is retried
 * one character later, so a rejected long candidate ("090-1234-5678-1") cannot hide a valid one inside it; the
 * retries are bounded by the pattern's maximum length, which keeps the scan linear.
 */
export function eachMatch(pattern: RegExp, text: string, accept: (match: RegExpExecArray) => boolean): void {
  pattern.lastIndex = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(text)) !== null) {
    if (!accept(match)) pattern.lastIndex = match.index + 1;
  }
}
