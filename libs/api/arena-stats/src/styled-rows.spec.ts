import { describe, expect, it } from 'vitest';
import { StyledRowsBuilder } from './styled-rows';

const MODELS = ['alpha', 'beta'];

describe('StyledRowsBuilder', () => {
  it('puts a vote seated the other way round in the same row, its Δs negated and its outcome swapped', () => {
    const builder = new StyledRowsBuilder(MODELS, 0.05);
    builder.add('alpha', 'beta', 0.5, -0.25, 'a');
    builder.add('beta', 'alpha', -0.5, 0.25, 'b');
    builder.add('beta', 'alpha', -0.5, 0.25, 'tie');
    const rows = builder.rows(0);
    expect([rows.first[0], rows.second[0]]).toEqual([0, 1]);
    expect([...rows.covariates]).toEqual([0.5, -0.25]);
    expect([rows.firstWins[0], rows.secondWins[0], rows.ties[0]]).toEqual([2, 0, 1]);
  });

  it('gives from bucket numbers counted elsewhere the rows it gives from the measured Δs', () => {
    const fromDeltas = new StyledRowsBuilder(MODELS, 0.1);
    fromDeltas.add('beta', 'alpha', 0.31, -0.68, 'a', 3);
    fromDeltas.add('alpha', 'beta', -0.29, 0.72, 'both_bad');
    const fromBuckets = new StyledRowsBuilder(MODELS, 0.1);
    fromBuckets.addBuckets('beta', 'alpha', 3, -7, 'a', 3);
    fromBuckets.addBuckets('alpha', 'beta', -3, 7, 'both_bad', 1);
    expect(fromBuckets.rows(2)).toEqual(fromDeltas.rows(2));
    expect(fromDeltas.rows(2).ties[0]).toBe(1);
  });

  it('refuses a vote of a model against itself, or of a model it was not given', () => {
    const builder = new StyledRowsBuilder(MODELS, 0.05);
    expect(() => builder.add('alpha', 'alpha', 0, 0, 'a')).toThrow(/with itself/);
    expect(() => builder.add('alpha', 'gamma', 0, 0, 'a')).toThrow(/gamma/);
  });
});
