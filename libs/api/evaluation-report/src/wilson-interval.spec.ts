import { describe, expect, it } from 'vitest';
import { normalQuantile, wilsonInterval } from './wilson-interval';

// Reference values: R 4.x, prop.test(x, n, correct = FALSE)$conf.int, which is the Wilson score interval; the same
// numbers come from Python's statistics.NormalDist and the textbook formula.
describe('wilsonInterval', () => {
  it.each([
    [8, 10, 0.4901624715, 0.9433178485],
    [0, 10, 0, 0.2775327999],
    [10, 10, 0.7224672001, 1],
    [50, 100, 0.4038315304, 0.5961684696],
    [1, 3, 0.0614919447, 0.7923403992],
  ])('gives the published interval for %i likes out of %i', (likes, ratings, lower, upper) => {
    const interval = wilsonInterval(likes, ratings);
    expect(interval?.lower).toBeCloseTo(lower, 8);
    expect(interval?.upper).toBeCloseTo(upper, 8);
    expect(interval?.share).toBe(likes / ratings);
  });

  it('has no interval without ratings, and refuses more likes than ratings', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
  });

  it('narrows as the level falls', () => {
    const wide = wilsonInterval(30, 60, 0.99) as NonNullable<ReturnType<typeof wilsonInterval>>;
    const narrow = wilsonInterval(30, 60, 0.9) as NonNullable<ReturnType<typeof wilsonInterval>>;
    expect(wide.upper - wide.lower).toBeGreaterThan(narrow.upper - narrow.lower);
  });
});

describe('normalQuantile', () => {
  it('matches the standard normal quantiles to 8 decimals', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.9599639845400536, 8);
    expect(normalQuantile(0.95)).toBeCloseTo(1.6448536269514715, 8);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.3263478740408408, 8);
  });
});
