import { describe, expect, it } from 'vitest';
import { parseProfile } from '../workload/parse.ts';
import type { WorkloadProfile } from '../workload/schema.ts';
import { unansweredQuestions } from './checklist.ts';
import { ineligibleReasons } from './constraints.ts';
import { breakEvenMonthIndex, crossover, firstCheapestChange } from './crossover.ts';
import { costCurveFactors, planProfile } from './plan.ts';
import { chooseOption, costCurve, monthlyEquivalentUsd } from './recommend.ts';
import { evaluateOption } from './options.ts';
import { planDemand, simulatePlannedFleet } from './simulate-fleet.ts';
import { workloadVolume } from '../workload/volume.ts';
import { evaluateRulesOfThumb } from './rules-of-thumb.ts';
import { optionKey, optionSlot } from './option-id.ts';
import type { OptionResult, PlanInputs } from './types.ts';
import {
  bareOption,
  fleet,
  frontier,
  hostedOpen,
  preferredOptionModels,
  profile,
} from '../../../test/fixtures/decide-fixtures.ts';

function inputs(value: WorkloadProfile): PlanInputs {
  return {
    organization: value.organization,
    cloudManagedMarkup: 0.3,
    workloads: value.workloads.map((workload) => ({
      workload,
      frontier,
      hostedOpen,
      fleet,
      fleetCandidates: [fleet],
      warnings: [],
    })),
  };
}

describe('crossover', () => {
  it('reproduces the seeds’ example and corrects it: naive 6B tokens/month (not 1.5B), honest: none', () => {
    const result = crossover({ apiUsdPerMillionTokens: 0.3, gpuUsdPerHour: 2.5, tokensPerHourPerGpu: 4e6, gpus: 1 });
    expect(result.monthlyGpuCostUsd).toBe(1800);
    expect(result.selfHostedUsdPerMillionTokens).toBeCloseTo(0.625, 12);
    expect(result.naiveCrossoverMonthlyTokens).toBeCloseTo(6e9, 0);
    expect(result.naiveCrossoverDailyTokens).toBeCloseTo(200e6, 0);
    expect(result.crossoverMonthlyTokens).toBeNull();
    expect(result.verdict).toEqual({
      kind: 'never-cheaper',
      effectiveUsdPerMillionTokens: 0.625,
      maxAverageUtilization: 1,
    });
  });
  it('finds the honest crossover with whole GPUs, a spare and fixed people costs', () => {
    // API $2/M; GPU $2.50/h = $1,800/month serving 4M tokens/h = 2,880M tokens/month ($5,760 of API traffic).
    // Margin per GPU = 5,760 - 1,800 = $3,960. Fixed = 1 spare ($1,800) + $10,000 people = $11,800 -> k = ceil(11,800 / 3,960) = 3.
    // Cost at crossover = (3 + 1) x 1,800 + 10,000 = $17,200 -> V = 17,200 / $2 per M = 8,600M tokens/month.
    const result = crossover({
      apiUsdPerMillionTokens: 2,
      gpuUsdPerHour: 2.5,
      tokensPerHourPerGpu: 4e6,
      gpus: 1,
      redundancyGpus: 1,
      fixedUsdPerMonth: 10_000,
    });
    expect(result.gpusAtCrossover).toBe(4);
    expect(result.monthlyCostAtCrossoverUsd).toBe(17_200);
    expect(result.crossoverMonthlyTokens).toBeCloseTo(8.6e9, 0);
    // The crossover volume fits the serving GPUs: 3 x 2,880M >= 8,600M.
    expect(3 * 2880e6).toBeGreaterThanOrEqual(result.crossoverMonthlyTokens!);
    expect(result.naiveCrossoverMonthlyTokens).toBeCloseTo(900e6, 0);
  });
  it('firstCheapestChange reports the month the cheapest option changes (doc example: month 9)', () => {
    const api = Array.from({ length: 24 }, (_, month) => 1000 * 1.2 ** month);
    const flat = Array.from({ length: 24 }, () => 5000);
    expect(firstCheapestChange({ api, 'self-hosted': flat })).toEqual({
      monthIndex: 9,
      from: 'api',
      to: 'self-hosted',
    });
  });
});

