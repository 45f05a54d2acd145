/**
 * Per-token prices read from `@pydantic/genai-prices` (MIT, offline: its price data is
 * bundled in the package, with dated price history, cache read/write prices and context
 * tiers). The package answers "what did model M at provider P cost on date D"; this
 * module turns one answer into the numbers a catalog entry carries, per million tokens.
 *
 * Only the bundled data is read: `updatePrices` (which fetches newer data over the
 * network) is never called, so the same package version gives the same prices.
 */
import { findProvider, type ConditionalPrice, type ModelInfo, type ModelPrice } from '@pydantic/genai-prices';
import type { TokenPricedModel } from './types.ts';

/**
 * The package version whose bundled data the catalog reads (named in every report's sources);
 * test/catalog checks it against the installed package.json, so an upgrade cannot go unnoticed.
 */
export const GENAI_PRICES_VERSION = '0.1.8';

/** The source line a catalog entry priced from the package carries. */
export const GENAI_PRICES_SOURCE = `@pydantic/genai-prices ${GENAI_PRICES_VERSION}`;

/** A price above a prompt length (a "context tier"): the whole request is billed at it. */
export interface ContextTierPrice {
  /** The tier applies when a request's input is longer than this many tokens. */
  aboveInputTokens: number;
  usdPerMillionInputTokens: number;
  usdPerMillionOutputTokens: number;
  usdPerMillionCachedInputTokens?: number;
  usdPerMillionCacheWriteInputTokens?: number;
}

/** One model's prices on one date, per million tokens. */
export interface PackagePrice {
  usdPerMillionInputTokens: number;
  usdPerMillionOutputTokens: number;
  /** Absent when the package lists no cache-read price (no discount). */
  usdPerMillionCachedInputTokens?: number;
  /** Absent when the package lists no cache-write price (writes billed as input). */
  usdPerMillionCacheWriteInputTokens?: number;
  contextTiers: ContextTierPrice[];
  /** The start date of the price in effect (absent: the package's first price for the model, undated). */
  priceSince?: string;
  /** The context window the package lists, in tokens. */
  contextWindowTokens?: number;
  deprecated: boolean;
  /** The provider's pricing page(s), as the package lists them. */
  pricingUrls: string[];
}

type PriceValue = ModelPrice[string];

function baseOf(value: PriceValue): number | undefined {
  if (value === undefined) return undefined;
  return typeof value === 'number' ? value : value.base;
}

function tiersOf(value: PriceValue): Array<{ start: number; price: number }> {
  if (value === undefined || typeof value === 'number') return [];
  return value.tiers;
}

/**
 * The conditional price in effect on `date` (ISO): the last one whose start date is on or
 * before it; time-of-day prices (off-peak discounts) are not list prices and are skipped.
 * @example
 * // o3: $10/$40 from launch, $2/$8 from 2025-06-10
 * priceInEffect([{ prices: { input_mtok: 10 } }, { constraint: { type: 'start_date', start_date: '2025-06-10' }, prices: { input_mtok: 2 } }], '2025-06-01').prices.input_mtok === 10
 */
export function priceInEffect(
  prices: ModelInfo['prices'],
  date: string,
): { prices: ModelPrice; since: string | undefined } | undefined {
  if (!Array.isArray(prices)) return { prices, since: undefined };
  let chosen: { prices: ModelPrice; since: string | undefined } | undefined;
  for (const entry of prices as ConditionalPrice[]) {
    const constraint = entry.constraint;
    if (constraint === undefined) chosen ??= { prices: entry.prices, since: undefined };
    else if (constraint.type === 'start_date' && constraint.start_date <= date)
      chosen = { prices: entry.prices, since: constraint.start_date };
  }
  return chosen;
}

/** The context tiers of a price: one per tier start found on any of its token prices, in order. */
function contextTiersOf(prices: ModelPrice): ContextTierPrice[] {
  const starts = new Set<number>();
  for (const key of ['input_mtok', 'output_mtok', 'cache_read_mtok', 'cache_write_mtok'])
    for (const tier of tiersOf(prices[key])) starts.add(tier.start);
  const priceAt = (key: string, start: number): number | undefined => {
    const value = prices[key];
    const tier = [...tiersOf(value)].reverse().find((candidate) => candidate.start <= start);
    return tier?.price ?? baseOf(value);
  };
  return [...starts]
    .sort((left, right) => left - right)
    .map((start) => {
      const cached = priceAt('cache_read_mtok', start);
      const write = priceAt('cache_write_mtok', start);
      return {
        aboveInputTokens: start,
        usdPerMillionInputTokens: priceAt('input_mtok', start) ?? 0,
        usdPerMillionOutputTokens: priceAt('output_mtok', start) ?? 0,
        ...(cached !== undefined ? { usdPerMillionCachedInputTokens: cached } : {}),
        ...(write !== undefined ? { usdPerMillionCacheWriteInputTokens: write } : {}),
      };
    });
}

