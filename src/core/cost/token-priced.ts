/**
 * Token pricing. ONE cache-aware split is the basis of every token price in Switchyard:
 * `pricedTokenParts` cuts a token count into uncached input, cached input and output, each
 * at its own rate. From it come the cost of a count (`tokenCostUsd`, the gateway's attempt
 * cost), a per-token option's monthly cost components (`tokenPricedComponents`, the plan)
 * and the effective price per 1M tokens of a workload's mix (`effectiveUsdPerMillionTokens`,
 * the simulation's overflow), so the three can never disagree about cached input.
 */
import { TOKENS_PER_MILLION } from '../units/time.ts';
import type { WorkloadVolume } from '../workload/volume.ts';
import { costComponent, type CostComponent } from './types.ts';

/** Prices per 1M tokens of the three kinds a provider bills. */
export interface TokenRates {
  usdPerMillionInputTokens: number;
  usdPerMillionOutputTokens: number;
  /** Price of a cached input token; equals the input price when there is no discount. */
  usdPerMillionCachedInputTokens: number;
}

/** The prices a per-token option needs, with where they come from (a catalog entry satisfies it). */
export interface TokenPrice extends TokenRates {
  id: string;
  source: string;
  asOf: string;
}

/** A token count as providers report it. */
export interface TokenCounts {
  /** All input (prompt) tokens, cached ones included (OpenAI's `prompt_tokens` convention). */
  inputTokens: number;
  /** The part of inputTokens read from the provider's prompt cache. */
  cachedInputTokens: number;
  outputTokens: number;
}

/** One priced part of a token count. */
export interface PricedTokens {
  part: 'input' | 'cached input' | 'output';
  tokens: number;
  usdPerMillionTokens: number;
}

/**
 * Splits a token count into its priced parts: uncached input at the input rate, cached
 * input (clamped to 0..inputTokens) at the cached rate, output at the output rate.
 * @example
 * // 1,000 input of which 200 cached, 500 output, at $2 / $0.50 cached / $8:
 * pricedTokenParts({ inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500 }, rates)
 * // [{ part: 'input', tokens: 800, usdPerMillionTokens: 2 }, { part: 'cached input', tokens: 200, usdPerMillionTokens: 0.5 },
 * //  { part: 'output', tokens: 500, usdPerMillionTokens: 8 }]
 */
export function pricedTokenParts(tokens: TokenCounts, rates: TokenRates): PricedTokens[] {
  const cached = Math.min(Math.max(tokens.cachedInputTokens, 0), tokens.inputTokens);
  return [
    { part: 'input', tokens: tokens.inputTokens - cached, usdPerMillionTokens: rates.usdPerMillionInputTokens },
    { part: 'cached input', tokens: cached, usdPerMillionTokens: rates.usdPerMillionCachedInputTokens },
    { part: 'output', tokens: tokens.outputTokens, usdPerMillionTokens: rates.usdPerMillionOutputTokens },
  ];
}

/** Sum of tokens x USD per 1M tokens over the parts (USD x 1M). */
function scaledCostUsd(parts: ReadonlyArray<PricedTokens>): number {
  let total = 0;
  for (const part of parts) total += part.tokens * part.usdPerMillionTokens;
  return total;
}

/**
 * Cost of a token count; cached input tokens are priced at the cached rate, the rest of
 * the input at the input rate.
 * @example
 * // 800 x $2/M + 200 x $0.50/M + 500 x $8/M = $0.0016 + $0.0001 + $0.004 = $0.0057
 * tokenCostUsd({ inputTokens: 1000, cachedInputTokens: 200, outputTokens: 500 }, { usdPerMillionInputTokens: 2, usdPerMillionCachedInputTokens: 0.5, usdPerMillionOutputTokens: 8 }) // 0.0057
 */
export function tokenCostUsd(tokens: TokenCounts, rates: TokenRates): number {
  return scaledCostUsd(pricedTokenParts(tokens, rates)) / TOKENS_PER_MILLION;
}

/** A workload's token mix per request. */
export interface TokenMix {
  inputPerRequest: number;
  outputPerRequest: number;
  /** Share of input tokens served from the provider's prompt cache, 0-1. */
  cachedInputShare: number;
}

/**
 * Effective price per 1M tokens (input + output) of a workload's token mix, cached input
 * included: the cost of one request over its tokens.
 * @example
 * // 1,500 in (20% cached) + 500 out on GPT-4.1 ($2 / $0.50 / $8):
 * // (1200 x 2 + 300 x 0.5 + 500 x 8) / 2000 = (2400 + 150 + 4000) / 2000 = $3.275 per 1M tokens
 * effectiveUsdPerMillionTokens({ inputPerRequest: 1500, outputPerRequest: 500, cachedInputShare: 0.2 }, gpt41) === 3.275
 */
export function effectiveUsdPerMillionTokens(mix: TokenMix, rates: TokenRates): number {
  const parts = pricedTokenParts(
    {
      inputTokens: mix.inputPerRequest,
      cachedInputTokens: mix.inputPerRequest * mix.cachedInputShare,
      outputTokens: mix.outputPerRequest,
    },
    rates,
  );
  return scaledCostUsd(parts) / (mix.inputPerRequest + mix.outputPerRequest);
}

/**
 * Monthly cost components of sending a volume (or `share` of it) to a per-token provider:
 * uncached input, cached input (when there is any) and output tokens, each quantity in
 * millions at the price per million.
 *
 * @example
 * // 450M input tokens (20% = 90M cached), 150M output, GPT-4.1 at $2 / $0.50 cached / $8:
 * // uncached input 360M x $2/M = $720; cached 90M x $0.50/M = $45; output 150M x $8/M = $1,200
 * tokenPricedComponents(volume, gpt41) // monthly total $1,965
 */
export function tokenPricedComponents(
  volume: Pick<WorkloadVolume, 'inputTokensPerMonth' | 'cachedInputTokensPerMonth' | 'outputTokensPerMonth'>,
  price: TokenPrice,
  share = 1,
): CostComponent[] {
  const source = { name: price.id, asOf: price.asOf };
  const parts = pricedTokenParts(
    {
      inputTokens: volume.inputTokensPerMonth,
      cachedInputTokens: volume.cachedInputTokensPerMonth,
      outputTokens: volume.outputTokensPerMonth,
    },
    price,
  );
  // A plain loop: the plan costs every month of the horizon of every option with it.
  const components: CostComponent[] = [];
  for (const part of parts) {
    const millions = (part.tokens * share) / TOKENS_PER_MILLION;
    if (part.part === 'cached input' && !(millions > 0)) continue;
    components.push(
      costComponent({
        name: `${price.id} ${part.part} tokens`,
        category: 'tokens',
        unit: `1M ${part.part} tokens`,
        quantity: millions,
        unitPriceUsd: part.usdPerMillionTokens,
        usageBased: true,
        source,
      }),
    );
  }
  return components;
}
