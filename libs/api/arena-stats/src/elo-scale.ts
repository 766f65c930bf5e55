/**
 * The Elo scale, as Chatbot Arena reports it: rating = 1000 + 400·log10(π_i / π_centre) with π = e^θ, so a
 * 400-point gap means 10:1 odds of being preferred, and 100 points ≈ 64%. The centre is the geometric mean
 * strength of the model's connected component (its mean θ), or the anchor model when one is given and lies in
 * that component — the anchor then reads exactly 1000.
 */
export const ELO_CENTRE = 1000;
export const ELO_POINTS_PER_LOG_UNIT = 400 / Math.LN10;

export function toEloScale(
  logStrengths: Float64Array,
  componentOf: Int32Array,
  componentCount: number,
  anchor: number | undefined,
  into: Float64Array = new Float64Array(componentOf.length),
): Float64Array {
  const centre = new Float64Array(componentCount);
  const size = new Float64Array(componentCount);
  for (let i = 0; i < componentOf.length; i++) {
    centre[componentOf[i]] += logStrengths[i];
    size[componentOf[i]]++;
  }
  for (let c = 0; c < componentCount; c++) centre[c] /= size[c];
  if (anchor !== undefined) centre[componentOf[anchor]] = logStrengths[anchor];
  for (let i = 0; i < componentOf.length; i++) into[i] = ELO_CENTRE + ELO_POINTS_PER_LOG_UNIT * (logStrengths[i] - centre[componentOf[i]]);
  return into;
}

/** P(i ≻ j) implied by two ratings on this scale. */
export function expectedPreference(ratingI: number, ratingJ: number): number {
  return 1 / (1 + Math.pow(10, (ratingJ - ratingI) / 400));
}
