/**
 * Picks an option for a workload: hard constraints first, then cost (TCO over the
 * horizon), then ML-ops capacity. Also finds what would flip the answer.
 */
import type { Organization } from '../workload/schema.ts';
import { volumeFromRequests, type WorkloadVolume } from '../workload/volume.ts';
import type { Workload } from '../workload/schema.ts';
import type { OptionModel } from './options.ts';
import type { FlipPoint, OptionKind, OptionResult } from './types.ts';
import { totalMonthlyUsd } from '../cost/types.ts';

const gpuKinds: OptionKind[] = ['self-hosted', 'hybrid'];
/** Minimum saving self-hosting must show over the best hosted choice, by ML-ops capacity. */
export const requiredSelfHostSaving: Record<Organization['mlOpsCapacity'], number> = {
  none: 0.3,
  limited: 0.2,
  dedicated: 0,
};

/** With a dedicated team, a managed endpoint must save this much over self-hosting to be preferred. */
export const dedicatedTeamManagedMargin = 0.1;

const usd = (value: number) => `$${Math.round(value).toLocaleString('en-US')}`;

/**
 * The first reason is always the decisive one (cost, or the ML-ops rule that overrode it).
 * @example
 * // Eligible: hosted-open TCO $300k, self-hosted $280k, ML-ops 'limited' (needs a 20% saving):
 * // self-hosted saves 6.7% -> recommend hosted-open, reason names the 20% bar.
 */
