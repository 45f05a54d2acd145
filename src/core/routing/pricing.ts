/**
 * Attempt cost from token counts and a target's prices: the one cache-aware token price
 * of core/cost (`tokenCostUsd`). Self-hosted targets are priced by their share of
 * GPU-hours: a fleet costing `usdPerGpuHour * gpus` per hour that serves
 * `expectedTokensPerHour` tokens charges each token its share.
 */
import { tokenCostUsd, type TokenCounts, type TokenRates } from '../cost/token-priced.ts';
import { TOKENS_PER_MILLION } from '../units/time.ts';

export type { TokenCounts, TokenRates } from '../cost/token-priced.ts';

/** A token count of one attempt: a provider's counts plus the prompt-cache writes, where it reports them. */
export interface AttemptTokenCounts extends TokenCounts {
  /** The part of inputTokens written to the prompt cache (Anthropic's `cache_creation_input_tokens`). */
  cacheWriteInputTokens?: number;
}

/** A target's prices: the three token rates plus, where the provider bills cache writes apart, their rate. */
export interface AttemptTokenRates extends TokenRates {
  /**
   * Price of an input token written to the prompt cache (Anthropic: 1.25x the input price for
   * 5-minute entries); absent = the input price (OpenAI does not bill writes apart).
   */
  usdPerMillionCacheWriteInputTokens?: number;
}

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
 * Cost of one attempt; cached input tokens are priced at the cached rate, the rest at the input
 * rate, except cache writes, priced at the cache-write rate when the target has one (they are
 * clamped to the uncached input tokens).
 * @example attemptCostUsd({ inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500 }, { usdPerMillionInputTokens: 2, usdPerMillionCachedInputTokens: 0.5, usdPerMillionOutputTokens: 8 }) // 0.0057 = 800*2e-6 + 200*0.5e-6 + 500*8e-6
 * @example attemptCostUsd({ inputTokens: 104, cachedInputTokens: 0, cacheWriteInputTokens: 100, outputTokens: 4 }, { usdPerMillionInputTokens: 3, usdPerMillionCachedInputTokens: 0.3, usdPerMillionCacheWriteInputTokens: 3.75, usdPerMillionOutputTokens: 15 }) // 0.000447 = 4*3e-6 + 100*3.75e-6 + 4*15e-6
 */
export function attemptCostUsd(tokens: AttemptTokenCounts, rates: AttemptTokenRates): number {
  const baseUsd = tokenCostUsd(tokens, rates);
  const writeRate = rates.usdPerMillionCacheWriteInputTokens;
  const writes = tokens.cacheWriteInputTokens ?? 0;
  if (writeRate === undefined || writes <= 0) return baseUsd;
  const uncachedInputTokens = Math.max(0, tokens.inputTokens - Math.max(0, tokens.cachedInputTokens));
  const cacheWriteTokens = Math.min(writes, uncachedInputTokens);
  return baseUsd + (cacheWriteTokens * (writeRate - rates.usdPerMillionInputTokens)) / TOKENS_PER_MILLION;
}
