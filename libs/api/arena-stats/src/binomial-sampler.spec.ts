import { describe, expect, it } from 'vitest';
import { OutcomeResampler, sampleBinomial } from './binomial-sampler';
import { SeededRandom } from './seeded-random';

function binomialPmf(n: number, p: number): number[] {
  const pmf: number[] = [];
  let logC = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logC += Math.log((n - k + 1) / k);
    pmf.push(Math.exp(logC + k * Math.log(p) + (n - k) * Math.log(1 - p)));
  }
  return pmf;
}

/** Pearson's χ² of `draws` samples against the exact distribution, over cells with expected count ≥ 5. */
function chiSquare(n: number, p: number, draws: number, seed: number): { statistic: number; cells: number } {
  const random = new SeededRandom(seed);
  const seen = new Float64Array(n + 1);
  for (let d = 0; d < draws; d++) seen[sampleBinomial(random, n, p)]++;
  const pmf = binomialPmf(n, p);
  let statistic = 0;
  let cells = 0;
  for (let k = 0; k <= n; k++) {
    const expected = draws * (pmf[k] as number);
    if (expected < 5) continue;
    statistic += (seen[k] - expected) ** 2 / expected;
    cells++;
  }
  return { statistic, cells };
}

describe('sampleBinomial', () => {
  it.each([
    [40, 0.1], // inversion (n·p < 10)
    [60, 0.7], // inversion through the p > ½ mirror
    [2000, 0.3], // BTRD
    [500, 0.97], // BTRD mirrored
    [120, 0.5], // BTRD at the widest spread
  ])('draws Binomial(%i, %f) with the exact distribution (χ² within its 99.9% bound)', (n, p) => {
    const { statistic, cells } = chiSquare(n, p, 200_000, 11);
    const dof = cells - 1;
    // Wilson–Hilferty 99.9% quantile of χ²(dof).
    const bound = dof * (1 - 2 / (9 * dof) + 3.09 * Math.sqrt(2 / (9 * dof))) ** 3;
    expect(statistic).toBeLessThan(bound);
  });

  it('handles the degenerate cases exactly', () => {
    const random = new SeededRandom(1);
    expect(sampleBinomial(random, 0, 0.4)).toBe(0);
    expect(sampleBinomial(random, 50, 0)).toBe(0);
    expect(sampleBinomial(random, 50, 1)).toBe(50);
  });

  it('keeps every resampled row at its original number of votes', () => {
    const random = new SeededRandom(3);
    const first = Float64Array.of(10, 0, 3000, 1);
    const second = Float64Array.of(0, 7, 2500, 1);
    const ties = Float64Array.of(2, 0, 400, 0);
    const [a, b, t] = [new Float64Array(4), new Float64Array(4), new Float64Array(4)];
    const resampler = new OutcomeResampler(first, second, ties);
    for (let round = 0; round < 100; round++) {
      resampler.resample(random, a, b, t);
      for (let r = 0; r < 4; r++) expect(a[r] + b[r] + t[r]).toBe(first[r] + second[r] + ties[r]);
      expect(b[0]).toBe(0); // an outcome never seen is never drawn
      expect(b[1]).toBe(7);
    }
  });
});

describe('SeededRandom', () => {
  it('repeats its sequence for the same seed and differs for another', () => {
    const draw = (seed: number): number[] => {
      const random = new SeededRandom(seed);
      return Array.from({ length: 5 }, () => random.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });
});
