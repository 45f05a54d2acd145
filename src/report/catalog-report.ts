/**
 * The catalog listing: which snapshot it is and how old its prices are, the token-priced
 * entries (with cache prices, context tiers, the date each price took effect and the
 * retirement date where known), GPU offers (provider class, instance granularity, the
 * middle of the on-demand range), GPU specs and open-model specs with their sources,
 * rendered as terminal tables, Markdown tables or JSON (the entries as they are).
 */
import type { Catalog, CatalogEdition } from '../catalog/catalog.ts';
import type { GpuOffer, TokenPricedModel } from '../catalog/types.ts';
import type { GpuSpec, ModelSpec } from '../core/capacity/types.ts';
import type { CatalogAge } from '../core/decide/staleness.ts';
import { describeCatalogAge } from './plan-english.ts';
import { renderTextTable } from './text-table.ts';

export interface CatalogListing {
  tokenPriced: TokenPricedModel[];
  /** `midOnDemandUsdPerGpuHour` is null for an offer that sells no on-demand hours. */
  gpuOffers: Array<{ offer: GpuOffer; midOnDemandUsdPerGpuHour: number | null }>;
  gpuSpecs: GpuSpec[];
  openModels: ModelSpec[];
  cloudManagedMarkup: Catalog['cloudManagedMarkup'];
  edition?: CatalogEdition;
  age: CatalogAge;
}

type Format = 'table' | 'json' | 'markdown';

