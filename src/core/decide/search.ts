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
import { sizeFleetInWholeInstances } from '../cost/instances.ts';
import { totalMonthlyUsd } from '../cost/types.ts';
import { AUTOSCALE_DEFAULTS, type FleetPolicy } from '../traffic/fleet-spec.ts';
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
import { optionFailures } from './evaluate-option.ts';
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
        ? ['fixed', 'autoscale', 'scheduled', 'batch']
        : ['fixed', 'autoscale', 'scheduled'];
  if (wanted === 'auto') return allowed;
  return allowed.includes(wanted) ? [wanted] : ['fixed'];
}

/** Fleet policies whose size follows the traffic; the simulator measures what they pay. */
export type ElasticPolicy = 'autoscale' | 'scheduled';

/**
 * A timetable for a scheduled fleet: for each hour of the week, the replicas its busiest
 * minute needs at the target utilization, plus the spares, never more than the peak fleet.
 * @example
 * // A business-hours load of 10x the night load on a 10-replica peak fleet: ~10 replicas by day, ~2 at night.
 * timetableGpus(fleet, 10 * fleet.gpusPerReplica, demand)[12] > timetableGpus(fleet, 10 * fleet.gpusPerReplica, demand)[2]
 */
export function timetableGpus(fleet: ResolvedFleet, maxGpus: number, demandTokensPerMinute: Float64Array): number[] {
  const busiest = new Float64Array(168);
  for (let minute = 0; minute < demandTokensPerMinute.length; minute += 1) {
    const hourOfWeek = Math.floor((minute % 10_080) / 60);
    if (demandTokensPerMinute[minute] > busiest[hourOfWeek]) busiest[hourOfWeek] = demandTokensPerMinute[minute];
  }
  const replicaTokensPerMinute = (fleet.tokensPerHourPerGpu * fleet.gpusPerReplica * fleet.targetPeakUtilization) / 60;
  const maxReplicas = Math.floor(maxGpus / fleet.gpusPerReplica);
  return Array.from(busiest, (tokens) => {
    const serving = Math.max(1, Math.ceil(tokens / replicaTokensPerMinute - 1e-9));
    return Math.min(maxReplicas, serving + fleet.redundancyReplicas) * fleet.gpusPerReplica;
  });
}

/**
 * Share of a fixed peak-sized fleet's GPU-hours an autoscaled (or scheduled) fleet pays,
 * and the SLO minutes it misses beyond the fixed fleet's, from one simulated month of the
 * workload's traffic (`demandTokensPerMinute`).
 * @example
 * // A flat load needs the whole fleet all the time: the share is ~1 and scaling misses nothing.
 * elasticEffect(fleet, gpus, flatDemand, 0.95, 'autoscale') // { paidShare: ~1, extraSloMissMinutes: 0 }
 */
