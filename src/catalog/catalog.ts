/**
 * The price catalog: dated snapshots of built-in entries, one chosen by the plan's date,
 * optionally overridden by user entries (same id replaces, new id adds), with lookups that
 * suggest the nearest name.
 *
 * Snapshots: 2025-06-01 (the first built-in catalog, kept verbatim so old plans reproduce)
 * and 2026-12-01 (frontier and most hosted-open prices from `@pydantic/genai-prices`,
 * DeepInfra from LiteLLM's price map, GPU offers per provider class). A plan dated D uses
 * the latest snapshot dated on or before D; within the package-backed snapshot, API prices
 * are the package's price history on D itself.
 */
import { closestNames } from '../core/text/suggest.ts';
import { frontierApiMappings } from './api-models.ts';
import { deepInfraOffers, HOSTED_OPEN_SNAPSHOT_DATE, hostedOpenMappings } from './data/hosted-open-2026-12.ts';
import { gpuOffers20250601, tokenPriced20250601 } from './data/snapshot-2025-06-01.ts';
import { GENAI_PRICES_SOURCE, tokenPricedFromPackage } from './genai-prices.ts';
import { builtInGpuOffers } from './gpu-offers.ts';
import { CatalogLookupError } from './lookup-error.ts';
import type { GpuOffer, TokenPricedKind, TokenPricedModel } from './types.ts';

/** Which built-in snapshot a catalog is, the date it is priced at and where its numbers come from. */
export interface CatalogEdition {
  /** The snapshot's date (ISO): when its numbers were read. */
  snapshot: string;
  /** The date the catalog is priced at (the plan's date; API prices follow the package's history to it). */
  pricedAt: string;
  /** The sources the snapshot reads, e.g. `@pydantic/genai-prices 0.1.8`. */
  sources: string[];
  /** User catalog files merged over it (their names), if any. */
  userFiles?: string[];
}

export interface Catalog {
  tokenPriced: TokenPricedModel[];
  gpuOffers: GpuOffer[];
  /** Cloud-managed endpoint markup over raw GPU cost; the seeds say 20-40%. */
  cloudManagedMarkup: { low: number; high: number; source: string; asOf: string };
  /** Which snapshot this is and the date it is priced at (absent for hand-built test catalogs). */
  edition?: CatalogEdition;
}

const cloudManagedMarkup = {
  low: 0.2,
  high: 0.4,
  source: 'seed articles: cloud-managed typically 20-40% over raw self-hosted',
  asOf: '2025-06-01',
};

/** The built-in snapshots, oldest first. */
export const catalogSnapshots = [
  {
    snapshot: '2025-06-01',
    sources: ['built-in catalog as of 2025-06-01 (provider pricing pages)'],
    build: (pricedAt: string): Catalog => ({
      tokenPriced: tokenPriced20250601,
      gpuOffers: gpuOffers20250601,
      cloudManagedMarkup,
      edition: {
        snapshot: '2025-06-01',
        pricedAt,
        sources: ['built-in catalog as of 2025-06-01 (provider pricing pages)'],
      },
    }),
  },
  {
    snapshot: HOSTED_OPEN_SNAPSHOT_DATE,
    sources: [GENAI_PRICES_SOURCE, 'LiteLLM model_prices_and_context_window.json @ 00035b69', 'GPU offers 2026'],
    build: (pricedAt: string): Catalog => ({
      tokenPriced: [
        ...tokenPricedFromPackage(frontierApiMappings, pricedAt, HOSTED_OPEN_SNAPSHOT_DATE),
        ...tokenPricedFromPackage(hostedOpenMappings, pricedAt, HOSTED_OPEN_SNAPSHOT_DATE),
        ...deepInfraOffers,
      ],
      gpuOffers: builtInGpuOffers,
      cloudManagedMarkup,
      edition: {
        snapshot: HOSTED_OPEN_SNAPSHOT_DATE,
        pricedAt,
        sources: [
          `${GENAI_PRICES_SOURCE} (frontier APIs; Together, Fireworks, Groq, Novita, Cerebras)`,
          'LiteLLM model_prices_and_context_window.json @ 00035b69 (DeepInfra), read 2026-12-01',
          'GPU offers per provider class (articles of 2026-01 to 2026-05; see catalog list --kind gpu)',
        ],
      },
    }),
  },
] as const;

/** The earliest date a built-in catalog exists for. */
export const EARLIEST_CATALOG_DATE = catalogSnapshots[0].snapshot;
/** The newest snapshot's date: the built-in catalog is priced at it unless a plan names a date. */
export const LATEST_SNAPSHOT_DATE = catalogSnapshots[catalogSnapshots.length - 1].snapshot;

/** True for an ISO calendar date (YYYY-MM-DD that exists). @example isIsoDate('2025-02-30') === false */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const [year, month, day] = value.split('-').map(Number);
  const daysInMonth = [
    31,
    year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth[month - 1];
}

/**
 * The built-in catalog as it stood on `date` (ISO): the latest snapshot dated on or before
 * it, API prices from the package's price history on that date. Throws RangeError for a
 * date before the first snapshot (no catalog existed) or not a date.
 * @example catalogAt('2025-06-01').edition.snapshot === '2025-06-01'
 * @example catalogAt('2026-12-01').tokenPriced.find((entry) => entry.id === 'anthropic/claude-opus-4.5')?.usdPerMillionInputTokens === 5
 */
export function catalogAt(date: string): Catalog {
  if (!isIsoDate(date)) throw new RangeError(`${date} is not a date like 2025-06-01`);
  const snapshot = [...catalogSnapshots].reverse().find((candidate) => candidate.snapshot <= date);
  if (!snapshot)
    throw new RangeError(
      `${date} is before the first built-in catalog (${EARLIEST_CATALOG_DATE}); no prices are known for it`,
    );
  return snapshot.build(date);
}

/** Today's built-in catalog: the newest snapshot, priced at its own date. */
export const builtInCatalog: Catalog = catalogAt(LATEST_SNAPSHOT_DATE);

export interface CatalogOverrides {
  tokenPriced?: TokenPricedModel[];
  gpuOffers?: GpuOffer[];
  /** The user file the overrides came from (named in the catalog's edition). */
  fileName?: string;
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
    ...(overrides.fileName
      ? base.edition && {
          edition: { ...base.edition, userFiles: [...(base.edition.userFiles ?? []), overrides.fileName] },
        }
      : {}),
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
