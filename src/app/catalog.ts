/**
 * The catalog-list use-case: the dated price catalog's entries (the built-in snapshot in
 * effect on a date, with a user catalog merged over it by the caller), filtered by kind,
 * with the catalog's age on the day it is listed. Kinds: `api`, `hosted-open` (per-token
 * prices), `gpu` (GPU specs and the GPU offers' prices), `model` (open-model specs);
 * anything else is a problem on `--kind`. The date is passed in: no clock here.
 */
import type { Catalog } from '../catalog/catalog.ts';
import { midpointUsd } from '../catalog/gpu-offers.ts';
import { listGpuSpecs } from '../catalog/gpus.ts';
import { listOpenModels } from '../catalog/open-models.ts';
import type { TokenPricedKind } from '../catalog/types.ts';
import { catalogAge } from '../core/decide/staleness.ts';
import { fail, problem, succeed, type Outcome } from '../core/problem.ts';
import type { CatalogListing } from '../report/catalog-report.ts';

export const catalogKinds = ['api', 'hosted-open', 'gpu', 'model'] as const;
export type CatalogKind = (typeof catalogKinds)[number];

const tokenKindsOf: Record<CatalogKind | 'all', readonly TokenPricedKind[]> = {
  api: ['frontier-api'],
  'hosted-open': ['hosted-open'],
  gpu: [],
  model: [],
  all: ['frontier-api', 'hosted-open'],
};

/**
 * Lists the entries of a kind (every price when undefined) and the catalog's age on `today`.
 * @example
 * // specialist/h100-sxm on demand at $2.50-$3.50 per GPU-hour: the middle of the range is $3.00
 * catalogListUseCase({ kind: 'gpu', today: '2026-12-01' }, { catalog: builtInCatalog }).value.gpuOffers[1] // { offer: { id: 'specialist/h100-sxm', ... }, midOnDemandUsdPerGpuHour: 3 }
 */
export function catalogListUseCase(
  input: { kind?: string; today: string },
  dependencies: { catalog: Catalog },
): Outcome<CatalogListing> {
  const kind = input.kind;
  if (kind !== undefined && !(catalogKinds as readonly string[]).includes(kind))
    return fail(
      problem('--kind', kind, `is not a catalog kind; use one of: ${catalogKinds.join(', ')}`, 'unknown_name'),
    );
  const { catalog } = dependencies;
  const tokenKinds = tokenKindsOf[(kind as CatalogKind | undefined) ?? 'all'];
  const withOffers = kind === undefined || kind === 'gpu';
  const tokenPriced = catalog.tokenPriced.filter((entry) => tokenKinds.includes(entry.kind));
  const gpuOffers = withOffers ? catalog.gpuOffers : [];
  return succeed({
    tokenPriced,
    gpuOffers: gpuOffers.map((offer) => {
      const onDemand = offer.usdPerGpuHour['on-demand'];
      return { offer, midOnDemandUsdPerGpuHour: onDemand ? midpointUsd(onDemand) : null };
    }),
    gpuSpecs: kind === 'gpu' ? listGpuSpecs() : [],
    openModels: kind === 'model' ? listOpenModels() : [],
    cloudManagedMarkup: catalog.cloudManagedMarkup,
    ...(catalog.edition ? { edition: catalog.edition } : {}),
    age: catalogAge(
      [...tokenPriced, ...gpuOffers].map((entry) => ({ name: entry.id, asOf: entry.asOf })),
      input.today,
      catalog.edition?.snapshot,
    ),
  });
}
