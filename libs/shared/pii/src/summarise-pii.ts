import { PII_KINDS, type PiiFinding, type PiiKind } from './pii-kind';

/** How much of what was found, without any value: safe for a warning banner, a log line or the audit log. */
export interface PiiSummary {
  total: number;
  /** Only the kinds found, in PII_KINDS order. */
  counts: Partial<Record<PiiKind, number>>;
}

export function summarisePii(findings: readonly PiiFinding[]): PiiSummary {
  const tally = new Map<PiiKind, number>();
  for (const { kind } of findings) tally.set(kind, (tally.get(kind) ?? 0) + 1);
  const counts: Partial<Record<PiiKind, number>> = {};
  for (const kind of PII_KINDS) {
    const count = tally.get(kind);
    if (count !== undefined) counts[kind] = count;
  }
  return { total: findings.length, counts };
}
