/** What the dashboard's catalog browser shows: prices and specs, each with its source and date. */
import type { Catalog } from '../catalog/catalog.ts';
import { midpointUsd } from '../catalog/gpu-offers.ts';
import { listGpuSpecs } from '../catalog/gpus.ts';
import { listOpenModels } from '../catalog/open-models.ts';
import type { GpuSpec, ModelSpec } from '../core/capacity/types.ts';
import type { GpuOffer, TokenPricedModel } from '../catalog/types.ts';

export interface CatalogView {
  tokenPriced: TokenPricedModel[];
  /** `onDemandMidUsdPerGpuHour` is null for an offer that sells no on-demand hours (spot only). */
  gpuOffers: Array<GpuOffer & { onDemandMidUsdPerGpuHour: number | null }>;
  gpuSpecs: GpuSpec[];
  openModels: ModelSpec[];
  cloudManagedMarkup: Catalog['cloudManagedMarkup'];
}

export function catalogView(catalog: Catalog): CatalogView {
  return {
    tokenPriced: catalog.tokenPriced,
    gpuOffers: catalog.gpuOffers.map((offer) => ({
      ...offer,
      onDemandMidUsdPerGpuHour: offer.usdPerGpuHour['on-demand'] ? midpointUsd(offer.usdPerGpuHour['on-demand']) : null,
    })),
    gpuSpecs: listGpuSpecs(),
    openModels: listOpenModels(),
    cloudManagedMarkup: catalog.cloudManagedMarkup,
  };
}