describe('break-even month', () => {
  it('breakEvenMonthIndex finds the month cumulative costs cross (doc example: month index 9)', () => {
    const candidate = Array.from({ length: 24 }, (_, month) => 50_000 + 5_000 * (month + 1));
    const baseline = Array.from({ length: 24 }, (_, month) => 10_000 * (month + 1));
    expect(breakEvenMonthIndex(candidate, baseline)).toBe(9);
    expect(breakEvenMonthIndex(candidate.slice(0, 5), baseline.slice(0, 5))).toBeNull();
  });
});

describe('hard constraints', () => {
  const organization = profile().organization;
  it('ineligibleReasons rules out third-party APIs for regulated data (doc example)', () => {
    const regulated = profile({ data: { sensitivity: 'regulated' } }).workloads[0];
    expect(
      ineligibleReasons(
        { kind: 'frontier-api', tokenOffer: frontier, fleet: undefined, ttftP50Ms: 450 },
        regulated,
        organization,
      ),
    ).toEqual([{ rule: 'regulated-data', offerId: 'openai/gpt-4.1' }]);
    expect(
      ineligibleReasons({ kind: 'self-hosted', tokenOffer: undefined, fleet, ttftP50Ms: 120 }, regulated, organization),
    ).toEqual([]);
  });
  it('rule out self-hosting regulated data without ML-ops capacity', () => {
    const regulated = profile({ data: { sensitivity: 'regulated' } }, { mlOpsCapacity: 'none' });
    const reasons = ineligibleReasons(
      { kind: 'self-hosted', tokenOffer: undefined, fleet, ttftP50Ms: 120 },
      regulated.workloads[0],
      regulated.organization,
    );
    expect(reasons).toEqual([{ rule: 'regulated-without-ops' }]);
    expect(
      ineligibleReasons(
        { kind: 'cloud-managed', tokenOffer: undefined, fleet, ttftP50Ms: 120 },
        regulated.workloads[0],
        regulated.organization,
      ),
    ).toEqual([]);
  });
  it('air gap, residency, fine-tuned weights, reproducibility, quality and the latency SLO each give a reason', () => {
    const strict = profile(
      {
        data: { airGapped: true, residencyRequired: true },
        requirements: { fineTunedWeights: true, reproducibility: true },
        latency: { ttftMs: 100 },
      },
      { region: 'ap-south' },
    );
    const reasons = ineligibleReasons(
      { kind: 'frontier-api', tokenOffer: frontier, fleet: undefined, ttftP50Ms: 450, ttftAtPercentileMs: 1100 },
      strict.workloads[0],
      strict.organization,
    );
    expect(reasons).toEqual([
      { rule: 'air-gap' },
      { rule: 'residency', region: 'ap-south', offerId: 'openai/gpt-4.1' },
      { rule: 'fine-tuned-weights' },
      { rule: 'reproducibility', offerId: 'openai/gpt-4.1' },
      { rule: 'latency-slo', percentile: 'p95', ttftMs: 1100, sloTtftMs: 100 },
    ]);
    // A priced SLO does not gate, but a median above it does (the latency floor).
    const priced = profile({ latency: { ttftMs: 100, sloKind: 'priced' } }).workloads[0];
    expect(
      ineligibleReasons(
        { kind: 'frontier-api', tokenOffer: frontier, fleet: undefined, ttftP50Ms: 450, ttftAtPercentileMs: 1100 },
        priced,
        organization,
      ),
    ).toEqual([{ rule: 'latency-floor', sloTtftMs: 100, typicalTtftMs: 450 }]);
    const frontierOnly = profile({ requirements: { minimumQuality: 'frontier' } }).workloads[0];
    expect(
      ineligibleReasons(
        { kind: 'hosted-open', tokenOffer: hostedOpen, fleet: undefined, ttftP50Ms: 350 },
        frontierOnly,
        organization,
      )[0],
    ).toEqual({ rule: 'quality' });
  });
});

