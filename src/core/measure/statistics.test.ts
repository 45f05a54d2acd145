import { describe, expect, it } from 'vitest';
import {
  logLinearGrowth,
  mcnemarExactPValue,
  percentileNearestRank,
  percentiles,
  wilsonInterval,
} from './statistics.ts';

describe('measure statistics', () => {
  it('percentileNearestRank: the smallest value with the share at or below it (doc example: 100)', () => {
    expect(percentileNearestRank([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.95)).toBe(100);
    expect(percentileNearestRank([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.5)).toBe(50);
    expect(percentileNearestRank([], 0.5)).toBeNull();
  });

  it('percentiles: p50, p95, p99 of 1..10 (doc example: 5, 10, 10)', () => {
    expect(percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual({ p50: 5, p95: 10, p99: 10 });
    expect(percentiles([])).toBeNull();
  });

  it('logLinearGrowth: 10% per step from a geometric series (doc example: 0.1)', () => {
    expect(logLinearGrowth([0, 1, 2, 3], [100, 110, 121, 133.1])).toBeCloseTo(0.1, 10);
    expect(logLinearGrowth([0], [1])).toBeNull();
    expect(logLinearGrowth([1, 1], [1, 2])).toBeNull();
  });

  it('wilsonInterval: 180 of 200 (doc example: 0.8506..0.9343)', () => {
    const interval = wilsonInterval(180, 200);
    expect(interval.share).toBe(0.9);
    expect(interval.low).toBeCloseTo(0.8506, 4);
    expect(interval.high).toBeCloseTo(0.9343, 4);
    expect(wilsonInterval(0, 0)).toEqual({ share: 0, low: 0, high: 1 });
  });

  it('mcnemarExactPValue: 12 vs 2 discordant pairs (doc example: 2 x 106 / 16,384)', () => {
    expect(mcnemarExactPValue(12, 2)).toBeCloseTo((2 * 106) / 16_384, 10);
    expect(mcnemarExactPValue(0, 0)).toBe(1);
    expect(mcnemarExactPValue(5, 5)).toBe(1);
  });
});
