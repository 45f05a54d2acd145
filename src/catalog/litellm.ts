/**
 * Importer for LiteLLM's `model_prices_and_context_window.json`: a map from model name
 * to per-token prices. Many teams already maintain one; its entries become catalog
 * entries (prices converted from USD per token to USD per million tokens), keeping what
 * the planner uses: cache reads (`cache_read_input_token_cost`), cache writes
 * (`cache_creation_input_token_cost`), context tiers (`input_cost_per_token_above_200k_tokens`
 * and the like, for input, output, cache read and cache write) and retirement dates
 * (`deprecation_date`). LiteLLM's provider names become ours where they differ
 * (`together_ai` -> `together`, `fireworks_ai` -> `fireworks`), so an imported entry
 * replaces the built-in one with the same id.
 */
import { z } from 'zod';
import type { ContextTierPrice, TokenPricedModel } from './types.ts';

const litellmEntrySchema = z
  .object({
    input_cost_per_token: z.number().nonnegative(),
    output_cost_per_token: z.number().nonnegative(),
    cache_read_input_token_cost: z.number().nonnegative().optional(),
    cache_creation_input_token_cost: z.number().nonnegative().optional().catch(undefined),
    /** YYYY-MM-DD; odd values are ignored, not fatal. */
    deprecation_date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional()
      .catch(undefined),
    /** The context window (LiteLLM: "max input tokens, if the provider specifies it"); odd values are ignored, not fatal. */
    max_input_tokens: z.number().int().positive().optional().catch(undefined),
    litellm_provider: z.string().optional(),
    mode: z.string().optional(),
  })
  .loose();

/** Providers that serve open-weight models per token (LiteLLM provider names). */
const hostedOpenProviders = new Set([
  'together_ai',
  'fireworks_ai',
  'groq',
  'deepinfra',
  'anyscale',
  'replicate',
  'cerebras',
  'sambanova',
  'novita',
  'hyperbolic',
  'nebius',
  'lambda_ai',
]);

/** True when a parsed JSON document looks like a LiteLLM price map. */
export function isLitellmPriceMap(document: unknown): boolean {
  if (document === null || typeof document !== 'object' || Array.isArray(document)) return false;
  return Object.values(document).some(
    (entry) => entry !== null && typeof entry === 'object' && 'input_cost_per_token' in entry,
  );
}

/** LiteLLM provider names that differ from the catalog's. */
const providerNames: Record<string, string> = { together_ai: 'together', fireworks_ai: 'fireworks' };

/** Context-tier price keys, e.g. `input_cost_per_token_above_200k_tokens`. */
const tierKey =
  /^(input|output|cache_read_input_token|cache_creation_input_token)_cost(?:_per_token)?_above_(\d+)k_tokens$/;

/**
 * The context tiers of a LiteLLM entry: one per `..._above_<N>k_tokens` threshold, prices per
 * million tokens, a price the entry does not tier staying at its base.
 * @example
 * litellmContextTiers({ input_cost_per_token: 3e-6, output_cost_per_token: 1.5e-5, input_cost_per_token_above_200k_tokens: 6e-6, output_cost_per_token_above_200k_tokens: 2.25e-5 })
 * // [{ aboveInputTokens: 200000, usdPerMillionInputTokens: 6, usdPerMillionOutputTokens: 22.5 }]
 */
export function litellmContextTiers(entry: Record<string, unknown>): ContextTierPrice[] {
  const byStart = new Map<number, Record<string, number>>();
  for (const [key, value] of Object.entries(entry)) {
    const match = tierKey.exec(key);
    if (!match || typeof value !== 'number' || !(value >= 0)) continue;
    const start = Number(match[2]) * 1000;
    byStart.set(start, { ...(byStart.get(start) ?? {}), [match[1]]: value * 1e6 });
  }
  const base = (key: string) => (typeof entry[key] === 'number' ? (entry[key] as number) * 1e6 : undefined);
  return [...byStart.entries()]
    .sort(([left], [right]) => left - right)
    .map(([start, prices]) => {
      const cached = prices.cache_read_input_token;
      const write = prices.cache_creation_input_token;
      return {
        aboveInputTokens: start,
        usdPerMillionInputTokens: prices.input ?? base('input_cost_per_token') ?? 0,
        usdPerMillionOutputTokens: prices.output ?? base('output_cost_per_token') ?? 0,
        ...(cached !== undefined ? { usdPerMillionCachedInputTokens: cached } : {}),
        ...(write !== undefined ? { usdPerMillionCacheWriteInputTokens: write } : {}),
      };
    });
}

