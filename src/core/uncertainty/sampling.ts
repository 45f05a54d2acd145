/**
 * Uniform samples for a Monte Carlo run: one column of `draws` numbers in [0, 1) per
 * uncertain input. Seeded with the project's one PRNG (mulberry32, `traffic/random.ts`),
 * one independent stream per input (`deriveSeed(seed, label)`), so the same seed gives the
 * same samples byte for byte, and adding an input does not move the others' draws.
 */
import { createRandom, deriveSeed } from '../traffic/random.ts';

export const samplingMethods = ['latin-hypercube', 'plain'] as const;
export type SamplingMethod = (typeof samplingMethods)[number];

/**
 * Latin hypercube sampling: each input's [0, 1) is cut into `draws` equal strata and
 * every stratum gets exactly one draw (at a random point inside it), in a random order
 * per input. Every input's range is covered evenly even with few draws, and the inputs
 * stay independent of each other.
 * @example
 * const [column] = latinHypercube(4, ['gpu-price'], 1);
 * [...column].map((u) => Math.floor(u * 4)).sort() // [0, 1, 2, 3]: one draw per quarter
 */
export function latinHypercube(draws: number, labels: readonly string[], seed: number): Float64Array[] {
  return labels.map((label) => {
    const random = createRandom(deriveSeed(seed, `lhs:${label}`));
    const strata = Array.from({ length: draws }, (_, index) => index);
    // Fisher-Yates shuffle of the strata.
    for (let index = draws - 1; index > 0; index -= 1) {
      const swap = Math.floor(random() * (index + 1));
      const held = strata[index];
      strata[index] = strata[swap];
      strata[swap] = held;
    }
    const column = new Float64Array(draws);
    for (let index = 0; index < draws; index += 1) column[index] = (strata[index] + random()) / draws;
    return column;
  });
}

/**
 * Plain (independent) sampling: `draws` uniform numbers per input.
 * @example plainSampling(3, ['a'], 1)[0].length // 3, each in [0, 1)
 */
export function plainSampling(draws: number, labels: readonly string[], seed: number): Float64Array[] {
  return labels.map((label) => {
    const random = createRandom(deriveSeed(seed, `plain:${label}`));
    return Float64Array.from({ length: draws }, () => random());
  });
}

/**
 * The samples of a method.
 * @example uniformSamples('latin-hypercube', 10, ['a', 'b'], 7).length // 2 columns of 10
 */
export function uniformSamples(
  method: SamplingMethod,
  draws: number,
  labels: readonly string[],
  seed: number,
): Float64Array[] {
  return method === 'plain' ? plainSampling(draws, labels, seed) : latinHypercube(draws, labels, seed);
}