/**
 * A model's prices at a provider on `date`, from the package's bundled data; undefined when
 * the package has no such model or no input/output price for it on that date.
 * @example packagePriceAt('anthropic', 'claude-opus-4-5', '2026-12-01')?.usdPerMillionInputTokens === 5
 */
export function packagePriceAt(providerId: string, modelId: string, date: string): PackagePrice | undefined {
  const provider = findProvider({ providerId });
  const model = provider?.models.find((candidate) => candidate.id === modelId);
  if (!provider || !model) return undefined;
  const inEffect = priceInEffect(model.prices, date);
  if (!inEffect) return undefined;
  const prices = inEffect.prices;
  const input = baseOf(prices.input_mtok);
  const output = baseOf(prices.output_mtok);
  if (input === undefined || output === undefined) return undefined;
  const cached = baseOf(prices.cache_read_mtok);
  const write = baseOf(prices.cache_write_mtok);
  return {
    usdPerMillionInputTokens: input,
    usdPerMillionOutputTokens: output,
    ...(cached !== undefined ? { usdPerMillionCachedInputTokens: cached } : {}),
    ...(write !== undefined ? { usdPerMillionCacheWriteInputTokens: write } : {}),
    contextTiers: contextTiersOf(prices),
    ...(inEffect.since !== undefined ? { priceSince: inEffect.since } : {}),
    ...(model.context_window !== undefined ? { contextWindowTokens: model.context_window } : {}),
    deprecated: model.deprecated === true,
    pricingUrls: provider.pricing_urls ?? [],
  };
}

/** How one catalog entry is read from the package: our id and facts, the package's provider and model. */
export interface PackageMapping
  extends Omit<
    TokenPricedModel,
    | 'usdPerMillionInputTokens'
    | 'usdPerMillionOutputTokens'
    | 'usdPerMillionCachedInputTokens'
    | 'usdPerMillionCacheWriteInputTokens'
    | 'source'
    | 'asOf'
    | 'contextTiers'
    | 'priceSince'
  > {
  packageProvider: string;
  packageModel: string;
}

/**
 * The catalog entries of `mappings` priced on `date` from the package; a model the package
 * does not price on that date is left out. `readOn` is the date the package data was read
 * (the snapshot's date): the entries' `asOf`, what the staleness warning measures.
 * The package's context window wins over the mapping's when it gives one.
 * @example
 * tokenPricedFromPackage([{ id: 'openai/o3', packageProvider: 'openai', packageModel: 'o3', ... }], '2025-06-01', '2026-12-01')[0].usdPerMillionInputTokens === 10 // $2 only from 2025-06-10
 */
export function tokenPricedFromPackage(mappings: PackageMapping[], date: string, readOn: string): TokenPricedModel[] {
  return mappings.flatMap(({ packageProvider, packageModel, ...entry }) => {
    const price = packagePriceAt(packageProvider, packageModel, date);
    if (!price) return [];
    const pricingPage = price.pricingUrls[0];
    const maxContextTokens = price.contextWindowTokens ?? entry.maxContextTokens;
    return [
      {
        ...entry,
        usdPerMillionInputTokens: price.usdPerMillionInputTokens,
        usdPerMillionOutputTokens: price.usdPerMillionOutputTokens,
        usdPerMillionCachedInputTokens: price.usdPerMillionCachedInputTokens ?? price.usdPerMillionInputTokens,
        ...(price.usdPerMillionCacheWriteInputTokens !== undefined
          ? { usdPerMillionCacheWriteInputTokens: price.usdPerMillionCacheWriteInputTokens }
          : {}),
        ...(price.contextTiers.length > 0 ? { contextTiers: price.contextTiers } : {}),
        ...(price.priceSince !== undefined ? { priceSince: price.priceSince } : {}),
        ...(maxContextTokens !== undefined ? { maxContextTokens } : {}),
        ...(price.deprecated || entry.deprecated ? { deprecated: true } : {}),
        source: `${GENAI_PRICES_SOURCE} (${packageProvider}/${packageModel}${pricingPage ? `, ${pricingPage}` : ''})`,
        asOf: readOn,
      },
    ];
  });
}