describe('recommendation', () => {
  const option = bareOption;
  it('chooseOption keeps hosted when self-hosting saves less than the ML-ops bar (doc example: 6.7% < 20%)', () => {
    const organization = profile({}, { mlOpsCapacity: 'limited' }).organization;
    const { chosen, reasons } = chooseOption(
      [option('hosted-open', 300_000), option('self-hosted', 280_000)],
      organization,
      36,
    );
    expect(chosen.kind).toBe('hosted-open');
    const [decisive] = reasons;
    expect(decisive.kind).toBe('ml-ops-bar-not-met');
    if (decisive.kind !== 'ml-ops-bar-not-met') return;
    expect(decisive.requiredSaving).toBe(0.2);
    expect(decisive.saving).toBeCloseTo(1 - 280 / 300, 12);
    expect(decisive.gpuOption).toEqual({ kind: 'self-hosted' });
    expect(decisive.hostedOption).toEqual({ kind: 'hosted-open' });
  });
  it('follows cost with a dedicated team', () => {
    const organization = profile({}, { mlOpsCapacity: 'dedicated' }).organization;
    expect(
      chooseOption([option('hosted-open', 300_000), option('self-hosted', 280_000)], organization, 36).chosen.kind,
    ).toBe('self-hosted');
  });
  it('never picks an ineligible option when an eligible one exists', () => {
    const organization = profile().organization;
    expect(
      chooseOption([option('frontier-api', 10, false), option('hosted-open', 300_000)], organization, 36).chosen.kind,
    ).toBe('hosted-open');
  });
});

describe('rules of thumb and the checklist', () => {
  it('evaluateRulesOfThumb shows where the seeds’ rules agree and disagree (doc example)', () => {
    const value = profile();
    const rules = evaluateRulesOfThumb(
      {
        workload: value.workloads[0],
        organization: value.organization,
        tokensPerMonth: 600e6,
        hostedSpendUsdPerMonth: 1965,
      },
      'self-hosted',
    );
    const spendRule = rules.find((rule) => rule.id === 'spend-under-10k')!;
    expect(spendRule.applies).toBe(true);
    expect(spendRule.agrees).toBe(false);
    expect(rules.find((rule) => rule.id === 'over-5b-tokens')!.applies).toBe(false);
  });
  it('unansweredQuestions lists the questions a minimal profile leaves open (doc example: all 6)', () => {
    expect(unansweredQuestions(profile().workloads[0])).toHaveLength(6);
    expect(
      unansweredQuestions(
        profile({
          checklist: { currentMonthlySpendUsd: 1, triedHostedOpen: true, upgradePlan: 'x', evalBaseline: true },
          latency: { ttftMs: 500 },
          revenueAtStakeUsdPerMonthPer100Ms: 10,
        }).workloads[0],
      ),
    ).toEqual([]);
  });
});

