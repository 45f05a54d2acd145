/**
 * The production ThroughputEstimator: the capacity model (src/core/capacity) fed with
 * the built-in GPU, open-model and serving-engine catalogs. One estimator serves every
 * engine (each request names its own); engine profiles and recent estimates are cached,
 * since the same profile is re-planned on every edit in the dashboard and a configuration
 * search asks for the same (model, GPU, TP, precision, engine) more than once.
 */
import {
  CapacityInputError,
  estimateServing,
  supportsPrecision,
  type EngineProfile,
  type Precision,
} from '../core/capacity/index.ts';
import { engineRunsOn, findEngineProfile } from './engines.ts';
import type { ThroughputEstimate, ThroughputEstimator, ThroughputRequest } from './fleet-candidates.ts';
import { findGpuSpec } from './gpus.ts';
import { CatalogLookupError } from './lookup-error.ts';
import { findOpenModel, servingPrecisions } from './open-models.ts';

/** Estimates kept per estimator (oldest dropped first): a few workloads' full search spaces. */
export const CACHED_ESTIMATES = 4096;

type EstimateResult = ThroughputEstimate | { problem: string };

function estimateOnce(request: ThroughputRequest, engine: EngineProfile): EstimateResult {
  const gpu = findGpuSpec(request.gpuId);
  if (!engineRunsOn(engine, gpu)) return { problem: `${engine.name} does not run on ${gpu.name} (${gpu.vendor} GPUs)` };
  const model = findOpenModel(request.openModelId);
  const precision: Precision =
    request.precision === 'auto'
      ? (servingPrecisions(model, gpu)[0]?.precision ?? (supportsPrecision(gpu, 'fp8') ? 'fp8' : 'bf16'))
      : (request.precision as Precision);
  const estimate = estimateServing({
    model,
    gpu,
    engine,
    precision,
    gpusPerReplica: request.gpusPerReplica,
    inputTokens: request.inputTokens,
    outputTokens: request.outputTokens,
    ttftSloMs: request.ttftSloMs,
  });
  if (!estimate.fits) return { problem: estimate.reason ?? 'does not fit' };
  const unloaded = estimate.loadCurve[0];
  return {
    tokensPerHourPerGpu: estimate.tokensPerHourPerGpu,
    gpusPerReplica: estimate.gpusPerReplica,
    precision,
    ttftP95Ms: Math.round(estimate.ttftMs),
    ttftP50Ms: Math.round(unloaded ? unloaded.ttftMeanMs : estimate.ttftMeanMs),
    tpotP95Ms: estimate.tpotMs,
    sloMet: estimate.sloMet,
    capacity: {
      engine: engine.id,
      operatingConcurrency: estimate.operatingConcurrency,
      loadCurve: estimate.loadCurve.map((point) => ({
        concurrency: point.concurrency,
        outputTokensPerSecond: point.outputTokensPerSecond,
        ttftMs: point.ttftMs,
        tpotMs: point.tpotMs,
      })),
    },
    source: `capacity model (${engine.id}, ${precision}, TP=${estimate.gpusPerReplica}, ${estimate.operatingConcurrency} concurrent${estimate.sloMet ? '' : ', SLO not met'})`,
    capacityRelativeError: estimate.uncertainty.relativeError,
  };
}

/** Cached results are shared by every plan that asks: frozen, so no reader can change another's. */
function freezeEstimate(result: EstimateResult): EstimateResult {
  if ('capacity' in result && result.capacity) {
    for (const point of result.capacity.loadCurve) Object.freeze(point);
    Object.freeze(result.capacity.loadCurve);
    Object.freeze(result.capacity);
  }
  return Object.freeze(result);
}

/**
 * Builds an estimator for every built-in engine: each request's `engine` picks the
 * profile (aliases such as `trtllm` accepted); an unknown engine, model or GPU, or a
 * configuration that does not fit, is a `{ problem }`.
 */
export function capacityThroughputEstimator(): ThroughputEstimator {
  const engines = new Map<string, EngineProfile>();
  const estimates = new Map<string, EstimateResult>();
  return (request) => {
    const key = JSON.stringify([
      request.openModelId,
      request.gpuId,
      request.precision,
      request.engine,
      request.gpusPerReplica ?? null,
      request.inputTokens,
      request.outputTokens,
      request.ttftSloMs ?? null,
    ]);
    const cached = estimates.get(key);
    if (cached) return cached;
    let result: EstimateResult;
    try {
      let engine = engines.get(request.engine);
      if (!engine) {
        engine = findEngineProfile(request.engine);
        engines.set(request.engine, engine);
      }
      result = estimateOnce(request, engine);
    } catch (error) {
      if (!(error instanceof CapacityInputError || error instanceof CatalogLookupError)) throw error;
      result = { problem: error.message };
    }
    if (estimates.size >= CACHED_ESTIMATES) {
      const oldest = estimates.keys().next();
      if (!oldest.done) estimates.delete(oldest.value);
    }
    estimates.set(key, freezeEstimate(result));
    return result;
  };
}
