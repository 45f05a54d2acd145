/**
 * The planner: resolved inputs in, every option per workload with its TCO, the
 * recommendation with reasons, rules of thumb, flip points and open questions out.
 */
import { breakEvenMonthIndex, firstCheapestChange } from './crossover.ts';
import { unansweredQuestions } from './checklist.ts';
import { evaluateOption, optionModels } from './options.ts';
import { chooseOption, costCurve, findFlipPoints } from './recommend.ts';
import { evaluateRulesOfThumb } from './rules-of-thumb.ts';
import type { OptionKind, OptionResult, PlanInputs, PlanResult, ResolvedWorkload, WorkloadPlan } from './types.ts';
import { tco } from '../cost/tco.ts';
import { simulateWorkloadFleets, type WorkloadFleetSimulation } from './simulate-fleet.ts';
import type { FleetSimulationResult } from '../traffic/simulate.ts';
import type { Organization } from '../workload/schema.ts';
import { workloadVolume } from '../workload/volume.ts';

/** Volume multipliers for the cost-vs-volume curve: 1/20x to 50x today, 31 points. */
const curveFactors = Array.from({ length: 31 }, (_, index) => 10 ** (-1.30103 + (index * (1.69897 + 1.30103)) / 30));

/** Plans one workload. */
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