function table(format: Format, columns: string[], rows: Array<Array<string | number>>): string {
  if (format !== 'markdown') return renderTextTable(columns, rows);
  return [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

const tokens = (count: number | undefined) => (count === undefined ? '-' : count.toLocaleString('en-US'));

function tierText(entry: TokenPricedModel): string {
  if (!entry.contextTiers || entry.contextTiers.length === 0) return '-';
  return entry.contextTiers
    .map(
      (tier) =>
        `>${tier.aboveInputTokens.toLocaleString('en-US')}: ${tier.usdPerMillionInputTokens}/${tier.usdPerMillionOutputTokens}`,
    )
    .join('; ');
}

function tokenTable(format: Format, entries: TokenPricedModel[]): string {
  return table(
    format,
    [
      'id',
      'kind',
      'USD/1M in',
      'USD/1M cached in',
      'USD/1M cache write',
      'USD/1M out',
      'context tiers (in/out)',
      'context',
      'TTFT p50/p95 ms',
      'price since',
      'retires',
      'source',
      'as of',
    ],
    entries.map((entry) => [
      entry.id,
      entry.kind,
      entry.usdPerMillionInputTokens,
      entry.usdPerMillionCachedInputTokens,
      entry.usdPerMillionCacheWriteInputTokens ?? '-',
      entry.usdPerMillionOutputTokens,
      tierText(entry),
      tokens(entry.maxContextTokens),
      `${entry.ttftP50Ms}/${entry.ttftP95Ms}`,
      entry.priceSince ?? '-',
      entry.deprecationDate ?? (entry.deprecated ? 'deprecated' : '-'),
      entry.source,
      entry.asOf,
    ]),
  );
}

function gpuOfferTable(format: Format, offers: CatalogListing['gpuOffers']): string {
  return table(
    format,
    [
      'id',
      'class',
      'instance',
      'on-demand USD/GPU-h',
      'reserved',
      'spot',
      'mid on-demand',
      'bought',
      'source',
      'as of',
    ],
    offers.map(({ offer, midOnDemandUsdPerGpuHour }) => {
      const range = (tier: 'on-demand' | 'reserved' | 'spot') => {
        const value = offer.usdPerGpuHour[tier];
        return value ? `${value.low}-${value.high}` : '-';
      };
      return [
        offer.id,
        offer.providerClass ?? '-',
        `${offer.instanceType} (${offer.gpusPerInstance} GPU)`,
        range('on-demand'),
        range('reserved'),
        range('spot'),
        midOnDemandUsdPerGpuHour === null ? '-' : midOnDemandUsdPerGpuHour.toFixed(2),
        offer.wholeInstancesOnly ? `whole ${offer.gpusPerInstance}-GPU instances` : 'per GPU',
        offer.source,
        offer.asOf,
      ];
    }),
  );
}

const tflops = (value: number | null | undefined) => (value === null || value === undefined ? '-' : value);

function gpuSpecTable(format: Format, specs: GpuSpec[]): string {
  return table(
    format,
    ['id', 'name', 'memory GB', 'bandwidth GB/s', 'TFLOPS bf16', 'fp8', 'int8', 'int4', 'fp4', 'source', 'as of'],
    specs.map((spec) => {
      const dense = spec.denseTflops as Record<string, number | null | undefined>;
      return [
        spec.id,
        spec.name,
        spec.hbmGb,
        spec.memoryBandwidthGbPerSecond,
        tflops(dense.bf16),
        tflops(dense.fp8),
        tflops(dense.int8),
        tflops(dense.int4),
        tflops(dense.fp4),
        spec.source,
        spec.asOf,
      ];
    }),
  );
}

function modelTable(format: Format, models: ModelSpec[]): string {
  return table(
    format,
    ['id', 'name', 'params B', 'active B', 'context', 'precisions', 'source', 'as of'],
    models.map((model) => [
      model.id,
      model.name,
      model.totalParamsBillions,
      model.activeParamsBillions,
      tokens(model.maxContextTokens),
      (model.checkpointPrecisions ?? []).join(', ') || '-',
      model.source,
      model.asOf,
    ]),
  );
}

/** The lines above the tables: the snapshot, its sources, user files and its age. */
function header(listing: CatalogListing): string[] {
  const lines: string[] = [];
  if (listing.edition) {
    lines.push(`catalog: snapshot ${listing.edition.snapshot}, priced at ${listing.edition.pricedAt}`);
    lines.push(`sources: ${listing.edition.sources.join('; ')}`);
    if (listing.edition.userFiles?.length) lines.push(`your catalog files: ${listing.edition.userFiles.join(', ')}`);
  }
  lines.push(describeCatalogAge(listing.age));
  return lines;
}

/**
 * The listing as terminal tables, Markdown or JSON; the markup line follows the GPU offers.
 * @example renderCatalogListing({ tokenPriced: [], gpuOffers: [], gpuSpecs: [], openModels: [], cloudManagedMarkup, age }, 'json')
 * // '{\n  "tokenPriced": [],\n  "gpuOffers": [],\n  ... "age": { ... }\n}'
 */
export function renderCatalogListing(listing: CatalogListing, format: Format): string {
  const markup = listing.cloudManagedMarkup;
  if (format === 'json')
    return JSON.stringify(
      {
        ...(listing.edition ? { edition: listing.edition } : {}),
        age: listing.age,
        tokenPriced: listing.tokenPriced,
        gpuOffers: listing.gpuOffers.map(({ offer }) => offer),
        gpuSpecs: listing.gpuSpecs,
        openModels: listing.openModels,
        cloudManagedMarkup: markup,
      },
      null,
      2,
    );
  const sections: string[] = [header(listing).join('\n')];
  if (listing.tokenPriced.length > 0) sections.push(tokenTable(format, listing.tokenPriced));
  if (listing.gpuSpecs.length > 0) sections.push(gpuSpecTable(format, listing.gpuSpecs));
  if (listing.gpuOffers.length > 0) {
    sections.push(gpuOfferTable(format, listing.gpuOffers));
    sections.push(
      `cloud-managed markup: ${markup.low * 100}-${markup.high * 100}% over raw GPU cost (${markup.source}, ${markup.asOf})`,
    );
  }
  if (listing.openModels.length > 0) sections.push(modelTable(format, listing.openModels));
  return sections.join('\n\n');
}
