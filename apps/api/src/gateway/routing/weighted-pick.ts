/**
 * A weighted random choice among the items `eligible` admits: a weighted item with probability weight / total weight
 * of the eligible ones; items of weight 0 are standbys, chosen (uniformly) only when no weighted item is eligible.
 * `random` returns a number in [0, 1). Allocates nothing: it runs for every attempt of every request.
 */
export function pickWeighted<T extends { readonly weight: number }>(
  items: readonly T[],
  eligible: (item: T, index: number) => boolean,
  random: () => number = Math.random,
): T | undefined {
  let total = 0;
  let standbys = 0;
  for (let i = 0; i < items.length; i++) {
    if (!eligible(items[i], i)) continue;
    if (items[i].weight > 0) total += items[i].weight;
    else standbys += 1;
  }
  if (total === 0 && standbys === 0) return undefined;
  const weighted = total > 0;
  let point = random() * (weighted ? total : standbys);
  let chosen: T | undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (item.weight > 0 !== weighted || !eligible(item, i)) continue;
    chosen = item;
    point -= weighted ? item.weight : 1;
    if (point < 0) break;
  }
  return chosen;
}
