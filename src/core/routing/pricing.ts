/**
 * Attempt cost from token counts and a target's prices: the one cache-aware token price
 * of core/cost (`tokenCostUsd`). Self-hosted targets are priced by their share of
 * GPU-hours: a fleet costing `usdPerGpuHour * gpus` per hour that serves
 * `expectedTokensPerHour` tokens charges each token its share.
 */
import { tokenCostUsd, type TokenCounts, type TokenRates } from '../cost/token-priced.ts';
import { TOKENS_PER_MILLION } from '../units/time.ts';

export type { TokenCounts, TokenRates } from '../cost/token-priced.ts';

export interface GpuHourPricing {
  usdPerGpuHour: number;
  gpus: number;
  /** Tokens (input + output) the fleet is expected to serve per hour at its planned utilization. */
  expectedTokensPerHour: number;
}

/**
 * Per-million-token rates equivalent to a GPU-hour share (every token costs the same).
 * @example gpuShareRates({ usdPerGpuHour: 2.5, gpus: 2, expectedTokensPerHour: 5_000_000 }).usdPerMillionInputTokens === 1 // $5/h over 5M tokens/h
 */
export function gpuShareRates(pricing: GpuHourPricing): TokenRates {
  const usdPerMillionTokens =
    ((pricing.usdPerGpuHour * pricing.gpus) / pricing.expectedTokensPerHour) * TOKENS_PER_MILLION;
  return {
    usdPerMillionInputTokens: usdPerMillionTokens,
    usdPerMillionOutputTokens: usdPerMillionTokens,
    usdPerMillionCachedInputTokens: usdPerMillionTokens,
  };
}

/**
 * Cost of one attempt; cached input tokens are priced at the cached rate, the rest at the input rate.
 * @example attemptCostUsd({ inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500 }, { usdPerMillionInputTokens: 2, usdPerMillionCachedInputTokens: 0.5, usdPerMillionOutputTokens: 8 }) // 0.0057 = 800*2e-6 + 200*0.5e-6 + 500*8e-6
 */
export function attemptCostUsd(tokens: TokenCounts, rates: TokenRates): number {
  return tokenCostUsd(tokens, rates);
}
