import type { VoteOutcome } from './arena-vote';
import type { ComparisonRows } from './comparison-model-fitter';

/** The input of the style-controlled fit: votes collapsed by (oriented pair, Δlength bucket, Δmarkdown bucket). */
export interface StyledRows extends ComparisonRows {
  readonly models: readonly string[];
  readonly votesWithoutStyle: number;
}

/** Normalised difference in [−1, 1]. */
export function normalisedDifference(a: number, b: number): number {
  return a + b === 0 ? 0 : (a - b) / (a + b);
}

interface StyledCell {
  readonly i: number;
  readonly j: number;
  readonly len: number;
  readonly md: number;
  wi: number;
  wj: number;
  t: number;
}

/**
 * Collapses votes into `StyledRows` — the one place that decides what a row is, whichever form the votes come in:
 * vote objects (`collapseStyledVotes`), bundle records (the evaluation report) or counts grouped in SQL (the api).
 * Each row is oriented from the model that sorts first: when a vote seated the pair the other way round, its Δs
 * are negated and its outcome swapped. A "both bad" vote that reaches the builder counts as a tie (callers that
 * exclude them leave them out before adding). Rows come out in the order their first vote was added.
 */
export class StyledRowsBuilder {
  private readonly index: ReadonlyMap<string, number>;
  private readonly cells = new Map<number | string, StyledCell>();
  /** Buckets of one covariate lie in −half…half when |Δ| ≤ 1, so a grid cell's key can be a single number. */
  private readonly half: number;
  private readonly span: number;

  /**
   * `models` sorted as the library sorts them (plain string order); `bucketWidth` the grid step of the Δs, or 0 to
   * keep every distinct Δ as it is.
   */
  constructor(
    private readonly models: readonly string[],
    private readonly bucketWidth: number,
  ) {
    this.index = new Map(models.map((model, i) => [model, i]));
    this.half = bucketWidth > 0 ? Math.ceil(1 / bucketWidth) : 0;
    this.span = 2 * this.half + 1;
  }

  /** A vote (or `votes` alike) with the Δs as measured, a against b: oriented first, then rounded to the grid. */
  add(modelA: string, modelB: string, lengthDelta: number, markdownDelta: number, outcome: VoteOutcome, votes = 1): void {
    const a = this.indexOf(modelA);
    const b = this.indexOf(modelB);
    const sign = a > b ? -1 : 1;
    this.count(a, b, this.bucketOf(sign * lengthDelta), this.bucketOf(sign * markdownDelta), outcome, votes);
  }

  /**
   * Votes whose Δs were already rounded to the grid, a against b (by SQL's GROUP BY): the bucket numbers are negated,
   * not re-rounded, when the pair is seated the other way round — so the rows are the ones the query counted.
   */
  addBuckets(modelA: string, modelB: string, lengthBucket: number, markdownBucket: number, outcome: VoteOutcome, votes: number): void {
    if (!(this.bucketWidth > 0)) throw new RangeError('bucket numbers need a bucket width above 0');
    const a = this.indexOf(modelA);
    const b = this.indexOf(modelB);
    const sign = a > b ? -1 : 1;
    this.count(a, b, sign * lengthBucket, sign * markdownBucket, outcome, votes);
  }

  rows(votesWithoutStyle: number): StyledRows {
    const list = [...this.cells.values()];
    return {
      models: this.models,
      modelCount: this.models.length,
      first: Int32Array.from(list, (c) => c.i),
      second: Int32Array.from(list, (c) => c.j),
      firstWins: Float64Array.from(list, (c) => c.wi),
      secondWins: Float64Array.from(list, (c) => c.wj),
      ties: Float64Array.from(list, (c) => c.t),
      covariateCount: 2,
      covariates: Float64Array.from(list.flatMap((c) => [c.len, c.md])),
      votesWithoutStyle,
    };
  }

  /** Adds to the cell of the pair (model indices as seated) and the buckets (already oriented). */
  private count(a: number, b: number, len: number, md: number, outcome: VoteOutcome, votes: number): void {
    if (a === b) throw new RangeError(`a vote compares model "${this.models[a]}" with itself`);
    const swap = a > b;
    const i = swap ? b : a;
    const j = swap ? a : b;
    const key = this.keyOf(i * this.models.length + j, len, md);
    let cell = this.cells.get(key);
    if (!cell) this.cells.set(key, (cell = { i, j, len: this.valueOf(len), md: this.valueOf(md), wi: 0, wj: 0, t: 0 }));
    if (outcome === 'tie' || outcome === 'both_bad') cell.t += votes;
    else if ((outcome === 'a') !== swap) cell.wi += votes;
    else cell.wj += votes;
  }

  private indexOf(model: string): number {
    const i = this.index.get(model);
    if (i === undefined) throw new RangeError(`a vote names model "${model}", which is not among the models of the rows`);
    return i;
  }

  /** Bucket numbers, not rounded values, key a cell; with width 0 every distinct Δ is its own bucket. */
  private bucketOf(delta: number): number {
    return this.bucketWidth > 0 ? Math.round(delta / this.bucketWidth) : delta;
  }

  private valueOf(bucket: number): number {
    return this.bucketWidth > 0 ? bucket * this.bucketWidth : bucket;
  }

  /**
   * On the grid a cell's key is one number (pair, then the two buckets shifted to 0…2·half): a quarter's million
   * votes collapse far faster than with string keys. Off the grid (width 0, or a Δ outside −1…1), a string.
   */
  private keyOf(pair: number, len: number, md: number): number | string {
    const onGrid = this.bucketWidth > 0 && Math.abs(len) <= this.half && Math.abs(md) <= this.half;
    return onGrid ? (pair * this.span + len + this.half) * this.span + md + this.half : `${pair}:${len}:${md}`;
  }
}
