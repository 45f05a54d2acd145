/**
 * From throughput per GPU to fleets and prices: whole tensor-parallel replicas for the
 * peak with N+1 redundancy, and USD per million tokens at a utilization.
 */
import { TOKENS_PER_MILLION } from '../units/time.ts';

export interface FleetSizingInput {
  /** Input + output tokens per hour at the peak hour. */
  peakTokensPerHour: number;
  /** Input + output tokens one GPU processes per hour at the operating point. */
  tokensPerHourPerGpu: number;
  gpusPerReplica: number;
  /** Highest planned utilization at the peak (0-1]; below 1 leaves room for bursts. */
  targetPeakUtilization: number;
  /** Spare replicas on top (1 = N+1). */
  redundancyReplicas: number;
}

export interface FleetSize {
  /** Replicas including the spare ones. */
  replicas: number;
  gpus: number;
  /** Replicas needed to carry the peak. */
  servingReplicas: number;
}

/**
 * Replicas for the peak, rounded up to whole tensor-parallel groups, at least one, plus spares.
 * @example
 * sizeFleetForPeak({ peakTokensPerHour: 30e6, tokensPerHourPerGpu: 4e6, gpusPerReplica: 4, targetPeakUtilization: 0.8, redundancyReplicas: 1 })
 * // one replica carries 4e6 * 4 * 0.8 = 12.8e6/h -> 3 serving + 1 spare = 4 replicas, 16 GPUs
 */
export function sizeFleetForPeak(input: FleetSizingInput): FleetSize {
  if (!(input.tokensPerHourPerGpu > 0))
    throw new RangeError(`tokensPerHourPerGpu must be greater than 0 (got ${input.tokensPerHourPerGpu})`);
  if (!(input.targetPeakUtilization > 0 && input.targetPeakUtilization <= 1)) {
    throw new RangeError(`targetPeakUtilization must be in (0, 1] (got ${input.targetPeakUtilization})`);
  }
  if (!(Number.isInteger(input.gpusPerReplica) && input.gpusPerReplica >= 1))
    throw new RangeError(`gpusPerReplica must be a whole number >= 1 (got ${input.gpusPerReplica})`);
  if (!(Number.isInteger(input.redundancyReplicas) && input.redundancyReplicas >= 0))
    throw new RangeError(`redundancyReplicas must be a whole number >= 0 (got ${input.redundancyReplicas})`);
  const replicaTokensPerHour = input.tokensPerHourPerGpu * input.gpusPerReplica * input.targetPeakUtilization;
  const servingReplicas = Math.max(1, Math.ceil(Math.max(0, input.peakTokensPerHour) / replicaTokensPerHour - 1e-9));
  const replicas = servingReplicas + input.redundancyReplicas;
  return { replicas, gpus: replicas * input.gpusPerReplica, servingReplicas };
}

/**
 * GPU cost of a million tokens when the GPU is busy `utilization` of the hours it is paid for.
 * @example usdPerMillionTokens({ usdPerGpuHour: 2.5, tokensPerHourPerGpu: 4e6, utilization: 1 }) === 0.625
 * @example usdPerMillionTokens({ usdPerGpuHour: 2.5, tokensPerHourPerGpu: 4e6, utilization: 0.25 }) === 2.5
 */
export function usdPerMillionTokens(input: {
  usdPerGpuHour: number;
  tokensPerHourPerGpu: number;
  utilization: number;
}): number {
  if (!(input.tokensPerHourPerGpu > 0))
    throw new RangeError(`tokensPerHourPerGpu must be greater than 0 (got ${input.tokensPerHourPerGpu})`);
  if (!(input.utilization > 0 && input.utilization <= 1))
    throw new RangeError(`utilization must be in (0, 1] (got ${input.utilization})`);
  return (input.usdPerGpuHour / (input.tokensPerHourPerGpu * input.utilization)) * TOKENS_PER_MILLION;
}
