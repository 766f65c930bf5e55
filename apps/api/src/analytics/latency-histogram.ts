/**
 * Latency is rolled up as counts per fixed bucket, so the p95 of any filter is read from summed counts instead of the
 * raw requests. Bucket i holds latencies in [bounds[i-1], bounds[i]) (the first from 0, the last unbounded); bounds
 * grow by about a third each step, so an estimate is within one bucket — at most ±17% of the value — of the exact p95.
 * Changing the bounds changes the meaning of stored histograms: add new ones as a new column, never edit these.
 */
export const LATENCY_BUCKET_BOUNDS_MS = [
  100, 150, 200, 300, 400, 500, 700, 1_000, 1_300, 1_700, 2_200, 3_000, 4_000, 5_000, 6_500, 8_500, 11_000, 15_000, 20_000, 27_000,
  36_000, 48_000, 64_000, 90_000, 120_000, 180_000,
] as const;

/** Buckets in a histogram: one below each bound and one above the last. */
export const LATENCY_BUCKETS = LATENCY_BUCKET_BOUNDS_MS.length + 1;

/** SQL aggregates building the histogram of `column` (one count per bucket) as an integer array. */
export function latencyHistogramSql(column: string): string {
  const counts = Array.from({ length: LATENCY_BUCKETS }, (_, i) => {
    const lower = i === 0 ? null : LATENCY_BUCKET_BOUNDS_MS[i - 1];
    const upper = i < LATENCY_BUCKET_BOUNDS_MS.length ? LATENCY_BUCKET_BOUNDS_MS[i] : null;
    const conditions = [lower === null ? null : `${column} >= ${lower}`, upper === null ? null : `${column} < ${upper}`].filter(Boolean);
    return `count(*) FILTER (WHERE ${conditions.join(' AND ')})`;
  });
  return `ARRAY[${counts.join(', ')}]::integer[]`;
}

/** SQL aggregates summing a histogram column element by element, one output column `h<i>` per bucket. */
export function latencyHistogramSumsSql(column: string): string {
  return Array.from({ length: LATENCY_BUCKETS }, (_, i) => `coalesce(sum(${column}[${i + 1}]), 0) AS h${i}`).join(', ');
}

/** SQL aggregate adding histograms of `column` element by element into one histogram (weeks and months from days). */
export function latencyHistogramAddSql(column: string): string {
  return `ARRAY[${Array.from({ length: LATENCY_BUCKETS }, (_, i) => `sum(${column}[${i + 1}])`).join(', ')}]::integer[]`;
}

/** The bucket counts of a row that selected latencyHistogramSumsSql. */
export function histogramOf(row: Record<string, unknown>): number[] {
  return Array.from({ length: LATENCY_BUCKETS }, (_, i) => Number(row[`h${i}`] ?? 0));
}

/**
 * The latency below which `quantile` of the requests fall: the bucket of the nearest-rank element (rank ⌈q·n⌉), and
 * linear interpolation inside it; null without requests. The open top bucket reports its lower bound (the histogram
 * says nothing above it).
 */
export function latencyQuantile(histogram: readonly number[], quantile: number): number | null {
  const total = histogram.reduce((sum, count) => sum + count, 0);
  if (total === 0) return null;
  const rank = Math.max(1, Math.ceil(quantile * total));
  let below = 0;
  for (let i = 0; i < histogram.length; i++) {
    const count = histogram[i];
    if (count > 0 && below + count >= rank) {
      const lower = i === 0 ? 0 : LATENCY_BUCKET_BOUNDS_MS[i - 1];
      const upper = LATENCY_BUCKET_BOUNDS_MS[i];
      if (upper === undefined) return lower;
      return Math.round(lower + ((rank - below) / count) * (upper - lower));
    }
    below += count;
  }
  return LATENCY_BUCKET_BOUNDS_MS[LATENCY_BUCKET_BOUNDS_MS.length - 1];
}
