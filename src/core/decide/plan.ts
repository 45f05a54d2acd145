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
import { decide, decisionInput, findDecisionFlips, type Decision, type FlipSearchDetail } from './decision.ts';
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
import { optionSlot, runsModels } from './option-id.ts';
import { componentClass, type PortfolioModel, type PortfolioWorkload } from './portfolio-model.ts';
import { placeDecisions, type SlotTotal } from './portfolio.ts';
import type { MipSolver } from './portfolio-solve.ts';
import { costComponent } from '../cost/types.ts';
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
  return planWorkloadWithDecision(resolved, organization, cloudManagedMarkup, planDate, 'full').plan;
}

/**
 * How finely a workload's flip points are searched (`FlipSearchDetail`): one workload in
 * full; each workload of a portfolio on a coarser grid (20 workloads x ~30 full decisions
 * took ~80% of the plan).
 */
type FlipSearch = NonNullable<FlipSearchDetail['resolution']>;

/** `planWorkload`, with the decision and traffic the portfolio placement reuses. */
function planWorkloadWithDecision(
  resolved: ResolvedWorkload,
  organization: Organization,
  cloudManagedMarkup: number,
  planDate: string | undefined,
  flipSearch: FlipSearch,
): { plan: WorkloadPlan; portfolio: PortfolioWorkload } {
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
  const plan: WorkloadPlan = {
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
    flip: findDecisionFlips(input, today, { resolution: flipSearch }),
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
  return { plan, portfolio: { resolved, decision: today, demandTokensPerMinute: input.demandTokensPerMinute } };
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
 * The same option slot for every workload, matched by `optionSlot` (never by position):
 * eligible only when eligible for every workload. Several workloads: priced as one
 * placement (shared costs once, pooled fleets), with the shared components listed once.
 */
function portfolioOptions(workloads: WorkloadPlan[], totals: SlotTotal[], model: PortfolioModel): PortfolioOption[] {
  const multi = workloads.length > 1;
  const tokens = sum(workloads.map((plan) => plan.tokensPerMonth));
  return totals.map((total) => {
    const slot = total.slot;
    const perWorkload = workloads.flatMap((plan) => {
      const option = plan.options.find((candidate) => optionSlot(candidate.id) === slot);
      return option ? [{ plan, option }] : [];
    });
    const first = perWorkload[0].option;
    const monthlyCostUsd = multi ? total.monthlyCostUsd : first.monthlyCostUsd;
    const usageBasedMonthlyCostUsd = sum(perWorkload.map(({ option }) => option.usageBasedMonthlyCostUsd));
    const components = multi
      ? sharedOnce(perWorkload, total, model)
      : first.components.map((component) => ({ workload: workloads[0].name, component }));
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
      usageBasedMonthlyCostUsd,
      fixedMonthlyCostUsd: monthlyCostUsd - usageBasedMonthlyCostUsd,
      tcoUsd: multi ? total.tcoUsd : first.tcoUsd,
      oneOffUsd: multi ? total.cost.parts.setupTcoUsd + total.cost.parts.upgradeTcoUsd : first.oneOffUsd,
      usdPerMillionTokens: tokens > 0 ? monthlyCostUsd / (tokens / 1e6) : 0,
      components,
    };
  });
}

/**
 * The components of every workload on one slot with shared costs once: each workload's
 * own components, the first GPU workload's team, setup and upgrade components (under
 * `shared`), and one GPU line per pooled fleet (under the pool's key).
 */
function sharedOnce(
  perWorkload: Array<{ plan: WorkloadPlan; option: OptionResult }>,
  total: SlotTotal,
  model: PortfolioModel,
): PortfolioOption['components'] {
  const own = perWorkload.flatMap(({ plan, option }) =>
    option.components
      .filter((component) => !runsModels(option.kind) || componentClass(component) === 'own')
      .map((component) => ({ workload: plan.name, component })),
  );
  const gpuOption = perWorkload.find(({ option }) => runsModels(option.kind))?.option;
  if (!gpuOption) return own;
  const shared = gpuOption.components
    .filter((component) => {
      const part = componentClass(component);
      return part === 'team' || part === 'setup' || part === 'upgrade';
    })
    .map((component) => ({ workload: 'shared', component }));
  const increments = total.cost.parts.staffingIncrementTcoUsd / model.horizonMonths;
  if (increments > 0)
    shared.push({
      workload: 'shared',
      component: costComponent({
        name: `platform team growth (${total.cost.pools.length} fleets, ${total.cost.models.length} models)`,
        category: 'people',
        unit: 'month',
        quantity: 1,
        unitPriceUsd: increments,
        usageBased: false,
        source: { name: 'assumption:portfolio staffing increments (STAFFING_INCREMENTS)', asOf: '2026-12-01' },
      }),
    });
  const fleets = total.cost.pools.map((pool) => ({
    workload: pool.key,
    component: costComponent({
      name: `${pool.fleet.fleet ? 'pooled fleet' : 'separate fleets'} (${pool.fleet.gpus} GPUs, ${pool.workloads.length} workloads)`,
      category: 'gpu',
      unit: 'month',
      quantity: 1,
      unitPriceUsd: pool.fleet.monthlyUsd,
      usageBased: false,
      source: { name: 'portfolio: pooled fleet sized for the combined peak', asOf: '2026-12-01' },
    }),
  }));
  return [...own, ...shared, ...fleets];
}

/**
 * Plans a whole profile: each workload on its own (its options, flips, simulations), then
 * the portfolio placement: every workload on one option with shared costs counted once
 * (portfolio-model.ts), solved exactly (the MIP with `mipSolver`, else every placement when
 * few enough). Top-level options put every workload on the same option slot, priced the
 * same way. The overall option is the placed kind when all agree, `hybrid` when they differ.
 *
 * @example
 * // Two workloads placed on hosted-open ($9k/month) and self-hosted ($20k/month):
 * // recommendation.option === 'hybrid', monthlyCostUsd === 29000 (no cost is shared between them)
 */
export function planProfile(inputs: PlanInputs, options: { mipSolver?: MipSolver } = {}): PlanResult {
  const planned = inputs.workloads.map((resolved) =>
    planWorkloadWithDecision(
      resolved,
      inputs.organization,
      inputs.cloudManagedMarkup,
      inputs.pricing?.planDate,
      inputs.workloads.length > 1 ? 'portfolio' : 'full',
    ),
  );
  const workloads = planned.map((entry) => entry.plan);
  const portfolio = placeDecisions(
    planned.map((entry) => entry.portfolio),
    inputs,
    options,
  );
  const placement = portfolio.placement;
  const placedKinds = new Set(placement.workloads.map((entry) => entry.kind ?? 'unplaced'));
  const multi = workloads.length > 1;
  const overall: OptionKind = multi
    ? placedKinds.size === 1 && placement.workloads[0].kind
      ? placement.workloads[0].kind
      : 'hybrid'
    : workloads[0].recommendation.option;
  const single = workloads[0].options.find((option) => option.key === workloads[0].recommendation.key);
  return {
    organization: inputs.organization,
    workloads,
    options: portfolioOptions(workloads, portfolio.options, portfolio.model),
    placement,
    recommendation: {
      option: overall,
      reason: multi
        ? { kind: 'portfolio', sameKind: placedKinds.size === 1 }
        : { kind: 'single-workload', reasons: workloads[0].recommendation.reasons },
      monthlyCostUsd: multi ? placement.monthlyCostUsd : (single?.monthlyCostUsd ?? 0),
      tcoUsd: multi ? placement.tcoUsd : (single?.tcoUsd ?? 0),
    },
    feasible: workloads.every((plan) => plan.feasible),
  };
}

function sum(values: number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
