/**
 * The configuration search for a GPU-based option: every candidate fleet (GPU, TP degree,
 * precision, engine, pricing tier) under every fleet policy the workload allows (fixed,
 * autoscaled, queued batch), priced by the same cost model, gated by the same hard
 * constraints (the latency SLO among them). The cheapest eligible TCO wins; the next
 * best few are kept with the reason each lost.
 *
 * To stay fast, every candidate is first priced for one month (cheap); only a shortlist
 * is costed over the whole horizon, and only the best fixed fleets are simulated
 * minute by minute as autoscaled ones (the simulator measures the GPU-hours they pay and
 * the SLO minutes they miss while scaling up).
 */
import { sizeFleetForPeak } from '../capacity/fleet.ts';
import { totalMonthlyUsd } from '../cost/types.ts';
import { AUTOSCALE_DEFAULTS } from '../traffic/fleet-spec.ts';
import { simulateFleets } from '../traffic/simulate.ts';
import type { FleetPolicyKind } from '../vocabulary.ts';
import type { Workload } from '../workload/schema.ts';
import { workloadVolume } from '../workload/volume.ts';
import {
  evaluateOption,
  gpuOptionModel,
  priceBandOf,
  type GpuOptionContext,
  type GpuOptionShape,
  type OptionModel,
} from './options.ts';
import { ineligibleReasons } from './constraints.ts';
import { planSimulationSeed } from './simulate-fleet.ts';
import type { ConfigurationAlternative, ConfigurationLoss, OptionResult, ResolvedFleet } from './types.ts';

/** How many configurations are costed over the whole horizon, and how many losers are reported. */
/** Autoscaled fleets larger than this many replicas are simulated at this size with proportional traffic. */
export const SIMULATED_REPLICAS_AT_MOST = 48;

export const SEARCH_LIMITS = { shortlist: 4, autoscaleCandidates: 1, alternatives: 4 } as const;

/** The fleet policies a workload allows for an option shape. */
export function fleetPoliciesFor(shape: GpuOptionShape, workload: Workload): FleetPolicyKind[] {
  const wanted = workload.choices.fleetPolicy;
  const allowed: FleetPolicyKind[] =
    shape === 'hybrid-split' || shape === 'hybrid-overflow'
      ? ['fixed']
      : workload.traffic.offline
        ? ['fixed', 'autoscale', 'batch']
        : ['fixed', 'autoscale'];
  if (wanted === 'auto') return allowed;
  return allowed.includes(wanted) ? [wanted] : ['fixed'];
}

/**
 * Share of a fixed peak-sized fleet's GPU-hours an autoscaled fleet pays, and the SLO
 * minutes it misses beyond the fixed fleet's, from one simulated month of the workload's
 * traffic (`demandTokensPerMinute`).
 * @example
 * // A flat load needs the whole fleet all the time: the share is 1 and scaling misses nothing.
 * autoscaleEffect(fleet, gpus, flatDemand, 0.95) // { paidShare: ~1, extraSloMissMinutes: 0 }
 */
export function autoscaleEffect(
  fleet: ResolvedFleet,
  maxGpus: number,
  demandTokensPerMinute: Float64Array,
  percentile: number,
): { paidShare: number; extraSloMissMinutes: number } {
  // A fleet of hundreds of replicas scales like one of ~48 carrying proportionally less traffic (the
  // granularity of one replica is then under 2% of the fleet): simulate that, so large volumes stay fast.
  const maxReplicas = Math.floor(maxGpus / fleet.gpusPerReplica);
  const shrink = maxReplicas > SIMULATED_REPLICAS_AT_MOST ? maxReplicas / SIMULATED_REPLICAS_AT_MOST : 1;
  const simulatedMaxGpus = shrink === 1 ? maxGpus : SIMULATED_REPLICAS_AT_MOST * fleet.gpusPerReplica;
  const demand = shrink === 1 ? demandTokensPerMinute : demandTokensPerMinute.map((tokens) => tokens / shrink);
  const minGpus = Math.min(simulatedMaxGpus, (1 + fleet.redundancyReplicas) * fleet.gpusPerReplica);
  const [fixed, scaled] = simulateFleets({
    demandTokensPerMinute: demand,
    tokensPerHourPerGpu: fleet.tokensPerHourPerGpu,
    gpusPerReplica: fleet.gpusPerReplica,
    gpuUsdPerHour: fleet.usdPerGpuHour,
    policies: [
      { kind: 'fixed', spec: `fixed:${simulatedMaxGpus}`, overflow: 'queue', gpus: simulatedMaxGpus },
      {
        kind: 'autoscale',
        spec: `autoscale:${minGpus}-${simulatedMaxGpus}`,
        overflow: 'queue',
        minGpus,
        maxGpus: simulatedMaxGpus,
        ...AUTOSCALE_DEFAULTS,
      },
    ],
    seed: planSimulationSeed,
    queueing: { percentile },
  });
  return {
    paidShare: fixed.gpuHoursPaid > 0 ? scaled.gpuHoursPaid / fixed.gpuHoursPaid : 1,
    // SLO-miss minutes are minutes of the month: the same share on the smaller fleet.
    extraSloMissMinutes: Math.max(0, scaled.sloMissMinutes - fixed.sloMissMinutes),
  };
}

export interface SearchResult {
  model: OptionModel;
  result: OptionResult;
}

interface Scored {
  model: OptionModel;
  firstMonthUsd: number;
  eligible: boolean;
}

