/**
 * The planner: resolved inputs in, every option per workload with its TCO, the
 * recommendation with its reasons, rules of thumb, flip points and open questions out.
 * Everything is a typed fact; report/ writes the English. Nothing is mutated once built.
 */
import { STALE_AFTER_MONTHS, stalePrices, type DatedPrice } from './staleness.ts';
import { breakEvenMonthIndex, firstCheapestChange } from './crossover.ts';
import { unansweredQuestions } from './checklist.ts';
import { isTokenPriced } from './option-id.ts';
import { closestFirst, costCurve } from './recommend.ts';
import { decide, decisionInput, findDecisionFlips, type Decision } from './decision.ts';
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
  Verdict,
  WorkloadPlan,
} from './types.ts';
import { optionSlot } from './option-id.ts';
import { simulatePlannedFleet } from './simulate-fleet.ts';
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

/** When the best options differ by less than this, cost does not decide between them. */
export const MATERIALITY = { share: 0.1, usdPerMonth: 500 } as const;

/** Spend on tokens at the frontier API per month (the "hosted spend" the rules of thumb speak of; no penalties). */
function frontierTokenSpendUsd(options: OptionResult[]): number {
  const frontier = options.find((option) => option.kind === 'frontier-api');
  if (!frontier) return 0;
  return frontier.components
    .filter((component) => component.category === 'tokens')
    .reduce((total, component) => total + component.monthlyCostUsd, 0);
}

/**
 * The prices the decision used: every component's source of every option that was priced
 * (eligible or not, all were compared), assumptions left out (they are not prices), named
 * without the throughput note a GPU component's source carries (one GPU price, one name).
 */
function pricesUsed(options: Decision['options']): DatedPrice[] {
  return options.flatMap((option) =>
    option.components
      .filter((component) => !component.source.name.startsWith('assumption:'))
      .map((component) => ({ name: component.source.name.split('; throughput:')[0], asOf: component.source.asOf })),
  );
}

