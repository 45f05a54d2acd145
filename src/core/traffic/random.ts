/**
 * Seeded randomness for the traffic simulation. Core code never uses the global,
 * unseeded random generator: every stream is created from a seed, so the same seed
 * gives the same series, byte for byte.
 */

/** A source of uniform numbers in [0, 1). */
export type RandomSource = () => number;

/**
 * mulberry32 (Tommy Ettinger): a 32-bit state PRNG, period 2^32, fast and good enough
 * for simulation (not for cryptography). The seed is taken modulo 2^32.
 *
 * @example
 * const random = createRandom(1);
 * random() // 0.6270739405881613
 * random() // 0.002735721180215478
 */
export function createRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Derives an independent seed for a named stream (FNV-1a of the label mixed with the
 * seed), so adding a fleet policy does not change the random draws of the others.
 *
 * @example deriveSeed(1, 'spot:4') !== deriveSeed(1, 'spot:5') // true; same inputs -> same output
 */
export function deriveSeed(seed: number, label: string): number {
  let hash = 0x811c9dc5 ^ (seed >>> 0);
  for (let index = 0; index < label.length; index += 1) {
    hash ^= label.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  // Final avalanche (murmur3 fmix32) so nearby seeds give unrelated streams.
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/**
 * A standard normal sample (Box–Muller; uses two uniforms).
 * @example standardNormal(() => 0.5) // ≈ -1.177 (sqrt(-2 ln 0.5) * cos(pi))
 */
export function standardNormal(random: RandomSource): number {
  const first = 1 - random(); // (0, 1], so the log is finite
  const second = random();
  return Math.sqrt(-2 * Math.log(first)) * Math.cos(2 * Math.PI * second);
}

/**
 * Time until the next event of a Poisson process with `ratePerUnit` events per unit
 * of time (exponential distribution). A rate of 0 gives Infinity.
 *
 * @example exponentialSample(() => 1 - Math.exp(-1), 0.5) // ≈ 2 (= 1 / 0.5 at the 63rd percentile)
 */
export function exponentialSample(random: RandomSource, ratePerUnit: number): number {
  if (ratePerUnit <= 0) return Infinity;
  return -Math.log(1 - random()) / ratePerUnit;
}

/**
 * A Poisson-distributed count with the given mean: exact (Knuth) below a mean of 30,
 * normal approximation (rounded, floored at 0) above.
 *
 * @example poissonSample(() => 0.9, 0) === 0; poissonSample(() => 0.5, 1) === 1 // 0.5 > e^-1, 0.25 < e^-1
 */
export function poissonSample(random: RandomSource, mean: number): number {
  if (mean <= 0) return 0;
  if (mean < 30) {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = random();
    while (product > limit) {
      count += 1;
      product *= random();
    }
    return count;
  }
  const sample = Math.round(mean + Math.sqrt(mean) * standardNormal(random));
  return Math.max(sample, 0);
}
