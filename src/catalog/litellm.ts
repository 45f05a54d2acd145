/**
 * Importer for LiteLLM's `model_prices_and_context_window.json`: a map from model name
 * to per-token prices. Many teams already maintain one; its entries become catalog
 * entries (prices converted from USD per token to USD per million tokens).
 */
import { z } from 'zod';
import type { TokenPricedModel } from './types.ts';

const litellmEntrySchema = z
  .object({
    input_cost_per_token: z.number().nonnegative(),
    output_cost_per_token: z.number().nonnegative(),
    cache_read_input_token_cost: z.number().nonnegative().optional(),
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
    const provider = entry.litellm_provider ?? (name.includes('/') ? name.split('/')[0] : 'unknown');
    const bareName = name.includes('/') && name.startsWith(`${provider}/`) ? name.slice(provider.length + 1) : name;
    const hostedOpen = hostedOpenProviders.has(provider);
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
      ...(entry.max_input_tokens !== undefined ? { maxContextTokens: entry.max_input_tokens } : {}),
      source: options.sourceName,
      asOf: options.asOf,
    });
  }
  return { entries, skipped };
}
