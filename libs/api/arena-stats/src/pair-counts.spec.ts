import { describe, expect, it } from 'vitest';
import type { ArenaVote } from './arena-vote';
import { OUTCOME_CODE, collapseVoteColumns, collapseVotes } from './pair-counts';

const votes: ArenaVote[] = [
  { a: 'gpt', b: 'tsuzumi', outcome: 'a' },
  { a: 'tsuzumi', b: 'gpt', outcome: 'a' },
  { a: 'tsuzumi', b: 'gpt', outcome: 'b' },
  { a: 'gpt', b: 'tsuzumi', outcome: 'tie' },
  { a: 'tsuzumi', b: 'gpt', outcome: 'both_bad' },
  { a: 'sarashina', b: 'gpt', outcome: 'both_bad' },
];

describe('collapseVotes', () => {
  it('counts each unordered pair once, whichever side each model was shown on', () => {
    const counts = collapseVotes(votes);
    expect(counts.models).toEqual(['gpt', 'sarashina', 'tsuzumi']);
    // gpt–tsuzumi: gpt won twice (as a, and as b), tsuzumi once, one tie and one "both bad" counted as a tie.
    const r = [...counts.first].findIndex((i, row) => i === 0 && counts.second[row] === 2);
    expect([counts.firstWins[r], counts.secondWins[r], counts.ties[r]]).toEqual([2, 1, 2]);
    expect(counts.bothBadVotes).toBe(2);
  });

  it('drops "both bad" votes when asked to, and with them a model that had no other vote', () => {
    const counts = collapseVotes(votes, { bothBad: 'exclude' });
    expect(counts.models).toEqual(['gpt', 'tsuzumi']);
    expect([counts.firstWins[0], counts.secondWins[0], counts.ties[0]]).toEqual([2, 1, 1]);
    expect(counts.bothBadVotes).toBe(2);
  });

  it('refuses a vote of a model against itself', () => {
    expect(() => collapseVotes([{ a: 'gpt', b: 'gpt', outcome: 'a' }])).toThrow(/with itself/);
  });

  it('gives the same counts from typed-array columns as from vote objects', () => {
    const models = ['gpt', 'sarashina', 'tsuzumi', 'never-voted'];
    const index = (name: string): number => models.indexOf(name);
    const columns = {
      a: Uint16Array.from(votes, (v) => index(v.a)),
      b: Uint16Array.from(votes, (v) => index(v.b)),
      outcome: Uint8Array.from(votes, (v) => OUTCOME_CODE[v.outcome]),
    };
    expect(collapseVoteColumns(columns, models)).toEqual(collapseVotes(votes));
  });
});
