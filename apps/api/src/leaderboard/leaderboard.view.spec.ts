import { describe, expect, it } from 'vitest';
import { ranks } from './leaderboard.view';

describe('ranks', () => {
  it('gives models whose intervals overlap the same rank (1 + models entirely above)', () => {
    const entries = [
      { lower: 1090, upper: 1110 }, // A
      { lower: 1080, upper: 1095 }, // B overlaps A
      { lower: 1000, upper: 1085 }, // C overlaps B, entirely below A
      { lower: 900, upper: 950 }, // D below all three
    ];
    expect(ranks(entries)).toEqual([1, 1, 2, 4]);
  });
});
