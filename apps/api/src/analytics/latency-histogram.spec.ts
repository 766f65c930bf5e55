import { describe, expect, it } from 'vitest';
import { LATENCY_BUCKET_BOUNDS_MS, LATENCY_BUCKETS, latencyHistogramSql, latencyQuantile } from './latency-histogram';

/** The histogram the roll-up's SQL builds, computed the same way in memory. */
function histogram(latencies: number[]): number[] {
  const counts = new Array<number>(LATENCY_BUCKETS).fill(0);
  for (const ms of latencies) {
    const bucket = LATENCY_BUCKET_BOUNDS_MS.findIndex((bound) => ms < bound);
    counts[bucket === -1 ? LATENCY_BUCKETS - 1 : bucket]++;
  }
  return counts;
}

function exactQuantile(latencies: number[], quantile: number): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.ceil(quantile * sorted.length) - 1];
}

describe('latency histogram', () => {
  it('has nothing to say without requests', () => {
    expect(latencyQuantile(histogram([]), 0.95)).toBeNull();
  });

  it('estimates the p95 within the bucket of the exact value, at most a third off', () => {
    let state = 42;
    const next = () => ((state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (const size of [1, 7, 20, 333, 10_000]) {
      const latencies = Array.from({ length: size }, () => Math.floor(80 + next() ** 4 * 60_000));
      const exact = exactQuantile(latencies, 0.95);
      const estimate = latencyQuantile(histogram(latencies), 0.95) as number;
      const upper = LATENCY_BUCKET_BOUNDS_MS.findIndex((bound) => exact < bound);
      expect(estimate).toBeGreaterThanOrEqual(upper === 0 ? 0 : LATENCY_BUCKET_BOUNDS_MS[upper - 1]);
      expect(estimate).toBeLessThanOrEqual(LATENCY_BUCKET_BOUNDS_MS[upper]);
      expect(Math.abs(estimate - exact) / exact).toBeLessThan(0.5);
    }
  });

  it('reports the lower bound of the open top bucket rather than inventing a value above it', () => {
    expect(latencyQuantile(histogram([500_000, 600_000]), 0.95)).toBe(LATENCY_BUCKET_BOUNDS_MS.at(-1));
  });

  it('builds one count per bucket in SQL, the first from 0 and the last unbounded', () => {
    const sql = latencyHistogramSql('r.latency_ms');
    expect(sql.match(/count\(\*\)/g)).toHaveLength(LATENCY_BUCKETS);
    expect(sql).toContain('count(*) FILTER (WHERE r.latency_ms < 100)');
    expect(sql).toContain(`count(*) FILTER (WHERE r.latency_ms >= ${LATENCY_BUCKET_BOUNDS_MS.at(-1)})]::integer[]`);
  });
});
