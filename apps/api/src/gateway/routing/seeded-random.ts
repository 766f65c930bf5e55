/** A reproducible sequence in [0, 1) (Park–Miller), to replace Math.random where tests need repeatable choices. */
export function seededRandom(seed = 1): () => number {
  let state = seed;
  return () => (state = (state * 16_807) % 2_147_483_647) / 2_147_483_647;
}
