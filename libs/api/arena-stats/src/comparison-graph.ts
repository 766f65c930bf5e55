/**
 * Which models were compared with which, directly or through others. Ratings are only comparable inside one
 * connected component: two groups of models that never met (nor met a common opponent) have no common scale.
 */
export interface ComparisonGraph {
  /** componentOf[model] is the model's component; components are numbered largest first. */
  readonly componentOf: Int32Array;
  /** Model indices of each component, ascending. */
  readonly components: readonly (readonly number[])[];
  /**
   * Per component: whether the plain (unpenalised) maximum-likelihood ratings are finite, i.e. whether the
   * "earned credit against" graph is strongly connected (Zermelo 1929; Hunter 2004, Assumption 1). It is false
   * when some group of models won (or tied) every comparison against the rest of its component — then only the
   * ridge keeps their ratings finite, and those ratings say "better than everything it met" and little more.
   */
  readonly finiteWithoutRidge: readonly boolean[];
}

export function analyseComparisonGraph(
  modelCount: number,
  first: Int32Array,
  second: Int32Array,
  firstCredit: Float64Array,
  secondCredit: Float64Array,
): ComparisonGraph {
  const neighbours: number[][] = Array.from({ length: modelCount }, () => []);
  const beats: number[][] = Array.from({ length: modelCount }, () => []); // i → j: i earned credit against j
  const beatenBy: number[][] = Array.from({ length: modelCount }, () => []);
  for (let r = 0; r < first.length; r++) {
    const i = first[r] as number;
    const j = second[r] as number;
    neighbours[i]?.push(j);
    neighbours[j]?.push(i);
    if ((firstCredit[r] as number) > 0) {
      beats[i]?.push(j);
      beatenBy[j]?.push(i);
    }
    if ((secondCredit[r] as number) > 0) {
      beats[j]?.push(i);
      beatenBy[i]?.push(j);
    }
  }
  const found: number[][] = [];
  const seen = new Uint8Array(modelCount);
  for (let start = 0; start < modelCount; start++) {
    if (seen[start]) continue;
    const members = reachable(start, neighbours, seen);
    found.push(members.sort((x, y) => x - y));
  }
  found.sort((x, y) => y.length - x.length || (x[0] as number) - (y[0] as number));
  const componentOf = new Int32Array(modelCount);
  found.forEach((members, c) => members.forEach((model) => (componentOf[model] = c)));
  const finiteWithoutRidge = found.map((members) => {
    const root = members[0] as number;
    // Strongly connected ⇔ the root reaches every member and every member reaches the root.
    return reachable(root, beats, new Uint8Array(modelCount)).length === members.length && reachable(root, beatenBy, new Uint8Array(modelCount)).length === members.length;
  });
  return { componentOf, components: found, finiteWithoutRidge };
}

function reachable(start: number, edges: readonly number[][], seen: Uint8Array): number[] {
  const stack = [start];
  const members: number[] = [];
  seen[start] = 1;
  while (stack.length) {
    const node = stack.pop() as number;
    members.push(node);
    for (const next of edges[node] ?? []) {
      if (!seen[next]) {
        seen[next] = 1;
        stack.push(next);
      }
    }
  }
  return members;
}
