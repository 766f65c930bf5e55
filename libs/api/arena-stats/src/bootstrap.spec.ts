import { describe, expect, it } from 'vitest';
import { bootstrapSamples, quantile } from './bootstrap';
import { fitBradleyTerry } from './bradley-terry';
import { toEloScale } from './elo-scale';
import { collapseVotes } from './pair-counts';
import { SeededRandom } from './seeded-random';
import { simulateVotes } from './simulate-votes.test-support';

describe('bootstrapSamples', () => {
  it('gives the same rounds whether they run in one piece or split (as over worker threads)', () => {
    const fit = fitBradleyTerry(collapseVotes(simulateVotes(new SeededRandom(4), [0, 0.4, 0.9, 1.1], 25)));
    const m = fit.models.length;
    const summarise = (p: Float64Array, into: Float64Array): Float64Array => toEloScale(p, fit.graph.componentOf, fit.graph.components.length, undefined, into);
    const run = (fromRound: number, toRound: number): Float64Array => bootstrapSamples(fit.fitter, fit.rows, fit.logStrengths, summarise, m, { seed: 3, fromRound, toRound });
    const whole = run(0, 60);
    const split = new Float64Array([...run(0, 25), ...run(25, 60)]);
    expect(split).toEqual(whole);
  });
});

describe('quantile', () => {
  it('interpolates between order statistics like numpy’s default', () => {
    const sorted = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
    expect(quantile(sorted, 0.025)).toBeCloseTo(1.225, 12);
    expect(quantile(sorted, 0.975)).toBeCloseTo(9.775, 12);
    expect(quantile(sorted, 0.5)).toBe(5.5);
  });
});
