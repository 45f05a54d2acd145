/**
 * The production ThroughputEstimator: the capacity model (src/core/capacity) fed with
 * the built-in GPU, open-model and serving-engine catalogs.
 */
import { CapacityInputError, estimateServing, supportsPrecision, type Precision } from '../core/capacity/index.ts';
import { findEngineProfile } from './engines.ts';
import { findGpuSpec } from './gpus.ts';
import { CatalogLookupError } from './lookup-error.ts';
import { findOpenModel } from './open-models.ts';
import type { ThroughputEstimator } from './resolve.ts';

/** Builds an estimator for one serving engine (default vLLM). */
export function capacityThroughputEstimator(engineId = 'vllm'): ThroughputEstimator {
  const engine = findEngineProfile(engineId);
  return (request) => {
    try {
      const gpu = findGpuSpec(request.gpuId);
      const precision: Precision =
        request.precision === 'auto'
          ? supportsPrecision(gpu, 'fp8')
            ? 'fp8'
            : 'bf16'
          : (request.precision as Precision);
      const estimate = estimateServing({
        model: findOpenModel(request.openModelId),
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
      };
    } catch (error) {
      if (error instanceof CapacityInputError || error instanceof CatalogLookupError) return { problem: error.message };
      throw error;
    }
  };
}
