/**
 * Cost model for per-token options: frontier APIs and hosted-open providers.
 */
import { tokensCostUsd } from '../units/time.ts';
import type { WorkloadVolume } from '../workload/volume.ts';
import type { CostComponent } from './types.ts';

/** The prices a per-token option needs (a catalog entry satisfies it). */
export interface TokenPrice {
  id: string;
  usdPerMillionInputTokens: number;
  usdPerMillionOutputTokens: number;
  usdPerMillionCachedInputTokens: number;
  source: string;
  asOf: string;
}

/**
 * Monthly cost components of sending a volume to a per-token provider: uncached input,
 * cached input (priced separately) and output tokens.
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
  const uncachedMillions = ((volume.inputTokensPerMonth - volume.cachedInputTokensPerMonth) * share) / 1e6;
  const cachedMillions = (volume.cachedInputTokensPerMonth * share) / 1e6;
  const outputMillions = (volume.outputTokensPerMonth * share) / 1e6;
  const components: CostComponent[] = [
    {
      name: `${price.id} input tokens`,
      category: 'tokens',
      unit: '1M input tokens',
      quantity: uncachedMillions,
      unitPriceUsd: price.usdPerMillionInputTokens,
      monthlyCostUsd: tokensCostUsd(uncachedMillions * 1e6, price.usdPerMillionInputTokens),
      usageBased: true,
      source,
    },
  ];
  if (cachedMillions > 0) {
    components.push({
      name: `${price.id} cached input tokens`,
      category: 'tokens',
      unit: '1M cached input tokens',
      quantity: cachedMillions,
      unitPriceUsd: price.usdPerMillionCachedInputTokens,
      monthlyCostUsd: tokensCostUsd(cachedMillions * 1e6, price.usdPerMillionCachedInputTokens),
      usageBased: true,
      source,
    });
  }
  components.push({
    name: `${price.id} output tokens`,
    category: 'tokens',
    unit: '1M output tokens',
    quantity: outputMillions,
    unitPriceUsd: price.usdPerMillionOutputTokens,
    monthlyCostUsd: tokensCostUsd(outputMillions * 1e6, price.usdPerMillionOutputTokens),
    usageBased: true,
    source,
  });
  return components;
}

/**
 * Effective price per million tokens (input + output) for a workload's token mix.
 * @example
 * // 1,500 in (20% cached) + 500 out on GPT-4.1 ($2 / $0.50 / $8):
 * // (1200 x 2 + 300 x 0.5 + 500 x 8) / 2000 = (2400 + 150 + 4000) / 2000 = $3.275 per 1M tokens
 * effectiveUsdPerMillionTokens({ inputPerRequest: 1500, outputPerRequest: 500, cachedInputShare: 0.2 }, gpt41) === 3.275
 */
export function effectiveUsdPerMillionTokens(
  tokens: { inputPerRequest: number; outputPerRequest: number; cachedInputShare: number },
  price: TokenPrice,
): number {
  const cached = tokens.inputPerRequest * tokens.cachedInputShare;
  const uncached = tokens.inputPerRequest - cached;
  const usd =
    uncached * price.usdPerMillionInputTokens +
    cached * price.usdPerMillionCachedInputTokens +
    tokens.outputPerRequest * price.usdPerMillionOutputTokens;
  return usd / (tokens.inputPerRequest + tokens.outputPerRequest);
}