describe('planProfile', () => {
  it('cross-checks: components sum to the monthly total; with no growth TCO = build months + running months x monthly + one-offs', () => {
    const value = profile();
    const plan = planProfile(inputs(value));
    const buildMonths = value.organization.staffing.buildPeriodMonths;
    expect(buildMonths).toBe(2);
    const hosted = plan.workloads[0].options.find((option) => option.kind === 'hosted-open');
    for (const option of plan.workloads[0].options) {
      const sum = option.components.reduce((total, component) => total + component.monthlyCostUsd, 0);
      expect(sum).toBeCloseTo(option.monthlyCostUsd, 6);
      expect(option.usageBasedMonthlyCostUsd + option.fixedMonthlyCostUsd).toBeCloseTo(option.monthlyCostUsd, 6);
      const total = option.months.reduce((running, month) => running + month.totalUsd, 0);
      expect(option.tcoUsd).toBeCloseTo(total, 6);
      if (option.kind === 'frontier-api' || option.kind === 'hosted-open') {
        expect(option.tcoUsd).toBeCloseTo(option.monthlyCostUsd * 36 + option.oneOffUsd, 4);
        expect(option.months[11].cumulativeUsd - sumOneOffs(option, 12)).toBeCloseTo(option.monthlyCostUsd * 12, 4);
        continue;
      }
      // Once the fleet serves, every month costs the running monthly cost (no growth).
      const serving = option.kind === 'cloud-managed' ? Math.ceil(buildMonths / 2) : buildMonths;
      for (const month of option.months.slice(serving))
        expect(month.recurringUsd).toBeCloseTo(option.monthlyCostUsd, 4);
      // While it is built, the hosted option serves (its bill is paid alongside the team), and no GPU-hours are paid.
      expect(option.months[0].recurringUsd).toBeGreaterThan(hosted?.monthlyCostUsd ?? 0);
      expect(option.months[0].recurringUsd).toBeLessThan(option.monthlyCostUsd);
    }
  });
  it('recommends hosted-open for a 600M tokens/month workload and says what would flip it', () => {
    const plan = planProfile(inputs(profile()));
    expect(plan.recommendation.option).toBe('hosted-open');
    expect(plan.options.map((option) => option.kind)).toEqual([
      'frontier-api',
      'hosted-open',
      'cloud-managed',
      'self-hosted',
      'hybrid',
      'hybrid',
    ]);
    expect(plan.workloads[0].flip.length).toBeGreaterThan(0);
  });
  it('plans choices.fleetPolicy: autoscale and scheduled (the fixed fleet sizes them, only they are costed)', () => {
    for (const fleetPolicy of ['autoscale', 'scheduled'] as const) {
      const plan = planProfile(
        inputs(
          profile({
            volume: { requestsPerDay: 400_000 },
            traffic: { pattern: 'business-hours', peakToMeanRatio: 3 },
            choices: { gpu: 'h100-sxm', fleetPolicy },
          }),
        ),
      );
      const selfHosted = plan.workloads[0].options.find((option) => option.kind === 'self-hosted');
      expect(selfHosted?.sizing?.configuration.policy).toBe(fleetPolicy);
    }
  });

  it('adds workloads up and calls a mixed answer hybrid', () => {
    const parsed = parseProfile({
      workloads: [
        { name: 'small', volume: { requestsPerDay: 100 }, tokens: { inputPerRequest: 1000, outputPerRequest: 200 } },
        {
          name: 'regulated',
          volume: { requestsPerDay: 2_000_000 },
          tokens: { inputPerRequest: 1000, outputPerRequest: 200 },
          data: { sensitivity: 'regulated' },
        },
      ],
      organization: { mlOpsCapacity: 'dedicated' },
    });
    if (!parsed.ok) throw new Error('bad');
    const plan = planProfile(inputs(parsed.value));
    expect(plan.workloads.map((workload) => workload.recommendation.option)).toEqual(['hosted-open', 'self-hosted']);
    expect(plan.recommendation.option).toBe('hybrid');
    const chosenTotal = plan.workloads.reduce(
      (total, workload) =>
        total + workload.options.find((option) => option.key === workload.recommendation.key)!.monthlyCostUsd,
      0,
    );
    expect(plan.recommendation.monthlyCostUsd).toBeCloseTo(chosenTotal, 6);
    expect(plan.options[0].monthlyCostUsd).toBeCloseTo(
      plan.workloads[0].options[0].monthlyCostUsd + plan.workloads[1].options[0].monthlyCostUsd,
      6,
    );
  });
});

function sumOneOffs(option: OptionResult, months: number): number {
  return option.months.slice(0, months).reduce((total, month) => total + month.oneOffUsd, 0);
}