export function planWorkload(
  unsimulated: ResolvedWorkload,
  organization: Organization,
  cloudManagedMarkup: number,
): WorkloadPlan {
  const { resolved, simulated } = withSimulation(unsimulated);
  const { workload } = resolved;
  const volume = workloadVolume(workload, 0);
  const models = optionModels(resolved, organization, cloudManagedMarkup);
  const options = models.map((model) => evaluateOption(model, workload, organization));
  addPriceBands(options, resolved, organization, cloudManagedMarkup);
  const { chosen, reasons } = chooseOption(options, organization, organization.horizonMonths);
  const frontier = options.find((option) => option.kind === 'frontier-api');
  const hostedSpend = workload.checklist.currentMonthlySpendUsd ?? frontier?.monthlyCostUsd ?? 0;
  const rules = evaluateRulesOfThumb(
    { workload, organization, tokensPerMonth: volume.tokensPerMonth, hostedSpendUsdPerMonth: hostedSpend },
    chosen.kind,
  );
  for (const rule of rules) {
    if (rule.applies && rule.agrees === false)
      reasons.push(
        `disagrees with the rule of thumb "${rule.text}" (${rule.source}): the cost model puts ${chosen.label} ahead`,
      );
  }
  const eligible = options.filter((option) => option.eligible);
  const eligibleIds = new Set(eligible.map((option) => option.id));
  const recurringById: Record<string, number[]> = {};
  for (const option of eligible) recurringById[option.label] = option.months.map((month) => month.recurringUsd);
  const warnings = [...resolved.warnings];
  if (simulated && (simulated.selfHosted.minutesOverCapacity > 0 || simulated.selfHosted.sloMissMinutes > 0)) {
    warnings.push(
      `simulated first month: the self-hosted fleet (${simulated.selfHosted.description}) is over capacity for ${Math.round(simulated.selfHosted.minutesOverCapacity)} minutes and misses the latency SLO for an estimated ${Math.round(simulated.selfHosted.sloMissMinutes)} minutes (bursts above the planned peak); raise targetPeakUtilization headroom or redundancy if that matters`,
    );
  }
  for (const option of options) {
    if (
      option.eligible &&
      option.ttftP95Ms !== undefined &&
      workload.latency.ttftMs !== undefined &&
      option.ttftP95Ms > workload.latency.ttftMs
    ) {
      warnings.push(
        `${option.label}: expected ${workload.latency.percentile} TTFT ${option.ttftP95Ms} ms misses the ${workload.latency.ttftMs} ms SLO${workload.revenueAtStakeUsdPerMonthPer100Ms > 0 ? ' (penalty included)' : ' (set revenueAtStakeUsdPerMonthPer100Ms to price it)'}`,
      );
    }
  }
  return {
    name: workload.name,
    tokensPerMonth: volume.tokensPerMonth,
    requestsPerMonth: volume.requestsPerMonth,
    monthlyGrowthRate: workload.traffic.monthlyGrowthRate,
    options,
    recommendation: { option: chosen.kind, optionId: chosen.id, reasons },
    rulesOfThumb: rules,
    flip: findFlipPoints(models, eligibleIds, workload, volume, organization.horizonMonths),
    cheapestChange: firstCheapestChange(recurringById),
    breakEven: breakEvenAgainstTokens(eligible),
    simulation: simulated ? [simulated.selfHosted, simulated.overflowFleet].map(simulationSummary) : [],
    costCurve: costCurve(models, workload, volume, organization.horizonMonths, curveFactors),
    unansweredQuestions: unansweredQuestions(workload),
    warnings,
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
    .filter((option) => option.kind === 'frontier-api' || option.kind === 'hosted-open')
    .sort((left, right) => left.tcoUsd - right.tcoUsd);
  const baseline = tokenOptions[0];
  if (!baseline) return [];
  const cumulative = (option: OptionResult) => option.months.map((month) => month.cumulativeUsd);
  return eligible
    .filter((option) => option.kind !== 'frontier-api' && option.kind !== 'hosted-open')
    .map((option) => ({
      optionId: option.id,
      againstOptionId: baseline.id,
      monthIndex: breakEvenMonthIndex(cumulative(option), cumulative(baseline)),
    }));
}

/**
 * Adds an uncertainty band to every GPU option: the TCO with the GPU price at the low
 * and the high end of the catalog's range (other inputs unchanged).
 */
function addPriceBands(
  options: OptionResult[],
  resolved: ResolvedWorkload,
  organization: Organization,
  cloudManagedMarkup: number,
): void {
  const fleet = resolved.fleet;
  if (!fleet?.usdPerGpuHourRange) return;
  const variant = (usdPerGpuHour: number) =>
    optionModels({ ...resolved, fleet: { ...fleet, usdPerGpuHour } }, organization, cloudManagedMarkup).map((model) =>
      tco(
        (monthIndex) => model.costAt(workloadVolume(resolved.workload, monthIndex)).components,
        organization.horizonMonths,
      ),
    );
  const low = variant(fleet.usdPerGpuHourRange.low);
  const high = variant(fleet.usdPerGpuHourRange.high);
  options.forEach((option, index) => {
    if (option.sizing === undefined) return;
    option.band = {
      lowTcoUsd: low[index].tcoUsd,
      highTcoUsd: high[index].tcoUsd,
      months: low[index].months.map((month, monthIndex) => ({
        monthIndex,
        lowCumulativeUsd: month.cumulativeUsd,
        highCumulativeUsd: high[index].months[monthIndex].cumulativeUsd,
      })),
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
  const slotCount = workloads[0]?.options.length ?? 0;
  const multi = workloads.length > 1;
  const options: PlanResult['options'] = [];
  for (let slot = 0; slot < slotCount; slot += 1) {
    const perWorkload = workloads.map((plan) => ({ plan, option: plan.options[slot] }));
    const first = perWorkload[0].option;
    const monthlyCostUsd = sum(perWorkload.map(({ option }) => option.monthlyCostUsd));
    const tokens = sum(workloads.map((plan) => plan.tokensPerMonth));
    options.push({
      id: multi ? slotId(first.id, first.kind) : first.id,
      kind: first.kind,
      label: multi
        ? `${first.kind}${first.id.startsWith('hybrid:') ? ` (${first.id.slice(7)})` : ''} for every workload`
        : first.label,
      eligible: perWorkload.every(({ option }) => option.eligible),
      ineligibleReasons: perWorkload.flatMap(({ plan, option }) =>
        option.ineligibleReasons.map((reason) => (multi ? `${plan.name}: ${reason}` : reason)),
      ),
      monthlyCostUsd,
      usageBasedMonthlyCostUsd: sum(perWorkload.map(({ option }) => option.usageBasedMonthlyCostUsd)),
      fixedMonthlyCostUsd: sum(perWorkload.map(({ option }) => option.fixedMonthlyCostUsd)),
      tcoUsd: sum(perWorkload.map(({ option }) => option.tcoUsd)),
      oneOffUsd: sum(perWorkload.map(({ option }) => option.oneOffUsd)),
      usdPerMillionTokens: tokens > 0 ? monthlyCostUsd / (tokens / 1e6) : 0,
      components: perWorkload.flatMap(({ plan, option }) =>
        option.components.map((component) =>
          multi ? { ...component, name: `${plan.name}: ${component.name}` } : component,
        ),
      ),
    });
  }
  const chosenKinds = new Set(workloads.map((plan) => plan.recommendation.option));
  const chosenOptions = workloads.map(
    (plan) => plan.options.find((option) => option.id === plan.recommendation.optionId) ?? plan.options[0],
  );
  const overall: OptionKind = chosenKinds.size === 1 ? workloads[0].recommendation.option : 'hybrid';
  const reasons = multi
    ? [
        chosenKinds.size === 1
          ? `every workload is best served by ${overall}`
          : 'the workloads are best served differently (decide feature by feature):',
        ...workloads.map(
          (plan, index) => `${plan.name}: ${chosenOptions[index].label} — ${plan.recommendation.reasons[0]}`,
        ),
      ]
    : workloads[0].recommendation.reasons;
  return {
    organization: inputs.organization,
    workloads,
    options,
    recommendation: {
      option: overall,
      reasons,
      monthlyCostUsd: sum(chosenOptions.map((option) => option.monthlyCostUsd)),
      tcoUsd: sum(chosenOptions.map((option) => option.tcoUsd)),
    },
  };
}

function slotId(id: string, kind: OptionKind): string {
  return id.startsWith('hybrid:') ? id : kind;
}

function sum(values: number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}
