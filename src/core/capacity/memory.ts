/**
 * Memory fit: weights at a precision, KV cache bytes per token, the engine's runtime and
 * activation overhead, what is left for KV cache, and the smallest tensor-parallel group
 * that holds the model.
 */
import { BYTES_PER_GPU_MEMORY_GB } from './types.ts';
import type { EngineMemoryPolicy, EngineProfile, GpuSpec, KvCachePrecision, ModelSpec, Precision } from './types.ts';

/**
 * Bytes one weight takes at a precision. int4 includes group-wise scales (AWQ/GPTQ with
 * group size 128, or MXFP4 blocks): about 4.25 bits.
 * @example bytesPerParameter('bf16') === 2; bytesPerParameter('fp8') === 1; bytesPerParameter('int4') === 0.53125
 */
export function bytesPerParameter(precision: Precision): number {
  switch (precision) {
    case 'fp16':
    case 'bf16':
      return 2;
    case 'fp8':
    case 'int8':
      return 1;
    case 'int4':
      return 4.25 / 8;
  }
}

/**
 * Dense TFLOPS the GPU reaches for the matrix multiplies at this weight precision, or
 * undefined when it cannot run it. fp8 needs FP8 tensor cores (Ada, Hopper, Blackwell,
 * MI300); int8 uses INT8 tensor cores (W8A8); int4 is weight-only (W4A16) and computes in
 * 16-bit, so it runs everywhere at the BF16 rate.
 * @example computeTflops(h100Sxm, 'fp8') === 1979; computeTflops(a100, 'fp8') === undefined; computeTflops(a100, 'int4') === 312
 */
export function computeTflops(gpu: GpuSpec, precision: Precision): number | undefined {
  switch (precision) {
    case 'fp16':
      return gpu.denseTflops.fp16;
    case 'bf16':
    case 'int4':
      return gpu.denseTflops.bf16;
    case 'fp8':
      return gpu.denseTflops.fp8 ?? undefined;
    case 'int8':
      return gpu.denseTflops.int8 ?? gpu.denseTflops.bf16;
  }
}

/** @example supportsPrecision(a100, 'fp8') === false; supportsPrecision(l4, 'fp8') === true */
export function supportsPrecision(gpu: GpuSpec, precision: Precision): boolean {
  return computeTflops(gpu, precision) !== undefined;
}

/**
 * Weight memory of the whole model, vendor GB (2^30 bytes).
 * @example weightsGb(llama31_70b, 'fp8') // 70.55e9 * 1 / 2^30 = 65.70
 */
export function weightsGb(model: ModelSpec, precision: Precision): number {
  return (model.totalParamsBillions * 1e9 * bytesPerParameter(precision)) / BYTES_PER_GPU_MEMORY_GB;
}

/** Bytes per KV-cache element. @example kvCacheElementBytes('fp8') === 1 */
export function kvCacheElementBytes(kvPrecision: KvCachePrecision): number {
  return kvPrecision === 'fp8' ? 1 : 2;
}

/** KV bytes one token adds in one layer: K and V per KV head, or one latent vector (MLA). */
function kvBytesPerTokenPerLayer(model: ModelSpec, kvPrecision: KvCachePrecision): number {
  const elementBytes = kvCacheElementBytes(kvPrecision);
  if (model.latentAttention) return model.latentAttention.cacheDimPerLayer * elementBytes;
  return 2 * model.kvHeads * model.headDim * elementBytes;
}

/**
 * KV cache bytes a sequence of `contextTokens` holds: full-attention layers grow with the
 * context, sliding-window layers stop at their window.
 * @example kvCacheBytesPerSequence(llama31_8b, 1000, 'fp16') === 131_072_000 // 2*32*8*128*2 bytes per token
 */
export function kvCacheBytesPerSequence(
  model: ModelSpec,
  contextTokens: number,
  kvPrecision: KvCachePrecision,
): number {
  const perLayer = kvBytesPerTokenPerLayer(model, kvPrecision);
  const windowLayers = model.slidingWindow?.layers ?? 0;
  const windowTokens = model.slidingWindow ? Math.min(contextTokens, model.slidingWindow.windowTokens) : 0;
  return perLayer * ((model.layers - windowLayers) * contextTokens + windowLayers * windowTokens);
}

