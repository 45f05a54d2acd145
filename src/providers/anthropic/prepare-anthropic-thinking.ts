import { ProviderRequestError } from '../provider-errors.ts';
import type { AnthropicThinking } from './anthropic-api-types.ts';

/** `max_tokens` is required by the Messages API; this is sent when the client gave none. */
export const DEFAULT_ANTHROPIC_MAX_TOKENS = 4096;

/** Anthropic's smallest thinking budget (and `budget_tokens` must stay below `max_tokens`). */
export const MIN_THINKING_BUDGET_TOKENS = 1024;

/**
 * Thinking budget per OpenAI `reasoning_effort`. low / medium / high are LiteLLM's defaults
 * (`DEFAULT_REASONING_EFFORT_{LOW,MEDIUM,HIGH}_THINKING_BUDGET` = 1024 / 2048 / 4096 in
 * litellm/constants.py), so a route moved from LiteLLM thinks as much as before; `minimal` is
 * Anthropic's minimum (LiteLLM's 128 is below what the API accepts); `xhigh` doubles `high`.
 * `none` sends no thinking.
 */
export const THINKING_BUDGET_TOKENS_BY_EFFORT: Readonly<Record<string, number>> = {
  minimal: 1024,
  low: 1024,
  medium: 2048,
  high: 4096,
  xhigh: 8192,
};

/**
 * `max_tokens` and extended thinking for a request. Without `reasoning_effort` (or with
 * "none"): the client's max tokens, else 4096, and no thinking. With an effort: thinking with
 * that effort's budget. Anthropic counts thinking in `max_tokens` (as OpenAI counts reasoning in
 * `max_completion_tokens`), so when the client gave no maximum it is 4096 + the budget (the
 * answer keeps its 4096); when the client's maximum is not above the budget, the budget is cut to
 * half of it (at least 1024), and a maximum of 1024 or less cannot think at all (a 400).
 *
 * Example: effort "high", no maximum -> budget 4096, max_tokens 8192; effort "medium",
 * max_completion_tokens 3000 -> budget 2048, max_tokens 3000; effort "high", 3000 -> budget 1500.
 */
export function prepareAnthropicThinking(
  reasoningEffort: string | null | undefined,
  clientMaxTokens: number | undefined,
  maxTokensField: string,
): { maxTokens: number; thinking: AnthropicThinking | undefined } {
  if (reasoningEffort === undefined || reasoningEffort === null || reasoningEffort === 'none')
    return { maxTokens: clientMaxTokens ?? DEFAULT_ANTHROPIC_MAX_TOKENS, thinking: undefined };
  const budgetTokens = THINKING_BUDGET_TOKENS_BY_EFFORT[reasoningEffort];
  if (budgetTokens === undefined)
    throw new ProviderRequestError(
      'reasoning_effort',
      `${JSON.stringify(reasoningEffort)} is not supported; allowed: none, ${Object.keys(THINKING_BUDGET_TOKENS_BY_EFFORT).join(', ')}`,
    );
  if (clientMaxTokens === undefined)
    return {
      maxTokens: DEFAULT_ANTHROPIC_MAX_TOKENS + budgetTokens,
      thinking: { type: 'enabled', budget_tokens: budgetTokens },
    };
  if (clientMaxTokens > budgetTokens)
    return { maxTokens: clientMaxTokens, thinking: { type: 'enabled', budget_tokens: budgetTokens } };
  if (clientMaxTokens <= MIN_THINKING_BUDGET_TOKENS)
    throw new ProviderRequestError(
      maxTokensField,
      `${clientMaxTokens} leaves no room to think: with reasoning_effort, Anthropic needs a thinking budget of at least ${MIN_THINKING_BUDGET_TOKENS} tokens below max_tokens`,
    );
  const reducedBudget = Math.max(MIN_THINKING_BUDGET_TOKENS, Math.floor(clientMaxTokens / 2));
  return { maxTokens: clientMaxTokens, thinking: { type: 'enabled', budget_tokens: reducedBudget } };
}
