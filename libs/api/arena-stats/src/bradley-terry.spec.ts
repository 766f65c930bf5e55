import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ArenaVote } from './arena-vote';
import { fitBradleyTerry } from './bradley-terry';
import { NoFiniteMaximumError } from './comparison-model-fitter';
import { computeLeaderboard } from './leaderboard';
import { collapseVotes } from './pair-counts';

const testData = join(import.meta.dirname, '../test-data');
const small = JSON.parse(readFileSync(join(testData, 'small-votes.json'), 'utf8')) as { models: string[]; votes: ArenaVote[] };
const reference = JSON.parse(readFileSync(join(testData, 'reference.json'), 'utf8')) as {
  ridge: number;
  ratings_ridge: Record<string, number>;
  ratings_plain_mle: Record<string, number>;
  votes_per_model: Record<string, number>;
  excluded_models: string[];
  win_rate: Record<string, Record<string, number | null>>;
};

function ratingsByModel(votes: readonly ArenaVote[], options: Parameters<typeof fitBradleyTerry>[1] = {}): Record<string, number> {
  const fit = fitBradleyTerry(collapseVotes(votes), options);
  return Object.fromEntries(fit.models.map((model, i) => [model, fit.ratings[i] as number]));
}

describe('fitBradleyTerry on the fixed small vote set (reference: test-data/reference.py)', () => {
  it('equals the independent Python coordinate-ascent fit with the default ridge to 1e-6 Elo points', () => {
    const ratings = ratingsByModel(small.votes, { ridge: reference.ridge });
    expect(Object.keys(ratings).sort()).toEqual(Object.keys(reference.ratings_ridge).sort());
    for (const [model, expected] of Object.entries(reference.ratings_ridge)) expect(Math.abs((ratings[model] as number) - expected)).toBeLessThan(1e-6);
  });

  it('equals the independent Python MM (Zermelo) fit of the plain maximum likelihood with ridge 0 to 1e-6', () => {
    const ratings = ratingsByModel(small.votes, { ridge: 0 });
    for (const [model, expected] of Object.entries(reference.ratings_plain_mle)) expect(Math.abs((ratings[model] as number) - expected)).toBeLessThan(1e-6);
  });

  it('reports the same vote counts, win rates and unvoted models as the reference', () => {
    const board = computeLeaderboard(small.votes, { models: small.models, bootstrap: { rounds: 50 } });
    expect(board.excludedModels).toEqual(reference.excluded_models);
    for (const entry of board.entries) expect(entry.votes).toBe(reference.votes_per_model[entry.model]);
    const { models, rates } = board.winRates;
    models.forEach((i, x) =>
      models.forEach((j, y) => {
        const expected = i === j ? null : (reference.win_rate[i]?.[j] ?? null);
        if (expected === null) expect(rates[x]?.[y]).toBeNull();
        else expect(rates[x]?.[y]).toBeCloseTo(expected, 12);
      }),
    );
  });
});

describe('fitBradleyTerry', () => {
  it('counts a tie as half a win for each side', () => {
    // 3 wins to 1 and 2 wins to 0 with 2 ties give both sides the same credit (3 vs 1), so the same ratings.
    const decided: ArenaVote[] = [...Array<ArenaVote>(3).fill({ a: 'x', b: 'y', outcome: 'a' }), { a: 'x', b: 'y', outcome: 'b' }];
    const withTies: ArenaVote[] = [...Array<ArenaVote>(2).fill({ a: 'x', b: 'y', outcome: 'a' }), ...Array<ArenaVote>(2).fill({ a: 'y', b: 'x', outcome: 'tie' })];
    expect(ratingsByModel(withTies, { ridge: 0 })).toEqual(ratingsByModel(decided, { ridge: 0 }));
    // With ridge 0 the gap is exactly 400·log10(3): credit 3 to 1.
    const r = ratingsByModel(decided, { ridge: 0 });
    expect((r['x'] as number) - (r['y'] as number)).toBeCloseTo(400 * Math.log10(3), 9);
  });

  it('rates two models that only ever tied as equal', () => {
    const r = ratingsByModel([{ a: 'x', b: 'y', outcome: 'tie' }, { a: 'y', b: 'x', outcome: 'both_bad' }]);
    expect(r).toEqual({ x: 1000, y: 1000 });
  });

  it('pins the anchor model at 1000 without changing the gaps', () => {
    const free = ratingsByModel(small.votes);
    const anchored = ratingsByModel(small.votes, { anchor: 'gamma' });
    expect(anchored['gamma']).toBeCloseTo(1000, 9);
    expect((anchored['alpha'] as number) - (anchored['beta'] as number)).toBeCloseTo((free['alpha'] as number) - (free['beta'] as number), 9);
    expect(() => ratingsByModel(small.votes, { anchor: 'zeta' })).toThrow(/no votes/);
  });

  it('fits each disconnected group of models on its own scale, centred at 1000, and says so', () => {
    const votes: ArenaVote[] = [
      ...small.votes,
      { a: 'island-1', b: 'island-2', outcome: 'a' },
      { a: 'island-1', b: 'island-2', outcome: 'a' },
      { a: 'island-2', b: 'island-1', outcome: 'a' },
    ];
    const fit = fitBradleyTerry(collapseVotes(votes));
    const named = fit.graph.components.map((members) => members.map((i) => fit.models[i]));
    expect(named).toEqual([['alpha', 'beta', 'delta', 'epsilon', 'gamma'], ['island-1', 'island-2']]);
    const rating = (model: string): number => fit.ratings[fit.models.indexOf(model)] as number;
    expect((rating('island-1') + rating('island-2')) / 2).toBeCloseTo(1000, 9);
    // The big component's ratings are the same as when it is fitted alone.
    const alone = ratingsByModel(small.votes);
    for (const model of Object.keys(alone)) expect(rating(model)).toBeCloseTo(alone[model] as number, 8);
  });

  it('keeps an undefeated model finite with the ridge, flags it, and refuses the plain fit', () => {
    const votes: ArenaVote[] = [...small.votes, { a: 'newcomer', b: 'alpha', outcome: 'a' }, { a: 'beta', b: 'newcomer', outcome: 'b' }];
    const fit = fitBradleyTerry(collapseVotes(votes));
    expect(fit.graph.finiteWithoutRidge).toEqual([false]);
    const newcomer = fit.ratings[fit.models.indexOf('newcomer')] as number;
    expect(Number.isFinite(newcomer)).toBe(true);
    expect(newcomer).toBeGreaterThan(Math.max(...fit.ratings.filter((_, i) => fit.models[i] !== 'newcomer')));
    expect(fitBradleyTerry(collapseVotes(small.votes)).graph.finiteWithoutRidge).toEqual([true]);
    expect(() => fitBradleyTerry(collapseVotes(votes), { ridge: 0 })).toThrow(NoFiniteMaximumError);
  });
});
