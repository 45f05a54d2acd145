/**
 * Crossover: the monthly token volume above which self-hosting is cheaper than an API.
 *
 * The naive formula (the seeds'): crossover tokens = monthly GPU cost / API price. It
 * assumes the fixed GPUs can absorb any volume. The honest one adds what the naive one
 * leaves out: a GPU cannot exceed its throughput, capacity comes in whole GPUs, and fixed
 * costs (people, on-call, redundancy) are paid whatever the volume. If one GPU at full
 * utilization costs more per token than the API, there is no crossover at any volume.
 */
import { HOURS_PER_MONTH } from '../units/time.ts';

export interface CrossoverInput {
  apiUsdPerMillionTokens: number;
  gpuUsdPerHour: number;
  tokensPerHourPerGpu: number;
  /** Minimum cluster size (e.g. a tensor-parallel group). */
  gpus: number;
  /** Extra GPUs for failover (N+1 = 1); not counted by the naive formula. */
  redundancyGpus?: number;
  /** Fixed monthly cost that does not scale with volume: people, on-call, tooling. */
  fixedUsdPerMonth?: number;
  /** Usable share of a GPU's throughput on average (peak headroom, idle hours). 1 = every hour at full load. */
  maxAverageUtilization?: number;
}

export interface CrossoverResult {
  monthlyGpuCostUsd: number;
  /** GPU cost per million tokens with every paid GPU-hour busy. */
  selfHostedUsdPerMillionTokens: number;
  apiUsdPerMillionTokens: number;
  naiveCrossoverMonthlyTokens: number;
  naiveCrossoverDailyTokens: number;
  /** null when self-hosting never gets cheaper. */
  crossoverMonthlyTokens: number | null;
  /** GPUs needed at the honest crossover (incl. redundancy). */
  gpusAtCrossover: number | null;
  /** Self-hosted monthly cost at the crossover. */
  monthlyCostAtCrossoverUsd: number | null;
  /** Why, as a fact (report/crossover-report.ts writes the sentence). */
  verdict: CrossoverVerdict;
}

export type CrossoverVerdict =
  /** A fully used GPU costs at least the API per token: no volume makes self-hosting cheaper. */
  | { kind: 'never-cheaper'; effectiveUsdPerMillionTokens: number; maxAverageUtilization: number }
  /** Cheaper above `crossoverMonthlyTokens`, with these spares and fixed costs counted. */
  | { kind: 'cheaper-above'; redundancyGpus: number; fixedUsdPerMonth: number };

/**
 * @example
 * // The seeds' example: API $0.30/M, A10G $2.50/h, 4M tokens/h, 1 GPU.
 * // Monthly GPU cost = 2.50 x 720 = $1,800. Naive crossover = 1,800 / 0.30 = 6,000M = 6B tokens/month
 * // (the article's comment says ~1.5B: an arithmetic slip). Self-hosted at full utilization costs
 * // 1,800 / (4M x 720 / 1M) = $0.625 per 1M tokens > $0.30, so the honest answer is: no crossover.
 * crossover({ apiUsdPerMillionTokens: 0.3, gpuUsdPerHour: 2.5, tokensPerHourPerGpu: 4e6, gpus: 1 })
 * // { monthlyGpuCostUsd: 1800, selfHostedUsdPerMillionTokens: 0.625, naiveCrossoverMonthlyTokens: 6e9, crossoverMonthlyTokens: null }
 */
