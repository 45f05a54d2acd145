/**
 * Runs the workload's expected traffic (first month, seeded) through a fleet the planner
 * sized, so the plan uses simulated figures instead of a smooth-curve assumption: the
 * overflow share of the "self-hosted up to capacity, overflow to API" hybrid, minutes
 * over capacity and estimated SLO misses, and the utilization heatmap the report draws.
 */
import { sizeFleetForPeak } from '../capacity/fleet.ts';
import { sizeFleetInWholeInstances } from '../cost/instances.ts';
import { generateDemand } from '../traffic/demand.ts';
import { simulateFleets, type FleetSimulationResult } from '../traffic/simulate.ts';
import { workloadVolume } from '../workload/volume.ts';
import type { ResolvedFleet, ResolvedWorkload } from './types.ts';

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
    : sizeFleetInWholeInstances({ ...fleet, peakTokensPerHour: volume.peakTokensPerHour });
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

/**
 * The plan's traffic: the first month's expected demand per minute (weekly shape and
 * bursts, seeded, without request-count noise), so it scales exactly with volume and a
 * decision at 10x today's volume is the same as planning at that volume.
 * @example planDemand(workload).length === 43_200 // one 30-day month, minute by minute
 */
export function planDemand(workload: ResolvedWorkload['workload'], seed = planSimulationSeed): Float64Array {
  return generateDemand({ workload, months: 1, seed, requestNoise: false });
}
