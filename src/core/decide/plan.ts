/**
 * The planner: resolved inputs in, every option per workload with its TCO, the
 * recommendation with its reasons, rules of thumb, flip points and open questions out.
 * Everything is a typed fact; report/ writes the English. Nothing is mutated once built.
 */
import { breakEvenMonthIndex, firstCheapestChange } from './crossover.ts';
import { unansweredQuestions } from './checklist.ts';
import { isTokenPriced } from './option-id.ts';
import { evaluateOption, optionModels, type PriceBandModels } from './options.ts';
import { chooseOption, costCurve, findFlipPoints } from './recommend.ts';
import { evaluateRulesOfThumb } from './rules-of-thumb.ts';
import type {
  OptionKind,
  OptionResult,
  PlanInputs,
  PlanResult,
  PlanWarning,
  PortfolioOption,
  Reason,
  ResolvedWorkload,
  WorkloadPlan,
} from './types.ts';
import { optionSlot } from './option-id.ts';
import { simulateWorkloadFleets, type WorkloadFleetSimulation } from './simulate-fleet.ts';
import type { FleetSimulationResult } from '../traffic/simulate.ts';
import type { Organization } from '../workload/schema.ts';
import { workloadVolume } from '../workload/volume.ts';

/**
 * Volume multipliers for the cost-vs-volume curve: 1/20x to 50x today, 31 points evenly
 * spaced in log10.
 * @example costCurveFactors[0] === 0.05; costCurveFactors[30] === 50 (to float precision)
 */
export const costCurveFactors: readonly number[] = Array.from({ length: 31 }, (_, index) => {
  const lowLog = Math.log10(1 / 20);
  const highLog = Math.log10(50);
  return 10 ** (lowLog + (index * (highLog - lowLog)) / 30);
});

/** Runs the first month on the planned fleets and attaches the simulated figures the options use. */
export function withSimulation(unsimulated: ResolvedWorkload): {
  resolved: ResolvedWorkload;
  simulated: WorkloadFleetSimulation | undefined;
} {
  const simulated = simulateWorkloadFleets(unsimulated);
  const resolved: ResolvedWorkload = simulated
    ? {
        ...unsimulated,
        simulatedUtilization: simulated.selfHosted.meanUtilization,
        simulatedOverflowShare: simulated.overflowShare,
      }
    : unsimulated;
  return { resolved, simulated };
}

/** The options with the GPU price at the low and the high end of the catalog's range (other inputs unchanged). */
function priceBandModels(
  resolved: ResolvedWorkload,
  organization: Organization,
  cloudManagedMarkup: number,
): PriceBandModels | undefined {
  const fleet = resolved.fleet;
  if (!fleet?.usdPerGpuHourRange) return undefined;
  const variant = (usdPerGpuHour: number) =>
    optionModels({ ...resolved, fleet: { ...fleet, usdPerGpuHour } }, organization, cloudManagedMarkup);
  return { low: variant(fleet.usdPerGpuHourRange.low), high: variant(fleet.usdPerGpuHourRange.high) };
}

function workloadWarnings(
  resolved: ResolvedWorkload,
  simulated: WorkloadFleetSimulation | undefined,
  options: OptionResult[],
): PlanWarning[] {
  const { workload } = resolved;
  const warnings: PlanWarning[] = resolved.warnings.map((message) => ({ kind: 'resolution', message }));
  if (simulated && (simulated.selfHosted.minutesOverCapacity > 0 || simulated.selfHosted.sloMissMinutes > 0)) {
    warnings.push({
      kind: 'simulated-over-capacity',
      fleetDescription: simulated.selfHosted.description,
      minutesOverCapacity: simulated.selfHosted.minutesOverCapacity,
      sloMissMinutes: simulated.selfHosted.sloMissMinutes,
    });
  }
  const sloTtftMs = workload.latency.ttftMs;
  for (const option of options) {
    if (option.eligible && option.ttftP95Ms !== undefined && sloTtftMs !== undefined && option.ttftP95Ms > sloTtftMs) {
      warnings.push({
        kind: 'latency-slo-miss',
        option: option.id,
        percentile: workload.latency.percentile,
        expectedTtftMs: option.ttftP95Ms,
        sloTtftMs,
        penaltyIncluded: workload.revenueAtStakeUsdPerMonthPer100Ms > 0,
      });
    }
  }
  return warnings;
}