function workloadWarnings(
  resolved: ResolvedWorkload,
  decision: Decision,
  selfHostedSimulation: FleetSimulationResult | undefined,
  planDate: string | undefined,
): PlanWarning[] {
  const { workload, options } = decision;
  const warnings: PlanWarning[] = resolved.warnings.map((message) => ({ kind: 'resolution', message }));
  if (planDate !== undefined) {
    const stale = stalePrices(pricesUsed(options), planDate);
    if (stale.length > 0)
      warnings.push({ kind: 'stale-prices', planDate, limitMonths: STALE_AFTER_MONTHS, prices: stale });
  }
  if (
    selfHostedSimulation &&
    (selfHostedSimulation.minutesOverCapacity > 0 || selfHostedSimulation.sloMissMinutes > 0)
  ) {
    warnings.push({
      kind: 'simulated-over-capacity',
      fleetDescription: selfHostedSimulation.description,
      minutesOverCapacity: selfHostedSimulation.minutesOverCapacity,
      sloMissMinutes: selfHostedSimulation.sloMissMinutes,
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
  if (workload.latency.endToEndMs !== undefined && !workload.traffic.offline) {
    const unchecked = options
      .filter((option) => option.eligible && isTokenPriced(option.kind))
      .map((option) => option.id);
    if (unchecked.length > 0)
      warnings.push({ kind: 'end-to-end-not-checked', options: unchecked, sloEndToEndMs: workload.latency.endToEndMs });
  }
  const gapPoints = workload.measured?.qualityGap?.points ?? workload.checklist.qualityGapPoints;
  if (gapPoints !== undefined && workload.requirements.maxQualityGapPoints === undefined)
    warnings.push({ kind: 'quality-gap-not-gated', gapPoints });
  const buildMonths = decision.models.find((model) => model.build)?.build?.months ?? 0;
  const hostedEligible = options.some((option) => option.eligible && isTokenPriced(option.kind));
  if (buildMonths > 0 && !hostedEligible && options.some((option) => option.eligible && !isTokenPriced(option.kind)))
    warnings.push({ kind: 'build-without-fallback', months: buildMonths });
  return warnings;
}

/** The verdict: infeasible, cost does not decide (the best two within the materiality threshold), or recommend. */
function verdictOf(decision: Decision, horizonMonths: number): Verdict {
  const { options, chosen, reasons } = decision;
  if (!options.some((option) => option.eligible)) {
    const closest = [...options]
      .filter((option) => !option.ineligible.some((failure) => failure.rule === 'unavailable'))
      .sort(closestFirst)
      .slice(0, 3)
      .map((option) => ({ option: option.id, failures: option.ineligible }));
    return { kind: 'infeasible', closest };
  }
  const costDecided = reasons[0]?.kind === 'cheapest-eligible';
  const runnerUp = options
    .filter((option) => option.eligible && option.key !== chosen.key)
    .sort((left, right) => left.tcoUsd - right.tcoUsd)[0];
  if (costDecided && runnerUp) {
    const differenceUsdPerMonth = (runnerUp.tcoUsd - chosen.tcoUsd) / horizonMonths;
    const differenceShare = chosen.tcoUsd > 0 ? (runnerUp.tcoUsd - chosen.tcoUsd) / chosen.tcoUsd : 0;
    if (differenceShare < MATERIALITY.share || differenceUsdPerMonth < MATERIALITY.usdPerMonth)
      return {
        kind: 'cost-does-not-decide',
        option: chosen.id,
        runnerUp: runnerUp.id,
        differenceUsdPerMonth,
        differenceShare,
      };
  }
  return { kind: 'recommend', option: chosen.id };
}

/** Plans one workload: the decision at today's volume, its flip points, simulations and warnings. */
export function planWorkload(
  resolved: ResolvedWorkload,
  organization: Organization,
  cloudManagedMarkup: number,
  /** The date the plan is priced at (ISO); prices older than six months then warn. */
  planDate?: string,
): WorkloadPlan {
  const input = decisionInput(resolved, organization, cloudManagedMarkup);
  const today = decide(input);
  const { workload, options, models, chosen } = today;
  const volume = workloadVolume(workload, 0);
  const selfHostedFleet = models.find((model) => model.kind === 'self-hosted')?.facts.fleet;
  const overflowFleet = models.find((model) => model.id.variant === 'overflow')?.facts.fleet;
  const selfHostedSimulation = selfHostedFleet
    ? simulatePlannedFleet(selfHostedFleet, workload, input.demandTokensPerMinute, { overflowToApi: false }).result
    : undefined;
  const overflowSimulation = overflowFleet
    ? simulatePlannedFleet(overflowFleet, workload, input.demandTokensPerMinute, { overflowToApi: true }).result
    : undefined;
  const hostedSpend = workload.checklist.currentMonthlySpendUsd ?? frontierTokenSpendUsd(options);
  const rules = evaluateRulesOfThumb(
    { workload, organization, tokensPerMonth: volume.tokensPerMonth, hostedSpendUsdPerMonth: hostedSpend },
    chosen.kind,
  );
  const disagreements: Reason[] = rules
    .filter((rule) => chosen.eligible && rule.applies && rule.agrees === false)
    .map((rule) => ({
      kind: 'disagrees-with-rule-of-thumb',
      ruleId: rule.id,
      ruleText: rule.text,
      ruleSource: rule.source,
      chosen: chosen.id,
    }));
  const eligible = options.filter((option) => option.eligible);
  const eligibleKeys = new Set(eligible.map((option) => option.key));
  // The cheapest option can change with growth; the build months are not a change (every fleet serves after them).
  const servingFrom = Math.max(
    0,
    ...models.map((model) => (model.build && eligibleKeys.has(model.key) ? model.build.months : 0)),
  );
  const recurringByKey: Record<string, number[]> = {};
  for (const option of eligible)
    recurringByKey[option.key] = option.months.slice(servingFrom).map((month) => month.recurringUsd);
  const growthChange = firstCheapestChange(recurringByKey);
  const change = growthChange ? { ...growthChange, monthIndex: growthChange.monthIndex + servingFrom } : null;
  const byKey = (key: string) => options.find((option) => option.key === key)?.id ?? { kind: chosen.kind };
  const feasible = eligible.length > 0;
  return {
    name: workload.name,
    feasible,
    verdict: verdictOf(today, organization.horizonMonths),
    buildPeriodMonths: organization.staffing.buildPeriodMonths,
    tokensPerMonth: volume.tokensPerMonth,
    requestsPerMonth: volume.requestsPerMonth,
    monthlyGrowthRate: workload.traffic.monthlyGrowthRate,
    options,
    recommendation: {
      option: chosen.kind,
      chosen: chosen.id,
      key: chosen.key,
      reasons: [...today.reasons, ...disagreements],
    },
    rulesOfThumb: rules,
    flip: findDecisionFlips(input, today),
    cheapestChange: change ? { monthIndex: change.monthIndex, from: byKey(change.from), to: byKey(change.to) } : null,
    breakEven: breakEvenAgainstTokens(eligible),
    simulation: [selfHostedSimulation, overflowSimulation]
      .filter((result): result is FleetSimulationResult => result !== undefined)
      .map(simulationSummary),
    costCurve: costCurve(models, workload, volume, organization.horizonMonths, [...costCurveFactors]),
    unansweredQuestions: unansweredQuestions(workload),
    warnings: workloadWarnings(resolved, today, selfHostedSimulation, planDate),
    ...(selfHostedFleet ? { selfHostedFleet } : {}),
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
    planWorkload(resolved, inputs.organization, inputs.cloudManagedMarkup, inputs.pricing?.planDate),
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
