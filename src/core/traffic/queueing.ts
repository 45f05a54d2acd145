/**
 * Queueing approximation behind the simulation's "SLO miss" estimate.
 *
 * A serving replica with continuous batching is treated as `sequencesPerReplica`
 * parallel servers; a fleet of n replicas pools into one M/M/c queue with
 * c = n x sequencesPerReplica (the gateway/load balancer spreads requests). Service
 * time S is one request's generation time at full load, which already meets the latency
 * SLO (that is how tokens/hour per GPU "under the SLO" is defined), so the SLO is missed
 * when the queueing wait at the SLO percentile exceeds an allowed share of S.
 *
 * M/M/c (Erlang C): P(wait > t) = C(c, a) * exp(-c * (1 - rho) * t / S), with offered
 * load a = rho * c. The percentile-p wait is therefore
 *   t_p = S * ln(C / (1 - p)) / (c * (1 - rho))   when C > 1 - p, else 0.
 * The utilization threshold is the largest rho with t_p <= allowedWaitShare * S.
 */

/**
 * Erlang C: the probability that an arrival has to wait, for `servers` servers and an
 * offered load in Erlangs (arrival rate x mean service time). 1 when the load is at or
 * above the number of servers. Computed through the stable Erlang B recursion.
 *
 * @example erlangC(2, 1) // 1/3: B(2, 1) = 0.2; C = 0.2 / (1 - 0.5 * 0.8) = 0.3333
 * @example erlangC(1, 0.7) // 0.7 (for one server the wait probability is the utilization)
 */
export function erlangC(servers: number, offeredLoadErlangs: number): number {
  if (offeredLoadErlangs <= 0) return 0;
  const utilization = offeredLoadErlangs / servers;
  if (utilization >= 1) return 1;
  let blocking = 1;
  for (let server = 1; server <= servers; server += 1)
    blocking = (offeredLoadErlangs * blocking) / (server + offeredLoadErlangs * blocking);
  return blocking / (1 - utilization * (1 - blocking));
}

/**
 * Waiting time at a percentile, in units of the mean service time, for M/M/c at a
 * utilization (0..1). Infinity at utilization 1 or more.
 *
 * @example waitPercentileServiceTimes(1, 0.5, 0.95) // ln(0.5 / 0.05) / (1 * 0.5) = 4.605
 */
export function waitPercentileServiceTimes(servers: number, utilization: number, percentile: number): number {
  if (utilization >= 1) return Infinity;
  const waitProbability = erlangC(servers, utilization * servers);
  const tail = 1 - percentile;
  if (waitProbability <= tail) return 0;
  return Math.log(waitProbability / tail) / (servers * (1 - utilization));
}

export interface SloThresholdInput {
  /** Parallel servers (replicas x sequences per replica). */
  servers: number;
  /** Wait allowed at the percentile, as a share of the mean service time (e.g. 0.5). */
  allowedWaitShare: number;
  /** e.g. 0.95 for a P95 SLO. */
  percentile: number;
}

/** Above this many servers the threshold is taken at this size (it is above 0.998 by then). */
export const MAX_QUEUE_SERVERS = 4096;

/**
 * The highest utilization at which the percentile wait stays within the allowed share
 * of the service time (bisection, 50 steps). 0 servers -> 0.
 *
 * @example
 * sloUtilizationThreshold({ servers: 1, allowedWaitShare: 0.5, percentile: 0.95 })   // ≈ 0.0792 (M/M/1 queues early)
 * sloUtilizationThreshold({ servers: 16, allowedWaitShare: 0.5, percentile: 0.95 })  // ≈ 0.787 (one replica, 16 sequences)
 * sloUtilizationThreshold({ servers: 160, allowedWaitShare: 0.5, percentile: 0.95 }) // ≈ 0.969 (ten replicas pool their slack)
 */
export function sloUtilizationThreshold(input: SloThresholdInput): number {
  const servers = Math.min(Math.floor(input.servers), MAX_QUEUE_SERVERS);
  if (servers <= 0) return 0;
  let low = 0;
  let high = 1;
  for (let iteration = 0; iteration < 50; iteration += 1) {
    const middle = (low + high) / 2;
    if (waitPercentileServiceTimes(servers, middle, input.percentile) <= input.allowedWaitShare) low = middle;
    else high = middle;
  }
  return low;
}
