/**
 * Picks an option for a workload: hard constraints first, then cost (TCO over the
 * horizon), then ML-ops capacity; and the monthly-equivalent cost curve.
 */
import type { Organization } from '../workload/schema.ts';
import { volumeFromRequests, type WorkloadVolume } from '../workload/volume.ts';
import type { Workload } from '../workload/schema.ts';
import type { OptionModel } from './options.ts';
import { isTokenPriced, runsModels } from './option-id.ts';
import type { OptionResult, Reason } from './types.ts';
import { totalMonthlyUsd } from '../cost/types.ts';

/** Minimum saving self-hosting must show over the best hosted choice, by ML-ops capacity. */
export const requiredSelfHostSaving: Record<Organization['mlOpsCapacity'], number> = {
  none: 0.3,
  limited: 0.2,
  dedicated: 0,
};

/** With a dedicated team, a managed endpoint must save this much over self-hosting to be preferred. */
export const dedicatedTeamManagedMargin = 0.1;

/**
 * Orders ineligible options closest first: the fewest failed constraints, then the
 * smallest latency miss (TTFT / SLO), then the lowest TCO.
 * @example [twoFailures, missBy2x, missBy1_5x].sort(closestFirst) // [missBy1_5x, missBy2x, twoFailures]
 */
export function closestFirst(left: OptionResult, right: OptionResult): number {
  const latencyMiss = (option: OptionResult) =>
    option.latency.ttftMs !== null && option.latency.sloTtftMs !== null
      ? option.latency.ttftMs / option.latency.sloTtftMs
      : 1;
  return (
    left.ineligible.length - right.ineligible.length ||
    latencyMiss(left) - latencyMiss(right) ||
    left.tcoUsd - right.tcoUsd
  );
}

/**
 * Hard constraints first, then cost (TCO), then the ML-ops rule: an option that makes
 * you run models (self-hosted, hybrid, cloud-managed) must save the bar for the
 * organisation's ML-ops capacity against the best eligible per-token option, else that
 * option is recommended. The first reason is always the decisive one.
 * @example
 * // Eligible: hosted-open TCO $300k, self-hosted $280k, ML-ops 'limited' (needs a 20% saving):
 * // self-hosted saves 6.7% -> recommend hosted-open; the first reason is
 * // { kind: 'ml-ops-bar-not-met', requiredSaving: 0.2, saving: 0.0667, ... }.
 */
export function chooseOption(
  options: OptionResult[],
  organization: Organization,
  horizonMonths: number,
): { chosen: OptionResult; reasons: Reason[] } {
  const eligible = options.filter((option) => option.eligible).sort((left, right) => left.tcoUsd - right.tcoUsd);
  if (eligible.length === 0) {
    const available = options.filter((option) => !option.ineligible.some((failure) => failure.rule === 'unavailable'));
    const fallback = [...(available.length > 0 ? available : options)].sort(closestFirst)[0];
    return {
      chosen: fallback,
      reasons: [{ kind: 'no-eligible-option', closest: fallback.id, failures: fallback.ineligible }],
    };
  }
  const cheapest = eligible[0];
  const runnerUp = eligible[1];
  const costReason: Reason = {
    kind: 'cheapest-eligible',
    chosen: cheapest.id,
    tcoUsd: cheapest.tcoUsd,
    horizonMonths,
    ...(runnerUp ? { runnerUp: { option: runnerUp.id, tcoUsd: runnerUp.tcoUsd } } : {}),
  };
  let chosen = cheapest;
  const overrides: Reason[] = [];
  const supporting: Reason[] = [];
  if (runsModels(cheapest.kind)) {
    // The bar is measured against the best eligible per-token option: the alternative that runs nothing.
    const hostedAlternative = eligible.find((option) => isTokenPriced(option.kind));
    const requiredSaving = requiredSelfHostSaving[organization.mlOpsCapacity];
    if (hostedAlternative) {
      const saving = 1 - cheapest.tcoUsd / hostedAlternative.tcoUsd;
      if (saving < requiredSaving) {
        overrides.push({
          kind: 'ml-ops-bar-not-met',
          mlOpsCapacity: organization.mlOpsCapacity,
          requiredSaving,
          saving,
          gpuOption: cheapest.id,
          hostedOption: hostedAlternative.id,
        });
        chosen = hostedAlternative;
      } else if (requiredSaving > 0) {
        supporting.push({
          kind: 'ml-ops-bar-met',
          mlOpsCapacity: organization.mlOpsCapacity,
          requiredSaving,
          saving,
          hostedOption: hostedAlternative.id,
        });
      }
    }
  }
  if (chosen.kind === 'cloud-managed' && organization.mlOpsCapacity === 'dedicated') {
    const selfHosted = eligible.find((option) => option.kind === 'self-hosted');
    if (selfHosted && selfHosted.tcoUsd <= chosen.tcoUsd * (1 + dedicatedTeamManagedMargin)) {
      overrides.unshift({
        kind: 'dedicated-team-prefers-self-hosting',
        selfHosted: selfHosted.id,
        selfHostedTcoUsd: selfHosted.tcoUsd,
        managedSaving: 1 - chosen.tcoUsd / selfHosted.tcoUsd,
        margin: dedicatedTeamManagedMargin,
      });
      chosen = selfHosted;
    }
  }
  const ruledOut: Reason[] = options
    .filter((option) => !option.eligible)
    .map((option) => ({ kind: 'ruled-out', option: option.id, failures: option.ineligible }));
  return { chosen, reasons: [...overrides, costReason, ...supporting, ...ruledOut] };
}

/** Monthly-equivalent cost at a volume: recurring plus one-off costs spread over the horizon. */
export function monthlyEquivalentUsd(model: OptionModel, volume: WorkloadVolume, horizonMonths: number): number {
  const { components } = model.costAt(volume);
  let oneOff = 0;
  for (const component of components) {
    if (component.oneOffCostUsd === undefined) continue;
    const repeats = component.repeatEveryMonths
      ? Math.max(
          0,
          Math.floor((horizonMonths - 1 - (component.oneOffMonthIndex ?? 0)) / component.repeatEveryMonths) + 1,
        )
      : 1;
    oneOff += component.oneOffCostUsd * repeats;
  }
  return totalMonthlyUsd(components) + oneOff / horizonMonths;
}

/**
 * Monthly-equivalent cost of each eligible option over a range of volumes (for the
 * cost-vs-volume chart): `factors` multiply today's requests.
 * @example costCurve(models, ids, workload, volume, 36, [1]) // [{ tokensPerMonth: 600e6, costUsdByOption: { ... } }]
 */
export function costCurve(
  models: OptionModel[],
  workload: Workload,
  baseVolume: WorkloadVolume,
  horizonMonths: number,
  factors: number[],
): Array<{ tokensPerMonth: number; costUsdByOption: Record<string, number> }> {
  return factors.map((factor) => {
    const volume = volumeFromRequests(workload, baseVolume.requestsPerMonth * factor);
    const costUsdByOption: Record<string, number> = {};
    for (const model of models)
      if (!model.unavailable) costUsdByOption[model.key] = monthlyEquivalentUsd(model, volume, horizonMonths);
    return { tokensPerMonth: volume.tokensPerMonth, costUsdByOption };
  });
}