/**
 * Average KV bytes per token of context at a given context length (the per-token cost of
 * full-attention models, less for sliding-window models at long contexts).
 * @example kvCacheBytesPerToken(llama31_70b, 4096, 'fp16') === 327_680 // 2*80*8*128*2
 */
export function kvCacheBytesPerToken(model: ModelSpec, contextTokens: number, kvPrecision: KvCachePrecision): number {
  return kvCacheBytesPerSequence(model, Math.max(1, contextTokens), kvPrecision) / Math.max(1, contextTokens);
}

/**
 * How many copies of the KV cache a tensor-parallel group keeps. KV heads are split across
 * GPUs; with more GPUs than KV heads they are replicated. A latent (MLA) cache is not split
 * by heads, so plain tensor parallelism keeps a full copy on every GPU.
 * @example kvCacheReplication(llama31_405b, 8) === 1; kvCacheReplication(qwen25_7b, 8) === 2; kvCacheReplication(deepseekV3, 8) === 8
 */
export function kvCacheReplication(model: ModelSpec, gpusPerReplica: number): number {
  if (model.latentAttention) return gpusPerReplica;
  return Math.max(1, gpusPerReplica / model.kvHeads);
}

/** Activation bytes per batched token per unit of hidden size (hidden states, QKV, MLP intermediates, 16-bit). */
export const ACTIVATION_BYTES_PER_TOKEN_PER_HIDDEN = 20;

export interface MemoryBudget {
  gpusPerReplica: number;
  /** Whole model, all GPUs of the replica. */
  weightsGb: number;
  /** Runtime overhead and activations, all GPUs. */
  activationAndRuntimeGb: number;
  /** KV cache pool, all GPUs (0 when nothing is left). */
  kvCacheGb: number;
  /** Memory the engine leaves unused (its safety margin), all GPUs. */
  headroomGb: number;
  totalGpuMemoryGb: number;
  /** Memory the engine may use for weights + runtime + KV, per GPU. */
  usablePerGpuGb: number;
  /** Weights + runtime + activations, per GPU; the model fits only when this is below usablePerGpuGb. */
  requiredPerGpuGb: number;
}

/**
 * Splits GPU memory into weights, runtime/activations, KV cache and headroom.
 * @example
 * // Llama 3.1 70B fp8 on 4 x H100 80 GB with vLLM (90% of each GPU, 1.5 GB runtime, 8192 batched tokens):
 * // weights 65.70 GB; per GPU: usable 72, weights 16.43, activations 8192*8192*20/4/2^30 = 0.31, runtime 1.5
 * // -> KV cache per GPU 53.76, whole group 215.05 GB
 */
export function memoryBudget(
  model: ModelSpec,
  gpu: GpuSpec,
  memory: EngineMemoryPolicy,
  maxBatchedTokens: number,
  precision: Precision,
  gpusPerReplica: number,
): MemoryBudget {
  const modelWeightsGb = weightsGb(model, precision);
  const activationPerGpuGb =
    (maxBatchedTokens * model.hiddenSize * ACTIVATION_BYTES_PER_TOKEN_PER_HIDDEN) /
    gpusPerReplica /
    BYTES_PER_GPU_MEMORY_GB;
  const runtimePerGpuGb = memory.runtimeOverheadGbPerGpu + activationPerGpuGb;
  const requiredPerGpuGb = modelWeightsGb / gpusPerReplica + runtimePerGpuGb;
  const usablePerGpuGb = memory.mode === 'fraction-of-total' ? gpu.hbmGb * memory.fraction : gpu.hbmGb;
  const freePerGpuGb = Math.max(0, usablePerGpuGb - requiredPerGpuGb);
  const kvPerGpuGb = memory.mode === 'fraction-of-total' ? freePerGpuGb : freePerGpuGb * memory.fraction;
  const totalGpuMemoryGb = gpu.hbmGb * gpusPerReplica;
  const kvCacheGb = kvPerGpuGb * gpusPerReplica;
  const activationAndRuntimeGb = runtimePerGpuGb * gpusPerReplica;
  return {
    gpusPerReplica,
    weightsGb: modelWeightsGb,
    activationAndRuntimeGb,
    kvCacheGb,
    headroomGb: Math.max(0, totalGpuMemoryGb - modelWeightsGb - activationAndRuntimeGb - kvCacheGb),
    totalGpuMemoryGb,
    usablePerGpuGb,
    requiredPerGpuGb,
  };
}

