import { describe, expect, it } from 'vitest';
import {
  calibrateDailyShape,
  hourOfWeekShape,
  dailyPatternValue,
  dayOfWeekFactors,
  hourlyPeakToMean,
  MINUTES_PER_DAY,
  MINUTES_PER_WEEK,
  weeklyShape,
} from './shapes.ts';

describe('dailyPatternValue', () => {
  it('matches the documented examples', () => {
    expect(dailyPatternValue('sinusoid', 14 * 60)).toBe(1);
    expect(dailyPatternValue('sinusoid', 2 * 60)).toBe(0);
    expect(dailyPatternValue('business-hours', 3 * 60)).toBe(0);
    expect(dailyPatternValue('flat', 123)).toBe(1);
    expect(dailyPatternValue('business-hours', 13.5 * 60)).toBeCloseTo(1, 12);
    expect(dailyPatternValue('business-hours', 8.5 * 60)).toBeGreaterThan(0); // on the morning ramp
  });
});

describe('dayOfWeekFactors', () => {
  it('puts the weekend factor on Saturday and Sunday', () => {
    expect(dayOfWeekFactors(0.5)).toEqual([1, 1, 1, 1, 1, 0.5, 0.5]);
  });
});

describe('hourlyPeakToMean', () => {
  it('is 2 for a day that is 2 in the first half and 0 after', () => {
    const shape = new Float64Array(MINUTES_PER_DAY);
    shape.fill(2, 0, MINUTES_PER_DAY / 2);
    expect(hourlyPeakToMean(shape)).toBe(2);
  });
});

describe('calibrateDailyShape', () => {
  it('finds the documented intensities and hits the target ratio', () => {
    const sinusoid = calibrateDailyShape('sinusoid', 1.5);
    expect(sinusoid.intensity).toBeCloseTo(0.6716, 3);
    expect(sinusoid.peakToMeanRatio).toBeCloseTo(1.5, 6);
    expect(calibrateDailyShape('sinusoid', 1).intensity).toBe(0);
    expect(calibrateDailyShape('flat', 3).peakToMeanRatio).toBe(1);
    for (const target of [2, 3, 5, 10]) {
      expect(calibrateDailyShape('business-hours', target).peakToMeanRatio).toBeCloseTo(target, 4);
      expect(calibrateDailyShape('sinusoid', target).peakToMeanRatio).toBeCloseTo(target, 4);
    }
  });

  it('caps at what a day can hold (all traffic in one hour = 24)', () => {
    expect(calibrateDailyShape('sinusoid', 50).peakToMeanRatio).toBeLessThanOrEqual(24);
  });

  it('returns a shape with mean 1', () => {
    const { shape } = calibrateDailyShape('business-hours', 3);
    expect(shape.reduce((sum, value) => sum + value, 0) / shape.length).toBeCloseTo(1, 10);
  });
});

describe('weeklyShape', () => {
  it('splits the peak-to-mean into a weekly and a daily part (weekend 0.5 -> 1.1667 x 1.714)', () => {
    const shape = weeklyShape({ pattern: 'sinusoid', peakToMeanRatio: 2, weekendFactor: 0.5 });
    expect(shape.peakToMeanRatio).toBeCloseTo(2, 6);
    expect(shape.minuteMultipliers.length).toBe(MINUTES_PER_WEEK);
    const mean = shape.minuteMultipliers.reduce((sum, value) => sum + value, 0) / MINUTES_PER_WEEK;
    expect(mean).toBeCloseTo(1, 10);
    // Saturday 14:00 is half of Monday 14:00
    expect(shape.minuteMultipliers[5 * MINUTES_PER_DAY + 14 * 60] / shape.minuteMultipliers[14 * 60]).toBeCloseTo(
      0.5,
      10,
    );
  });

  it('a flat pattern keeps only the weekly part', () => {
    expect(weeklyShape({ pattern: 'flat', peakToMeanRatio: 3, weekendFactor: 0 }).peakToMeanRatio).toBeCloseTo(1.4, 10);
  });
});

describe('hourOfWeekShape', () => {
  it('hourOfWeekShape: one hour at level 2, the rest 1 (doc example: peak-to-mean 2 x 168/169)', () => {
    const levels = Array.from({ length: 168 }, (_, hour) => (hour === 9 ? 2 : 1));
    const shape = hourOfWeekShape(levels);
    expect(shape.peakToMeanRatio).toBeCloseTo((2 * 168) / 169, 10);
    const mean = shape.minuteMultipliers.reduce((sum, value) => sum + value, 0) / shape.minuteMultipliers.length;
    expect(mean).toBeCloseTo(1, 10);
    expect(shape.minuteMultipliers[9 * 60 + 30]).toBeCloseTo((2 * 168) / 169, 10);
    expect(weeklyShape({ pattern: 'sinusoid', peakToMeanRatio: 3, weekendFactor: 1, hourOfWeek: levels })).toEqual(
      shape,
    );
  });
});
