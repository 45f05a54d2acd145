import { describe, expect, it } from 'vitest';
import { hourlyToMonthlyUsd, roundUsd, tokensCostUsd, yearlyToMonthlyUsd, HOURS_PER_MONTH } from './time.ts';

describe('time and money conversions', () => {
  it('hourlyToMonthlyUsd uses a 720-hour month', () => {
    expect(HOURS_PER_MONTH).toBe(720);
    expect(hourlyToMonthlyUsd(2.5)).toBe(1800);
  });
  it('yearlyToMonthlyUsd splits a yearly salary into months', () => {
    expect(yearlyToMonthlyUsd(180_000)).toBe(15_000);
  });
  it('tokensCostUsd prices tokens per million (the seed SaaS example: 50M tokens at $20/M)', () => {
    expect(tokensCostUsd(50_000_000, 20)).toBe(1000);
  });
  it('roundUsd rounds to cents', () => {
    expect(roundUsd(1234.5678)).toBe(1234.57);
  });
});
