/**
 * The catalog-list use-case: the dated price catalog's entries (built-in, with a user
 * catalog merged over it by the caller), filtered by kind. A kind that is not one of
 * `api`, `hosted-open`, `gpu` is a problem on `--kind`.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { midpointUsd } from '../catalog/gpu-offers.ts';
import type { TokenPricedKind } from '../catalog/types.ts';
import { fail, problem, succeed, type Outcome } from '../core/problem.ts';
import type { CatalogListing } from '../report/catalog-report.ts';

export const catalogKinds = ['api', 'hosted-open', 'gpu'] as const;
export type CatalogKind = (typeof catalogKinds)[number];

const tokenKindsOf: Record<CatalogKind | 'all', readonly TokenPricedKind[]> = {
  api: ['frontier-api'],
  'hosted-open': ['hosted-open'],
  gpu: [],
  all: ['frontier-api', 'hosted-open'],
};

/**
 * Lists the entries of a kind (all kinds when undefined).
 * @example
 * // aws/h100-sxm on demand at $2.99-$7.57 per GPU-hour: the middle of the range is $5.28
 * catalogListUseCase({ kind: 'gpu' }, { catalog: builtInCatalog }).value.gpuOffers[0] // { offer: { id: 'aws/h100-sxm', ... }, midOnDemandUsdPerGpuHour: 5.28 }
 */
export function catalogListUseCase(
  input: { kind?: string },
  dependencies: { catalog: Catalog },
): Outcome<CatalogListing> {
  const kind = input.kind;
  if (kind !== undefined && !(catalogKinds as readonly string[]).includes(kind))
    return fail(
      problem('--kind', kind, `is not a catalog kind; use one of: ${catalogKinds.join(', ')}`, 'unknown_name'),
    );
  const { catalog } = dependencies;
  const tokenKinds = tokenKindsOf[(kind as CatalogKind | undefined) ?? 'all'];
  const withGpus = kind === undefined || kind === 'gpu';
  return succeed({
    tokenPriced: catalog.tokenPriced.filter((entry) => tokenKinds.includes(entry.kind)),
    gpuOffers: withGpus
      ? catalog.gpuOffers.map((offer) => ({
          offer,
          midOnDemandUsdPerGpuHour: midpointUsd(offer.usdPerGpuHour['on-demand']),
        }))
      : [],
    cloudManagedMarkup: catalog.cloudManagedMarkup,
  });
}
