/**
 * Frontier API models in today's catalog: our catalog ids mapped to `@pydantic/genai-prices`
 * model ids. The prices (input, output, cache read and write, context tiers, the date each
 * price took effect) come from the package's bundled data on the plan's date; what the
 * package does not know is ours and stated here:
 *
 * - TTFT p50/p95 are planning defaults for short prompts (not measurements, not guarantees):
 *   the 2025-06-01 catalog's figures for the models it had; for newer models the figure of
 *   the nearest older model of the same tier at the same provider (GPT-5 family at its
 *   lowest reasoning effort like o3's tier for the flagship, like GPT-4.1's for mini/nano).
 * - residency: OpenAI offers US and EU data residency (OpenAI's data-residency page);
 *   Anthropic and Google's Gemini API are listed without a residency commitment.
 * - `deprecationDate` where LiteLLM's price map gives one (model_prices_and_context_window.json,
 *   BerriAI/litellm @ 00035b69, read 2026-12-01): claude-opus-4 and claude-sonnet-4 retire
 *   2026-05-14, claude-opus-4-1 2026-08-05.
 * - `maxContextTokens` only where the package lists none (the 2025-06-01 catalog's figure).
 *
 * The 2025-06-01 rows are kept verbatim in data/snapshot-2025-06-01.ts.
 */
import type { PackageMapping } from './genai-prices.ts';

const openAi = {
  provider: 'openai',
  packageProvider: 'openai',
  kind: 'frontier-api' as const,
  residencyRegions: ['us', 'eu'],
  servesCustomWeights: false,
  pinnedWeights: false,
};
const anthropic = {
  provider: 'anthropic',
  packageProvider: 'anthropic',
  kind: 'frontier-api' as const,
  residencyRegions: [] as string[],
  servesCustomWeights: false,
  pinnedWeights: false,
};
const google = {
  provider: 'google',
  packageProvider: 'google',
  kind: 'frontier-api' as const,
  residencyRegions: [] as string[],
  servesCustomWeights: false,
  pinnedWeights: false,
};

const flagship = { ttftP50Ms: 2500, ttftP95Ms: 9000 };
const mid = { ttftP50Ms: 450, ttftP95Ms: 1100 };
const small = { ttftP50Ms: 350, ttftP95Ms: 900 };
const tiny = { ttftP50Ms: 300, ttftP95Ms: 800 };

function openAiModel(name: string, latency: { ttftP50Ms: number; ttftP95Ms: number }): PackageMapping {
  return { ...openAi, ...latency, id: `openai/${name}`, apiModelName: name, packageModel: name };
}

