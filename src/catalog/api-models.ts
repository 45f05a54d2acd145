/**
 * Built-in, dated per-token prices: frontier API models and hosted-open providers.
 * List prices as published by each provider on the `asOf` date; override them with a
 * user catalog file (`--catalog my-prices.yaml`) or a LiteLLM price JSON.
 * Latency figures are typical TTFT for short prompts, from public provider dashboards
 * and independent measurements; they are planning defaults, not guarantees.
 */
import type { TokenPricedModel } from './types.ts';

const openAi = { source: 'OpenAI API pricing page', asOf: '2025-06-01', provider: 'openai', kind: 'frontier-api' as const, residencyRegions: ['us', 'eu'], servesCustomWeights: false, pinnedWeights: false };
const anthropic = { source: 'Anthropic API pricing page', asOf: '2025-06-01', provider: 'anthropic', kind: 'frontier-api' as const, residencyRegions: [] as string[], servesCustomWeights: false, pinnedWeights: false };
const google = { source: 'Google Gemini API pricing page', asOf: '2025-06-01', provider: 'google', kind: 'frontier-api' as const, residencyRegions: [] as string[], servesCustomWeights: false, pinnedWeights: false };
const together = { source: 'Together AI pricing page', asOf: '2025-06-01', provider: 'together', kind: 'hosted-open' as const, residencyRegions: [] as string[], servesCustomWeights: true, pinnedWeights: true };
const fireworks = { source: 'Fireworks AI pricing page', asOf: '2025-06-01', provider: 'fireworks', kind: 'hosted-open' as const, residencyRegions: [] as string[], servesCustomWeights: true, pinnedWeights: true };
const groq = { source: 'Groq pricing page', asOf: '2025-06-01', provider: 'groq', kind: 'hosted-open' as const, residencyRegions: [] as string[], servesCustomWeights: false, pinnedWeights: true };

