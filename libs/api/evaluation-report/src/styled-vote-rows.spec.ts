import { collapseStyledVotes } from '@gennai/arena-stats';
import { describe, expect, it } from 'vitest';
import { parseBundle } from './bundle-reader';
import { fixtureBundleText } from './bundle.test-support';
import { styledVoteRows } from './styled-vote-rows';

/** Rows as comparable text, independent of row order. */
function rowSet(rows: ReturnType<typeof collapseStyledVotes>): string[] {
  return Array.from(rows.first, (i, r) =>
    [rows.models[i], rows.models[rows.second[r]], rows.covariates[2 * r].toFixed(12), rows.covariates[2 * r + 1].toFixed(12), rows.firstWins[r], rows.secondWins[r], rows.ties[r]].join(' '),
  ).sort();
}

describe('styledVoteRows', () => {
  const votes = parseBundle(fixtureBundleText()).records.vote;
  const asArenaVotes = votes.map((v) => ({
    a: v.model_a,
    b: v.model_b,
    outcome: v.winner,
    features: { lengthA: v.length_a ?? 0, lengthB: v.length_b ?? 0, markdownA: v.markdown_a ?? 0, markdownB: v.markdown_b ?? 0 },
  }));

  it.each([
    [0.05, 'tie'],
    [0.1, 'exclude'],
    [0, 'tie'],
  ] as const)('builds the rows @gennai/arena-stats builds from vote objects (width %s, both bad as %s)', (bucketWidth, bothBad) => {
    const expected = collapseStyledVotes(asArenaVotes, { bucketWidth, bothBad });
    const actual = styledVoteRows(votes, { bucketWidth, bothBad });
    expect(actual.models).toEqual(expected.models);
    expect(rowSet(actual)).toEqual(rowSet(expected));
  });

  it('leaves out votes without style features and counts them', () => {
    const unstyled = { ...votes[0], length_a: null, length_b: null, markdown_a: null, markdown_b: null };
    const rows = styledVoteRows([unstyled, ...votes.slice(1)], { bucketWidth: 0.05, bothBad: 'tie' });
    expect(rows.votesWithoutStyle).toBe(1);
    expect(Array.from(rows.firstWins).concat(Array.from(rows.secondWins), Array.from(rows.ties)).reduce((a, b) => a + b, 0)).toBe(votes.length - 1);
  });
});