export const frontierApiMappings: PackageMapping[] = [
  openAiModel('gpt-5.5', flagship),
  openAiModel('gpt-5.4', flagship),
  openAiModel('gpt-5.4-mini', small),
  openAiModel('gpt-5.4-nano', tiny),
  openAiModel('gpt-5.2', flagship),
  openAiModel('gpt-5', flagship),
  openAiModel('gpt-5-mini', small),
  openAiModel('gpt-5-nano', tiny),
  { ...openAiModel('gpt-4.1', mid), maxContextTokens: 1_047_576 },
  { ...openAiModel('gpt-4.1-mini', small), maxContextTokens: 1_047_576 },
  { ...openAiModel('gpt-4.1-nano', tiny), maxContextTokens: 1_047_576 },
  openAiModel('gpt-4o', mid),
  openAiModel('gpt-4o-mini', small),
  openAiModel('o3', flagship),
  openAiModel('o4-mini', { ttftP50Ms: 1500, ttftP95Ms: 5000 }),

  {
    ...anthropic,
    id: 'anthropic/claude-opus-4.8',
    apiModelName: 'claude-opus-4-8',
    packageModel: 'claude-opus-4-8',
    ttftP50Ms: 900,
    ttftP95Ms: 2200,
  },
  {
    ...anthropic,
    id: 'anthropic/claude-opus-4.5',
    apiModelName: 'claude-opus-4-5',
    packageModel: 'claude-opus-4-5',
    ttftP50Ms: 900,
    ttftP95Ms: 2200,
  },
  {
    ...anthropic,
    id: 'anthropic/claude-opus-4',
    apiModelName: 'claude-opus-4-20250514',
    packageModel: 'claude-opus-4-0',
    ttftP50Ms: 900,
    ttftP95Ms: 2200,
    deprecationDate: '2026-05-14',
  },
  {
    ...anthropic,
    id: 'anthropic/claude-opus-4.1',
    apiModelName: 'claude-opus-4-1-20250805',
    packageModel: 'claude-opus-4-1',
    ttftP50Ms: 900,
    ttftP95Ms: 2200,
    deprecationDate: '2026-08-05',
  },
  {
    ...anthropic,
    id: 'anthropic/claude-sonnet-4.6',
    apiModelName: 'claude-sonnet-4-6',
    packageModel: 'claude-sonnet-4-6',
    ttftP50Ms: 600,
    ttftP95Ms: 1500,
  },
  {
    ...anthropic,
    id: 'anthropic/claude-sonnet-4.5',
    apiModelName: 'claude-sonnet-4-5',
    packageModel: 'claude-sonnet-4-5',
    ttftP50Ms: 600,
    ttftP95Ms: 1500,
  },
  {
    ...anthropic,
    id: 'anthropic/claude-sonnet-4',
    apiModelName: 'claude-sonnet-4-20250514',
    packageModel: 'claude-sonnet-4-0',
    ttftP50Ms: 600,
    ttftP95Ms: 1500,
    deprecationDate: '2026-05-14',
  },
  {
    ...anthropic,
    id: 'anthropic/claude-haiku-4.5',
    apiModelName: 'claude-haiku-4-5',
    packageModel: 'claude-haiku-4-5',
    ttftP50Ms: 450,
    ttftP95Ms: 1100,
  },
  {
    ...anthropic,
    id: 'anthropic/claude-3.5-haiku',
    apiModelName: 'claude-3-5-haiku-20241022',
    packageModel: 'claude-3-5-haiku-latest',
    ttftP50Ms: 450,
    ttftP95Ms: 1100,
  },

  {
    ...google,
    id: 'google/gemini-3.1-pro',
    apiModelName: 'gemini-3.1-pro-preview',
    packageModel: 'gemini-3.1-pro-preview',
    ttftP50Ms: 1500,
    ttftP95Ms: 4000,
    maxContextTokens: 1_048_576,
  },
  {
    ...google,
    id: 'google/gemini-3-pro',
    apiModelName: 'gemini-3-pro-preview',
    packageModel: 'gemini-3-pro-preview',
    ttftP50Ms: 1500,
    ttftP95Ms: 4000,
    maxContextTokens: 1_048_576,
  },
  {
    ...google,
    id: 'google/gemini-3-flash',
    apiModelName: 'gemini-3-flash-preview',
    packageModel: 'gemini-3-flash-preview',
    ttftP50Ms: 500,
    ttftP95Ms: 1300,
  },
  {
    ...google,
    id: 'google/gemini-2.5-pro',
    apiModelName: 'gemini-2.5-pro',
    packageModel: 'gemini-2.5-pro',
    ttftP50Ms: 1500,
    ttftP95Ms: 4000,
    maxContextTokens: 1_048_576,
  },
  {
    ...google,
    id: 'google/gemini-2.5-flash',
    apiModelName: 'gemini-2.5-flash',
    packageModel: 'gemini-2.5-flash',
    ttftP50Ms: 500,
    ttftP95Ms: 1300,
  },
  {
    ...google,
    id: 'google/gemini-2.5-flash-lite',
    apiModelName: 'gemini-2.5-flash-lite',
    packageModel: 'gemini-2.5-flash-lite',
    ttftP50Ms: 400,
    ttftP95Ms: 1000,
  },
];
