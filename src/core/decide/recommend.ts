/**
 * Picks an option for a workload: hard constraints first, then cost (TCO over the
 * horizon), then ML-ops capacity. Also finds what would flip the answer.
 */
import type { Organization } from '../workload/schema.ts';
import { volumeFromRequests, type WorkloadVolume } from '../workload/volume.ts';
import type { Workload } from '../workload/schema.ts';
import type { OptionModel } from './options.ts';
import { runsOwnGpus } from './option-id.ts';
import type { FlipPoint, OptionResult, Reason } from './types.ts';
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
 * The first reason is always the decisive one (cost, or the ML-ops rule that overrode it).
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
    const fallback = [...options].sort(
      (left, right) => left.ineligible.length - right.ineligible.length || left.tcoUsd - right.tcoUsd,
    )[0];
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
  if (runsOwnGpus(cheapest.kind)) {
    const hostedAlternative = eligible.find((option) => !runsOwnGpus(option.kind));
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

/** The searched range of volume multipliers for flip points: 1/100x to 1000x today's volume. */
export const flipSearchRange = { lowestFactor: 0.01, highestFactor: 1000 } as const;

/**
 * The token volumes at which the cheapest eligible option changes, searched on a
 * geometric grid from 1/100x to 1000x today's volume and refined by bisection.
 *
 * @example
 * // GPT-4.1 ($2/$8, 1,500 in + 500 out = $3.50 per 1M tokens) against an H100 fleet at $4/h doing
 * // 4M tokens/h with ~$12.6k/month of fixed costs, from 600M tokens/month today: the first point is
 * // { kind: 'cheapest-above', option: hybrid overflow, tokensPerMonth: 8.55e9, factor: 14.2 }; just below that
 * // volume the API is cheapest, just above it the hybrid is (checked by decide.test.ts).
 */
export function findFlipPoints(
  models: OptionModel[],
  eligibleKeys: Set<string>,
  workload: Workload,
  baseVolume: WorkloadVolume,
  horizonMonths: number,
): FlipPoint[] {
  const candidates = models.filter((model) => eligibleKeys.has(model.key));
  if (candidates.length < 2) return [{ kind: 'single-eligible-option' }];
  const cheapestAt = (factor: number) => {
    const volume = volumeFromRequests(workload, baseVolume.requestsPerMonth * factor);
    let best = candidates[0];
    let bestUsd = Infinity;
    for (const model of candidates) {
      const cost = monthlyEquivalentUsd(model, volume, horizonMonths);
      if (cost < bestUsd) {
        bestUsd = cost;
        best = model;
      }
    }
    return best;
  };
  const current = cheapestAt(1);
  const refine = (lowStart: number, highStart: number, lowWinner: OptionModel) => {
    let low = lowStart;
    let high = highStart;
    for (let step = 0; step < 40; step += 1) {
      const middle = Math.sqrt(low * high);
      if (cheapestAt(middle).key === lowWinner.key) low = middle;
      else high = middle;
    }
    return high;
  };
  const points: FlipPoint[] = [];
  const ratio = 1.1;
  for (let factor = 1; factor < flipSearchRange.highestFactor; factor *= ratio) {
    const next = cheapestAt(factor * ratio);
    if (next.key !== current.key) {
      const flipFactor = refine(factor, factor * ratio, current);
      points.push({
        kind: 'cheapest-above',
        option: next.id,
        tokensPerMonth: baseVolume.tokensPerMonth * flipFactor,
        factor: flipFactor,
      });
      break;
    }
  }
  for (let factor = 1; factor > flipSearchRange.lowestFactor; factor /= ratio) {
    const previous = cheapestAt(factor / ratio);
    if (previous.key !== current.key) {
      const flipFactor = refine(factor / ratio, factor, previous);
      points.push({
        kind: 'cheapest-below',
        option: previous.id,
        tokensPerMonth: baseVolume.tokensPerMonth * flipFactor,
        factor: flipFactor,
      });
      break;
    }
  }
  if (points.length === 0) points.push({ kind: 'stays-cheapest', option: current.id, ...flipSearchRange });
  return points;
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
