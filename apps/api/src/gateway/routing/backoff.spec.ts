import { describe, expect, it } from 'vitest';
import { backoffDelay, sleep } from './backoff';
import { seededRandom } from './seeded-random';

describe('backoffDelay', () => {
  it('stays below a ceiling that doubles per retry up to the maximum', () => {
    const top = () => 0.999_999;
    expect([0, 1, 2, 3, 4, 10].map((retry) => backoffDelay(retry, 100, 1_000, top))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(0, 100, 1_000, () => 0)).toBe(0);
  });

  it('spreads delays over the whole range (full jitter)', () => {
    const random = seededRandom(11);
    const delays = Array.from({ length: 1_000 }, () => backoffDelay(3, 100, 5_000, random));
    expect(Math.min(...delays)).toBeLessThan(80);
    expect(Math.max(...delays)).toBeGreaterThan(720);
    expect(Math.max(...delays)).toBeLessThan(800);
    expect(new Set(delays).size).toBeGreaterThan(500);
  });
});

describe('sleep', () => {
  it('waits the time given', async () => {
    const started = performance.now();
    await sleep(30, new AbortController().signal);
    expect(performance.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('rejects with the abort reason as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('user pressed stop');
    const started = performance.now();
    setTimeout(() => controller.abort(reason), 10);
    await expect(sleep(10_000, controller.signal)).rejects.toBe(reason);
    expect(performance.now() - started).toBeLessThan(1_000);
    await expect(sleep(10, controller.signal)).rejects.toBe(reason);
  });
});
