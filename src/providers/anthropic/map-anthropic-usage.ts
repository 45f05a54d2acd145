import type { Usage } from '../types.ts';
import type { AnthropicUsage } from './anthropic-api-types.ts';

/**
 * Maps Anthropic usage to ours. Anthropic's `input_tokens` excludes the tokens read from or
 * written to the prompt cache, so our `inputTokens` (all prompt tokens, as OpenAI counts them)
 * adds both back, and `cachedInputTokens` is the cache reads.
 *
 * Example: `{ input_tokens: 50, cache_read_input_tokens: 1000, cache_creation_input_tokens: 200, output_tokens: 30 }`
 * gives `{ inputTokens: 1250, outputTokens: 30, cachedInputTokens: 1000, estimated: false }`.
 */
export function mapAnthropicUsage(usage: AnthropicUsage): Usage {
  const cacheReadTokens = usage.cache_read_input_tokens ?? 0;
  const cacheWriteTokens = usage.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: (usage.input_tokens ?? 0) + cacheReadTokens + cacheWriteTokens,
    outputTokens: usage.output_tokens ?? 0,
    cachedInputTokens: cacheReadTokens,
    estimated: false,
  };
}
