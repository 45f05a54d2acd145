/**
 * Attempt cost from token counts and a target's prices. Self-hosted targets are priced by
 * their share of GPU-hours: a fleet costing `usdPerGpuHour * gpus` per hour that serves
 * `expectedTokensPerHour` tokens charges each token its share.
 */
import { TOKENS_PER_MILLION } from '../units/time.ts';

export interface TokenRates {
  usdPerMillionInputTokens: number;
  usdPerMillionOutputTokens: number;
  /** Price of a cached input token; equals the input price when there is no discount. */
  usdPerMillionCachedInputTokens: number;
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

export interface TokenCounts {
  /** All prompt tokens, cached ones included (OpenAI's `prompt_tokens` convention). */
  inputTokens: number;
  outputTokens: number;
  /** The part of inputTokens read from the provider's prompt cache. */
  cachedInputTokens: number;
}

/**
 * Cost of one attempt; cached input tokens are priced at the cached rate, the rest at the input rate.
 * @example attemptCostUsd({ inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500 }, { usdPerMillionInputTokens: 2, usdPerMillionCachedInputTokens: 0.5, usdPerMillionOutputTokens: 8 }) // 0.0057 = 800*2e-6 + 200*0.5e-6 + 500*8e-6
 */
export function attemptCostUsd(tokens: TokenCounts, rates: TokenRates): number {
  const cached = Math.min(tokens.cachedInputTokens, tokens.inputTokens);
  return (
    ((tokens.inputTokens - cached) * rates.usdPerMillionInputTokens +
      cached * rates.usdPerMillionCachedInputTokens +
      tokens.outputTokens * rates.usdPerMillionOutputTokens) /
    TOKENS_PER_MILLION
  );
}
