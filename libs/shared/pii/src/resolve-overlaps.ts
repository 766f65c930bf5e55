import type { PiiCandidate } from './detectors/pii-detector';
import type { PiiKind } from './pii-kind';

/**
 * When two detectors claim overlapping text, the kind earlier in this list wins; between equals, the longer span.
 * The order goes from the most certain evidence to the least: an '@' with a valid domain; a checksum (Luhn, the
 * My Number and Corporate Number check digits) over an exact length; a numbering-plan shape; cue words; and last
 * the address, whose pattern is the loosest. So "4111 1111 1111 1111" is a card even where the phone pattern also
 * fits a part of it.
 */
export const OVERLAP_PRIORITY: readonly PiiKind[] = [
  'email',
  'credit_card',
  'my_number',
  'corporate_number',
  'phone',
  'bank_account',
  'postal_code',
  'birth_date',
  'address',
];

const RANK: Readonly<Record<PiiKind, number>> = Object.fromEntries(OVERLAP_PRIORITY.map((kind, index) => [kind, index])) as Record<
  PiiKind,
  number
>;

function outranks(a: PiiCandidate, b: PiiCandidate): number {
  return RANK[a.kind] - RANK[b.kind] || b.end - b.start - (a.end - a.start) || a.start - b.start;
}

/**
 * Sorted, non-overlapping candidates. Candidates are split into clusters of mutually reachable overlaps (one
 * sweep after sorting by start); inside each cluster — almost always one or two spans — the best-ranked span is
 * kept first and the others only where they overlap nothing kept.
 */
export function resolveOverlaps(candidates: PiiCandidate[]): PiiCandidate[] {
  if (candidates.length < 2) return candidates;
  candidates.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: PiiCandidate[] = [];
  let cluster: PiiCandidate[] = [];
  let clusterEnd = -1;
  const settle = () => {
    if (cluster.length === 1) kept.push(cluster[0]);
    else if (cluster.length > 1) {
      const chosen: PiiCandidate[] = [];
      for (const candidate of cluster.sort(outranks)) {
        if (chosen.every((other) => candidate.end <= other.start || candidate.start >= other.end)) chosen.push(candidate);
      }
      kept.push(...chosen.sort((a, b) => a.start - b.start));
    }
  };
  for (const candidate of candidates) {
    if (candidate.start >= clusterEnd) {
      settle();
      cluster = [];
    }
    cluster.push(candidate);
    clusterEnd = Math.max(clusterEnd, candidate.end);
  }
  settle();
  return kept;
}
