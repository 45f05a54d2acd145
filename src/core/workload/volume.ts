/**
 * Derived volume figures for a workload, all in explicit units.
 */
import { DAYS_PER_MONTH, HOURS_PER_MONTH } from '../units/time.ts';
import type { Workload } from './schema.ts';

export interface WorkloadVolume {
  requestsPerMonth: number;
  inputTokensPerMonth: number;
  cachedInputTokensPerMonth: number;
  outputTokensPerMonth: number;
  tokensPerMonth: number;
  meanTokensPerHour: number;
  peakTokensPerHour: number;
}

/**
 * Monthly volume for month index `monthIndex` (0 = first month) with compound growth.
 *
 * @example
 * // 10,000 requests/day, 1,500 in + 500 out tokens, 20% cached input:
 * // requests/month = 10,000 * 30 = 300,000; input = 450M; cached = 90M; output = 150M;
 * // tokens = 600M; mean tokens/hour = 600M / 720 = 833,333.3
 * workloadVolume(workload) // { requestsPerMonth: 300000, tokensPerMonth: 600000000, ... }
 */
export function workloadVolume(workload: Workload, monthIndex = 0): WorkloadVolume {
  const tokensPerRequest = workload.tokens.inputPerRequest + workload.tokens.outputPerRequest;
  const baseRequestsPerMonth =
    workload.volume.requestsPerDay !== undefined
      ? workload.volume.requestsPerDay * DAYS_PER_MONTH
      : (workload.volume.tokensPerMonth ?? 0) / tokensPerRequest;
  const growthFactor = (1 + workload.traffic.monthlyGrowthRate) ** monthIndex;
  return volumeFromRequests(workload, baseRequestsPerMonth * growthFactor);
}

/** Volume figures for a given number of requests per month (used by volume sweeps). */
export function volumeFromRequests(workload: Workload, requestsPerMonth: number): WorkloadVolume {
  const inputTokensPerMonth = requestsPerMonth * workload.tokens.inputPerRequest;
  const outputTokensPerMonth = requestsPerMonth * workload.tokens.outputPerRequest;
  const tokensPerMonth = inputTokensPerMonth + outputTokensPerMonth;
  const meanTokensPerHour = tokensPerMonth / HOURS_PER_MONTH;
  return {
    requestsPerMonth,
    inputTokensPerMonth,
    cachedInputTokensPerMonth: inputTokensPerMonth * workload.tokens.cachedInputShare,
    outputTokensPerMonth,
    tokensPerMonth,
    meanTokensPerHour,
    peakTokensPerHour: meanTokensPerHour * workload.traffic.peakToMeanRatio,
  };
}

/** Requests per month for a target token volume. @example requestsForTokens(w /* 2,000 tokens per request *\/, 600e6) === 300000 */
export function requestsForTokens(workload: Workload, tokensPerMonth: number): number {
  return tokensPerMonth / (workload.tokens.inputPerRequest + workload.tokens.outputPerRequest);
}
