/**
 * Routing uses the same seeded PRNG (mulberry32) as the traffic simulation, so routing
 * decisions are reproducible in tests: the same seed gives the same sequence in [0, 1).
 * @example const random = createSeededRandom(42); random() // 0.6011037519201636, always, for seed 42
 */
export { createRandom as createSeededRandom } from '../traffic/random.ts';
