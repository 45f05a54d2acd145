/**
 * Hosted-open offers, snapshot of 2026-12-01: open models served per token by Together,
 * Fireworks, Groq, DeepInfra, Novita and Cerebras. Two sources, each named on every row:
 *
 * - Together, Fireworks, Groq, Novita and Cerebras are priced from `@pydantic/genai-prices`
 *   (the mappings below; the package's bundled data, so its version pins the numbers).
 *   A provider's model that the package does not list is not offered here (e.g. Together's
 *   Qwen3 and DeepSeek endpoints: not in the package, not verified).
 * - DeepInfra is not in the package: its rows are our own, copied from LiteLLM's
 *   model_prices_and_context_window.json (BerriAI/litellm @ 00035b69, read 2026-12-01;
 *   USD per token x 1e6), including its `max_input_tokens` as the context window and its
 *   `cache_read_input_token_cost` where it lists one.
 *
 * TTFT p50/p95 are planning defaults (not measurements): the 2025-06-01 catalog's figures
 * for the provider and model size where it had them (Together 70B 350/800, 8B 250/600; Groq
 * 150/450 and 100/300; Fireworks 300/750 and 200/500), and for large MoE models (DeepSeek
 * V3/R1, Qwen3-235B, Llama 4 Maverick) the 2025-06-01 DeepSeek V3 figure (700/2000).
 * `servesCustomWeights`: Together, Fireworks and DeepInfra deploy customers' fine-tunes
 * (their dedicated-deployment pages); Groq, Novita and Cerebras serve their own catalogue.
 * Refresh: `switchyard catalog update --from model_prices_and_context_window.json`.
 */
import type { PackageMapping } from '../genai-prices.ts';
import type { TokenPricedModel } from '../types.ts';

export const HOSTED_OPEN_SNAPSHOT_DATE = '2026-12-01';

type Latency = { ttftP50Ms: number; ttftP95Ms: number };
const small: Latency = { ttftP50Ms: 250, ttftP95Ms: 600 };
const large: Latency = { ttftP50Ms: 350, ttftP95Ms: 800 };
const moe: Latency = { ttftP50Ms: 700, ttftP95Ms: 2000 };
const lpuSmall: Latency = { ttftP50Ms: 100, ttftP95Ms: 300 };
const lpuLarge: Latency = { ttftP50Ms: 150, ttftP95Ms: 450 };

function host(
  provider: string,
  flags: { servesCustomWeights: boolean },
): (openModel: string, packageModel: string, latency: Latency, apiModelName?: string) => PackageMapping {
  const packageProvider = provider;
  return (openModel, packageModel, latency, apiModelName) => ({
    id: `${provider}/${openModel}`,
    kind: 'hosted-open',
    provider,
    packageProvider,
    packageModel,
    apiModelName: apiModelName ?? packageModel,
    openModel,
    residencyRegions: [],
    servesCustomWeights: flags.servesCustomWeights,
    pinnedWeights: true,
    ...latency,
  });
}

const together = host('together', { servesCustomWeights: true });
const fireworks = host('fireworks', { servesCustomWeights: true });
const groq = host('groq', { servesCustomWeights: false });
const novita = host('novita', { servesCustomWeights: false });
const cerebras = host('cerebras', { servesCustomWeights: false });
const fireworksName = (model: string) => `accounts/fireworks/models/${model}`;

