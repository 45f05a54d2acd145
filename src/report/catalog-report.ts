/**
 * The catalog listing: token-priced entries, GPU offers (with the middle of the
 * on-demand range the planner uses) and the cloud-managed markup, rendered as terminal
 * tables, Markdown tables or JSON (the catalog entries as they are).
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { GpuOffer, TokenPricedModel } from '../catalog/types.ts';
import { renderTextTable } from './text-table.ts';

export interface CatalogListing {
  tokenPriced: TokenPricedModel[];
  gpuOffers: Array<{ offer: GpuOffer; midOnDemandUsdPerGpuHour: number }>;
  cloudManagedMarkup: Catalog['cloudManagedMarkup'];
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

function tokenTable(format: Format, entries: TokenPricedModel[]): string {
  return table(
    format,
    ['id', 'kind', 'USD/1M in', 'USD/1M cached in', 'USD/1M out', 'TTFT p50/p95 ms', 'source', 'as of'],
    entries.map((entry) => [
      entry.id,
      entry.kind,
      entry.usdPerMillionInputTokens,
      entry.usdPerMillionCachedInputTokens,
      entry.usdPerMillionOutputTokens,
      `${entry.ttftP50Ms}/${entry.ttftP95Ms}`,
      entry.source,
      entry.asOf,
    ]),
  );
}

function gpuTable(format: Format, offers: CatalogListing['gpuOffers']): string {
  return table(
    format,
    ['id', 'instance', 'on-demand USD/GPU-h', 'reserved', 'spot', 'mid on-demand', 'source', 'as of'],
    offers.map(({ offer, midOnDemandUsdPerGpuHour }) => {
      const range = (tier: 'on-demand' | 'reserved' | 'spot') =>
        `${offer.usdPerGpuHour[tier].low}-${offer.usdPerGpuHour[tier].high}`;
      return [
        offer.id,
        `${offer.instanceType} (${offer.gpusPerInstance} GPU)`,
        range('on-demand'),
        range('reserved'),
        range('spot'),
        midOnDemandUsdPerGpuHour.toFixed(2),
        offer.source,
        offer.asOf,
      ];
    }),
  );
}

/**
 * The listing as terminal tables, Markdown or JSON; the markup line follows the GPU table.
 * @example renderCatalogListing({ tokenPriced: [], gpuOffers: [], cloudManagedMarkup }, 'json')
 * // '{\n  "tokenPriced": [],\n  "gpuOffers": [],\n  "cloudManagedMarkup": { ... }\n}'
 */
export function renderCatalogListing(listing: CatalogListing, format: Format): string {
  const markup = listing.cloudManagedMarkup;
  if (format === 'json')
    return JSON.stringify(
      {
        tokenPriced: listing.tokenPriced,
        gpuOffers: listing.gpuOffers.map(({ offer }) => offer),
        cloudManagedMarkup: markup,
      },
      null,
      2,
    );
  const sections: string[] = [];
  if (listing.tokenPriced.length > 0) sections.push(tokenTable(format, listing.tokenPriced));
  if (listing.gpuOffers.length > 0) {
    sections.push(gpuTable(format, listing.gpuOffers));
    sections.push(
      `cloud-managed markup: ${markup.low * 100}-${markup.high * 100}% over raw GPU cost (${markup.source}, ${markup.asOf})`,
    );
  }
  return sections.join('\n\n');
}