/**
 * Sequences the KV pool holds at once when each holds `contextTokens` on average.
 * @example kvCacheSequenceCapacity(llama31_8b, 10, 'fp16', 1, 1000) === 81 // 10 GB / 131 MB
 */
export function kvCacheSequenceCapacity(
  model: ModelSpec,
  kvCacheGb: number,
  kvPrecision: KvCachePrecision,
  gpusPerReplica: number,
  contextTokens: number,
): number {
  const perSequenceBytes =
    kvCacheBytesPerSequence(model, contextTokens, kvPrecision) * kvCacheReplication(model, gpusPerReplica);
  return Math.floor((kvCacheGb * BYTES_PER_GPU_MEMORY_GB) / perSequenceBytes);
}

/**
 * Tensor-parallel degrees the model can be split into on this GPU: powers of two up to the
 * GPUs in one server that divide the attention heads.
 * @example tensorParallelDegrees(llama31_70b, h100Sxm) // [1, 2, 4, 8]; qwen-2.5-7b (28 heads) -> [1, 2, 4]
 */
export function tensorParallelDegrees(model: ModelSpec, gpu: GpuSpec): number[] {
  const degrees: number[] = [];
  for (let degree = 1; degree <= gpu.maxGpusPerNode; degree *= 2) {
    if (model.attentionHeads % degree === 0) degrees.push(degree);
  }
  return degrees;
}

/** The memory policy assumed when no engine is given: vLLM's defaults (90% of each GPU, 1.5 GB runtime). */
export const REFERENCE_MEMORY_POLICY: EngineMemoryPolicy = {
  mode: 'fraction-of-total',
  fraction: 0.9,
  runtimeOverheadGbPerGpu: 1.5,
};
export const REFERENCE_MAX_BATCHED_TOKENS = 8192;

export interface MinimumGpusOptions {
  engine?: Pick<EngineProfile, 'memory' | 'maxBatchedTokens' | 'fp8KvCacheWithFp8Weights'>;
  /** Context one sequence must be able to hold (input + output); default 4096 tokens. */
  contextTokens?: number;
  kvCachePrecision?: KvCachePrecision;
}

/** The KV-cache precision an engine uses by default for a weight precision. */
export function defaultKvCachePrecision(precision: Precision, fp8KvCacheWithFp8Weights: boolean): KvCachePrecision {
  return precision === 'fp8' && fp8KvCacheWithFp8Weights ? 'fp8' : 'fp16';
}

/**
 * Smallest tensor-parallel degree whose GPUs hold the weights, the runtime and the KV cache
 * of at least one sequence of `contextTokens`; undefined when one server is not enough.
 * @example minimumGpusPerReplica(llama31_70b, h100Sxm, 'bf16') === 2 // 131.4 GB of weights: 65.7 + 2.1 GB runtime per GPU < 72 GB usable
 * @example minimumGpusPerReplica(llama31_70b, h100Sxm, 'fp8') === 1 // 65.7 GB weights + 2.75 GB runtime < 72 GB usable
 */
export function minimumGpusPerReplica(
  model: ModelSpec,
  gpu: GpuSpec,
  precision: Precision,
  options: MinimumGpusOptions = {},
): number | undefined {
  const memory = options.engine?.memory ?? REFERENCE_MEMORY_POLICY;
  const maxBatchedTokens = options.engine?.maxBatchedTokens ?? REFERENCE_MAX_BATCHED_TOKENS;
  const contextTokens = options.contextTokens ?? 4096;
  const kvPrecision =
    options.kvCachePrecision ?? defaultKvCachePrecision(precision, options.engine?.fp8KvCacheWithFp8Weights ?? false);
  for (const degree of tensorParallelDegrees(model, gpu)) {
    const budget = memoryBudget(model, gpu, memory, maxBatchedTokens, precision, degree);
    if (budget.requiredPerGpuGb >= budget.usablePerGpuGb) continue;
    if (kvCacheSequenceCapacity(model, budget.kvCacheGb, kvPrecision, degree, contextTokens) >= 1) return degree;
  }
  return undefined;
}
