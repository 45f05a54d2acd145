/**
 * Per-minute fleet size for each policy: how many replicas serve (active) and how many
 * are paid for (active + booting). Written into caller-owned Int32Arrays so the
 * simulation allocates nothing per minute.
 *
 * - fixed: ceil(gpus / gpusPerReplica) replicas, always active.
 * - autoscale: each minute the autoscaler wants ceil(demand / (replica capacity x target))
 *   replicas, clamped to [min, max]. Scale-up: new replicas are paid at once and serve
 *   after `scaleUpDelayMinutes`. Scale-down: once the wanted size has stayed below the
 *   fleet for `cooldownMinutes` in a row, the fleet shrinks to the largest size wanted in
 *   that time (a stabilization window, like the Kubernetes HPA's). Starts warm: minute 0
 *   has the size minute 0 wants.
 * - scheduled: the timetable's GPUs for each hour of the week, booted ahead of each
 *   change so they serve on time (the boot minutes before an increase are paid).
 * - spot: a fixed number of replicas, each interrupted at `interruptionsPerHour`
 *   (Poisson); the interrupted instance stops billing and its replacement bills at once
 *   but serves only after `replacementDelayMinutes` (so paid stays constant).
 */
import {
  largestGpus,
  type AutoscaleFleetPolicy,
  type FleetPolicy,
  type ScheduledFleetPolicy,
  type SpotFleetPolicy,
} from './fleet-spec.ts';

/** Minutes a scheduled fleet boots new replicas ahead of a timetable increase. */
export const SCHEDULED_BOOT_MINUTES = 10;

function scheduledSchedule(policy: ScheduledFleetPolicy, input: FleetScheduleInput, stats: FleetScheduleStats): void {
  const minutes = input.demandTokensPerMinute.length;
  const start = input.startMinuteOfWeek ?? 0;
  const replicasAt = (minute: number) => {
    const hourOfWeek = Math.floor(((((start + minute) % 10_080) + 10_080) % 10_080) / 60);
    return replicasForGpus(policy.gpusByHourOfWeek[hourOfWeek] ?? 0, input.gpusPerReplica);
  };
  let previous = minutes > 0 ? replicasAt(0) : 0;
  for (let minute = 0; minute < minutes; minute += 1) {
    const active = replicasAt(minute);
    const ahead = minute + SCHEDULED_BOOT_MINUTES < minutes ? replicasAt(minute + SCHEDULED_BOOT_MINUTES) : active;
    input.activeReplicas[minute] = active;
    input.paidReplicas[minute] = Math.max(active, ahead);
    if (active > previous) stats.scaleUpEvents += 1;
    else if (active < previous) stats.scaleDownEvents += 1;
    previous = active;
  }
}
import { exponentialSample, type RandomSource } from './random.ts';

export interface FleetScheduleInput {
  policy: FleetPolicy;
  demandTokensPerMinute: Float64Array;
  /** Throughput of one replica at full load, tokens per minute. */
  replicaTokensPerMinute: number;
  gpusPerReplica: number;
  random: RandomSource;
  /** Minute of the week of demand[0] (0 = Monday 00:00 UTC), for timetables. Default 0. */
  startMinuteOfWeek?: number;
  /** Out: replicas serving each minute. */
  activeReplicas: Int32Array;
  /** Out: replicas paid each minute. */
  paidReplicas: Int32Array;
}

export interface FleetScheduleStats {
  scaleUpEvents: number;
  scaleDownEvents: number;
  interruptions: number;
  /** Upper bound on the replicas active in any minute. */
  largestReplicas: number;
}

/**
 * Whole replicas for a GPU count (rounded up).
 * @example replicasForGpus(6, 4) === 2; replicasForGpus(8, 4) === 2; replicasForGpus(0, 4) === 0
 */
export function replicasForGpus(gpus: number, gpusPerReplica: number): number {
  return Math.max(0, Math.ceil(gpus / gpusPerReplica - 1e-9));
}

