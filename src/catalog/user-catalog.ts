/**
 * A user's own catalog file (YAML or JSON): entries with a known id replace the
 * built-in ones, new ids are added. Or a LiteLLM price map, detected by its shape.
 */
import { z } from 'zod';
import { problemsFromZod, type ValidationProblem } from '../core/workload/parse.ts';
import type { CatalogOverrides } from './catalog.ts';
import { gpuProviderClasses } from '../core/vocabulary.ts';
import { importLitellmPriceMap, isLitellmPriceMap } from './litellm.ts';
import type { GpuOffer, TokenPricedModel } from './types.ts';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'asOf must be a date like 2025-06-01' });
const price = z.number().nonnegative({ error: 'prices must be 0 or more' });

const contextTierSchema = z
  .object({
    aboveInputTokens: z.number().int().positive(),
    usdPerMillionInputTokens: price,
    usdPerMillionOutputTokens: price,
    usdPerMillionCachedInputTokens: price.optional(),
    usdPerMillionCacheWriteInputTokens: price.optional(),
  })
  .strict();

const tokenPricedSchema = z
  .object({
    id: z.string().regex(/^[^/]+\/.+$/, { error: "id must look like 'provider/model'" }),
    kind: z.enum(['frontier-api', 'hosted-open']),
    apiModelName: z.string().optional(),
    openModel: z.string().optional(),
    usdPerMillionInputTokens: price,
    usdPerMillionOutputTokens: price,
    usdPerMillionCachedInputTokens: price.optional(),
    /** Price of a prompt-cache write, where billed apart from input. */
    usdPerMillionCacheWriteInputTokens: price.optional(),
    /** Prices above a prompt length (lowest first). */
    contextTiers: z.array(contextTierSchema).optional(),
    priceSince: isoDate.optional(),
    deprecationDate: isoDate.optional(),
    deprecated: z.boolean().optional(),
    ttftP50Ms: z.number().positive().default(500),
    ttftP95Ms: z.number().positive().default(1200),
    residencyRegions: z.array(z.string()).default([]),
    servesCustomWeights: z.boolean().default(false),
    pinnedWeights: z.boolean().optional(),
    /** The provider's context window (prompt + output tokens); absent: not checked. */
    maxContextTokens: z
      .number()
      .int()
      .positive({ error: 'maxContextTokens must be a whole number above 0' })
      .optional(),
    source: z.string().min(1, { error: 'every entry needs a source' }),
    asOf: isoDate,
  })
  .strict();

const range = z.object({ low: price, high: price }).strict();
const gpuOfferSchema = z
  .object({
    id: z.string().regex(/^[^/]+\/.+$/, { error: "id must look like 'cloud/gpu'" }),
    cloud: z.string(),
    gpu: z.string(),
    instanceType: z.string().default('custom'),
    gpusPerInstance: z.number().int().positive().default(1),
    providerClass: z.enum(gpuProviderClasses).optional(),
    wholeInstancesOnly: z.boolean().optional(),
    /** Each tier the offer sells (at least one). */
    usdPerGpuHour: z
      .object({ 'on-demand': range.optional(), reserved: range.optional(), spot: range.optional() })
      .strict()
      .refine((tiers) => Object.values(tiers).some((tier) => tier !== undefined), {
        error: 'an offer needs at least one of on-demand, reserved, spot',
      }),
    source: z.string().min(1),
    asOf: isoDate,
  })
  .strict();

const userCatalogSchema = z
  .object({ tokenPriced: z.array(tokenPricedSchema).default([]), gpuOffers: z.array(gpuOfferSchema).default([]) })
  .strict();

export type UserCatalogResult =
  | { ok: true; overrides: CatalogOverrides; format: 'switchyard' | 'litellm'; skipped: string[] }
  | { ok: false; problems: ValidationProblem[] };

/**
 * Parses a user catalog document (already parsed from YAML/JSON).
 * @example parseUserCatalog({ tokenPriced: [{ id: 'openai/gpt-4.1', kind: 'frontier-api', usdPerMillionInputTokens: 1.8, usdPerMillionOutputTokens: 7.2, source: 'our contract', asOf: '2026-01-01' }] }, ...)
 */
export function parseUserCatalog(
  document: unknown,
  options: { fileDate: string; fileName: string; knownOpenModels: string[] },
): UserCatalogResult {
  if (isLitellmPriceMap(document)) {
    const imported = importLitellmPriceMap(document as Record<string, unknown>, {
      asOf: options.fileDate,
      sourceName: `LiteLLM price map ${options.fileName}`,
      knownOpenModels: options.knownOpenModels,
    });
    return { ok: true, overrides: { tokenPriced: imported.entries }, format: 'litellm', skipped: imported.skipped };
  }
  const parsed = userCatalogSchema.safeParse(document);
  if (!parsed.success) return { ok: false, problems: problemsFromZod(parsed.error, document) };
  return {
    ok: true,
    format: 'switchyard',
    skipped: [],
    overrides: {
      tokenPriced: parsed.data.tokenPriced.map((entry) => ({
        ...entry,
        provider: entry.id.split('/')[0],
        apiModelName: entry.apiModelName ?? entry.id.split('/').slice(1).join('/'),
        usdPerMillionCachedInputTokens: entry.usdPerMillionCachedInputTokens ?? entry.usdPerMillionInputTokens,
        pinnedWeights: entry.pinnedWeights ?? entry.kind === 'hosted-open',
      })),
      gpuOffers: parsed.data.gpuOffers,
    },
  };
}

/** A user catalog document as written by `catalog update` (the shape `parseUserCatalog` reads). */
export interface UserCatalogDocument {
  tokenPriced: Array<Omit<TokenPricedModel, 'provider'>>;
  gpuOffers: GpuOffer[];
}

/**
 * What `catalog update` writes: the existing user catalog's entries with the imported ones
 * merged over them (same id replaces, new id adds), in id order, `provider` left out (the
 * id says it). `keep` decides which imported per-token entries are kept.
 * @example
 * // existing: [openai/gpt-4.1 at $1.80 (our contract)]; imported: [openai/gpt-4.1 at $2, deepinfra/...]
 * updatedUserCatalog({ tokenPriced: [contract], gpuOffers: [] }, { tokenPriced: [list, deepInfra] }, () => true).tokenPriced.map((entry) => entry.id)
 * // ['deepinfra/...', 'openai/gpt-4.1'] (the imported list price replaces the contract row)
 */
export function updatedUserCatalog(
  existing: CatalogOverrides,
  imported: CatalogOverrides,
  keep: (entry: TokenPricedModel) => boolean,
): { document: UserCatalogDocument; added: string[]; replaced: string[] } {
  const byId = new Map((existing.tokenPriced ?? []).map((entry) => [entry.id, entry]));
  const added: string[] = [];
  const replaced: string[] = [];
  for (const entry of (imported.tokenPriced ?? []).filter(keep)) {
    (byId.has(entry.id) ? replaced : added).push(entry.id);
    byId.set(entry.id, entry);
  }
  const offers = new Map((existing.gpuOffers ?? []).map((offer) => [offer.id, offer]));
  for (const offer of imported.gpuOffers ?? []) offers.set(offer.id, offer);
  const tokenPriced = [...byId.values()]
    .sort((left, right) => left.id.localeCompare(right.id))
    .map(({ provider: _provider, ...entry }) => entry);
  return {
    document: { tokenPriced, gpuOffers: [...offers.values()].sort((left, right) => left.id.localeCompare(right.id)) },
    added,
    replaced,
  };
}