/** Plans one workload. */
export function planWorkload(
  unsimulated: ResolvedWorkload,
  organization: Organization,
  cloudManagedMarkup: number,
): WorkloadPlan {
  const { resolved, simulated } = withSimulation(unsimulated);
  const { workload } = resolved;
  const volume = workloadVolume(workload, 0);
  const models = optionModels(resolved, organization, cloudManagedMarkup);
  const band = priceBandModels(resolved, organization, cloudManagedMarkup);
  const options = models.map((model) => evaluateOption(model, workload, organization, band));
  const choice = chooseOption(options, organization, organization.horizonMonths);
  const frontier = options.find((option) => option.kind === 'frontier-api');
  const hostedSpend = workload.checklist.currentMonthlySpendUsd ?? frontier?.monthlyCostUsd ?? 0;
  const rules = evaluateRulesOfThumb(
    { workload, organization, tokensPerMonth: volume.tokensPerMonth, hostedSpendUsdPerMonth: hostedSpend },
    choice.chosen.kind,
  );
  const disagreements: Reason[] = rules
    .filter((rule) => rule.applies && rule.agrees === false)
    .map((rule) => ({
      kind: 'disagrees-with-rule-of-thumb',
      ruleId: rule.id,
      ruleText: rule.text,
      ruleSource: rule.source,
      chosen: choice.chosen.id,
    }));
  const eligible = options.filter((option) => option.eligible);
  const eligibleKeys = new Set(eligible.map((option) => option.key));
  const recurringByKey: Record<string, number[]> = {};
  for (const option of eligible) recurringByKey[option.key] = option.months.map((month) => month.recurringUsd);
  const change = firstCheapestChange(recurringByKey);
  const byKey = (key: string) => options.find((option) => option.key === key)?.id ?? { kind: choice.chosen.kind };
  const feasible = options.some((option) => option.eligible);
  return {
    name: workload.name,
    feasible,
    verdict: feasible
      ? { kind: 'recommend', option: choice.chosen.id }
      : { kind: 'infeasible', closest: [{ option: choice.chosen.id, failures: choice.chosen.ineligible }] },
    buildPeriodMonths: organization.staffing.buildPeriodMonths,
    tokensPerMonth: volume.tokensPerMonth,
    requestsPerMonth: volume.requestsPerMonth,
    monthlyGrowthRate: workload.traffic.monthlyGrowthRate,
    options,
    recommendation: {
      option: choice.chosen.kind,
      chosen: choice.chosen.id,
      key: choice.chosen.key,
      reasons: [...choice.reasons, ...disagreements],
    },
    rulesOfThumb: rules,
    flip: findFlipPoints(models, eligibleKeys, workload, volume, organization.horizonMonths),
    cheapestChange: change ? { monthIndex: change.monthIndex, from: byKey(change.from), to: byKey(change.to) } : null,
    breakEven: breakEvenAgainstTokens(eligible),
    simulation: simulated ? [simulated.selfHosted, simulated.overflowFleet].map(simulationSummary) : [],
    costCurve: costCurve(models, workload, volume, organization.horizonMonths, [...costCurveFactors]),
    unansweredQuestions: unansweredQuestions(workload),
    warnings: workloadWarnings(resolved, simulated, options),
  };
}

function simulationSummary(result: FleetSimulationResult): WorkloadPlan['simulation'][number] {
  return {
    policy: result.description,
    meanUtilization: result.meanUtilization,
    utilizationByHourOfWeek: result.utilizationByHourOfWeek,
    gpuHoursPaid: result.gpuHoursPaid,
    gpuHoursUsed: result.gpuHoursUsed,
    idleCostUsd: result.idleCostUsd,
    minutesOverCapacity: result.minutesOverCapacity,
    overflowTokens: result.overflowTokens,
    sloMissMinutes: result.sloMissMinutes,
    totalCostUsd: result.totalCostUsd,
  };
}