function autoscaleSchedule(policy: AutoscaleFleetPolicy, input: FleetScheduleInput, stats: FleetScheduleStats): void {
  const { demandTokensPerMinute: demand, activeReplicas, paidReplicas } = input;
  const minimum = replicasForGpus(policy.minGpus, input.gpusPerReplica);
  const maximum = replicasForGpus(policy.maxGpus, input.gpusPerReplica);
  const targetTokensPerReplica = input.replicaTokensPerMinute * policy.targetUtilization;
  const delay = policy.scaleUpDelayMinutes;
  const arrivals = new Int32Array(delay + 1);
  const firstWanted = demand.length > 0 ? Math.ceil(demand[0] / targetTokensPerReplica - 1e-9) : minimum;
  let active = firstWanted < minimum ? minimum : Math.min(firstWanted, maximum);
  let pending = 0;
  let belowMinutes = 0;
  let belowLargest = 0;
  let slot = -1; // minute % (delay + 1), kept without a division
  for (let minute = 0; minute < demand.length; minute += 1) {
    slot = slot === delay ? 0 : slot + 1;
    if (arrivals[slot] > 0) {
      active += arrivals[slot];
      pending -= arrivals[slot];
      arrivals[slot] = 0;
    }
    const raw = Math.ceil(demand[minute] / targetTokensPerReplica - 1e-9);
    const want = raw < minimum ? minimum : Math.min(raw, maximum);
    const total = active + pending;
    if (want > total) {
      if (delay === 0) active += want - total;
      else {
        arrivals[slot === 0 ? delay : slot - 1] += want - total; // (minute + delay) % (delay + 1)
        pending += want - total;
      }
      stats.scaleUpEvents += 1;
      belowMinutes = 0;
      belowLargest = 0;
    } else if (want < total) {
      belowMinutes += 1;
      if (want > belowLargest) belowLargest = want;
      if (belowMinutes >= policy.cooldownMinutes) {
        const remove = total - belowLargest;
        active = active > remove ? active - remove : 0;
        stats.scaleDownEvents += 1;
        belowMinutes = 0;
        belowLargest = 0;
      }
    } else {
      belowMinutes = 0;
      belowLargest = 0;
    }
    activeReplicas[minute] = active;
    paidReplicas[minute] = active + pending;
  }
}

function spotSchedule(policy: SpotFleetPolicy, input: FleetScheduleInput, stats: FleetScheduleStats): void {
  const { activeReplicas, paidReplicas, random } = input;
  const minutes = input.demandTokensPerMinute.length;
  const replicas = replicasForGpus(policy.gpus, input.gpusPerReplica);
  const ratePerMinute = policy.interruptionsPerHour / 60;
  const delay = policy.replacementDelayMinutes;
  const nextInterruption = new Float64Array(replicas);
  const restoredAt = new Float64Array(replicas).fill(-1);
  let nextEvent = Infinity;
  for (let replica = 0; replica < replicas; replica += 1) {
    nextInterruption[replica] = exponentialSample(random, ratePerMinute);
    if (nextInterruption[replica] < nextEvent) nextEvent = nextInterruption[replica];
  }
  let up = replicas;
  for (let minute = 0; minute < minutes; minute += 1) {
    if (minute >= nextEvent) {
      nextEvent = Infinity;
      for (let replica = 0; replica < replicas; replica += 1) {
        if (restoredAt[replica] >= 0 && restoredAt[replica] <= minute) {
          restoredAt[replica] = -1;
          up += 1;
          nextInterruption[replica] = minute + exponentialSample(random, ratePerMinute);
        } else if (restoredAt[replica] < 0 && nextInterruption[replica] <= minute) {
          stats.interruptions += 1;
          if (delay === 0) nextInterruption[replica] = minute + exponentialSample(random, ratePerMinute);
          else {
            up -= 1;
            restoredAt[replica] = minute + delay;
          }
        }
        const event = restoredAt[replica] >= 0 ? restoredAt[replica] : nextInterruption[replica];
        if (event < nextEvent) nextEvent = event;
      }
    }
    activeReplicas[minute] = up;
    paidReplicas[minute] = replicas;
  }
}

/**
 * Fills `activeReplicas` and `paidReplicas` for one policy.
 *
 * @example
 * // fixed:6 with 4 GPUs per replica -> 2 replicas every minute (8 GPUs paid)
 * fillFleetSchedule({ policy: parseFleetSpec('fixed:6'), gpusPerReplica: 4, ... }) // activeReplicas all 2
 */
export function fillFleetSchedule(input: FleetScheduleInput): FleetScheduleStats {
  const { policy, gpusPerReplica } = input;
  const largestReplicas = replicasForGpus(largestGpus(policy), gpusPerReplica);
  const stats: FleetScheduleStats = { scaleUpEvents: 0, scaleDownEvents: 0, interruptions: 0, largestReplicas };
  if (policy.kind === 'autoscale') autoscaleSchedule(policy, input, stats);
  else if (policy.kind === 'spot') spotSchedule(policy, input, stats);
  else if (policy.kind === 'scheduled') scheduledSchedule(policy, input, stats);
  else {
    const replicas = replicasForGpus(policy.gpus, input.gpusPerReplica);
    input.activeReplicas.fill(replicas, 0, input.demandTokensPerMinute.length);
    input.paidReplicas.fill(replicas, 0, input.demandTokensPerMinute.length);
  }
  return stats;
}
