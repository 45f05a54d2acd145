import { describe, expect, it } from 'vitest';
import { workloadSchema } from '../workload/schema.ts';
import { generateDemand } from './demand.ts';
import { parseFleetSpec } from './fleet-spec.ts';
import { policyGpuUsdPerHour, simulateFleets, type SimulateFleetsInput } from './simulate.ts';

const workload = workloadSchema.parse({
  name: 'chat',
  volume: { requestsPerDay: 100_000 },
  tokens: { inputPerRequest: 1500, outputPerRequest: 500 },
  traffic: {
    pattern: 'business-hours',
    peakToMeanRatio: 3,
    weekendFactor: 0.3,
    burstsPerDay: 2,
    monthlyGrowthRate: 0.05,
  },
});
// 100,000 x 2,000 x 30 = 6B tokens/month = 8.33M tokens/hour on average, ~25M at peak.
const demand = generateDemand({ workload, months: 2, seed: 3 });
const base: Omit<SimulateFleetsInput, 'policies'> = {
  demandTokensPerMinute: demand,
  tokensPerHourPerGpu: 2_000_000,
  gpusPerReplica: 2,
  gpuUsdPerHour: 4,
  overflowUsdPerMillionTokens: 3.5,
  seed: 1,
};
const specs = ['fixed:8', 'fixed:1000', 'fixed:0', 'autoscale:2-20', 'spot:10,interrupt=0.2', 'fixed:6,overflow=queue'];
const results = simulateFleets({ ...base, policies: specs.map(parseFleetSpec) });
const bySpec = Object.fromEntries(results.map((result) => [result.policy.spec, result]));

describe('policyGpuUsdPerHour', () => {
  it('policyGpuUsdPerHour: spot pays 40% of on-demand, a typed price wins (doc example: spot:4 at $4 -> $1.60)', () => {
    expect(policyGpuUsdPerHour(parseFleetSpec('spot:4'), 4)).toBeCloseTo(1.6, 12);
    expect(policyGpuUsdPerHour(parseFleetSpec('fixed:4'), 4)).toBe(4);
    expect(policyGpuUsdPerHour(parseFleetSpec('spot:4,price=1.2'), 4)).toBe(1.2);
  });
});

describe('simulateFleets: the documented example', () => {
  it('fixed:1 at half load and fixed:0 sending all to the API', () => {
    const [one, none] = simulateFleets({
      demandTokensPerMinute: new Float64Array(60).fill(1000),
      tokensPerHourPerGpu: 120_000,
      gpusPerReplica: 1,
      gpuUsdPerHour: 2,
      overflowUsdPerMillionTokens: 10,
      policies: [parseFleetSpec('fixed:1'), parseFleetSpec('fixed:0')],
      seed: 1,
    });
    expect(one).toMatchObject({
      meanUtilization: 0.5,
      gpuHoursPaid: 1,
      gpuHoursUsed: 0.5,
      gpuCostUsd: 2,
      idleCostUsd: 1,
      overflowTokens: 0,
      minutesOverCapacity: 0,
      totalCostUsd: 2,
    });
    expect(one.utilizationByHourOfWeek[0]).toBe(0.5);
    expect(none).toMatchObject({
      gpuHoursPaid: 0,
      overflowTokens: 60_000,
      minutesOverCapacity: 60,
      gpuCostUsd: 0,
      sloMissMinutes: 0,
    });
    expect(none.overflowCostUsd).toBeCloseTo(0.6, 12);
  });
});

