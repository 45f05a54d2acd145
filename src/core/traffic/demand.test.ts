import { describe, expect, it } from 'vitest';
import { workloadSchema, type Workload } from '../workload/schema.ts';
import { workloadVolume } from '../workload/volume.ts';
import { generateDemand, horizonMinutes, MINUTES_PER_MONTH, summarizeDemand } from './demand.ts';

function workload(traffic: Record<string, unknown> = {}, requestsPerDay = 10_000): Workload {
  return workloadSchema.parse({
    name: 'chat',
    volume: { requestsPerDay },
    tokens: { inputPerRequest: 1500, outputPerRequest: 500 },
    traffic,
  });
}

function sum(values: Float64Array, from = 0, to = values.length): number {
  let total = 0;
  for (let index = from; index < to; index += 1) total += values[index];
  return total;
}

describe('horizonMinutes', () => {
  it('uses 30-day months', () => {
    expect(horizonMinutes(12)).toBe(518_400);
    expect(horizonMinutes(525_600 / MINUTES_PER_MONTH)).toBe(525_600);
  });

  it('refuses empty or huge horizons', () => {
    expect(() => horizonMinutes(0)).toThrow(/months must be more than 0/);
    expect(() => horizonMinutes(121)).toThrow(/at most 120/);
  });
});

describe('generateDemand', () => {
  it('carries exactly the profile volume: 10,000 requests/day x 2,000 tokens = 600M tokens a month', () => {
    const demand = generateDemand({ workload: workload(), months: 1, seed: 1 });
    expect(demand.length).toBe(43_200);
    expect(sum(demand)).toBeCloseTo(600_000_000, 0);
    expect(summarizeDemand(demand).meanTokensPerHour).toBeCloseTo(workloadVolume(workload()).meanTokensPerHour, 3);
  });

  it('grows month by month like workloadVolume', () => {
    const grown = workload({ monthlyGrowthRate: 0.1, burstsPerDay: 3 });
    const demand = generateDemand({ workload: grown, months: 3, seed: 5 });
    for (let month = 0; month < 3; month += 1) {
      expect(
        sum(demand, month * MINUTES_PER_MONTH, (month + 1) * MINUTES_PER_MONTH) /
          workloadVolume(grown, month).tokensPerMonth,
      ).toBeCloseTo(1, 10);
    }
  });

  it('has about the profile peak-to-mean without bursts', () => {
    for (const pattern of ['sinusoid', 'business-hours'] as const) {
      for (const peakToMeanRatio of [1.5, 3]) {
        const demand = generateDemand({
          workload: workload({ pattern, peakToMeanRatio, weekendFactor: 0.6 }, 1_000_000),
          months: 1,
          seed: 3,
        });
        expect(summarizeDemand(demand).peakToMeanRatio / peakToMeanRatio).toBeGreaterThan(0.97);
        expect(summarizeDemand(demand).peakToMeanRatio / peakToMeanRatio).toBeLessThan(1.05);
      }
    }
  });

  it('is exactly the expected shape without noise or bursts (flat -> constant)', () => {
    const demand = generateDemand({ workload: workload({ pattern: 'flat' }), months: 1, seed: 1, requestNoise: false });
    expect(Math.max(...demand)).toBeCloseTo(Math.min(...demand), 6);
  });

  it('same seed -> identical series; another seed -> different bursts', () => {
    const bursty = workload({ burstsPerDay: 4 }, 1_000_000);
    const first = generateDemand({ workload: bursty, months: 1, seed: 11, requestNoise: false });
    const again = generateDemand({ workload: bursty, months: 1, seed: 11, requestNoise: false });
    const other = generateDemand({ workload: bursty, months: 1, seed: 12, requestNoise: false });
    expect(Buffer.from(first.buffer).equals(Buffer.from(again.buffer))).toBe(true);
    expect(Buffer.from(first.buffer).equals(Buffer.from(other.buffer))).toBe(false);
    // bursts raise the busiest minute above the smooth shape
    const smooth = generateDemand({ workload: workload({}, 1_000_000), months: 1, seed: 11, requestNoise: false });
    expect(summarizeDemand(first).peakMinuteTokens).toBeGreaterThan(summarizeDemand(smooth).peakMinuteTokens * 1.2);
  });

  it('rejects other step sizes', () => {
    expect(() =>
      generateDemand({ workload: workload(), months: 1, seed: 1, minutesPerStep: 5 as unknown as 1 }),
    ).toThrow(/minutesPerStep must be 1/);
  });
});

describe('generateDemand with traffic.utcOffsetHours', () => {
  it('shifts the daily pattern onto the fleet clock: 12 hours ahead peaks 12 hours earlier', () => {
    const home = generateDemand({
      workload: workload({ pattern: 'sinusoid' }),
      months: 1,
      seed: 1,
      requestNoise: false,
    });
    const away = generateDemand({
      workload: workload({ pattern: 'sinusoid', utcOffsetHours: 12 }),
      months: 1,
      seed: 1,
      requestNoise: false,
    });
    // Tuesday 14:00 local (the sinusoid's peak) is Tuesday 02:00 on the fleet clock 12 hours ahead.
    const minute = (day: number, hour: number) => day * 1440 + hour * 60;
    expect(away[minute(1, 2)]).toBeCloseTo(home[minute(1, 14)], 6);
    expect(away[minute(1, 14)]).toBeCloseTo(home[minute(2, 2)], 6);
    expect(away.reduce((total, value) => total + value, 0)).toBeCloseTo(
      home.reduce((total, value) => total + value, 0),
      0,
    );
  });
});

describe('summarizeDemand', () => {
  it('matches the documented example (60 then 180 tokens/minute)', () => {
    const demand = new Float64Array(120);
    demand.fill(60, 0, 60);
    demand.fill(180, 60, 120);
    const summary = summarizeDemand(demand);
    expect(summary.meanTokensPerHour).toBe(7200);
    expect(summary.peakHourTokens).toBe(10_800);
    expect(summary.peakToMeanRatio).toBe(1.5);
    expect(summary.peakMinuteTokens).toBe(180);
  });
});
