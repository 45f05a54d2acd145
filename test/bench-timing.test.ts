import { describe, expect, it } from 'vitest';
import { medianInterval } from '../bench/timing.ts';

describe('medianInterval', () => {
  it('brackets the median of nine rounds with their 2nd and 8th smallest (96%)', () => {
    const interval = medianInterval([5, 1, 9, 3, 7, 2, 8, 4, 6]);
    expect(interval.low).toBe(2);
    expect(interval.high).toBe(8);
    // 1 - 2 P(X <= 1), X ~ binomial(9, 1/2) = 1 - 2 * 10/512
    expect(interval.confidence).toBeCloseTo(1 - 20 / 512, 10);
  });

  it('widens to the extremes when there are too few rounds for 90%', () => {
    const interval = medianInterval([3, 1, 2, 4]);
    expect([interval.low, interval.high]).toEqual([1, 4]);
    expect(interval.confidence).toBeCloseTo(1 - 2 / 16, 10);
  });

  it('narrows with more rounds, keeping at least 90%', () => {
    const values = Array.from({ length: 25 }, (_, index) => index + 1);
    const interval = medianInterval(values);
    expect(interval.confidence).toBeGreaterThanOrEqual(0.9);
    expect(interval.low).toBeGreaterThan(5);
    expect(interval.high).toBeLessThan(21);
    expect(interval.low).toBeLessThanOrEqual(13);
    expect(interval.high).toBeGreaterThanOrEqual(13);
  });
});
