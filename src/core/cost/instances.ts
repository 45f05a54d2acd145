/**
 * Fleets bought in whole instances: where a cloud sells a GPU only as an 8-GPU instance
 * (AWS p5.48xlarge is 8 x H100 or nothing), a fleet that needs 3 GPUs pays for 8.
 */
import { sizeFleetForPeak, type FleetSize, type FleetSizingInput } from '../capacity/fleet.ts';

/**
 * `sizeFleetForPeak`, then rounded up to whole instances of `wholeInstanceGpus` GPUs when
 * given: the replicas grow until their GPUs fill whole instances (the extra replicas are
 * spare capacity, paid for), so `gpus` is a multiple of the instance size whenever the
 * tensor-parallel group divides it (1, 2, 4 or 8 into 8), and the next whole replica above
 * otherwise.
 * @example
 * // peak 30M tokens/h at 4M per GPU, TP 1, 80% target, N+1: 10 serving + 1 spare = 11 GPUs;
 * // sold as 8-GPU instances -> 16 GPUs = 2 instances, 16 replicas (10 serving, 6 spare)
 * sizeFleetInWholeInstances({ peakTokensPerHour: 30e6, tokensPerHourPerGpu: 4e6, gpusPerReplica: 1, targetPeakUtilization: 0.8, redundancyReplicas: 1, wholeInstanceGpus: 8 })
 * // { replicas: 16, gpus: 16, servingReplicas: 10 }
 */
export function sizeFleetInWholeInstances(input: FleetSizingInput & { wholeInstanceGpus?: number }): FleetSize {
  const size = sizeFleetForPeak(input);
  const instance = input.wholeInstanceGpus;
  if (instance === undefined || instance <= 1) return size;
  const paidGpus = Math.ceil(size.gpus / instance) * instance;
  const replicas = Math.max(size.replicas, Math.ceil(paidGpus / input.gpusPerReplica));
  return { replicas, gpus: replicas * input.gpusPerReplica, servingReplicas: size.servingReplicas };
}
