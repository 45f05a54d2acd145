/**
 * Resolves a validated profile's catalog names into the prices, offers and fleets the
 * planner needs. Unknown names become problems naming the field path and the nearest
 * known names. GPU throughput comes from a `ThroughputEstimator` (the capacity model in
 * production; tests can pass their own).
 */
import type { WorkloadProfile, Workload } from '../core/workload/schema.ts';
import type { ValidationProblem } from '../core/workload/parse.ts';
import type { PlanInputs, ResolvedFleet, ResolvedWorkload, TokenOffer } from '../core/decide/types.ts';
import { findGpuOffers, findTokenPriced, hostedOpenOffers, type Catalog } from './catalog.ts';
import { midpointUsd } from './gpu-offers.ts';
import { CatalogLookupError } from './lookup-error.ts';
import type { GpuOffer, TokenPricedModel } from './types.ts';
import { builtInGpuSpecs } from './gpus.ts';
import { supportsPrecision } from '../core/capacity/index.ts';
import { precisions, type GpuPricing } from '../core/vocabulary.ts';

export interface ThroughputEstimate {
  tokensPerHourPerGpu: number;
  gpusPerReplica: number;
  /** The precision used (resolves 'auto'). */
  precision: string;
  ttftP95Ms: number;
  ttftP50Ms: number;
  source: string;
  capacity?: ResolvedFleet['capacity'];
}

/** Returns an estimate, or a reason the model cannot be served on that GPU. */
export type ThroughputEstimator = (request: {
  openModelId: string;
  gpuId: string;
  precision: string;
  gpusPerReplica: number | undefined;
  inputTokens: number;
  outputTokens: number;
  ttftSloMs: number | undefined;
}) => ThroughputEstimate | { problem: string };

export type ResolveResult = { ok: true; inputs: PlanInputs } | { ok: false; problems: ValidationProblem[] };

function toOffer(entry: TokenPricedModel): TokenOffer {
  return {
    id: entry.id,
    kind: entry.kind,
    provider: entry.provider,
    usdPerMillionInputTokens: entry.usdPerMillionInputTokens,
    usdPerMillionOutputTokens: entry.usdPerMillionOutputTokens,
    usdPerMillionCachedInputTokens: entry.usdPerMillionCachedInputTokens,
    source: entry.source,
    asOf: entry.asOf,
    ttftP50Ms: entry.ttftP50Ms,
    ttftP95Ms: entry.ttftP95Ms,
    residencyRegions: entry.residencyRegions,
    servesCustomWeights: entry.servesCustomWeights,
    pinnedWeights: entry.pinnedWeights,
  };
}

/** The cheapest offer for a GPU at a pricing tier, priced at the middle of its range. */
export function cheapestGpuOffer(offers: GpuOffer[], pricing: GpuPricing): { offer: GpuOffer; usdPerGpuHour: number } {
  const priced = offers.map((offer) => ({ offer, usdPerGpuHour: midpointUsd(offer.usdPerGpuHour[pricing]) }));
  priced.sort((left, right) => left.usdPerGpuHour - right.usdPerGpuHour);
  return priced[0];
}

