import type { ArenaVote, BothBadHandling, VoteOutcome } from './arena-vote';

/**
 * Votes collapsed into one row per unordered pair of models that met at least once. Everything downstream (the
 * fit, the bootstrap, the win-rate matrix) reads only these rows, so its cost depends on the number of models,
 * not on the number of votes. Counts are integers held in Float64Arrays so resampled rows share the type.
 */
export interface PairCounts {
  /** Models with at least one counted vote, sorted; rows refer to them by index. */
  readonly models: readonly string[];
  /** Row r compares models[first[r]] with models[second[r]], first[r] < second[r]. */
  readonly first: Int32Array;
  readonly second: Int32Array;
  readonly firstWins: Float64Array;
  readonly secondWins: Float64Array;
  /** Ties, including "both bad" votes unless they were excluded. */
  readonly ties: Float64Array;
  /** "Both bad" votes seen, whether counted as ties or excluded. */
  readonly bothBadVotes: number;
}

export interface CollapseOptions {
  readonly bothBad?: BothBadHandling;
}

/** Outcome codes for votes held in typed arrays (`collapseVoteColumns`). */
export const OUTCOME_CODE: Readonly<Record<VoteOutcome, number>> = { a: 0, b: 1, tie: 2, both_bad: 3 };

/** Votes held column-wise in typed arrays: vote v compares model index a[v] with b[v]. */
export interface VoteColumns {
  readonly a: Int32Array | Uint16Array | Uint8Array;
  readonly b: Int32Array | Uint16Array | Uint8Array;
  /** OUTCOME_CODE values. */
  readonly outcome: Uint8Array;
}

/** Collapses vote objects into pair counts. A vote of a model against itself is refused. */
export function collapseVotes(votes: readonly ArenaVote[], options: CollapseOptions = {}): PairCounts {
  const names = new Set<string>();
  for (const vote of votes) {
    if (vote.a === vote.b) throw new RangeError(`a vote compares model "${vote.a}" with itself`);
    names.add(vote.a);
    names.add(vote.b);
  }
  const models = [...names].sort();
  const index = new Map(models.map((model, i) => [model, i]));
  const tally = new PairTally(models.length);
  for (const vote of votes) tally.add(index.get(vote.a) as number, index.get(vote.b) as number, OUTCOME_CODE[vote.outcome]);
  return tally.toPairCounts(models, options.bothBad ?? 'tie');
}

/**
 * Collapses votes held in typed arrays (the shape a database cursor or a worker message delivers cheaply) into
 * pair counts over `models`; models that appear in no vote are left out of the result.
 */
export function collapseVoteColumns(columns: VoteColumns, models: readonly string[], options: CollapseOptions = {}): PairCounts {
  const { a, b, outcome } = columns;
  if (a.length !== b.length || a.length !== outcome.length) throw new RangeError('vote columns differ in length');
  const tally = new PairTally(models.length);
  for (let v = 0; v < a.length; v++) {
    const first = a[v] as number;
    const second = b[v] as number;
    if (first === second || first >= models.length || second >= models.length) {
      throw new RangeError(`vote ${v} compares model index ${first} with ${second} (of ${models.length} models)`);
    }
    tally.add(first, second, outcome[v] as number);
  }
  return tally.toPairCounts(models, options.bothBad ?? 'tie');
}

/** Dense m×m counters: wins[i·m + j] is how often i beat j; ties and "both bad" are kept at [min·m + max]. */
class PairTally {
  private readonly wins: Uint32Array;
  private readonly ties: Uint32Array;
  private readonly bothBad: Uint32Array;

  constructor(private readonly modelCount: number) {
    const cells = modelCount * modelCount;
    this.wins = new Uint32Array(cells);
    this.ties = new Uint32Array(cells);
    this.bothBad = new Uint32Array(cells);
  }

  add(a: number, b: number, outcome: number): void {
    const m = this.modelCount;
    if (outcome === 0) this.wins[a * m + b]++;
    else if (outcome === 1) this.wins[b * m + a]++;
    else if (outcome === 2) this.ties[a < b ? a * m + b : b * m + a]++;
    else if (outcome === 3) this.bothBad[a < b ? a * m + b : b * m + a]++;
    else throw new RangeError(`unknown outcome code ${outcome}`);
  }

  toPairCounts(models: readonly string[], bothBad: BothBadHandling): PairCounts {
    const m = this.modelCount;
    const counted = (i: number, j: number): number => (bothBad === 'tie' ? this.bothBad[i * m + j] : 0);
    let totalBothBad = 0;
    const used = new Uint8Array(m);
    let rows = 0;
    for (let i = 0; i < m; i++) {
      for (let j = i + 1; j < m; j++) {
        totalBothBad += this.bothBad[i * m + j];
        if (this.wins[i * m + j] + this.wins[j * m + i] + this.ties[i * m + j] + counted(i, j) > 0) {
          rows++;
          used[i] = used[j] = 1;
        }
      }
    }
    // Models left without a counted vote (e.g. only "both bad" votes, excluded) get no index.
    const newIndex = new Int32Array(m).fill(-1);
    const kept: string[] = [];
    for (let i = 0; i < m; i++) if (used[i]) newIndex[i] = kept.push(models[i] as string) - 1;
    const result = {
      models: kept,
      first: new Int32Array(rows),
      second: new Int32Array(rows),
      firstWins: new Float64Array(rows),
      secondWins: new Float64Array(rows),
      ties: new Float64Array(rows),
      bothBadVotes: totalBothBad,
    };
    let r = 0;
    for (let i = 0; i < m; i++) {
      for (let j = i + 1; j < m; j++) {
        const ties = this.ties[i * m + j] + counted(i, j);
        const wi = this.wins[i * m + j];
        const wj = this.wins[j * m + i];
        if (wi + wj + ties === 0) continue;
        result.first[r] = newIndex[i];
        result.second[r] = newIndex[j];
        result.firstWins[r] = wi;
        result.secondWins[r] = wj;
        result.ties[r] = ties;
        r++;
      }
    }
    return result;
  }
}
