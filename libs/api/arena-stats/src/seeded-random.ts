/**
 * xoshiro128** (Blackman & Vigna), seeded through splitmix32: a small, fast generator whose whole state is four
 * 32-bit words, so a bootstrap run with the same seed draws the same numbers on every machine and Node version
 * (Math.random cannot be seeded).
 */
export class SeededRandom {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * `stream` selects an independent sequence for the same seed: bootstrap round r draws from stream r, so its
   * numbers do not depend on which rounds ran before it or on which thread runs it.
   */
  constructor(seed: number, stream = 0) {
    const fromSeed = splitmix32(seed >>> 0);
    const fromStream = splitmix32((stream + 0x6a09e667) >>> 0);
    this.s0 = (fromSeed() ^ fromStream()) >>> 0;
    this.s1 = (fromSeed() ^ fromStream()) >>> 0;
    this.s2 = (fromSeed() ^ fromStream()) >>> 0;
    this.s3 = (fromSeed() ^ fromStream()) >>> 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the one state xoshiro cannot leave
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A uniform number in [0, 1) with 32 bits of resolution (plenty for sampling counts). */
  next(): number {
    return this.nextUint32() / 4294967296;
  }
}

function splitmix32(start: number): () => number {
  let state = start;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
