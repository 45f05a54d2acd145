/**
 * Public API of the capacity model (pure; no I/O). Catalog data lives in src/catalog
 * (gpus.ts, open-models.ts, engines.ts); this folder only computes.
 */
export type {
  AttentionKind,
  CatalogProvenance,
  EngineHardwareFactor,
  EngineMemoryPolicy,
  EngineProfile,
  GpuFamily,
  GpuSpec,
  LatentAttentionSpec,
  KvCachePrecision,
  ModelSpec,
  MoeSpec,
  Precision,
} from './types.ts';
export { ALL_PRECISIONS, BYTES_PER_GPU_MEMORY_GB } from './types.ts';
export { CapacityInputError } from './errors.ts';
export {
  attentionKind,
  bytesPerParameter,
  computeTflops,
  defaultKvCachePrecision,
  kvBytesPerTokenPerLayer,
  kvCacheBytesPerSequence,
  kvCacheBytesPerToken,
  kvCacheReplication,
  kvCacheSequenceCapacity,
  memoryBudget,
  minimumGpusPerReplica,
  precisionMode,
  routedExpertParams,
  splitWeightsGb,
  supportsPrecision,
  tensorParallelDegrees,
  weightBytes,
  weightsGb,
} from './memory.ts';
export { engineEfficiency } from './efficiency.ts';
export type { EngineEfficiency } from './efficiency.ts';
export {
  CAPACITY_UNCERTAINTY,
  LONG_CONTEXT_INPUT_TOKENS,
  capacityUncertainty,
  uncertaintyBand,
  uncertaintyCategories,
} from './uncertainty.ts';
export type { CapacityUncertainty, UncertaintyCategory } from './uncertainty.ts';
export type { MemoryBudget, MinimumGpusOptions } from './memory.ts';
export {
  attentionFlopsPerPair,
  decodeFlopsPerToken,
  decodeStep,
  expertParallelSeconds,
  moeTouchedExpertShare,
  prefillFlops,
  prefillTime,
  routedExpertParamsBillions,
  tensorParallelSeconds,
  weightBytesByKind,
  weightBytesReadPerStep,
} from './roofline.ts';
export type { DecodeStep, PrefillTime, ServingHardware } from './roofline.ts';
export { loadCurveConcurrencies, meetsSlo, operatingPoint, sloConcurrency } from './load.ts';
export type { LatencySlo, OperatingPoint, RequestShape } from './load.ts';
export { estimateServing, validateServingInput } from './estimate.ts';
export type { LoadCurvePoint, ServingEstimate, ServingEstimateInput } from './estimate.ts';
export { sizeFleetForPeak, usdPerMillionTokens } from './fleet.ts';
export type { FleetSize, FleetSizingInput } from './fleet.ts';
