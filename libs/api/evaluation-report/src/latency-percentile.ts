/**
 * A percentile from a latency histogram: the upper bound of the bucket in which the cumulative count reaches the
 * percentile — "95% of requests took at most this long". Daily histograms add up exactly, so the period's p95 needs no
 * raw requests; the price is resolution (the bucket bounds), which the report states. Null when the percentile falls in
 * the open bucket above the last bound (reported as "> last bound") or when there are no requests.
 */
export function histogramPercentile(buckets: ArrayLike<number>, bounds: readonly number[], fraction: number): { readonly atMost: number | null; readonly above: number | null } | null {
  let total = 0;
  for (let i = 0; i < buckets.length; i++) total += buckets[i] as number;
  if (total === 0) return null;
  const target = Math.ceil(fraction * total);
  let cumulative = 0;
  for (let i = 0; i < buckets.length; i++) {
    cumulative += buckets[i] as number;
    if (cumulative >= target) return i < bounds.length ? { atMost: bounds[i] as number, above: null } : { atMost: null, above: bounds[bounds.length - 1] as number };
  }
  return { atMost: null, above: bounds[bounds.length - 1] as number };
}