export function elasticEffect(
  fleet: ResolvedFleet,
  maxGpus: number,
  demandTokensPerMinute: Float64Array,
  percentile: number,
  policy: ElasticPolicy,
): { paidShare: number; extraSloMissMinutes: number } {
  // A fleet of hundreds of replicas scales like one of ~48 carrying proportionally less traffic (the
  // granularity of one replica is then under 2% of the fleet): simulate that, so large volumes stay fast.
  const maxReplicas = Math.floor(maxGpus / fleet.gpusPerReplica);
  const shrink = maxReplicas > SIMULATED_REPLICAS_AT_MOST ? maxReplicas / SIMULATED_REPLICAS_AT_MOST : 1;
  const simulatedMaxGpus = shrink === 1 ? maxGpus : SIMULATED_REPLICAS_AT_MOST * fleet.gpusPerReplica;
  const demand = shrink === 1 ? demandTokensPerMinute : demandTokensPerMinute.map((tokens) => tokens / shrink);
  const minGpus = Math.min(simulatedMaxGpus, (1 + fleet.redundancyReplicas) * fleet.gpusPerReplica);
  const elastic: FleetPolicy =
    policy === 'autoscale'
      ? {
          kind: 'autoscale',
          spec: `autoscale:${minGpus}-${simulatedMaxGpus}`,
          overflow: 'queue',
          minGpus,
          maxGpus: simulatedMaxGpus,
          ...AUTOSCALE_DEFAULTS,
        }
      : {
          kind: 'scheduled',
          spec: 'scheduled:timetable',
          overflow: 'queue',
          gpusByHourOfWeek: timetableGpus(fleet, simulatedMaxGpus, demand),
        };
  const [fixed, scaled] = simulateFleets({
    demandTokensPerMinute: demand,
    tokensPerHourPerGpu: fleet.tokensPerHourPerGpu,
    gpusPerReplica: fleet.gpusPerReplica,
    gpuUsdPerHour: fleet.usdPerGpuHour,
    policies: [
      { kind: 'fixed', spec: `fixed:${simulatedMaxGpus}`, overflow: 'queue', gpus: simulatedMaxGpus },
      elastic,
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

/** Options of one search: reuse elastic-fleet simulations across option shapes; skip the price band (flip search). */
export interface SearchOptions {
  elasticCache?: Map<string, { paidShare: number; extraSloMissMinutes: number }>;
  withBand?: boolean;
  /** Search only these fleet policies (a Monte Carlo draw keeps the policy the plan chose); default: `fleetPoliciesFor`. */
  policies?: FleetPolicyKind[];
  /**
   * Cost over the horizon only the configurations with these policies (default: the whole
   * shortlist): a draw that keeps an elastic policy sizes it from the fixed fleet without
   * costing the fixed fleet too. Ignored when none of the shortlist has them.
   */
  evaluatePolicies?: FleetPolicyKind[];
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
  const requested = searchOptions.policies ?? fleetPoliciesFor(shape, workload);
  // An elastic fleet is sized from the fixed one: with only elastic policies asked for
  // (`choices.fleetPolicy: autoscale`, a Monte Carlo draw keeping one), the fixed fleet is
  // searched as their base but not costed.
  const elasticOnly = requested.every((policy) => policy === 'autoscale' || policy === 'scheduled');
  const policies: FleetPolicyKind[] = elasticOnly ? ['fixed', ...requested] : requested;
  const evaluatePolicies = searchOptions.evaluatePolicies ?? (elasticOnly ? requested : undefined);
  const volume = workloadVolume(workload, 0);
  const percentile = workload.latency.percentile === 'p99' ? 0.99 : 0.95;
  const scored: Scored[] = [];
  for (const fleet of candidates) {
    for (const policy of policies) {
      if (policy === 'autoscale' || policy === 'scheduled') continue;
      const model = gpuOptionModel(shape, context, fleet, policy, problem);
      const probe = optionFailures(model, workload, organization).length === 0;
      scored.push({ model, firstMonthUsd: totalMonthlyUsd(model.costAt(volume).components), eligible: probe });
    }
  }
  scored.sort(
    (left, right) => Number(right.eligible) - Number(left.eligible) || left.firstMonthUsd - right.firstMonthUsd,
  );
  const shortlist = scored.slice(0, SEARCH_LIMITS.shortlist).map((entry) => entry.model);
  const cheapestIneligible = scored.find((entry) => !entry.eligible);
  if (cheapestIneligible && !shortlist.includes(cheapestIneligible.model)) shortlist.push(cheapestIneligible.model);
  const elasticPolicies = policies.filter(
    (policy): policy is ElasticPolicy => policy === 'autoscale' || policy === 'scheduled',
  );
  if (elasticPolicies.length > 0 && demandTokensPerMinute) {
    const fixedOnDemand = scored.filter(
      (entry) =>
        entry.eligible &&
        entry.model.configuration?.policy === 'fixed' &&
        entry.model.configuration.pricing !== 'reserved',
    );
    for (const entry of fixedOnDemand.slice(0, SEARCH_LIMITS.autoscaleCandidates)) {
      const fleet = entry.model.facts.fleet;
      if (!fleet) continue;
      const maxGpus = sizeFleetInWholeInstances({ ...fleet, peakTokensPerHour: volume.peakTokensPerHour }).gpus;
      for (const policy of elasticPolicies) {
        const cacheKey = `${policy}/${fleet.gpuId}/${fleet.gpusPerReplica}/${fleet.precision}/${fleet.engine}/${fleet.tokensPerHourPerGpu}/${maxGpus}`;
        const effect =
          searchOptions.elasticCache?.get(cacheKey) ??
          elasticEffect(fleet, maxGpus, demandTokensPerMinute, percentile, policy);
        searchOptions.elasticCache?.set(cacheKey, effect);
        const allowedMinutes = demandTokensPerMinute.length * (1 - percentile);
        const model = gpuOptionModel(
          shape,
          { ...context, autoscalePaidShare: effect.paidShare },
          fleet,
          policy,
          problem,
        );
        shortlist.push(
          effect.extraSloMissMinutes > allowedMinutes
            ? {
                ...model,
                extraFailures: [
                  { rule: 'scaling-slo', extraSloMissMinutes: effect.extraSloMissMinutes, allowedMinutes },
                ],
              }
            : model,
        );
      }
    }
  }
  const wanted = evaluatePolicies;
  const kept = wanted
    ? shortlist.filter((model) => model.configuration && wanted.includes(model.configuration.policy))
    : shortlist;
  const evaluated = (kept.length > 0 ? kept : shortlist).map((model) => ({
    model,
    result: evaluateOption(model, workload, organization),
  }));
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
