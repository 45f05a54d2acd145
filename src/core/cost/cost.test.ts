import { describe, expect, it } from 'vitest';
import { parseProfile } from '../workload/parse.ts';
import type { Workload } from '../workload/schema.ts';
import { workloadVolume } from '../workload/volume.ts';
import { latencyPenaltyComponent } from './latency-penalty.ts';
import {
  cloudManagedSettings,
  fixedOperatingUsdPerMonth,
  fleetUtilization,
  gpuFleetCosting,
  gpuOptionComponents,
  type GpuFleetSpec,
} from './self-hosted.ts';
import { oneOffUsdInMonth, tco } from './tco.ts';
import { effectiveUsdPerMillionTokens, tokenPricedComponents, type TokenPrice } from './token-priced.ts';
import { overflowShare } from './traffic-share.ts';
import { costComponent, totalMonthlyUsd, type CostComponent } from './types.ts';

function workload(overrides: Record<string, unknown> = {}): Workload {
  const parsed = parseProfile({
    workloads: [
      {
        name: 'w',
        volume: { requestsPerDay: 10_000 },
        tokens: { inputPerRequest: 1500, outputPerRequest: 500, cachedInputShare: 0.2 },
        ...overrides,
      },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.value.workloads[0];
}

const gpt41: TokenPrice = {
  id: 'openai/gpt-4.1',
  usdPerMillionInputTokens: 2,
  usdPerMillionOutputTokens: 8,
  usdPerMillionCachedInputTokens: 0.5,
  source: 'test',
  asOf: '2025-06-01',
};

describe('workload volume', () => {
  it('derives monthly volumes from requests/day (the doc example)', () => {
    const volume = workloadVolume(workload());
    expect(volume.requestsPerMonth).toBe(300_000);
    expect(volume.inputTokensPerMonth).toBe(450e6);
    expect(volume.cachedInputTokensPerMonth).toBe(90e6);
    expect(volume.outputTokensPerMonth).toBe(150e6);
    expect(volume.tokensPerMonth).toBe(600e6);
    expect(volume.meanTokensPerHour).toBeCloseTo(833_333.33, 1);
  });
  it('compounds monthly growth', () => {
    const grown = workloadVolume(workload({ traffic: { monthlyGrowthRate: 0.1 } }), 2);
    expect(grown.tokensPerMonth).toBeCloseTo(600e6 * 1.21, 0);
  });
});

describe('cost components', () => {
  it('totalMonthlyUsd sums recurring costs (doc example: 10 + 5.5 = 15.5)', () => {
    expect(totalMonthlyUsd([{ monthlyCostUsd: 10 }, { monthlyCostUsd: 5.5 }])).toBe(15.5);
  });
  it('costComponent derives the cost from quantity x unit price (doc examples: $600/month, $30,000 once)', () => {
    const source = { name: 'assumption:test', asOf: '2026-12-01' };
    const busy = costComponent({
      name: 'busy',
      category: 'gpu',
      unit: 'GPU-hour',
      quantity: 150,
      unitPriceUsd: 4,
      usageBased: false,
      source,
    });
    expect(busy.monthlyCostUsd).toBe(600);
    expect(busy.oneOffCostUsd).toBeUndefined();
    const setup = costComponent({
      name: 'setup',
      category: 'people',
      unit: 'engineer-month',
      quantity: 2,
      unitPriceUsd: 15_000,
      usageBased: false,
      source,
      oneOff: { monthIndex: 0 },
    });
    expect(setup).toMatchObject({ monthlyCostUsd: 0, oneOffCostUsd: 30_000, oneOffMonthIndex: 0 });
    expect(setup.repeatEveryMonths).toBeUndefined();
    const upgrade = costComponent({ ...setup, quantity: 1, oneOff: { monthIndex: 6, repeatEveryMonths: 6 } });
    expect(upgrade).toMatchObject({ oneOffCostUsd: 15_000, oneOffMonthIndex: 6, repeatEveryMonths: 6 });
  });
});

describe('token-priced cost model', () => {
  it('prices uncached input, cached input and output separately (doc example: $1,965)', () => {
    const components = tokenPricedComponents(workloadVolume(workload()), gpt41);
    expect(components.map((component) => component.monthlyCostUsd)).toEqual([720, 45, 1200]);
    expect(totalMonthlyUsd(components)).toBe(1965);
    for (const component of components)
      expect(component.monthlyCostUsd).toBeCloseTo(component.quantity * component.unitPriceUsd, 9);
  });
  it('gives the effective price per million tokens (doc example: $3.275)', () => {
    expect(
      effectiveUsdPerMillionTokens({ inputPerRequest: 1500, outputPerRequest: 500, cachedInputShare: 0.2 }, gpt41),
    ).toBeCloseTo(3.275, 10);
  });
  it('reproduces the seeds: 50M tokens/month at $20/M is $1,000/month, $12k/year', () => {
    const price = {
      ...gpt41,
      usdPerMillionInputTokens: 20,
      usdPerMillionOutputTokens: 20,
      usdPerMillionCachedInputTokens: 20,
    };
    const monthly = totalMonthlyUsd(
      tokenPricedComponents(
        { inputTokensPerMonth: 25e6, cachedInputTokensPerMonth: 0, outputTokensPerMonth: 25e6 },
        price,
      ),
    );
    expect(monthly).toBe(1000);
    expect(monthly * 12).toBe(12_000);
  });
});

const fleet: GpuFleetSpec = {
  gpuId: 'h100-sxm',
  usdPerGpuHour: 4,
  priceSource: { name: 'test', asOf: '2025-06-01' },
  tokensPerHourPerGpu: 4e6,
  throughputSource: 'typed',
  gpusPerReplica: 1,
  targetPeakUtilization: 0.8,
  redundancyReplicas: 1,
};

describe('self-hosted cost model', () => {
  it('fleetUtilization splits paid GPU-hours into busy and idle (doc example: 5.2% utilization)', () => {
    const usage = fleetUtilization(600e6, 4, 4e6);
    expect(usage.gpuHoursPaidPerMonth).toBe(2880);
    expect(usage.gpuHoursBusyPerMonth).toBe(150);
    expect(usage.utilization).toBeCloseTo(0.052083, 6);
    const autoscaled = fleetUtilization(600e6, 4, 4e6, 0.5);
    expect(autoscaled.gpuHoursPaidPerMonth).toBe(1440);
    expect(autoscaled.utilization).toBeCloseTo(0.104167, 6);
  });
  it('gpuOptionComponents counts the hidden costs (doc example: $18,360.05/month, $30k setup, $15k upgrades)', () => {
    const organization = parseProfile({
      workloads: [{ name: 'w', volume: { requestsPerDay: 1 }, tokens: { inputPerRequest: 1, outputPerRequest: 1 } }],
    });
    if (!organization.ok) throw new Error('bad');
    // The doc example's staffing: 0.25 SRE and 0.4 ML-engineer FTE (the defaults are higher; see schema.ts).
    const { components, sizing } = gpuOptionComponents(workloadVolume(workload()), fleet, {
      engineerLoadedCostUsdPerYear: 180_000,
      staffing: { ...organization.value.organization.staffing, sreFte: 0.25, mlEngineerFte: 0.4 },
    });
    expect(sizing.gpus).toBe(2);
    const byName = (prefix: string) => components.find((component) => component.name.startsWith(prefix))!;
    expect(byName('h100-sxm GPU-hours busy').monthlyCostUsd).toBe(600);
    expect(byName('h100-sxm GPU-hours idle').monthlyCostUsd).toBe(5160);
    expect(byName('SRE time').monthlyCostUsd).toBe(3750);
    expect(byName('ML engineer time').monthlyCostUsd).toBe(6000);
    expect(totalMonthlyUsd(components)).toBeCloseTo(18_360.054, 3);
    expect(byName('setup engineering').oneOffCostUsd).toBe(30_000);
    expect(byName('model upgrade').oneOffCostUsd).toBe(15_000);
    // GPU cost two ways: busy + idle = GPUs x 720 h x price.
    expect(byName('h100-sxm GPU-hours busy').monthlyCostUsd + byName('h100-sxm GPU-hours idle').monthlyCostUsd).toBe(
      2 * 720 * 4,
    );
  });
  it('gpuFleetCosting gives gpuOptionComponents month after month, prefixed on request (doc example: $18,360.05)', () => {
    const organization = parseProfile({
      workloads: [{ name: 'w', volume: { requestsPerDay: 1 }, tokens: { inputPerRequest: 1, outputPerRequest: 1 } }],
    });
    if (!organization.ok) throw new Error('bad');
    const ops = {
      engineerLoadedCostUsdPerYear: 180_000,
      staffing: { ...organization.value.organization.staffing, sreFte: 0.25, mlEngineerFte: 0.4 },
    };
    const costAt = gpuFleetCosting(fleet, ops);
    const grown = workload({ traffic: { monthlyGrowthRate: 0.5 } });
    for (const monthIndex of [0, 3, 6]) {
      const volume = workloadVolume(grown, monthIndex);
      for (const portion of [{}, { tokenShare: 0.4 }, { sizingPeakTokensPerHour: 3e7, paidGpuHoursShare: 0.5 }])
        expect(costAt(volume, portion)).toEqual(gpuOptionComponents(volume, fleet, ops, undefined, portion));
    }
    expect(totalMonthlyUsd(costAt(workloadVolume(workload())).components)).toBeCloseTo(18_360.054, 3);
    const prefixed = gpuFleetCosting(fleet, ops, cloudManagedSettings(0.3), 'self-hosted')(workloadVolume(workload()));
    const plain = gpuOptionComponents(workloadVolume(workload()), fleet, ops, cloudManagedSettings(0.3));
    expect(prefixed.components.map((component) => component.name)).toEqual(
      plain.components.map((component) => `self-hosted: ${component.name}`),
    );
    expect(prefixed.components.map((component) => component.monthlyCostUsd)).toEqual(
      plain.components.map((component) => component.monthlyCostUsd),
    );
  });
  it('fixedOperatingUsdPerMonth sums the volume-independent operating costs (doc example: $21,600)', () => {
    const profile = parseProfile({
      workloads: [{ name: 'w', volume: { requestsPerDay: 1 }, tokens: { inputPerRequest: 1, outputPerRequest: 1 } }],
    });
    if (!profile.ok) throw new Error('bad');
    expect(
      fixedOperatingUsdPerMonth({
        engineerLoadedCostUsdPerYear: 180_000,
        staffing: profile.value.organization.staffing,
      }),
    ).toBeCloseTo(21_600, 9);
  });
  it('cloudManagedSettings: cloud-managed adds the markup on GPUs and halves the infrastructure work', () => {
    expect(cloudManagedSettings(0.3).gpuPriceFactor).toBe(1.3);
    const profile = parseProfile({
      workloads: [{ name: 'w', volume: { requestsPerDay: 1 }, tokens: { inputPerRequest: 1, outputPerRequest: 1 } }],
    });
    if (!profile.ok) throw new Error('bad');
    const ops = { engineerLoadedCostUsdPerYear: 180_000, staffing: profile.value.organization.staffing };
    const managed = gpuOptionComponents(workloadVolume(workload()), fleet, ops, cloudManagedSettings(0.3)).components;
    const gpu = managed.filter((component) => component.category === 'gpu');
    expect(totalMonthlyUsd(gpu)).toBeCloseTo(2 * 720 * 4 * 1.3, 6);
    expect(managed.find((component) => component.name.startsWith('SRE'))!.monthlyCostUsd).toBe(3750);
  });
});

describe('overflow share of a daily cycle', () => {
  it('overflowShare is 1/pi for a sinusoid with peak 2x mean and capacity at the mean (doc example)', () => {
    expect(overflowShare(2, 1)).toBeCloseTo(1 / Math.PI, 12);
  });
  it('is 0 at or above the peak and 1 with no capacity', () => {
    expect(overflowShare(2, 2)).toBe(0);
    expect(overflowShare(5, 5)).toBe(0);
    expect(overflowShare(3, 0)).toBe(1);
  });
  it('keeps the mean for the two-level shape above 2x (capacity at the base level -> 1 - base share)', () => {
    // peak 4: duty = 0.5 / 3.5; with capacity 0.5 (the base), overflow = duty x (4 - 0.5) = 0.5
    expect(overflowShare(4, 0.5)).toBeCloseTo(0.5, 12);
  });
  it('decreases as capacity grows', () => {
    let previous = 1;
    for (let capacity = 0; capacity <= 3; capacity += 0.25) {
      const share = overflowShare(2.5, capacity);
      expect(share).toBeLessThanOrEqual(previous);
      previous = share;
    }
  });
});

describe('TCO over the horizon', () => {
  const component = (monthlyCostUsd: number, extra: Partial<CostComponent> = {}): CostComponent => ({
    name: 'x',
    category: 'tokens',
    unit: 'u',
    quantity: 1,
    unitPriceUsd: monthlyCostUsd,
    monthlyCostUsd,
    usageBased: true,
    source: { name: 't', asOf: 't' },
    ...extra,
  });
  it('tco: $1,000/month for 36 months is $36,000 (the seeds’ three-year hosted bill)', () => {
    const result = tco(() => [component(1000)], 36);
    expect(result.tcoUsd).toBe(36_000);
    expect(result.months[11].cumulativeUsd).toBe(12_000);
  });
  it('oneOffUsdInMonth charges one-off costs in the month they occur (doc example)', () => {
    const components = [
      component(0, { oneOffCostUsd: 30_000, oneOffMonthIndex: 0 }),
      component(0, { oneOffCostUsd: 15_000, oneOffMonthIndex: 6, repeatEveryMonths: 6 }),
    ];
    expect(oneOffUsdInMonth(components, 0)).toBe(30_000);
    expect(oneOffUsdInMonth(components, 6)).toBe(15_000);
    expect(oneOffUsdInMonth(components, 12)).toBe(15_000);
    expect(oneOffUsdInMonth(components, 7)).toBe(0);
    const result = tco(() => components, 36);
    expect(result.tcoUsd).toBe(30_000 + 5 * 15_000);
    expect(result.oneOffUsd + result.recurringUsd).toBe(result.tcoUsd);
  });
});

describe('latency penalty', () => {
  it('latencyPenaltyComponent prices each 100 ms over the SLO (doc example: $6,000)', () => {
    expect(
      latencyPenaltyComponent({
        optionTtftMs: 1100,
        sloTtftMs: 800,
        revenueAtStakeUsdPerMonthPer100Ms: 2000,
        percentile: 'p95',
      })?.monthlyCostUsd,
    ).toBe(6000);
  });
  it('is absent when the SLO is met or nothing is at stake', () => {
    expect(
      latencyPenaltyComponent({
        optionTtftMs: 700,
        sloTtftMs: 800,
        revenueAtStakeUsdPerMonthPer100Ms: 2000,
        percentile: 'p95',
      }),
    ).toBeUndefined();
    expect(
      latencyPenaltyComponent({
        optionTtftMs: 1100,
        sloTtftMs: 800,
        revenueAtStakeUsdPerMonthPer100Ms: 0,
        percentile: 'p95',
      }),
    ).toBeUndefined();
  });
});
