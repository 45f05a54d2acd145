import type { ChatCompletionResponse, Usage } from '../types.ts';
import { asRecord, countOr } from '../provider-errors.ts';

/**
 * Maps an OpenAI `usage` object to our `Usage`. `prompt_tokens` already includes the cached
 * ones, so `inputTokens` is all prompt tokens and `cachedInputTokens` the part served from cache.
 *
 * Example: `{ prompt_tokens: 1200, completion_tokens: 80, prompt_tokens_details: { cached_tokens: 1024 } }`
 * gives `{ inputTokens: 1200, outputTokens: 80, cachedInputTokens: 1024, estimated: false }`.
 * Returns undefined when `usage` is absent or null (OpenAI sends `usage: null` on every chunk
 * but the last when `include_usage` is on).
 */
export function mapOpenAIUsage(usage: unknown): Usage | undefined {
  const record = asRecord(usage);
  if (record === undefined) return undefined;
  const details = asRecord(record.prompt_tokens_details);
  return {
    inputTokens: countOr(record.prompt_tokens, 0),
    outputTokens: countOr(record.completion_tokens, 0),
    cachedInputTokens: details === undefined ? 0 : countOr(details.cached_tokens, 0),
    estimated: false,
  };
}

/**
 * The OpenAI `usage` object for a `Usage` (the inverse of `mapOpenAIUsage`).
 *
 * Example: `{ inputTokens: 1200, outputTokens: 80, cachedInputTokens: 1024 }` gives
 * `{ prompt_tokens: 1200, completion_tokens: 80, total_tokens: 1280, prompt_tokens_details: { cached_tokens: 1024 } }`.
 */
export function toOpenAIUsage(usage: Usage): NonNullable<ChatCompletionResponse['usage']> {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
  };
}
