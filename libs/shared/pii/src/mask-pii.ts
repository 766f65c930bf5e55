import { PII_LABELS, type PiiFinding, type PiiKind } from './pii-kind';

export type MaskStyle = 'ja' | 'en';

/** The placeholder that replaces a finding: ［電話番号］ in Japanese text, [Phone number] in English. */
export function piiPlaceholder(kind: PiiKind, style: MaskStyle = 'ja'): string {
  return style === 'ja' ? `［${PII_LABELS.ja[kind]}］` : `[${PII_LABELS.en[kind]}]`;
}

/**
 * The text with every finding replaced by its labelled placeholder, for sending a message on with the personal
 * data taken out. Findings may come in any order; findings that overlap are masked as one span (labelled by the
 * first) so no character of either is left readable. A finding outside the text is a caller's bug and throws.
 */
export function maskPii(text: string, findings: readonly PiiFinding[], style: MaskStyle = 'ja'): string {
  if (findings.length === 0) return text;
  const ordered = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const parts: string[] = [];
  let written = 0;
  let index = 0;
  while (index < ordered.length) {
    const { kind, start } = ordered[index];
    let end = ordered[index].end;
    if (start < 0 || end > text.length || start >= end) throw new RangeError(`finding [${start}, ${end}) is outside a text of ${text.length}`);
    for (index++; index < ordered.length && ordered[index].start < end; index++) end = Math.max(end, ordered[index].end);
    parts.push(text.slice(written, start), piiPlaceholder(kind, style));
    written = end;
  }
  parts.push(text.slice(written));
  return parts.join('');
}
