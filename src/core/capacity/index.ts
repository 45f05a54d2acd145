/**
 * Public API of the capacity model (pure; no I/O). Catalog data lives in src/catalog
 * (gpus.ts, open-models.ts, engines.ts); this folder only computes.
 */
export type {
  CatalogProvenance,
  EngineMemoryPolicy,
  EngineProfile,
  GpuSpec,
  KvCachePrecision,
  ModelSpec,
  MoeSpec,
  Precision,
} from './types.ts';
export { ALL_PRECISIONS, BYTES_PER_GPU_MEMORY_GB } from './types.ts';
export { CapacityInputError } from './errors.ts';
export {
  bytesPerParameter,
  computeTflops,
  defaultKvCachePrecision,
  kvCacheBytesPerSequence,
  kvCacheBytesPerToken,
  kvCacheReplication,
  kvCacheSequenceCapacity,
  memoryBudget,
  minimumGpusPerReplica,
  supportsPrecision,
  tensorParallelDegrees,
  weightsGb,
} from './memory.ts';
export type { MemoryBudget, MinimumGpusOptions } from './memory.ts';
export {
  decodeFlopsPerToken,
  decodeStep,
  moeTouchedExpertShare,
  prefillFlops,
  prefillTime,
  routedExpertParamsBillions,
  tensorParallelSeconds,
  weightBytesReadPerStep,
} from './roofline.ts';
export type { DecodeStep, PrefillTime, ServingHardware } from './roofline.ts';
export { loadCurveConcurrencies, meetsSlo, operatingPoint, sloConcurrency } from './load.ts';
export type { LatencySlo, OperatingPoint, RequestShape } from './load.ts';
export { estimateServing, validateServingInput } from './estimate.ts';
export type { LoadCurvePoint, ServingEstimate, ServingEstimateInput } from './estimate.ts';
export { sizeFleetForPeak, usdPerMillionTokens } from './fleet.ts';
export type { FleetSize, FleetSizingInput } from './fleet.ts';