function resolveWorkload(
  workload: Workload,
  index: number,
  catalog: Catalog,
  estimate: ThroughputEstimator,
  problems: ValidationProblem[],
): ResolvedWorkload {
  const path = `workloads[${index}]`;
  const warnings: string[] = [];
  const resolved: ResolvedWorkload = {
    workload,
    frontier: undefined,
    hostedOpen: undefined,
    fleet: undefined,
    warnings,
  };
  try {
    resolved.frontier = toOffer(findTokenPriced(catalog, workload.choices.apiModel, 'frontier-api'));
  } catch (error) {
    if (!(error instanceof CatalogLookupError)) throw error;
    problems.push({
      path: `${path}.choices.apiModel`,
      value: workload.choices.apiModel,
      message: error.message,
      code: 'unknown_name',
    });
  }
  const openModels = workload.requirements.openModels;
  for (const openModelId of openModels) {
    const offers = hostedOpenOffers(catalog, openModelId).filter(
      (offer) => !workload.choices.hostedOpenProvider || offer.provider === workload.choices.hostedOpenProvider,
    );
    if (offers.length > 0) {
      resolved.hostedOpen = toOffer(offers[0]);
      break;
    }
  }
  if (!resolved.hostedOpen)
    resolved.hostedOpenProblem = `no hosted-open provider in the catalog serves ${openModels.join(' or ')}${workload.choices.hostedOpenProvider ? ` at ${workload.choices.hostedOpenProvider}` : ''}`;

  let gpuOffers: GpuOffer[] = [];
  try {
    gpuOffers = findGpuOffers(catalog, workload.choices.gpu);
  } catch (error) {
    if (!(error instanceof CatalogLookupError)) throw error;
    problems.push({
      path: `${path}.choices.gpu`,
      value: workload.choices.gpu,
      message: error.message,
      code: 'unknown_name',
    });
    return resolved;
  }
  const { offer, usdPerGpuHour } = cheapestGpuOffer(gpuOffers, workload.choices.gpuPricing);
  const precision = workload.choices.precision;
  const gpuSpec = builtInGpuSpecs.find((spec) => spec.id === offer.gpu);
  if (precision !== 'auto' && gpuSpec && !supportsPrecision(gpuSpec, precision)) {
    const supported = precisions.filter((candidate) => supportsPrecision(gpuSpec, candidate));
    problems.push({
      path: `${path}.choices.precision`,
      value: precision,
      message: `${gpuSpec.name} has no ${precision} support; use one of: ${supported.join(', ')}, or auto`,
      code: 'invalid_value',
    });
    return resolved;
  }
  const fleetProblems: string[] = [];
  for (const openModelId of openModels) {
    const result = estimate({
      openModelId,
      gpuId: offer.gpu,
      precision: workload.choices.precision,
      gpusPerReplica: workload.choices.gpusPerReplica,
      inputTokens: workload.tokens.inputPerRequest,
      outputTokens: workload.tokens.outputPerRequest,
      ttftSloMs: workload.latency.ttftMs,
    });
    if ('problem' in result) {
      fleetProblems.push(`${openModelId}: ${result.problem}`);
      continue;
    }
    const typed = workload.choices.tokensPerHourPerGpu;
    if (typed !== undefined) {
      const ratio = typed / result.tokensPerHourPerGpu;
      if (ratio > 3 || ratio < 1 / 3) {
        warnings.push(
          `typed throughput ${Math.round(typed).toLocaleString('en-US')} tokens/hour per GPU is ${ratio > 1 ? `${ratio.toFixed(1)}x above` : `${(1 / ratio).toFixed(1)}x below`} the capacity model's estimate of ${Math.round(result.tokensPerHourPerGpu).toLocaleString('en-US')} for ${openModelId} on ${offer.gpu} (${result.precision}); the plan uses the typed value`,
        );
      }
    }
    const fleet: ResolvedFleet = {
      gpuId: offer.gpu,
      usdPerGpuHour,
      priceSource: {
        name: `${offer.id} ${workload.choices.gpuPricing} (${offer.source}, mid-range $${offer.usdPerGpuHour[workload.choices.gpuPricing].low}-$${offer.usdPerGpuHour[workload.choices.gpuPricing].high})`,
        asOf: offer.asOf,
      },
      tokensPerHourPerGpu: typed ?? result.tokensPerHourPerGpu,
      throughputSource: typed !== undefined ? 'typed in the profile' : result.source,
      gpusPerReplica: workload.choices.gpusPerReplica ?? result.gpusPerReplica,
      targetPeakUtilization: workload.choices.targetPeakUtilization,
      redundancyReplicas: workload.choices.redundancyReplicas,
      openModelId,
      precision: result.precision,
      ttftP95Ms: result.ttftP95Ms,
      ttftP50Ms: result.ttftP50Ms,
      usdPerGpuHourRange: offer.usdPerGpuHour[workload.choices.gpuPricing],
      capacity: result.capacity,
    };
    resolved.fleet = fleet;
    break;
  }
  if (!resolved.fleet)
    resolved.fleetProblem = fleetProblems.join('; ') || 'no open model listed in requirements.openModels';
  return resolved;
}

/**
 * Resolves every workload; collects all problems rather than stopping at the first.
 */
export function resolvePlanInputs(
  profile: WorkloadProfile,
  catalog: Catalog,
  estimate: ThroughputEstimator,
): ResolveResult {
  const problems: ValidationProblem[] = [];
  const workloads = profile.workloads.map((workload, index) =>
    resolveWorkload(workload, index, catalog, estimate, problems),
  );
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    inputs: {
      organization: profile.organization,
      cloudManagedMarkup: profile.organization.cloudManagedMarkup,
      workloads,
    },
  };
}
