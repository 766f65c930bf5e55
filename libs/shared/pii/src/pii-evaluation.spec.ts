import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectPii } from './detect-pii';
import { PII_KINDS, type PiiKind } from './pii-kind';

/**
 * Precision and recall per kind over the committed labelled set (test-data/pii-labelled.jsonl, made by
 * test-data/generate-labelled.mjs from templates and a hand-written file). A finding counts only when its kind
 * and both offsets equal a labelled span's. The table is printed and copied into docs/developer/pii-detector.md.
 */
interface LabelledLine {
  text: string;
  spans: { kind: PiiKind; start: number; end: number }[];
}

const lines: LabelledLine[] = readFileSync(join(import.meta.dirname, '../test-data/pii-labelled.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => JSON.parse(line) as LabelledLine);

interface Tally {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
}

const tallies = new Map<PiiKind, Tally>(PII_KINDS.map((kind) => [kind, { truePositives: 0, falsePositives: 0, falseNegatives: 0 }]));
const misses: string[] = [];
for (const { text, spans } of lines) {
  const found = detectPii(text, { kinds: PII_KINDS });
  const key = (s: { kind: PiiKind; start: number; end: number }) => `${s.kind}:${s.start}:${s.end}`;
  const expected = new Set(spans.map(key));
  const actual = new Set(found.map(key));
  for (const finding of found) {
    const tally = tallies.get(finding.kind) as Tally;
    if (expected.has(key(finding))) tally.truePositives++;
    else {
      tally.falsePositives++;
      misses.push(`FP ${finding.kind} «${finding.value}» in ${text}`);
    }
  }
  for (const span of spans) {
    if (actual.has(key(span))) continue;
    (tallies.get(span.kind) as Tally).falseNegatives++;
    misses.push(`FN ${span.kind} «${text.slice(span.start, span.end)}» in ${text}`);
  }
}

const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
const precisionOf = (t: Tally) => ratio(t.truePositives, t.truePositives + t.falsePositives);
const recallOf = (t: Tally) => ratio(t.truePositives, t.truePositives + t.falseNegatives);
const overall = [...tallies.values()].reduce(
  (sum, t) => ({ truePositives: sum.truePositives + t.truePositives, falsePositives: sum.falsePositives + t.falsePositives, falseNegatives: sum.falseNegatives + t.falseNegatives }),
  { truePositives: 0, falsePositives: 0, falseNegatives: 0 },
);

const row = (name: string, t: Tally) =>
  `| ${name} | ${t.truePositives + t.falseNegatives} | ${t.truePositives} | ${t.falsePositives} | ${t.falseNegatives} | ${precisionOf(t).toFixed(3)} | ${recallOf(t).toFixed(3)} |`;
const table = [
  `labelled set: ${lines.length} lines, ${lines.filter((l) => l.spans.length === 0).length} without personal data`,
  '| kind | labelled | found right | false positives | missed | precision | recall |',
  '|---|---|---|---|---|---|---|',
  ...PII_KINDS.map((kind) => row(kind, tallies.get(kind) as Tally)),
  row('all', overall),
].join('\n');
process.stdout.write(`\n${table}\n${misses.length ? `\n${misses.join('\n')}\n` : ''}`);

/**
 * The thresholds. The four kinds issue #4 names are held to 0.98 recall. The others are held to what their
 * stated scope allows: the set marks, on purpose, addresses and birth dates written in forms the detector does
 * not read (no prefecture, kanji numerals), so their recall shows that limit.
 */
const MINIMUM_RECALL: Readonly<Record<PiiKind, number>> = {
  my_number: 0.98,
  credit_card: 0.98,
  phone: 0.98,
  email: 0.98,
  corporate_number: 0.95,
  bank_account: 0.95,
  postal_code: 0.95,
  address: 0.95,
  birth_date: 0.95,
};
const MINIMUM_PRECISION_PER_KIND = 0.9;

describe('the detector measured on the labelled set', () => {
  it('holds enough lines, personal data of every kind and hard negatives', () => {
    expect(lines.length).toBeGreaterThanOrEqual(400);
    expect(lines.filter((l) => l.spans.length === 0).length).toBeGreaterThanOrEqual(150);
    for (const kind of PII_KINDS) expect(lines.some((l) => l.spans.some((s) => s.kind === kind)), kind).toBe(true);
  });

  it.each(PII_KINDS)('finds %s with the recall its threshold asks', (kind) => {
    expect(recallOf(tallies.get(kind) as Tally)).toBeGreaterThanOrEqual(MINIMUM_RECALL[kind]);
  });

  it.each(PII_KINDS)('reports %s with precision of at least 0.9', (kind) => {
    expect(precisionOf(tallies.get(kind) as Tally)).toBeGreaterThanOrEqual(MINIMUM_PRECISION_PER_KIND);
  });

  it('has an overall precision of at least 0.95', () => {
    expect(precisionOf(overall)).toBeGreaterThanOrEqual(0.95);
  });
});