describe('simulateFleets: cross-checks', () => {
  it('GPU cost = GPU-hours paid x price, and idle + used cost = GPU cost, for every policy', () => {
    for (const result of results) {
      expect(result.gpuCostUsd).toBeCloseTo(result.gpuHoursPaid * policyGpuUsdPerHour(result.policy, 4), 6);
      expect(result.idleCostUsd + result.usedCostUsd).toBeCloseTo(result.gpuCostUsd, 6);
      expect(result.totalCostUsd).toBeCloseTo(result.gpuCostUsd + result.overflowCostUsd, 6);
      expect(result.gpuHoursUsed).toBeLessThanOrEqual(result.gpuHoursPaid + 1e-9);
      expect(result.utilizationByHourOfWeek).toHaveLength(168);
      expect(result.minutes).toBe(demand.length);
    }
  });

  it('tokens are conserved: served + overflowed (+ still queued) = demand', () => {
    for (const result of results) {
      expect(
        (result.servedTokens + result.overflowTokens + result.queuedTokensAtEnd) / result.demandTokens,
      ).toBeCloseTo(1, 10);
    }
  });

  it('a fleet far above demand overflows nothing and is barely used', () => {
    const huge = bySpec['fixed:1000'];
    expect(huge.overflowTokens).toBe(0);
    expect(huge.minutesOverCapacity).toBe(0);
    expect(huge.sloMissMinutes).toBe(0);
    expect(huge.meanUtilization).toBeLessThan(0.01);
    expect(huge.gpuHoursPaid).toBe((1000 * demand.length) / 60);
  });

  it('a fleet of 0 sends everything to the API at the API price', () => {
    const none = bySpec['fixed:0'];
    expect(none.overflowTokens).toBeCloseTo(none.demandTokens, 0);
    expect(none.overflowCostUsd).toBeCloseTo((none.demandTokens / 1e6) * 3.5, 6);
    expect(none.gpuCostUsd).toBe(0);
    expect(none.meanUtilization).toBe(0);
  });

  it('an undersized fixed fleet overflows at peaks; autoscaling wastes less than a fleet sized for peak', () => {
    expect(bySpec['fixed:8'].minutesOverCapacity).toBeGreaterThan(0);
    expect(bySpec['fixed:8'].overflowTokens).toBeGreaterThan(0);
    expect(bySpec['autoscale:2-20'].meanUtilization).toBeGreaterThan(0.4); // its one minimum replica idles at night
    expect(bySpec['autoscale:2-20'].scaleUpEvents).toBeGreaterThan(0);
    expect(bySpec['autoscale:2-20'].idleCostUsd).toBeLessThan(bySpec['fixed:1000'].idleCostUsd);
  });

  it('spot pays 40% of on-demand by default and gets interrupted', () => {
    const spot = bySpec['spot:10,interrupt=0.2'];
    expect(spot.gpuUsdPerHour).toBeCloseTo(1.6, 12);
    expect(spot.interruptions).toBeGreaterThan(0);
    expect(spot.notes.join(' ')).toMatch(/spot price assumed 40% of on-demand/);
  });

  it("'queue' mode overflows nothing, counts waiting minutes as SLO misses", () => {
    const queued = bySpec['fixed:6,overflow=queue'];
    expect(queued.overflowTokens).toBe(0);
    expect(queued.overflowCostUsd).toBe(0);
    expect(queued.sloMissMinutes).toBeGreaterThanOrEqual(queued.minutesOverCapacity);
  });
});

describe('simulateFleets: reproducibility', () => {
  it('same seed -> identical results; different seed -> different spot interruptions', () => {
    const again = simulateFleets({ ...base, policies: specs.map(parseFleetSpec) });
    expect(again).toEqual(results);
    const otherSeed = simulateFleets({ ...base, seed: 2, policies: [parseFleetSpec('spot:10,interrupt=0.2')] });
    expect(otherSeed[0].interruptions).not.toBe(bySpec['spot:10,interrupt=0.2'].interruptions);
  });

  it("a policy's result does not depend on the other policies listed", () => {
    const alone = simulateFleets({ ...base, policies: [parseFleetSpec('spot:10,interrupt=0.2')] });
    expect(alone[0]).toEqual(bySpec['spot:10,interrupt=0.2']);
  });
});

describe('simulateFleets: hours of the week and SLO estimate', () => {
  it('maps minute 0 to startMinuteOfWeek (Tuesday 10:00 -> bucket 34)', () => {
    const demandTuesday = new Float64Array(120).fill(0);
    demandTuesday.fill(1000, 0, 60);
    const [result] = simulateFleets({
      demandTokensPerMinute: demandTuesday,
      startMinuteOfWeek: 1440 + 600,
      tokensPerHourPerGpu: 120_000,
      gpusPerReplica: 1,
      gpuUsdPerHour: 1,
      policies: [parseFleetSpec('fixed:1')],
      seed: 1,
    });
    expect(result.utilizationByHourOfWeek[34]).toBe(0.5);
    expect(result.utilizationByHourOfWeek[35]).toBe(0);
    expect(result.overflowPriced).toBe(false); // no API price given
  });

  it('counts minutes above the M/M/c threshold for the fleet size as SLO misses', () => {
    // one replica of 16 sequences: threshold 0.787 at P95; 80% load misses, 70% does not
    const load = new Float64Array(10);
    load.fill(80, 0, 5);
    load.fill(70, 5, 10);
    const [result] = simulateFleets({
      demandTokensPerMinute: load,
      tokensPerHourPerGpu: 6000,
      gpusPerReplica: 1,
      gpuUsdPerHour: 1,
      policies: [parseFleetSpec('fixed:1')],
      seed: 1,
    });
    expect(result.sloMissMinutes).toBe(5);
    expect(result.sloUtilizationThresholds[0].utilization).toBeCloseTo(0.787, 3);
  });

  it('rejects impossible inputs, naming the field', () => {
    expect(() => simulateFleets({ ...base, tokensPerHourPerGpu: 0, policies: [] })).toThrow(
      /tokensPerHourPerGpu must be a number above 0; got 0/,
    );
    expect(() => simulateFleets({ ...base, gpusPerReplica: 1.5, policies: [] })).toThrow(
      /gpusPerReplica must be a whole number/,
    );
  });
});