describe('option identity', () => {
  it('optionSlot and optionKey name options without parsing strings (doc examples)', () => {
    expect(optionSlot({ kind: 'self-hosted', openModelId: 'llama-3.1-70b', gpuId: 'h100-sxm' })).toBe('self-hosted');
    expect(optionSlot({ kind: 'hybrid', variant: 'overflow', offerId: 'together/llama-3.1-70b' })).toBe(
      'hybrid:overflow',
    );
    expect(optionKey({ kind: 'frontier-api', offerId: 'openai/gpt-4.1' })).toBe('frontier-api:openai/gpt-4.1');
    expect(optionKey({ kind: 'self-hosted', openModelId: 'llama-3.1-70b', gpuId: 'h100-sxm' })).toBe(
      'self-hosted:llama-3.1-70b@h100-sxm',
    );
    expect(optionKey({ kind: 'hybrid', variant: 'split', offerId: 'openai/gpt-4.1' })).toBe('hybrid:split');
    expect(optionKey({ kind: 'hosted-open' })).toBe('hosted-open');
  });
});

describe('option evaluation and the cost curve', () => {
  it('evaluateOption prices GPT-4.1 at 600M tokens/month (doc example: $1,965/month, $3.275 per 1M, $70,740 TCO)', () => {
    const value = profile({ tokens: { inputPerRequest: 1500, outputPerRequest: 500, cachedInputShare: 0.2 } });
    const [resolvedWorkload] = inputs(value).workloads;
    const frontierModel = preferredOptionModels(resolvedWorkload, value.organization, 0.3)[0];
    const result = evaluateOption(frontierModel, resolvedWorkload.workload, value.organization);
    expect(result.monthlyCostUsd).toBeCloseTo(1965, 9);
    expect(result.usdPerMillionTokens).toBeCloseTo(3.275, 9);
    expect(result.tcoUsd).toBeCloseTo(70_740, 6);
    expect(result.band).toBeUndefined();
    expect(result.eligible).toBe(true);
  });
  it('costCurveFactors spans 1/20x to 50x in 31 log-even steps and costCurve prices each (doc examples)', () => {
    expect(costCurveFactors).toHaveLength(31);
    expect(costCurveFactors[0]).toBeCloseTo(0.05, 12);
    expect(costCurveFactors[30]).toBeCloseTo(50, 9);
    expect(costCurveFactors[15]).toBeCloseTo(Math.sqrt(0.05 * 50), 9);
    const value = profile();
    const [resolvedWorkload] = inputs(value).workloads;
    const models = preferredOptionModels(resolvedWorkload, value.organization, 0.3);
    const [point] = costCurve(models, resolvedWorkload.workload, workloadVolume(resolvedWorkload.workload), 36, [1]);
    expect(point.tokensPerMonth).toBe(600e6);
    expect(point.costUsdByOption['frontier-api:openai/gpt-4.1']).toBeCloseTo(
      monthlyEquivalentUsd(models[0], workloadVolume(resolvedWorkload.workload), 36),
      9,
    );
  });
  it('planDemand and simulatePlannedFleet run the first month on the peak and the mean fleets (2 GPUs and 1 GPU)', () => {
    const [resolvedWorkload] = inputs(profile()).workloads;
    const demand = planDemand(resolvedWorkload.workload);
    expect(demand).toHaveLength(43_200);
    const peak = simulatePlannedFleet(fleet, resolvedWorkload.workload, demand, { overflowToApi: false }).result;
    const mean = simulatePlannedFleet(fleet, resolvedWorkload.workload, demand, { overflowToApi: true });
    expect(peak.policy.spec).toBe('fixed:2,overflow=queue');
    expect(mean.result.policy.spec).toBe('fixed:1,overflow=api');
    expect(peak.utilizationByHourOfWeek).toHaveLength(168);
    // One GPU at 80% carries 3.2M tokens/hour, almost 4x the 0.83M mean: nothing overflows.
    expect(mean.overflowShare).toBe(0);
  });
});
