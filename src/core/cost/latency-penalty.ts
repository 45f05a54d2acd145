/**
 * Latency penalty: revenue lost when an option's latency misses the SLO, as its own
 * cost component (the seeds: quantify SLA penalties before choosing on price).
 */
import { costComponent, type CostComponent } from './types.ts';

/**
 * @example
 * // An API with p95 TTFT 1,100 ms against an 800 ms SLO, $2,000/month at stake per 100 ms:
 * // (1100 - 800) / 100 x $2,000 = $6,000/month
 * latencyPenaltyComponent({ optionTtftMs: 1100, sloTtftMs: 800, revenueAtStakeUsdPerMonthPer100Ms: 2000, percentile: 'p95' })
 * //   .monthlyCostUsd === 6000
 */
export function latencyPenaltyComponent(input: {
  optionTtftMs: number;
  sloTtftMs: number | undefined;
  revenueAtStakeUsdPerMonthPer100Ms: number;
  percentile: string;
}): CostComponent | undefined {
  if (input.sloTtftMs === undefined || input.revenueAtStakeUsdPerMonthPer100Ms <= 0) return undefined;
  const excessMs = input.optionTtftMs - input.sloTtftMs;
  if (excessMs <= 0) return undefined;
  const quantity = excessMs / 100;
  return costComponent({
    name: `latency penalty: ${input.percentile} TTFT ${input.optionTtftMs} ms vs SLO ${input.sloTtftMs} ms`,
    category: 'latency',
    unit: '100 ms over SLO',
    quantity,
    unitPriceUsd: input.revenueAtStakeUsdPerMonthPer100Ms,
    usageBased: false,
    source: { name: 'profile: revenueAtStakeUsdPerMonthPer100Ms', asOf: 'profile' },
  });
}
