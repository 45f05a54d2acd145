/**
 * Runs the workload's traffic (first month, seeded) through the fleets the planner
 * sized, so the plan uses simulated figures instead of a smooth-curve assumption:
 * the overflow share of the "self-hosted up to capacity, overflow to API" hybrid, the
 * self-hosted fleet's utilization, minutes over capacity and estimated SLO misses, and
 * the utilization heatmap the report draws.
 */
import { sizeFleetForPeak } from '../capacity/fleet.ts';
import { generateDemand } from '../traffic/demand.ts';
import { simulateFleets, type FleetSimulationResult } from '../traffic/simulate.ts';
import { workloadVolume } from '../workload/volume.ts';
import type { ResolvedFleet, ResolvedWorkload } from './types.ts';

export interface WorkloadFleetSimulation {
  /** The peak-sized self-hosted fleet; excess load queues. */
  selfHosted: FleetSimulationResult;
  /** The mean-sized fleet of the overflow hybrid; excess load goes to the API. */
  overflowFleet: FleetSimulationResult;
  /** Share of demanded tokens the overflow fleet sent to the API. */
  overflowShare: number;
}

/** Seed for the plan's simulations: fixed, so the same profile gives the same report. */
export const planSimulationSeed = 1;

/**
 * The first month of `demandTokensPerMinute` on a fleet sized for the peak (with spares,
 * excess load queues), or, with `overflowToApi`, on a fleet sized for the mean (no spares,
 * excess load goes to the API) with the share of tokens that overflowed.
 * @example
 * // 600M tokens/month, peak 2x, 4M tokens/h per GPU at 80%: the peak fleet is 1 serving + 1 spare GPU,
 * // the mean fleet 1 GPU; neither overflows (one GPU carries 3.2M tokens/h, the mean is 0.83M).
 * simulatePlannedFleet(fleet, workload, demand, { overflowToApi: true }).overflowShare === 0
 */
export function simulatePlannedFleet(
  fleet: ResolvedFleet,
  workload: ResolvedWorkload['workload'],
  demandTokensPerMinute: Float64Array,
  options: { overflowToApi: boolean; seed?: number },
): { result: FleetSimulationResult; overflowShare: number } {
  const volume = workloadVolume(workload, 0);
  const size = options.overflowToApi
    ? sizeFleetForPeak({ ...fleet, peakTokensPerHour: volume.meanTokensPerHour, redundancyReplicas: 0 })
    : sizeFleetForPeak({ ...fleet, peakTokensPerHour: volume.peakTokensPerHour });
  const overflow = options.overflowToApi ? 'api' : 'queue';
  const [result] = simulateFleets({
    demandTokensPerMinute,
    tokensPerHourPerGpu: fleet.tokensPerHourPerGpu,
    gpusPerReplica: fleet.gpusPerReplica,
    gpuUsdPerHour: fleet.usdPerGpuHour,
    policies: [{ kind: 'fixed', spec: `fixed:${size.gpus},overflow=${overflow}`, overflow, gpus: size.gpus }],
    seed: options.seed ?? planSimulationSeed,
  });
  return { result, overflowShare: result.demandTokens > 0 ? result.overflowTokens / result.demandTokens : 0 };
}

/** The workload's first month of traffic, seeded (the plan's simulations all use it). */
export function planDemand(workload: ResolvedWorkload['workload'], seed = planSimulationSeed): Float64Array {
  return generateDemand({ workload, months: 1, seed });
}

/**
 * @example
 * // 600M tokens/month, peak 2x, 4M tokens/h per GPU at 80%: self-hosted = 1 serving + 1 spare GPU
 * // (queue mode), overflow fleet = 1 GPU sized for the mean (api mode); both run over 43,200 minutes.
 * simulateWorkloadFleets(resolved)?.overflowShare // share of tokens above one GPU's capacity
 */
export function simulateWorkloadFleets(
  resolved: ResolvedWorkload,
  seed = planSimulationSeed,
): WorkloadFleetSimulation | undefined {
  const fleet = resolved.fleet;
  if (!fleet) return undefined;
  const demand = planDemand(resolved.workload, seed);
  const selfHosted = simulatePlannedFleet(fleet, resolved.workload, demand, { overflowToApi: false, seed });
  const overflowFleet = simulatePlannedFleet(fleet, resolved.workload, demand, { overflowToApi: true, seed });
  return {
    selfHosted: selfHosted.result,
    overflowFleet: overflowFleet.result,
    overflowShare: overflowFleet.overflowShare,
  };
}
