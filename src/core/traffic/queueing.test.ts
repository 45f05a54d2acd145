import { describe, expect, it } from 'vitest';
import { erlangC, sloUtilizationThreshold, waitPercentileServiceTimes } from './queueing.ts';

describe('erlangC', () => {
  it('matches the documented examples', () => {
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 12);
    expect(erlangC(1, 0.7)).toBeCloseTo(0.7, 12);
    expect(erlangC(4, 4)).toBe(1);
    expect(erlangC(4, 0)).toBe(0);
  });
});

describe('waitPercentileServiceTimes', () => {
  it('M/M/1 at 50%: ln(0.5 / 0.05) / 0.5 = 4.605 service times', () => {
    expect(waitPercentileServiceTimes(1, 0.5, 0.95)).toBeCloseTo(4.60517, 4);
    expect(waitPercentileServiceTimes(1, 0.01, 0.95)).toBe(0);
    expect(waitPercentileServiceTimes(1, 1, 0.95)).toBe(Infinity);
  });
});

describe('sloUtilizationThreshold', () => {
  it('matches the documented examples and rises with fleet size', () => {
    const at = (servers: number) => sloUtilizationThreshold({ servers, allowedWaitShare: 0.5, percentile: 0.95 });
    expect(at(1)).toBeCloseTo(0.0792, 3);
    expect(at(16)).toBeCloseTo(0.787, 3);
    expect(at(160)).toBeCloseTo(0.969, 3);
    expect(at(0)).toBe(0);
    expect(at(32)).toBeGreaterThan(at(16));
    // a stricter percentile lowers the threshold
    expect(sloUtilizationThreshold({ servers: 16, allowedWaitShare: 0.5, percentile: 0.99 })).toBeLessThan(at(16));
  });

  it('the threshold is where the percentile wait equals the allowance', () => {
    const threshold = sloUtilizationThreshold({ servers: 16, allowedWaitShare: 0.5, percentile: 0.95 });
    expect(waitPercentileServiceTimes(16, threshold, 0.95)).toBeCloseTo(0.5, 6);
  });
});