export const builtInTokenPricedModels: TokenPricedModel[] = [
  { ...openAi, id: 'openai/gpt-4.1', apiModelName: 'gpt-4.1', usdPerMillionInputTokens: 2, usdPerMillionOutputTokens: 8, usdPerMillionCachedInputTokens: 0.5, ttftP50Ms: 450, ttftP95Ms: 1100 },
  { ...openAi, id: 'openai/gpt-4.1-mini', apiModelName: 'gpt-4.1-mini', usdPerMillionInputTokens: 0.4, usdPerMillionOutputTokens: 1.6, usdPerMillionCachedInputTokens: 0.1, ttftP50Ms: 350, ttftP95Ms: 900 },
  { ...openAi, id: 'openai/gpt-4.1-nano', apiModelName: 'gpt-4.1-nano', usdPerMillionInputTokens: 0.1, usdPerMillionOutputTokens: 0.4, usdPerMillionCachedInputTokens: 0.025, ttftP50Ms: 300, ttftP95Ms: 800 },
  { ...openAi, id: 'openai/gpt-4o', apiModelName: 'gpt-4o', usdPerMillionInputTokens: 2.5, usdPerMillionOutputTokens: 10, usdPerMillionCachedInputTokens: 1.25, ttftP50Ms: 450, ttftP95Ms: 1100 },
  { ...openAi, id: 'openai/gpt-4o-mini', apiModelName: 'gpt-4o-mini', usdPerMillionInputTokens: 0.15, usdPerMillionOutputTokens: 0.6, usdPerMillionCachedInputTokens: 0.075, ttftP50Ms: 350, ttftP95Ms: 900 },
  { ...openAi, id: 'openai/o3', apiModelName: 'o3', usdPerMillionInputTokens: 2, usdPerMillionOutputTokens: 8, usdPerMillionCachedInputTokens: 0.5, ttftP50Ms: 2500, ttftP95Ms: 9000 },
  { ...anthropic, id: 'anthropic/claude-sonnet-4', apiModelName: 'claude-sonnet-4-20250514', usdPerMillionInputTokens: 3, usdPerMillionOutputTokens: 15, usdPerMillionCachedInputTokens: 0.3, ttftP50Ms: 600, ttftP95Ms: 1500 },
  { ...anthropic, id: 'anthropic/claude-opus-4', apiModelName: 'claude-opus-4-20250514', usdPerMillionInputTokens: 15, usdPerMillionOutputTokens: 75, usdPerMillionCachedInputTokens: 1.5, ttftP50Ms: 900, ttftP95Ms: 2200 },
  { ...anthropic, id: 'anthropic/claude-3.5-haiku', apiModelName: 'claude-3-5-haiku-20241022', usdPerMillionInputTokens: 0.8, usdPerMillionOutputTokens: 4, usdPerMillionCachedInputTokens: 0.08, ttftP50Ms: 450, ttftP95Ms: 1100 },
  { ...google, id: 'google/gemini-2.5-pro', apiModelName: 'gemini-2.5-pro', usdPerMillionInputTokens: 1.25, usdPerMillionOutputTokens: 10, usdPerMillionCachedInputTokens: 0.31, ttftP50Ms: 1500, ttftP95Ms: 4000 },
  { ...google, id: 'google/gemini-2.5-flash', apiModelName: 'gemini-2.5-flash', usdPerMillionInputTokens: 0.3, usdPerMillionOutputTokens: 2.5, usdPerMillionCachedInputTokens: 0.075, ttftP50Ms: 500, ttftP95Ms: 1300 },

  { ...together, id: 'together/llama-3.1-8b', openModel: 'llama-3.1-8b', apiModelName: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', usdPerMillionInputTokens: 0.18, usdPerMillionOutputTokens: 0.18, usdPerMillionCachedInputTokens: 0.18, ttftP50Ms: 250, ttftP95Ms: 600 },
  { ...together, id: 'together/llama-3.1-70b', openModel: 'llama-3.1-70b', apiModelName: 'meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo', usdPerMillionInputTokens: 0.88, usdPerMillionOutputTokens: 0.88, usdPerMillionCachedInputTokens: 0.88, ttftP50Ms: 350, ttftP95Ms: 800 },
  { ...together, id: 'together/llama-3.3-70b', openModel: 'llama-3.3-70b', apiModelName: 'meta-llama/Llama-3.3-70B-Instruct-Turbo', usdPerMillionInputTokens: 0.88, usdPerMillionOutputTokens: 0.88, usdPerMillionCachedInputTokens: 0.88, ttftP50Ms: 350, ttftP95Ms: 800 },
  { ...together, id: 'together/llama-3.1-405b', openModel: 'llama-3.1-405b', apiModelName: 'meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', usdPerMillionInputTokens: 3.5, usdPerMillionOutputTokens: 3.5, usdPerMillionCachedInputTokens: 3.5, ttftP50Ms: 600, ttftP95Ms: 1500 },
  { ...together, id: 'together/qwen-2.5-72b', openModel: 'qwen-2.5-72b', apiModelName: 'Qwen/Qwen2.5-72B-Instruct-Turbo', usdPerMillionInputTokens: 1.2, usdPerMillionOutputTokens: 1.2, usdPerMillionCachedInputTokens: 1.2, ttftP50Ms: 400, ttftP95Ms: 900 },
  { ...together, id: 'together/qwen-2.5-7b', openModel: 'qwen-2.5-7b', apiModelName: 'Qwen/Qwen2.5-7B-Instruct-Turbo', usdPerMillionInputTokens: 0.3, usdPerMillionOutputTokens: 0.3, usdPerMillionCachedInputTokens: 0.3, ttftP50Ms: 250, ttftP95Ms: 600 },
  { ...together, id: 'together/mixtral-8x7b', openModel: 'mixtral-8x7b', apiModelName: 'mistralai/Mixtral-8x7B-Instruct-v0.1', usdPerMillionInputTokens: 0.6, usdPerMillionOutputTokens: 0.6, usdPerMillionCachedInputTokens: 0.6, ttftP50Ms: 300, ttftP95Ms: 700 },
  { ...together, id: 'together/deepseek-v3', openModel: 'deepseek-v3', apiModelName: 'deepseek-ai/DeepSeek-V3', usdPerMillionInputTokens: 1.25, usdPerMillionOutputTokens: 1.25, usdPerMillionCachedInputTokens: 1.25, ttftP50Ms: 700, ttftP95Ms: 2000 },
  { ...fireworks, id: 'fireworks/llama-3.1-70b', openModel: 'llama-3.1-70b', apiModelName: 'accounts/fireworks/models/llama-v3p1-70b-instruct', usdPerMillionInputTokens: 0.9, usdPerMillionOutputTokens: 0.9, usdPerMillionCachedInputTokens: 0.45, ttftP50Ms: 300, ttftP95Ms: 750 },
  { ...fireworks, id: 'fireworks/llama-3.1-8b', openModel: 'llama-3.1-8b', apiModelName: 'accounts/fireworks/models/llama-v3p1-8b-instruct', usdPerMillionInputTokens: 0.2, usdPerMillionOutputTokens: 0.2, usdPerMillionCachedInputTokens: 0.1, ttftP50Ms: 200, ttftP95Ms: 500 },
  { ...fireworks, id: 'fireworks/gpt-oss-120b', openModel: 'gpt-oss-120b', apiModelName: 'accounts/fireworks/models/gpt-oss-120b', usdPerMillionInputTokens: 0.15, usdPerMillionOutputTokens: 0.6, usdPerMillionCachedInputTokens: 0.15, ttftP50Ms: 300, ttftP95Ms: 800 },
  { ...groq, id: 'groq/llama-3.3-70b', openModel: 'llama-3.3-70b', apiModelName: 'llama-3.3-70b-versatile', usdPerMillionInputTokens: 0.59, usdPerMillionOutputTokens: 0.79, usdPerMillionCachedInputTokens: 0.59, ttftP50Ms: 150, ttftP95Ms: 450 },
  { ...groq, id: 'groq/llama-3.1-8b', openModel: 'llama-3.1-8b', apiModelName: 'llama-3.1-8b-instant', usdPerMillionInputTokens: 0.05, usdPerMillionOutputTokens: 0.08, usdPerMillionCachedInputTokens: 0.05, ttftP50Ms: 100, ttftP95Ms: 300 },
  { ...groq, id: 'groq/gpt-oss-20b', openModel: 'gpt-oss-20b', apiModelName: 'openai/gpt-oss-20b', usdPerMillionInputTokens: 0.1, usdPerMillionOutputTokens: 0.5, usdPerMillionCachedInputTokens: 0.1, ttftP50Ms: 120, ttftP95Ms: 350 },
];