function lossOf(loser: OptionResult, winner: OptionResult): ConfigurationLoss {
  if (loser.eligible) return { kind: 'costlier', extraTcoUsd: loser.tcoUsd - winner.tcoUsd };
  const slo = loser.ineligible.find((failure) => failure.rule === 'latency-slo');
  if (slo?.rule === 'latency-slo' && loser.ineligible.length === 1)
    return { kind: 'misses-slo', ttftMs: slo.ttftMs, sloTtftMs: slo.sloTtftMs };
  return { kind: 'ineligible', failures: loser.ineligible };
}

function alternativeOf(loser: OptionResult, winner: OptionResult): ConfigurationAlternative | undefined {
  const configuration = loser.sizing?.configuration;
  if (!configuration || !loser.sizing) return undefined;
  return {
    configuration,
    monthlyCostUsd: loser.monthlyCostUsd,
    tcoUsd: loser.tcoUsd,
    gpus: loser.sizing.gpus,
    lost: lossOf(loser, winner),
  };
}

/** Options of one search: reuse autoscale simulations across option shapes; skip the price band (flip search). */
export interface SearchOptions {
  autoscaleCache?: Map<string, { paidShare: number; extraSloMissMinutes: number }>;
  withBand?: boolean;
}

/**
 * Searches the configurations of one GPU-based option and returns the best (cheapest
 * eligible TCO; the cheapest ineligible one when none is eligible) with the runners-up.
 * @example
 * // Llama 3.1 70B fp8 on H100 at TP=1 and TP=2: TP=2 holds more sequences per GPU, so at
 * // volume it needs fewer GPUs and wins; the TP=1 fleet is listed as 'costlier' by its extra TCO.
 * searchGpuOption('self-hosted', context, candidates, demand).result.sizing.configuration.gpusPerReplica === 2
 */
export function searchGpuOption(
  shape: GpuOptionShape,
  context: GpuOptionContext,
  candidates: ReadonlyArray<ResolvedFleet>,
  demandTokensPerMinute: Float64Array | undefined,
  problem?: string,
  searchOptions: SearchOptions = {},
): SearchResult {
  const { workload, organization } = context;
  if (candidates.length === 0) {
    const model = gpuOptionModel(shape, context, undefined, 'fixed', problem);
    return { model, result: evaluateOption(model, workload, organization) };
  }
  const policies = fleetPoliciesFor(shape, workload);
  const volume = workloadVolume(workload, 0);
  const percentile = workload.latency.percentile === 'p99' ? 0.99 : 0.95;
  const scored: Scored[] = [];
  for (const fleet of candidates) {
    for (const policy of policies) {
      if (policy === 'autoscale') continue;
      const model = gpuOptionModel(shape, context, fleet, policy, problem);
      const probe = evaluateEligibility(model, workload, organization);
      scored.push({ model, firstMonthUsd: totalMonthlyUsd(model.costAt(volume).components), eligible: probe });
    }
  }
  scored.sort(
    (left, right) => Number(right.eligible) - Number(left.eligible) || left.firstMonthUsd - right.firstMonthUsd,
  );
  const shortlist = scored.slice(0, SEARCH_LIMITS.shortlist).map((entry) => entry.model);
  const cheapestIneligible = scored.find((entry) => !entry.eligible);
  if (cheapestIneligible && !shortlist.includes(cheapestIneligible.model)) shortlist.push(cheapestIneligible.model);
  if (policies.includes('autoscale') && demandTokensPerMinute) {
    const fixedOnDemand = scored.filter(
      (entry) =>
        entry.eligible &&
        entry.model.configuration?.policy === 'fixed' &&
        entry.model.configuration.pricing !== 'reserved',
    );
    for (const entry of fixedOnDemand.slice(0, SEARCH_LIMITS.autoscaleCandidates)) {
      const fleet = entry.model.facts.fleet;
      if (!fleet) continue;
      const maxGpus = sizeFleetForPeak({ ...fleet, peakTokensPerHour: volume.peakTokensPerHour }).gpus;
      const cacheKey = `${fleet.gpuId}/${fleet.gpusPerReplica}/${fleet.precision}/${fleet.engine}/${fleet.tokensPerHourPerGpu}/${maxGpus}`;
      const effect =
        searchOptions.autoscaleCache?.get(cacheKey) ??
        autoscaleEffect(fleet, maxGpus, demandTokensPerMinute, percentile);
      searchOptions.autoscaleCache?.set(cacheKey, effect);
      const allowedMinutes = demandTokensPerMinute.length * (1 - percentile);
      const model = gpuOptionModel(
        shape,
        { ...context, autoscalePaidShare: effect.paidShare },
        fleet,
        'autoscale',
        problem,
      );
      shortlist.push(
        effect.extraSloMissMinutes > allowedMinutes
          ? {
              ...model,
              extraFailures: [{ rule: 'scaling-slo', extraSloMissMinutes: effect.extraSloMissMinutes, allowedMinutes }],
            }
          : model,
      );
    }
  }
  const evaluated = shortlist.map((model) => ({ model, result: evaluateOption(model, workload, organization) }));
  evaluated.sort(
    (left, right) =>
      Number(right.result.eligible) - Number(left.result.eligible) || left.result.tcoUsd - right.result.tcoUsd,
  );
  const best = evaluated[0];
  const alternatives = evaluated
    .slice(1)
    .map((entry) => alternativeOf(entry.result, best.result))
    .filter((entry): entry is ConfigurationAlternative => entry !== undefined)
    .slice(0, SEARCH_LIMITS.alternatives);
  const band = searchOptions.withBand === false ? undefined : priceBandOf(best.model);
  const result = band ? evaluateOption(best.model, workload, organization, band) : best.result;
  return { model: best.model, result: { ...result, alternatives } };
}

function evaluateEligibility(
  model: OptionModel,
  workload: Workload,
  organization: GpuOptionContext['organization'],
): boolean {
  return !model.unavailable && ineligibleReasons(model.facts, workload, organization).length === 0;
}