export function chooseOption(
  options: OptionResult[],
  organization: Organization,
  horizonMonths: number,
): { chosen: OptionResult; reasons: string[] } {
  const eligible = options.filter((option) => option.eligible).sort((left, right) => left.tcoUsd - right.tcoUsd);
  const reasons: string[] = [];
  if (eligible.length === 0) {
    const fallback = [...options].sort(
      (left, right) => left.ineligibleReasons.length - right.ineligibleReasons.length || left.tcoUsd - right.tcoUsd,
    )[0];
    reasons.push(
      `no option meets every hard constraint; the closest is ${fallback.label}, which fails: ${fallback.ineligibleReasons.join('; ')}`,
    );
    return { chosen: fallback, reasons };
  }
  let chosen = eligible[0];
  const runnerUp = eligible[1];
  reasons.push(
    `cheapest eligible option over ${horizonMonths} months: ${chosen.label}, TCO ${usd(chosen.tcoUsd)}` +
      (runnerUp ? ` vs ${usd(runnerUp.tcoUsd)} for ${runnerUp.label}` : ''),
  );
  if (gpuKinds.includes(chosen.kind)) {
    const hostedAlternative = eligible.find((option) => !gpuKinds.includes(option.kind));
    const requiredSaving = requiredSelfHostSaving[organization.mlOpsCapacity];
    if (hostedAlternative) {
      const saving = 1 - chosen.tcoUsd / hostedAlternative.tcoUsd;
      if (saving < requiredSaving) {
        reasons.unshift(
          `ML-ops capacity is '${organization.mlOpsCapacity}': running GPUs must save at least ${Math.round(requiredSaving * 100)}% to be worth the operational risk; ` +
            `${chosen.label} saves ${(saving * 100).toFixed(1)}% over ${hostedAlternative.label}, so the recommendation stays hosted`,
        );
        chosen = hostedAlternative;
      } else if (requiredSaving > 0) {
        reasons.push(
          `saves ${(saving * 100).toFixed(1)}% over ${hostedAlternative.label}, above the ${Math.round(requiredSaving * 100)}% bar for ML-ops capacity '${organization.mlOpsCapacity}'`,
        );
      }
    }
  }
  if (chosen.kind === 'cloud-managed' && organization.mlOpsCapacity === 'dedicated') {
    const selfHosted = eligible.find((option) => option.kind === 'self-hosted');
    if (selfHosted && selfHosted.tcoUsd <= chosen.tcoUsd * (1 + dedicatedTeamManagedMargin)) {
      reasons.unshift(
        `ML-ops capacity is 'dedicated': the team already exists, so ${selfHosted.label} (TCO ${usd(selfHosted.tcoUsd)}) is preferred over the managed endpoint, which saves only ` +
          `${((1 - chosen.tcoUsd / selfHosted.tcoUsd) * 100).toFixed(1)}% (< ${Math.round(dedicatedTeamManagedMargin * 100)}%) and gives up control of the serving stack`,
      );
      chosen = selfHosted;
    }
  }
  for (const option of options) {
    if (!option.eligible) reasons.push(`${option.label} ruled out: ${option.ineligibleReasons.join('; ')}`);
  }
  return { chosen, reasons };
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
 * The token volumes at which the cheapest eligible option changes, searched on a
 * geometric grid from 1/100x to 1000x today's volume and refined by bisection.
 *
 * @example
 * // GPT-4.1 ($2/$8, 1,500 in + 500 out = $3.50 per 1M tokens) against an H100 fleet at $4/h doing
 * // 4M tokens/h with ~$12.6k/month of fixed costs, from 600M tokens/month today: the first point reads
 * // 'Hybrid overflow: ... becomes cheapest above 8.55B tokens/month (14.2x today)'; just below that volume
 * // the API is cheapest, just above it the hybrid is (checked by decide.test.ts).
 */
export function findFlipPoints(
  models: OptionModel[],
  eligibleIds: Set<string>,
  workload: Workload,
  baseVolume: WorkloadVolume,
  horizonMonths: number,
): FlipPoint[] {
  const candidates = models.filter((model) => eligibleIds.has(model.id));
  if (candidates.length < 2)
    return [{ description: 'only one eligible option: volume does not change the answer', tokensPerMonth: null }];
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
  const refine = (low: number, high: number, lowWinner: OptionModel) => {
    for (let step = 0; step < 40; step += 1) {
      const middle = Math.sqrt(low * high);
      if (cheapestAt(middle).id === lowWinner.id) low = middle;
      else high = middle;
    }
    return high;
  };
  const points: FlipPoint[] = [];
  const ratio = 1.1;
  for (let factor = 1; factor < 1000; factor *= ratio) {
    const next = cheapestAt(factor * ratio);
    if (next.id !== current.id) {
      const flipFactor = refine(factor, factor * ratio, current);
      const tokens = baseVolume.tokensPerMonth * flipFactor;
      points.push({
        description: `${next.label} becomes cheapest above ${formatTokenCount(tokens)} tokens/month (${flipFactor.toFixed(1)}x today)`,
        tokensPerMonth: tokens,
      });
      break;
    }
  }
  for (let factor = 1; factor > 0.01; factor /= ratio) {
    const previous = cheapestAt(factor / ratio);
    if (previous.id !== current.id) {
      const flipFactor = refine(factor / ratio, factor, previous);
      const tokens = baseVolume.tokensPerMonth * flipFactor;
      points.push({
        description: `below ${formatTokenCount(tokens)} tokens/month (${flipFactor.toFixed(2)}x today) ${previous.label} is cheapest`,
        tokensPerMonth: tokens,
      });
      break;
    }
  }
  if (points.length === 0)
    points.push({
      description: `${current.label} stays cheapest from 1/100x to 1000x today's volume`,
      tokensPerMonth: null,
    });
  return points;
}

function formatTokenCount(tokens: number): string {
  if (tokens >= 1e9) return `${Number((tokens / 1e9).toPrecision(3))}B`;
  if (tokens >= 1e6) return `${Number((tokens / 1e6).toPrecision(3))}M`;
  return `${Number((tokens / 1e3).toPrecision(3))}k`;
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
      if (!model.unavailable) costUsdByOption[model.id] = monthlyEquivalentUsd(model, volume, horizonMonths);
    return { tokensPerMonth: volume.tokensPerMonth, costUsdByOption };
  });
}