/** Break-even month of each eligible GPU option against the cheapest eligible per-token option. */
function breakEvenAgainstTokens(eligible: OptionResult[]): WorkloadPlan['breakEven'] {
  const tokenOptions = eligible
    .filter((option) => isTokenPriced(option.kind))
    .sort((left, right) => left.tcoUsd - right.tcoUsd);
  const baseline = tokenOptions[0];
  if (!baseline) return [];
  const cumulative = (option: OptionResult) => option.months.map((month) => month.cumulativeUsd);
  return eligible
    .filter((option) => !isTokenPriced(option.kind))
    .map((option) => ({
      option: option.id,
      against: baseline.id,
      monthIndex: breakEvenMonthIndex(cumulative(option), cumulative(baseline)),
    }));
}

/**
 * The same option slot summed over workloads, matched by `optionSlot` (never by position):
 * eligible only when eligible for every workload.
 */
function portfolioOptions(workloads: WorkloadPlan[]): PortfolioOption[] {
  const slots: string[] = [];
  for (const plan of workloads) {
    for (const option of plan.options) if (!slots.includes(optionSlot(option.id))) slots.push(optionSlot(option.id));
  }
  const multi = workloads.length > 1;
  const tokens = sum(workloads.map((plan) => plan.tokensPerMonth));
  return slots.map((slot) => {
    const perWorkload = workloads.flatMap((plan) => {
      const option = plan.options.find((candidate) => optionSlot(candidate.id) === slot);
      return option ? [{ plan, option }] : [];
    });
    const first = perWorkload[0].option;
    const monthlyCostUsd = sum(perWorkload.map(({ option }) => option.monthlyCostUsd));
    return {
      key: multi ? slot : first.key,
      kind: first.kind,
      ...(first.id.variant ? { variant: first.id.variant } : {}),
      ...(multi ? {} : { single: first }),
      eligible: perWorkload.length === workloads.length && perWorkload.every(({ option }) => option.eligible),
      ineligible: perWorkload
        .filter(({ option }) => !option.eligible)
        .map(({ plan, option }) => ({ workload: plan.name, failures: option.ineligible })),
      monthlyCostUsd,
      usageBasedMonthlyCostUsd: sum(perWorkload.map(({ option }) => option.usageBasedMonthlyCostUsd)),
      fixedMonthlyCostUsd: sum(perWorkload.map(({ option }) => option.fixedMonthlyCostUsd)),
      tcoUsd: sum(perWorkload.map(({ option }) => option.tcoUsd)),
      oneOffUsd: sum(perWorkload.map(({ option }) => option.oneOffUsd)),
      usdPerMillionTokens: tokens > 0 ? monthlyCostUsd / (tokens / 1e6) : 0,
      components: perWorkload.flatMap(({ plan, option }) =>
        option.components.map((component) => ({ workload: plan.name, component })),
      ),
    };
  });
}

/**
 * Plans a whole profile. Top-level options add up the same option slot across
 * workloads (eligible only when eligible for every workload); the overall
 * recommendation is the per-workload choice when they agree, `hybrid` when they differ.
 *
 * @example
 * // Two workloads, one recommended hosted-open ($9k/month) and one self-hosted ($20k/month):
 * // recommendation.option === 'hybrid', monthlyCostUsd === 29000
 */
export function planProfile(inputs: PlanInputs): PlanResult {
  const workloads = inputs.workloads.map((resolved) =>
    planWorkload(resolved, inputs.organization, inputs.cloudManagedMarkup),
  );
  const chosenKinds = new Set(workloads.map((plan) => plan.recommendation.option));
  const chosenOptions = workloads.map(
    (plan) => plan.options.find((option) => option.key === plan.recommendation.key) ?? plan.options[0],
  );
  const overall: OptionKind = chosenKinds.size === 1 ? workloads[0].recommendation.option : 'hybrid';
  return {
    organization: inputs.organization,
    workloads,
    options: portfolioOptions(workloads),
    recommendation: {
      option: overall,
      reason:
        workloads.length > 1
          ? {
              kind: 'per-workload',
              sameKind: chosenKinds.size === 1,
              choices: workloads.map((plan) => ({
                workload: plan.name,
                chosen: plan.recommendation.chosen,
                decisive: plan.recommendation.reasons[0],
              })),
            }
          : { kind: 'single-workload', reasons: workloads[0].recommendation.reasons },
      monthlyCostUsd: sum(chosenOptions.map((option) => option.monthlyCostUsd)),
      tcoUsd: sum(chosenOptions.map((option) => option.tcoUsd)),
    },
    feasible: workloads.every((plan) => plan.feasible),
  };
}

function sum(values: number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
