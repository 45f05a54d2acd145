/**
 * The price catalog: built-in dated entries, optionally overridden by user entries
 * (same id replaces, new id adds), with lookups that suggest the nearest name.
 */
import { closestNames } from '../core/text/suggest.ts';
import { builtInTokenPricedModels } from './api-models.ts';
import { builtInGpuOffers } from './gpu-offers.ts';
import { CatalogLookupError } from './lookup-error.ts';
import type { GpuOffer, TokenPricedKind, TokenPricedModel } from './types.ts';

export interface Catalog {
  tokenPriced: TokenPricedModel[];
  gpuOffers: GpuOffer[];
  /** Cloud-managed endpoint markup over raw GPU cost; the seeds say 20-40%. */
  cloudManagedMarkup: { low: number; high: number; source: string; asOf: string };
}

export const builtInCatalog: Catalog = {
  tokenPriced: builtInTokenPricedModels,
  gpuOffers: builtInGpuOffers,
  cloudManagedMarkup: {
    low: 0.2,
    high: 0.4,
    source: 'seed articles: cloud-managed typically 20-40% over raw self-hosted',
    asOf: '2025-06-01',
  },
};

export interface CatalogOverrides {
  tokenPriced?: TokenPricedModel[];
  gpuOffers?: GpuOffer[];
}

/** Merges overrides into a catalog: an entry with a known id replaces it, a new id is added. */
export function mergeCatalog(base: Catalog, overrides: CatalogOverrides): Catalog {
  const merge = <T extends { id: string }>(entries: T[], extra: T[] | undefined): T[] => {
    if (!extra || extra.length === 0) return entries;
    const byId = new Map(entries.map((entry) => [entry.id, entry]));
    for (const entry of extra) byId.set(entry.id, entry);
    return [...byId.values()];
  };
  return {
    ...base,
    tokenPriced: merge(base.tokenPriced, overrides.tokenPriced),
    gpuOffers: merge(base.gpuOffers, overrides.gpuOffers),
  };
}

/**
 * Finds a per-token model by catalog id (`openai/gpt-4.1`), by the provider's model name
 * (`gpt-4.1`, `claude-sonnet-4-20250514`), or by bare name after the slash.
 * Throws CatalogLookupError with suggestions when unknown.
 */
export function findTokenPriced(catalog: Catalog, name: string, kind?: TokenPricedKind): TokenPricedModel {
  const found = lookupTokenPriced(catalog, name, kind);
  if (found) return found;
  const candidates = catalog.tokenPriced.filter((entry) => !kind || entry.kind === kind).map((entry) => entry.id);
  throw new CatalogLookupError(kind ? `${kind} model` : 'model', name, closestNames(name, candidates));
}

/** Like findTokenPriced but returns undefined when unknown (used on the gateway's hot path). */
export function lookupTokenPriced(
  catalog: Catalog,
  name: string,
  kind?: TokenPricedKind,
): TokenPricedModel | undefined {
  const lower = name.toLowerCase();
  const entries = catalog.tokenPriced.filter((entry) => !kind || entry.kind === kind);
  return (
    entries.find((entry) => entry.id.toLowerCase() === lower) ??
    entries.find((entry) => entry.apiModelName.toLowerCase() === lower) ??
    entries.find((entry) => entry.id.split('/')[1]?.toLowerCase() === lower)
  );
}

/** Hosted-open offers serving an open model, cheapest first (by blended 3:1 input:output price). */
export function hostedOpenOffers(catalog: Catalog, openModelId: string): TokenPricedModel[] {
  return catalog.tokenPriced
    .filter((entry) => entry.kind === 'hosted-open' && entry.openModel === openModelId)
    .sort((left, right) => blendedUsdPerMillionTokens(left, 3) - blendedUsdPerMillionTokens(right, 3));
}

/**
 * Blended price per million tokens for an input:output ratio.
 * @example blendedUsdPerMillionTokens({ usdPerMillionInputTokens: 2, usdPerMillionOutputTokens: 8 }, 3) === 3.5 // (3*2 + 8) / 4
 */
export function blendedUsdPerMillionTokens(
  entry: Pick<TokenPricedModel, 'usdPerMillionInputTokens' | 'usdPerMillionOutputTokens'>,
  inputPerOutput: number,
): number {
  return (inputPerOutput * entry.usdPerMillionInputTokens + entry.usdPerMillionOutputTokens) / (inputPerOutput + 1);
}

/** GPU offers for a GPU spec id; throws with suggestions when none. */
export function findGpuOffers(catalog: Catalog, gpuId: string): GpuOffer[] {
  const offers = catalog.gpuOffers.filter(
    (offer) => offer.gpu === gpuId.toLowerCase() || offer.id === gpuId.toLowerCase(),
  );
  if (offers.length > 0) return offers;
  const known = [...new Set(catalog.gpuOffers.map((offer) => offer.gpu))];
  throw new CatalogLookupError('GPU', gpuId, closestNames(gpuId, known));
}