export function crossover(input: CrossoverInput): CrossoverResult {
  const redundancyGpus = input.redundancyGpus ?? 0;
  const fixedUsdPerMonth = input.fixedUsdPerMonth ?? 0;
  const utilization = input.maxAverageUtilization ?? 1;
  const gpuMonthlyUsd = input.gpuUsdPerHour * HOURS_PER_MONTH;
  const monthlyGpuCostUsd = gpuMonthlyUsd * input.gpus;
  const selfHostedUsdPerMillionTokens = (input.gpuUsdPerHour / input.tokensPerHourPerGpu) * 1e6;
  const naiveCrossoverMonthlyTokens = (monthlyGpuCostUsd / input.apiUsdPerMillionTokens) * 1e6;
  const base = {
    monthlyGpuCostUsd,
    selfHostedUsdPerMillionTokens,
    apiUsdPerMillionTokens: input.apiUsdPerMillionTokens,
    naiveCrossoverMonthlyTokens,
    naiveCrossoverDailyTokens: naiveCrossoverMonthlyTokens / 30,
  };
  const effectiveUsdPerMillion = selfHostedUsdPerMillionTokens / utilization;
  if (effectiveUsdPerMillion >= input.apiUsdPerMillionTokens) {
    return {
      ...base,
      crossoverMonthlyTokens: null,
      gpusAtCrossover: null,
      monthlyCostAtCrossoverUsd: null,
      verdict: {
        kind: 'never-cheaper',
        effectiveUsdPerMillionTokens: effectiveUsdPerMillion,
        maxAverageUtilization: utilization,
      },
    };
  }
  // Monthly tokens one GPU can serve on average.
  const gpuMonthlyTokens = input.tokensPerHourPerGpu * HOURS_PER_MONTH * utilization;
  const apiUsdPerToken = input.apiUsdPerMillionTokens / 1e6;
  // With k serving GPUs, self-hosted costs (k + r) G + F and serves up to k x cap tokens.
  // It beats the API at volume V when (k + r) G + F <= p V, V <= k cap. The smallest k
  // where that is possible: k (cap p - G) >= r G + F.
  const marginPerGpuUsd = gpuMonthlyTokens * apiUsdPerToken - gpuMonthlyUsd;
  const servingGpus = Math.max(
    input.gpus,
    Math.ceil((redundancyGpus * gpuMonthlyUsd + fixedUsdPerMonth) / marginPerGpuUsd - 1e-9),
  );
  const totalGpus = servingGpus + redundancyGpus;
  const monthlyCostAtCrossoverUsd = totalGpus * gpuMonthlyUsd + fixedUsdPerMonth;
  const crossoverMonthlyTokens = monthlyCostAtCrossoverUsd / apiUsdPerToken;
  return {
    ...base,
    crossoverMonthlyTokens,
    gpusAtCrossover: totalGpus,
    monthlyCostAtCrossoverUsd,
    verdict: { kind: 'cheaper-above', redundancyGpus, fixedUsdPerMonth },
  };
}

/**
 * First month in which the cheapest option differs from month 0's cheapest.
 * @example
 * // API grows from $1,000 by 20%/month; self-hosted flat $5,000: API month 9 = 1000 x 1.2^9 = $5,160 > $5,000
 * firstCheapestChange({ api: apiSeries, 'self-hosted': flatSeries }) // { monthIndex: 9, from: 'api', to: 'self-hosted' }
 */
export function firstCheapestChange(
  monthlyCostByOption: Record<string, ReadonlyArray<number>>,
): { monthIndex: number; from: string; to: string } | null {
  const ids = Object.keys(monthlyCostByOption);
  if (ids.length < 2) return null;
  const months = Math.min(...ids.map((id) => monthlyCostByOption[id].length));
  const cheapestAt = (monthIndex: number) =>
    ids.reduce(
      (best, id) => (monthlyCostByOption[id][monthIndex] < monthlyCostByOption[best][monthIndex] ? id : best),
      ids[0],
    );
  const first = cheapestAt(0);
  for (let monthIndex = 1; monthIndex < months; monthIndex += 1) {
    const cheapest = cheapestAt(monthIndex);
    if (cheapest !== first) return { monthIndex, from: first, to: cheapest };
  }
  return null;
}

/**
 * First month (index) in which `candidate`'s cumulative cost is at or below `baseline`'s,
 * or null within the series. Used for the break-even month of a self-hosted option
 * (high up-front cost, lower running cost) against an API.
 * @example
 * // candidate: $50k setup then $5k/month; baseline: $10k/month.
 * // cumulative: candidate 55k, 60k, ... (50 + 5n); baseline 10n -> 50 + 5n <= 10n at n = 10 -> month index 9
 * breakEvenMonthIndex(candidateCumulative, baselineCumulative) === 9
 */
export function breakEvenMonthIndex(
  candidateCumulativeUsd: ReadonlyArray<number>,
  baselineCumulativeUsd: ReadonlyArray<number>,
): number | null {
  const months = Math.min(candidateCumulativeUsd.length, baselineCumulativeUsd.length);
  for (let monthIndex = 0; monthIndex < months; monthIndex += 1) {
    if (candidateCumulativeUsd[monthIndex] <= baselineCumulativeUsd[monthIndex]) return monthIndex;
  }
  return null;
}