function normalise(name: string): string {
  return name
    .toLowerCase()
    .replace(/[_\s]/g, '-')
    .replace(/meta-llama-/g, 'llama-')
    .replace(/llama-v3p1/g, 'llama-3.1')
    .replace(/llama-v3p3/g, 'llama-3.3')
    .replace(/qwen2\.5/g, 'qwen-2.5');
}

/**
 * Converts a LiteLLM price map. Only chat models with both prices are imported;
 * `knownOpenModels` (catalog ids such as `llama-3.1-70b`) are matched against hosted-open
 * model names so those entries join the right open model. `max_input_tokens` becomes the
 * entry's context window; `max_tokens` is not read: LiteLLM's spec calls it a legacy field
 * set to the output limit when the provider gives one (32,768 for gpt-4.1, whose context
 * is 1,047,576), so reading it as the context would wrongly rule providers out.
 *
 * @example
 * // { "gpt-4o": { input_cost_per_token: 2.5e-6, output_cost_per_token: 1e-5, max_input_tokens: 128000, litellm_provider: "openai", mode: "chat" } }
 * // -> [{ id: 'openai/gpt-4o', usdPerMillionInputTokens: 2.5, usdPerMillionOutputTokens: 10, maxContextTokens: 128000, ... }]
 * // "together_ai/meta-llama/Llama-3.3-70B-Instruct-Turbo" -> { id: 'together/meta-llama/Llama-3.3-70B-Instruct-Turbo', openModel: 'llama-3.3-70b', ... }
 */
export function importLitellmPriceMap(
  document: Record<string, unknown>,
  options: { asOf: string; sourceName: string; knownOpenModels: string[] },
): { entries: TokenPricedModel[]; skipped: string[] } {
  const entries: TokenPricedModel[] = [];
  const skipped: string[] = [];
  for (const [name, raw] of Object.entries(document)) {
    if (name === 'sample_spec') continue;
    const parsed = litellmEntrySchema.safeParse(raw);
    if (!parsed.success || (parsed.data.mode !== undefined && parsed.data.mode !== 'chat')) {
      skipped.push(name);
      continue;
    }
    const entry = parsed.data;
    const litellmProvider = entry.litellm_provider ?? (name.includes('/') ? name.split('/')[0] : 'unknown');
    const provider = providerNames[litellmProvider] ?? litellmProvider;
    const bareName =
      name.includes('/') && name.startsWith(`${litellmProvider}/`) ? name.slice(litellmProvider.length + 1) : name;
    const hostedOpen = hostedOpenProviders.has(litellmProvider);
    const contextTiers = litellmContextTiers(raw as Record<string, unknown>);
    const normalised = normalise(bareName);
    const openModel = hostedOpen
      ? [...options.knownOpenModels]
          .sort((left, right) => right.length - left.length)
          .find((id) => normalised.includes(id))
      : undefined;
    const usdPerMillionInputTokens = entry.input_cost_per_token * 1e6;
    entries.push({
      id: `${provider}/${bareName}`,
      kind: hostedOpen ? 'hosted-open' : 'frontier-api',
      provider,
      apiModelName: bareName,
      openModel,
      usdPerMillionInputTokens,
      usdPerMillionOutputTokens: entry.output_cost_per_token * 1e6,
      usdPerMillionCachedInputTokens:
        entry.cache_read_input_token_cost !== undefined
          ? entry.cache_read_input_token_cost * 1e6
          : usdPerMillionInputTokens,
      ttftP50Ms: hostedOpen ? 350 : 500,
      ttftP95Ms: hostedOpen ? 900 : 1200,
      residencyRegions: [],
      servesCustomWeights: false,
      pinnedWeights: hostedOpen,
      ...(entry.cache_creation_input_token_cost !== undefined
        ? { usdPerMillionCacheWriteInputTokens: entry.cache_creation_input_token_cost * 1e6 }
        : {}),
      ...(entry.max_input_tokens !== undefined ? { maxContextTokens: entry.max_input_tokens } : {}),
      ...(contextTiers.length > 0 ? { contextTiers } : {}),
      ...(entry.deprecation_date !== undefined ? { deprecationDate: entry.deprecation_date } : {}),
      source: options.sourceName,
      asOf: options.asOf,
    });
  }
  return { entries, skipped };
}
