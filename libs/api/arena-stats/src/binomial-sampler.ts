import type { SeededRandom } from './seeded-random';

/**
 * An exact Binomial(n, p) draw in O(1) expected time whatever n is — the bootstrap draws two per pair of models
 * per round, with thousands of votes behind each pair, so drawing vote by vote would cost O(votes) per round.
 * Small means (n·min(p, 1−p) < 10) use sequential inversion; larger ones use BTRD, the transformed rejection
 * with decomposition of Hörmann (1993), "The generation of binomial random variates", J. Statist. Comput.
 * Simul. 46, 101–110.
 */
export function sampleBinomial(random: SeededRandom, n: number, p: number): number {
  if (n <= 0 || p <= 0) return 0;
  if (p >= 1) return n;
  if (p > 0.5) return n - sampleBinomial(random, n, 1 - p);
  return n * p < 10 ? byInversion(random, n, p) : drawBtrd(random, prepareBtrd(n, p, scratch));
}

/** Reused for one-off draws, so a draw allocates nothing (the bootstrap makes ten million of them). */
const scratch = emptySetup();

/**
 * Resamples every row's votes with replacement: (first wins, second wins, ties) ~ Multinomial(n; the observed
 * proportions), drawn as two binomials per row. The first draw of a row always has the same n and p, so its
 * BTRD constants are computed once here rather than in each of the thousand rounds.
 */
export class OutcomeResampler {
  private readonly totals: Float64Array;
  private readonly firstShare: Float64Array;
  private readonly prepared: (BtrdSetup | null)[];

  constructor(
    private readonly firstWins: Float64Array,
    private readonly secondWins: Float64Array,
    private readonly ties: Float64Array,
  ) {
    this.totals = firstWins.map((w, r) => w + secondWins[r] + ties[r]);
    this.firstShare = firstWins.map((w, r) => (this.totals[r] === 0 ? 0 : w / this.totals[r]));
    this.prepared = Array.from(this.totals, (n, r) => {
      const p = this.firstShare[r];
      const q = Math.min(p, 1 - p);
      return q > 0 && n * q >= 10 ? prepareBtrd(n, q, emptySetup()) : null;
    });
  }

  resample(random: SeededRandom, outFirstWins: Float64Array, outSecondWins: Float64Array, outTies: Float64Array): void {
    for (let r = 0; r < this.totals.length; r++) {
      const n = this.totals[r];
      const p = this.firstShare[r];
      const setup = this.prepared[r];
      const first = setup ? (p > 0.5 ? n - drawBtrd(random, setup) : drawBtrd(random, setup)) : sampleBinomial(random, n, p);
      const rest = n - first;
      const restTotal = this.secondWins[r] + this.ties[r];
      const drawnTies = restTotal === 0 ? 0 : sampleBinomial(random, rest, this.ties[r] / restTotal);
      outFirstWins[r] = first;
      outSecondWins[r] = rest - drawnTies;
      outTies[r] = drawnTies;
    }
  }
}

function byInversion(random: SeededRandom, n: number, p: number): number {
  const q = 1 - p;
  const s = p / q;
  const a = (n + 1) * s;
  const start = Math.pow(q, n); // ≥ e^(−14) here, since n·p < 10 and p ≤ ½
  for (;;) {
    let r = start;
    let u = random.next();
    let x = 0;
    while (u > r) {
      u -= r;
      x++;
      if (x > n) break; // rounding left u above the total mass: draw again
      r *= a / x - s;
    }
    if (x <= n) return x;
  }
}

/** log(k!) − [(k + ½)·log(k + 1) − (k + 1) + ½·log(2π)], the Stirling remainder, tabulated for small k. */
const STIRLING_TAIL = [
  0.08106146679532726, 0.04134069595540929, 0.02767792568499834, 0.02079067210376509, 0.01664469118982119,
  0.01387612882307075, 0.01189670994589177, 0.01041126526197209, 0.009255462182712733, 0.008330563433362871,
];

function stirlingTail(k: number): number {
  if (k < 10) return STIRLING_TAIL[k] as number;
  const r = 1 / (k + 1);
  const r2 = r * r;
  return (1 / 12 - (1 / 360 - r2 / 1260) * r2) * r;
}

interface BtrdSetup {
  n: number;
  m: number;
  r: number;
  nr: number;
  npq: number;
  a: number;
  b: number;
  c: number;
  alpha: number;
  vr: number;
  urvr: number;
}

function emptySetup(): BtrdSetup {
  return { n: 0, m: 0, r: 0, nr: 0, npq: 0, a: 0, b: 0, c: 0, alpha: 0, vr: 0, urvr: 0 };
}

/** Writes BTRD's constants for Binomial(n, p), p ≤ ½ and n·p ≥ 10, into `into`. */
function prepareBtrd(n: number, p: number, into: BtrdSetup): BtrdSetup {
  const q = 1 - p;
  const npq = n * p * q;
  const sqrtNpq = Math.sqrt(npq);
  const b = 1.15 + 2.53 * sqrtNpq;
  into.n = n;
  into.m = Math.floor((n + 1) * p);
  into.r = p / q;
  into.nr = ((n + 1) * p) / q;
  into.npq = npq;
  into.a = -0.0873 + 0.0248 * b + 0.01 * p;
  into.b = b;
  into.c = n * p + 0.5;
  into.alpha = (2.83 + 5.1 / b) * sqrtNpq;
  into.vr = 0.92 - 4.2 / b;
  into.urvr = 0.86 * into.vr;
  return into;
}

function drawBtrd(random: SeededRandom, setup: BtrdSetup): number {
  const { n, m, r, nr, npq, a, b, c, alpha, vr, urvr } = setup;
  for (;;) {
    let v = random.next();
    let u: number;
    if (v <= urvr) {
      // The inner box: accepted without evaluating the density (about 86% of draws).
      u = v / vr - 0.43;
      return Math.floor(((2 * a) / (0.5 - Math.abs(u)) + b) * u + c);
    }
    if (v >= vr) {
      u = random.next() - 0.5;
    } else {
      u = v / vr - 0.93;
      u = Math.sign(u) * 0.5 - u;
      v = random.next() * vr;
    }
    const us = 0.5 - Math.abs(u);
    const k = Math.floor(((2 * a) / us + b) * u + c);
    if (k < 0 || k > n) continue;
    v = (v * alpha) / (a / (us * us) + b);
    const km = Math.abs(k - m);
    if (km <= 15) {
      // Near the mode: the ratio of probabilities by recursion.
      let f = 1;
      if (m < k) for (let i = m + 1; i <= k; i++) f *= nr / i - r;
      else if (m > k) for (let i = k + 1; i <= m; i++) v *= nr / i - r;
      if (v <= f) return k;
      continue;
    }
    // Far from the mode: squeeze, then the exact log-density ratio with Stirling's series.
    const logV = Math.log(v);
    const rho = (km / npq) * (((km / 3 + 0.625) * km + 1 / 6) / npq + 0.5);
    const t = (-km * km) / (2 * npq);
    if (logV < t - rho) return k;
    if (logV > t + rho) continue;
    const nm = n - m + 1;
    const h = (m + 0.5) * Math.log((m + 1) / (r * nm)) + stirlingTail(m) + stirlingTail(n - m);
    const nk = n - k + 1;
    if (logV <= h + (n + 1) * Math.log(nm / nk) + (k + 0.5) * Math.log((nk * r) / (k + 1)) - stirlingTail(k) - stirlingTail(n - k)) return k;
  }
}
