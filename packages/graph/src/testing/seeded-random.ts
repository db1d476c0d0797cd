/**
 * Deterministic pseudo-random numbers in [0, 1) (mulberry32): tests print the seed they use, so a
 * failure replays exactly.
 * @example const rand = seededRandom(18); rand() // always the same first number for seed 18
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
