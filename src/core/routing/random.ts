/**
 * A small seeded PRNG (mulberry32) so routing decisions are reproducible in tests:
 * the same seed gives the same sequence of numbers in [0, 1).
 */

/**
 * Returns a function producing numbers in [0, 1) from a 32-bit seed.
 * @example const random = createSeededRandom(42); random() // 0.6011037519201636, always, for seed 42
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