export const hostedOpenMappings: PackageMapping[] = [
  together('llama-3.1-8b', 'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo', small),
  together('llama-3.1-70b', 'meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo', large),
  together('llama-3.3-70b', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', large),
  together('llama-3.1-405b', 'meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', { ttftP50Ms: 600, ttftP95Ms: 1500 }),
  together('llama-4-scout', 'meta-llama/Llama-4-Scout-17B-16E-Instruct', large),
  together('llama-4-maverick', 'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8', moe),

  fireworks(
    'llama-3.1-8b',
    'llama-v3p1-8b-instruct',
    { ttftP50Ms: 200, ttftP95Ms: 500 },
    fireworksName('llama-v3p1-8b-instruct'),
  ),
  fireworks('gpt-oss-20b', 'gpt-oss-20b', { ttftP50Ms: 200, ttftP95Ms: 500 }, fireworksName('gpt-oss-20b')),
  fireworks('gpt-oss-120b', 'gpt-oss-120b', { ttftP50Ms: 300, ttftP95Ms: 800 }, fireworksName('gpt-oss-120b')),
  fireworks('deepseek-v3', 'deepseek-v3-0324', moe, fireworksName('deepseek-v3-0324')),
  fireworks('deepseek-r1', 'deepseek-r1-0528', moe, fireworksName('deepseek-r1-0528')),
  fireworks('qwen3-235b-a22b', 'qwen3-235b-a22b', moe, fireworksName('qwen3-235b-a22b')),
  fireworks('llama-4-maverick', 'llama4-maverick-instruct-basic', moe, fireworksName('llama4-maverick-instruct-basic')),

  groq('llama-3.3-70b', 'llama-3.3-70b-versatile', lpuLarge),
  groq('llama-3.1-8b', 'llama-3.1-8b-instant', lpuSmall),
  groq('gpt-oss-20b', 'openai/gpt-oss-20b', { ttftP50Ms: 120, ttftP95Ms: 350 }),
  groq('gpt-oss-120b', 'openai/gpt-oss-120b', lpuLarge),
  groq('qwen3-32b', 'qwen/qwen3-32b', lpuLarge),
  groq('llama-4-scout', 'meta-llama/llama-4-scout-17b-16e-instruct', lpuLarge),
  groq('llama-4-maverick', 'meta-llama/llama-4-maverick-17b-128e-instruct', lpuLarge),

  novita('llama-3.1-8b', 'meta-llama/llama-3.1-8b-instruct', { ttftP50Ms: 300, ttftP95Ms: 800 }),
  novita('llama-3.1-70b', 'meta-llama/llama-3.1-70b-instruct', { ttftP50Ms: 400, ttftP95Ms: 1000 }),
  novita('llama-3.3-70b', 'meta-llama/llama-3.3-70b-instruct', { ttftP50Ms: 400, ttftP95Ms: 1000 }),
  novita('deepseek-v3', 'deepseek/deepseek_v3', moe),
  novita('deepseek-r1', 'deepseek/deepseek-r1', moe),

  cerebras('gpt-oss-120b', 'gpt-oss-120b', lpuSmall),
];

const deepInfraSource = 'LiteLLM model_prices_and_context_window.json (BerriAI/litellm @ 00035b69)';

function deepInfra(
  openModel: string,
  apiModelName: string,
  prices: { input: number; output: number; cachedInput?: number; contextTokens: number },
  latency: Latency,
): TokenPricedModel {
  return {
    id: `deepinfra/${openModel}`,
    kind: 'hosted-open',
    provider: 'deepinfra',
    apiModelName,
    openModel,
    usdPerMillionInputTokens: prices.input,
    usdPerMillionOutputTokens: prices.output,
    usdPerMillionCachedInputTokens: prices.cachedInput ?? prices.input,
    maxContextTokens: prices.contextTokens,
    residencyRegions: [],
    servesCustomWeights: true,
    pinnedWeights: true,
    ...latency,
    source: deepInfraSource,
    asOf: HOSTED_OPEN_SNAPSHOT_DATE,
  };
}

/** DeepInfra (USD per million tokens = LiteLLM's USD per token x 1e6). */
export const deepInfraOffers: TokenPricedModel[] = [
  deepInfra(
    'llama-3.1-8b',
    'meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo',
    { input: 0.02, output: 0.03, contextTokens: 131_072 },
    small,
  ),
  deepInfra(
    'llama-3.1-70b',
    'meta-llama/Meta-Llama-3.1-70B-Instruct-Turbo',
    { input: 0.1, output: 0.28, contextTokens: 131_072 },
    large,
  ),
  deepInfra(
    'llama-3.3-70b',
    'meta-llama/Llama-3.3-70B-Instruct-Turbo',
    { input: 0.13, output: 0.39, contextTokens: 131_072 },
    large,
  ),
  deepInfra(
    'llama-4-scout',
    'meta-llama/Llama-4-Scout-17B-16E-Instruct',
    { input: 0.08, output: 0.3, contextTokens: 327_680 },
    large,
  ),
  deepInfra(
    'llama-4-maverick',
    'meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8',
    { input: 0.15, output: 0.6, contextTokens: 1_048_576 },
    moe,
  ),
  deepInfra('qwen3-32b', 'Qwen/Qwen3-32B', { input: 0.1, output: 0.28, contextTokens: 40_960 }, large),
  deepInfra('qwen3-30b-a3b', 'Qwen/Qwen3-30B-A3B', { input: 0.08, output: 0.29, contextTokens: 40_960 }, large),
  deepInfra('qwen3-235b-a22b', 'Qwen/Qwen3-235B-A22B', { input: 0.18, output: 0.54, contextTokens: 40_960 }, moe),
  deepInfra('qwen-2.5-72b', 'Qwen/Qwen2.5-72B-Instruct', { input: 0.12, output: 0.39, contextTokens: 32_768 }, large),
  deepInfra('qwen-2.5-7b', 'Qwen/Qwen2.5-7B-Instruct', { input: 0.04, output: 0.1, contextTokens: 32_768 }, small),
  deepInfra(
    'mixtral-8x7b',
    'mistralai/Mixtral-8x7B-Instruct-v0.1',
    { input: 0.4, output: 0.4, contextTokens: 32_768 },
    large,
  ),
  deepInfra('deepseek-v3', 'deepseek-ai/DeepSeek-V3', { input: 0.38, output: 0.89, contextTokens: 163_840 }, moe),
  deepInfra(
    'deepseek-r1',
    'deepseek-ai/DeepSeek-R1-0528',
    { input: 0.5, output: 2.15, cachedInput: 0.4, contextTokens: 163_840 },
    moe,
  ),
  deepInfra('gpt-oss-20b', 'openai/gpt-oss-20b', { input: 0.04, output: 0.15, contextTokens: 131_072 }, small),
  deepInfra('gpt-oss-120b', 'openai/gpt-oss-120b', { input: 0.05, output: 0.45, contextTokens: 131_072 }, large),
];
