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
import type { ResolvedWorkload } from './types.ts';

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
  const volume = workloadVolume(resolved.workload, 0);
  const peakFleet = sizeFleetForPeak({ ...fleet, peakTokensPerHour: volume.peakTokensPerHour });
  const meanFleet = sizeFleetForPeak({ ...fleet, peakTokensPerHour: volume.meanTokensPerHour, redundancyReplicas: 0 });
  const demandTokensPerMinute = generateDemand({ workload: resolved.workload, months: 1, seed });
  const [selfHosted, overflowFleet] = simulateFleets({
    demandTokensPerMinute,
    tokensPerHourPerGpu: fleet.tokensPerHourPerGpu,
    gpusPerReplica: fleet.gpusPerReplica,
    gpuUsdPerHour: fleet.usdPerGpuHour,
    policies: [
      { kind: 'fixed', spec: `fixed:${peakFleet.gpus},overflow=queue`, overflow: 'queue', gpus: peakFleet.gpus },
      { kind: 'fixed', spec: `fixed:${meanFleet.gpus},overflow=api`, overflow: 'api', gpus: meanFleet.gpus },
    ],
    seed,
  });
  const overflowShare = overflowFleet.demandTokens > 0 ? overflowFleet.overflowTokens / overflowFleet.demandTokens : 0;
  return { selfHosted, overflowFleet, overflowShare };
}
