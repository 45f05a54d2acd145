import { describe, expect, it } from 'vitest';
import { createRandom, deriveSeed, exponentialSample, poissonSample, standardNormal } from './random.ts';

describe('createRandom (mulberry32)', () => {
  it('gives the documented first values for seed 1', () => {
    const random = createRandom(1);
    expect(random()).toBe(0.6270739405881613);
    expect(random()).toBe(0.002735721180215478);
  });

  it('is reproducible and stays in [0, 1)', () => {
    const first = createRandom(42);
    const second = createRandom(42);
    for (let index = 0; index < 1000; index += 1) {
      const value = first();
      expect(value).toBe(second());
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });
});

describe('deriveSeed', () => {
  it('is stable per (seed, label) and differs across labels and seeds', () => {
    expect(deriveSeed(1, 'spot:4')).toBe(deriveSeed(1, 'spot:4'));
    expect(deriveSeed(1, 'spot:4')).not.toBe(deriveSeed(1, 'spot:5'));
    expect(deriveSeed(1, 'spot:4')).not.toBe(deriveSeed(2, 'spot:4'));
  });
});

describe('samplers', () => {
  it('standardNormal(0.5, 0.5) = sqrt(-2 ln 0.5) * cos(pi)', () => {
    expect(standardNormal(() => 0.5)).toBeCloseTo(-1.1774, 4);
  });

  it('exponentialSample at the 63rd percentile is the mean', () => {
    expect(exponentialSample(() => 1 - Math.exp(-1), 0.5)).toBeCloseTo(2, 12);
    expect(exponentialSample(() => 0.5, 0)).toBe(Infinity);
  });

  it('poissonSample follows the documented examples and has the right mean', () => {
    expect(poissonSample(() => 0.9, 0)).toBe(0);
    expect(poissonSample(() => 0.5, 1)).toBe(1);
    const random = createRandom(7);
    for (const mean of [3, 200]) {
      let total = 0;
      for (let index = 0; index < 20_000; index += 1) total += poissonSample(random, mean);
      expect(total / 20_000).toBeCloseTo(mean, mean < 10 ? 1 : 0);
    }
  });
});
