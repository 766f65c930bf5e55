/** Two models in the positions they will be shown: `a` left (「モデルA」), `b` right (「モデルB」). */
export interface BattlePair {
  a: string;
  b: string;
}

/** A number in [0, 1), like Math.random (tests pass a seeded one). */
export type RandomSource = () => number;

/** The key of an unordered pair: the same for (x, y) and (y, x). */
export function pairKey(first: string, second: string): string {
  return first < second ? `${first}\u0000${second}` : `${second}\u0000${first}`;
}

/**
 * Which two models meet in the next battle. Among every unordered pair of the candidates, the pair with the fewest
 * battles so far, ties broken at random; then a coin flip for which model goes left. Balancing pairs (rather than
 * picking two models uniformly) gives the Bradley–Terry fit comparable evidence on every edge of the comparison graph,
 * so a model added late catches up instead of staying the one with the widest interval; the random positions keep a
 * left/right preference from favouring any model.
 *
 * The candidates are decided elsewhere (what the caller may use for the information class); this class only chooses.
 */
export class BattlePairingPolicy {
  constructor(private readonly random: RandomSource = Math.random) {}

  /** Null when fewer than two distinct candidates: there is nothing to compare. */
  choose(candidates: readonly string[], battlesSoFar: ReadonlyMap<string, number>): BattlePair | null {
    const models = [...new Set(candidates)].sort();
    let fewest = Number.POSITIVE_INFINITY;
    let tied: [string, string][] = [];
    for (let i = 0; i < models.length; i++) {
      for (let j = i + 1; j < models.length; j++) {
        const count = battlesSoFar.get(pairKey(models[i], models[j])) ?? 0;
        if (count < fewest) {
          fewest = count;
          tied = [[models[i], models[j]]];
        } else if (count === fewest) {
          tied.push([models[i], models[j]]);
        }
      }
    }
    if (!tied.length) return null;
    const [first, second] = tied[this.pick(tied.length)];
    return this.pick(2) === 0 ? { a: first, b: second } : { a: second, b: first };
  }

  private pick(n: number): number {
    return Math.min(n - 1, Math.floor(this.random() * n));
  }
}
