import type { Usage } from '../types.ts';
import type { AnthropicUsage } from './anthropic-api-types.ts';

/**
 * Maps Anthropic usage to ours. Anthropic's `input_tokens` excludes the tokens read from or
 * written to the prompt cache, so our `inputTokens` (all prompt tokens, as OpenAI counts them)
 * adds both back, `cachedInputTokens` is the cache reads and `cacheWriteInputTokens` the cache
 * writes (billed at a premium: 1.25x the input price for 5-minute entries; absent when none).
 *
 * Example: `{ input_tokens: 50, cache_read_input_tokens: 1000, cache_creation_input_tokens: 200, output_tokens: 30 }`
 * gives `{ inputTokens: 1250, outputTokens: 30, cachedInputTokens: 1000, cacheWriteInputTokens: 200, estimated: false }`.
 */
export function mapAnthropicUsage(usage: AnthropicUsage): Usage {
  const cacheReadTokens = usage.cache_read_input_tokens ?? 0;
  const cacheWriteTokens = usage.cache_creation_input_tokens ?? 0;
  const mapped: Usage = {
    inputTokens: (usage.input_tokens ?? 0) + cacheReadTokens + cacheWriteTokens,
    outputTokens: usage.output_tokens ?? 0,
    cachedInputTokens: cacheReadTokens,
    estimated: false,
  };
  if (cacheWriteTokens > 0) mapped.cacheWriteInputTokens = cacheWriteTokens;
  return mapped;
}
