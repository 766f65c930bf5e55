import type { RoutedDeployment } from './routed-deployment';

/**
 * Picks the deployment for the next attempt: among those not yet tried whose breaker admits a request, a weighted
 * random choice; standbys (weight 0) only when no weighted one is available; a deployment already tried only when
 * every other is unavailable. Acquires the breaker of the one it returns (a half-open breaker lets one trial through).
 */
export function pickDeployment(
  deployments: readonly RoutedDeployment[],
  tried: ReadonlySet<string>,
  random: () => number = Math.random,
): RoutedDeployment | undefined {
  const fresh = deployments.filter((d) => !tried.has(d.id));
  return (
    pickWeighted(fresh.filter((d) => d.weight > 0), random) ??
    pickWeighted(fresh.filter((d) => d.weight === 0), random, true) ??
    pickWeighted(deployments.filter((d) => tried.has(d.id) && d.weight > 0), random) ??
    pickWeighted(deployments.filter((d) => tried.has(d.id) && d.weight === 0), random, true)
  );
}

function pickWeighted(candidates: RoutedDeployment[], random: () => number, equal = false): RoutedDeployment | undefined {
  const pool = [...candidates];
  while (pool.length) {
    const weights = pool.map((d) => (equal ? 1 : d.weight));
    const total = weights.reduce((sum, w) => sum + w, 0);
    let point = random() * total;
    let index = 0;
    while (index < pool.length - 1 && point >= weights[index]) point -= weights[index++];
    const [chosen] = pool.splice(index, 1);
    if (chosen.breaker.tryAcquire()) return chosen;
  }
  return undefined;
}
