/**
 * Minute-by-minute fleet simulation: one shared demand series (tokens per minute) run
 * against several fleet policies. Per policy: a fleet schedule (fleet-schedule.ts), then
 * one tight accounting loop over typed arrays — no allocation per minute.
 *
 * Each minute: capacity = active replicas x gpusPerReplica x tokensPerHourPerGpu / 60.
 * Load = demand (+ the queue carried over, in 'queue' mode). Served = min(load, capacity);
 * the excess goes to the API ('api') or waits for the next minute ('queue').
 * GPU-hours used = served tokens / tokensPerHourPerGpu; paid = paid replicas x GPUs / 60.
 * A minute misses the latency SLO (estimate, see queueing.ts) when the fleet serves above
 * the M/M/c utilization threshold for its size, is saturated, or has a queue.
 */
import { TOKENS_PER_MILLION, MINUTES_PER_HOUR, tokensCostUsd } from '../units/time.ts';
import { describeFleetPolicy, SPOT_PRICE_SHARE_OF_ON_DEMAND, type FleetPolicy } from './fleet-spec.ts';
import { fillFleetSchedule, replicasForGpus } from './fleet-schedule.ts';
import { sloUtilizationThreshold } from './queueing.ts';
import { createRandom, deriveSeed } from './random.ts';
import { HOURS_PER_WEEK, MINUTES_PER_WEEK } from './shapes.ts';

export interface QueueingAssumptions {
  /** Sequences one replica serves concurrently (continuous batching slots). Default 16. */
  sequencesPerReplica?: number;
  /** Queueing wait allowed at the percentile, as a share of one request's service time. Default 0.5. */
  allowedWaitShare?: number;
  /** SLO percentile, 0.95 for P95. Default 0.95. */
  percentile?: number;
}

export const QUEUEING_DEFAULTS = { sequencesPerReplica: 16, allowedWaitShare: 0.5, percentile: 0.95 } as const;

export interface SimulateFleetsInput {
  demandTokensPerMinute: Float64Array;
  /** Minute of the week of demand[0] (0 = Monday 00:00). Default 0. */
  startMinuteOfWeek?: number;
  /** Input + output tokens one GPU serves per hour at full load. */
  tokensPerHourPerGpu: number;
  gpusPerReplica: number;
  /** On-demand price; a policy's own price= wins; spot defaults to 40% of this. */
  gpuUsdPerHour: number;
  /** Price of tokens overflowed to the API; undefined = not priced (cost 0, overflowPriced false). */
  overflowUsdPerMillionTokens?: number;
  policies: FleetPolicy[];
  seed: number;
  queueing?: QueueingAssumptions;
}

export interface FleetSimulationResult {
  policy: FleetPolicy;
  description: string;
  minutes: number;
  gpuUsdPerHour: number;
  /** GPU-hours used / GPU-hours paid. */
  meanUtilization: number;
  /** 168 values, Monday 00:00-01:00 first: served / paid capacity in that hour of the week. */
  utilizationByHourOfWeek: number[];
  gpuHoursPaid: number;
  gpuHoursUsed: number;
  idleGpuHours: number;
  meanGpusPaid: number;
  peakGpusPaid: number;
  gpuCostUsd: number;
  usedCostUsd: number;
  idleCostUsd: number;
  demandTokens: number;
  servedTokens: number;
  /** Minutes in which load exceeded capacity. */
  minutesOverCapacity: number;
  overflowTokens: number;
  overflowCostUsd: number;
  overflowPriced: boolean;
  /** 'queue' mode: tokens still waiting when the horizon ends. */
  queuedTokensAtEnd: number;
  /** Estimated minutes the latency SLO is missed (see queueing.ts). */
  sloMissMinutes: number;
  /** The utilization threshold used for each fleet size that occurred. */
  sloUtilizationThresholds: Array<{ replicas: number; utilization: number }>;
  scaleUpEvents: number;
  scaleDownEvents: number;
  interruptions: number;
  totalCostUsd: number;
  /** Total cost per million demanded tokens. */
  usdPerMillionTokens: number;
  notes: string[];
}

/** An excess below this many tokens in a minute is rounding, not overflow. */
const OVER_CAPACITY_EPSILON_TOKENS = 1e-6;

