/**
 * The Wilson score interval for a proportion (Wilson, 1927): the set of true proportions p for which the observed
 * share is within z standard errors, z computed under p rather than under the observed share. Unlike the textbook
 * "p̂ ± z·√(p̂(1−p̂)/n)" it never leaves [0, 1] and stays honest for small n and for shares near 0 or 1 — a model
 * liked 10 times out of 10 gets [0.72, 1], not [1, 1]. It is what R's prop.test(x, n, correct = FALSE) reports.
 */
export interface ProportionInterval {
  readonly share: number;
  readonly lower: number;
  readonly upper: number;
}

export function wilsonInterval(successes: number, trials: number, level = 0.95): ProportionInterval | null {
  if (!(trials > 0)) return null;
  if (successes < 0 || successes > trials) throw new RangeError(`${successes} successes out of ${trials} trials`);
  const z = normalQuantile(1 - (1 - level) / 2);
  const share = successes / trials;
  const z2 = z * z;
  const centre = (share + z2 / (2 * trials)) / (1 + z2 / trials);
  const half = (z / (1 + z2 / trials)) * Math.sqrt((share * (1 - share)) / trials + z2 / (4 * trials * trials));
  // Clamp the rounding error at the ends (0/n and n/n give exactly 0 and 1 in exact arithmetic).
  return { share, lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

/**
 * The standard normal quantile Φ⁻¹(p), by Acklam's rational approximation (relative error < 1.2·10⁻⁹): far finer than
 * the 4 decimals the report prints, and plain arithmetic, so every machine gets the same bits.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normal quantile of ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  let x: number;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p <= 1 - low) {
    const q = p - 0.5;
    const r = q * q;
    x = ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  return x;
}