function requirePositive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a number above 0; got ${value}`);
}

/** The GPU price a policy pays. @example policyGpuUsdPerHour(parseFleetSpec('spot:4'), 4) === 1.6 */
export function policyGpuUsdPerHour(policy: FleetPolicy, onDemandUsdPerHour: number): number {
  if (policy.usdPerGpuHour !== undefined) return policy.usdPerGpuHour;
  return policy.kind === 'spot' ? onDemandUsdPerHour * SPOT_PRICE_SHARE_OF_ON_DEMAND : onDemandUsdPerHour;
}

interface AccountingInput {
  demand: Float64Array;
  activeReplicas: Int32Array;
  paidReplicas: Int32Array;
  /** SLO utilization threshold by active replica count. */
  thresholds: Float64Array;
  replicaTokensPerMinute: number;
  toApi: boolean;
  startMinuteOfWeek: number;
  /** Out (zeroed here): paid replica-minutes and served tokens per hour of the week. */
  bucketPaidReplicaMinutes: Float64Array;
  bucketServedTokens: Float64Array;
}

interface AccountingTotals {
  servedTokens: number;
  overflowTokens: number;
  minutesOverCapacity: number;
  sloMissMinutes: number;
  paidReplicaMinutes: number;
  peakPaidReplicas: number;
  /** Tokens still queued after the last minute ('queue' mode). */
  backlog: number;
}

/** Marks which active-replica counts occur (index = replicas, 1 = seen); `largest` bounds them. */
function replicaSizesUsed(activeReplicas: Int32Array, minutes: number, largest: number): Uint8Array {
  const seen = new Uint8Array(largest + 1);
  for (let minute = 0; minute < minutes; minute += 1) seen[activeReplicas[minute]] = 1;
  return seen;
}

/**
 * The hot loop: a top-level function on locals, written branch-free where it can be
 * (0/1 factors instead of ifs) and chunked by clock hour, because real demand makes
 * per-minute branches unpredictable.
 */
function accountMinutes(input: AccountingInput): AccountingTotals {
  const {
    demand,
    activeReplicas,
    paidReplicas,
    thresholds,
    replicaTokensPerMinute,
    bucketPaidReplicaMinutes,
    bucketServedTokens,
  } = input;
  bucketPaidReplicaMinutes.fill(0);
  bucketServedTokens.fill(0);
  const minutes = demand.length;
  const apiShare = input.toApi ? 1 : 0;
  const queueShare = 1 - apiShare;
  // In 'queue' mode any excess means requests wait: an SLO miss even with no replica up.
  const queueMissEpsilon = input.toApi ? Infinity : OVER_CAPACITY_EPSILON_TOKENS;
  let backlog = 0;
  let servedTokens = 0;
  let overflowTokens = 0;
  let minutesOverCapacity = 0;
  let sloMissMinutes = 0;
  let paidReplicaMinutes = 0;
  let peakPaidReplicas = 0;
  let hourOfWeek = Math.floor(input.startMinuteOfWeek / MINUTES_PER_HOUR);
  let hourEnd = Math.min(minutes, MINUTES_PER_HOUR - (input.startMinuteOfWeek % MINUTES_PER_HOUR));
  let minute = 0;
  while (minute < minutes) {
    let hourPaid = 0;
    let hourServed = 0;
    for (; minute < hourEnd; minute += 1) {
      const active = activeReplicas[minute];
      const paid = paidReplicas[minute];
      const capacity = active * replicaTokensPerMinute;
      const load = demand[minute] + backlog;
      const excess = load > capacity ? load - capacity : 0;
      const served = load - excess;
      overflowTokens += excess * apiShare;
      backlog = excess * queueShare;
      minutesOverCapacity += excess > OVER_CAPACITY_EPSILON_TOKENS ? 1 : 0;
      // thresholds[0] = 0 and served = 0 without capacity; thresholds < 1, so a saturated fleet counts.
      sloMissMinutes += served > capacity * thresholds[active] || excess > queueMissEpsilon ? 1 : 0;
      hourPaid += paid;
      hourServed += served;
      peakPaidReplicas = Math.max(paid, peakPaidReplicas);
    }
    bucketPaidReplicaMinutes[hourOfWeek] += hourPaid;
    bucketServedTokens[hourOfWeek] += hourServed;
    servedTokens += hourServed;
    paidReplicaMinutes += hourPaid;
    hourOfWeek = hourOfWeek === HOURS_PER_WEEK - 1 ? 0 : hourOfWeek + 1;
    hourEnd = Math.min(minutes, hourEnd + MINUTES_PER_HOUR);
  }
  return {
    servedTokens,
    overflowTokens,
    minutesOverCapacity,
    sloMissMinutes,
    paidReplicaMinutes,
    peakPaidReplicas,
    backlog,
  };
}

/**
 * Simulates every policy against the same demand.
 *
 * @example
 * // 60 minutes at 1,000 tokens/minute (60k tokens), 120k tokens/hour per GPU, $2/GPU-hour:
 * // fixed:1 -> capacity 2,000/minute, utilization 0.5, 1 GPU-hour paid ($2), 0.5 used, idle $1, no overflow.
 * // fixed:0 at $10 per million overflow tokens -> 60k tokens overflowed = $0.60, GPU cost 0.
 * simulateFleets({ demandTokensPerMinute: new Float64Array(60).fill(1000), tokensPerHourPerGpu: 120_000,
 *   gpusPerReplica: 1, gpuUsdPerHour: 2, overflowUsdPerMillionTokens: 10,
 *   policies: [parseFleetSpec('fixed:1'), parseFleetSpec('fixed:0')], seed: 1 })
 */
export function simulateFleets(input: SimulateFleetsInput): FleetSimulationResult[] {
  requirePositive('tokensPerHourPerGpu', input.tokensPerHourPerGpu);
  if (!Number.isInteger(input.gpusPerReplica) || input.gpusPerReplica < 1)
    throw new RangeError(`gpusPerReplica must be a whole number of 1 or more; got ${input.gpusPerReplica}`);
  if (!Number.isFinite(input.gpuUsdPerHour) || input.gpuUsdPerHour < 0)
    throw new RangeError(`gpuUsdPerHour must be 0 or more; got ${input.gpuUsdPerHour}`);
  const overflowPrice = input.overflowUsdPerMillionTokens;
  if (overflowPrice !== undefined && (!Number.isFinite(overflowPrice) || overflowPrice < 0))
    throw new RangeError(`overflowUsdPerMillionTokens must be 0 or more; got ${overflowPrice}`);
  const queueing = { ...QUEUEING_DEFAULTS, ...input.queueing };
  requirePositive('queueing.sequencesPerReplica', queueing.sequencesPerReplica);
  if (!(queueing.percentile > 0 && queueing.percentile < 1))
    throw new RangeError(`queueing.percentile must be between 0 and 1; got ${queueing.percentile}`);

  const demand = input.demandTokensPerMinute;
  const minutes = demand.length;
  const replicaTokensPerMinute = (input.tokensPerHourPerGpu * input.gpusPerReplica) / MINUTES_PER_HOUR;
  const startMinuteOfWeek =
    ((Math.round(input.startMinuteOfWeek ?? 0) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  let demandTokens = 0;
  for (let minute = 0; minute < minutes; minute += 1) demandTokens += demand[minute];

  // Shared buffers, reused by every policy.
  const activeReplicas = new Int32Array(minutes);
  const paidReplicas = new Int32Array(minutes);
  const bucketPaidReplicaMinutes = new Float64Array(HOURS_PER_WEEK);
  const bucketServedTokens = new Float64Array(HOURS_PER_WEEK);
  const thresholdCache: number[] = [];
  const thresholdFor = (replicas: number) => {
    while (thresholdCache.length <= replicas) thresholdCache.push(Number.NaN);
    if (Number.isNaN(thresholdCache[replicas])) {
      thresholdCache[replicas] = sloUtilizationThreshold({
        servers: replicas * queueing.sequencesPerReplica,
        allowedWaitShare: queueing.allowedWaitShare,
        percentile: queueing.percentile,
      });
    }
    return thresholdCache[replicas];
  };

  return input.policies.map((policy) => {
    const stats = fillFleetSchedule({
      policy,
      demandTokensPerMinute: demand,
      replicaTokensPerMinute,
      gpusPerReplica: input.gpusPerReplica,
      random: createRandom(deriveSeed(input.seed, policy.spec)),
      startMinuteOfWeek: input.startMinuteOfWeek ?? 0,
      activeReplicas,
      paidReplicas,
    });
    const sizes = replicaSizesUsed(activeReplicas, minutes, stats.largestReplicas);
    const thresholds = new Float64Array(sizes.length);
    const sloUtilizationThresholds: Array<{ replicas: number; utilization: number }> = [];
    for (let replicas = 1; replicas < sizes.length; replicas += 1) {
      if (sizes[replicas] === 0) continue;
      thresholds[replicas] = thresholdFor(replicas);
      sloUtilizationThresholds.push({ replicas, utilization: thresholds[replicas] });
    }

    const totals = accountMinutes({
      demand,
      activeReplicas,
      paidReplicas,
      thresholds,
      replicaTokensPerMinute,
      toApi: policy.overflow === 'api',
      startMinuteOfWeek,
      bucketPaidReplicaMinutes,
      bucketServedTokens,
    });
    const {
      servedTokens,
      overflowTokens,
      minutesOverCapacity,
      sloMissMinutes,
      paidReplicaMinutes,
      peakPaidReplicas,
      backlog,
    } = totals;
    const toApi = policy.overflow === 'api';

    const usdPerGpuHour = policyGpuUsdPerHour(policy, input.gpuUsdPerHour);
    const gpuHoursPaid = (paidReplicaMinutes * input.gpusPerReplica) / MINUTES_PER_HOUR;
    const gpuHoursUsed = servedTokens / input.tokensPerHourPerGpu;
    const idleGpuHours = gpuHoursPaid - gpuHoursUsed;
    const gpuCostUsd = gpuHoursPaid * usdPerGpuHour;
    const overflowCostUsd = overflowPrice === undefined ? 0 : tokensCostUsd(overflowTokens, overflowPrice);
    const totalCostUsd = gpuCostUsd + overflowCostUsd;
    const utilizationByHourOfWeek: number[] = [];
    for (let hour = 0; hour < HOURS_PER_WEEK; hour += 1) {
      const paidCapacity = bucketPaidReplicaMinutes[hour] * replicaTokensPerMinute;
      utilizationByHourOfWeek.push(paidCapacity > 0 ? bucketServedTokens[hour] / paidCapacity : 0);
    }
    const notes: string[] = [];
    const asked =
      policy.kind === 'autoscale'
        ? [policy.minGpus, policy.maxGpus]
        : policy.kind === 'scheduled'
          ? [...new Set(policy.gpusByHourOfWeek)]
          : [policy.gpus];
    for (const gpus of asked) {
      const rounded = replicasForGpus(gpus, input.gpusPerReplica) * input.gpusPerReplica;
      if (rounded !== gpus)
        notes.push(`${gpus} GPUs rounded up to ${rounded} (whole replicas of ${input.gpusPerReplica} GPUs)`);
    }
    if (policy.kind === 'spot' && policy.usdPerGpuHour === undefined)
      notes.push(
        `spot price assumed ${SPOT_PRICE_SHARE_OF_ON_DEMAND * 100}% of on-demand: $${usdPerGpuHour.toFixed(2)}/GPU-hour`,
      );
    if (overflowPrice === undefined && overflowTokens > 0)
      notes.push('overflow tokens are not priced (no API price given)');
    if (!toApi && backlog > OVER_CAPACITY_EPSILON_TOKENS)
      notes.push(`${Math.round(backlog)} tokens still queued at the end: the fleet cannot keep up`);

    return {
      policy,
      description: describeFleetPolicy(policy),
      minutes,
      gpuUsdPerHour: usdPerGpuHour,
      meanUtilization: gpuHoursPaid > 0 ? gpuHoursUsed / gpuHoursPaid : 0,
      utilizationByHourOfWeek,
      gpuHoursPaid,
      gpuHoursUsed,
      idleGpuHours,
      meanGpusPaid: minutes > 0 ? (paidReplicaMinutes * input.gpusPerReplica) / minutes : 0,
      peakGpusPaid: peakPaidReplicas * input.gpusPerReplica,
      gpuCostUsd,
      usedCostUsd: gpuHoursUsed * usdPerGpuHour,
      idleCostUsd: idleGpuHours * usdPerGpuHour,
      demandTokens,
      servedTokens,
      minutesOverCapacity,
      overflowTokens,
      overflowCostUsd,
      overflowPriced: overflowPrice !== undefined,
      queuedTokensAtEnd: toApi ? 0 : backlog,
      sloMissMinutes,
      sloUtilizationThresholds,
      scaleUpEvents: stats.scaleUpEvents,
      scaleDownEvents: stats.scaleDownEvents,
      interruptions: stats.interruptions,
      totalCostUsd,
      usdPerMillionTokens: demandTokens > 0 ? (totalCostUsd / demandTokens) * TOKENS_PER_MILLION : 0,
      notes,
    };
  });
}
