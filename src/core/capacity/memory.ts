/**
 * Memory fit: weights at a precision, KV cache bytes per token, the engine's runtime and
 * activation overhead, what is left for KV cache, and the smallest tensor-parallel group
 * that holds the model.
 */
import { BYTES_PER_GPU_MEMORY_GB } from './types.ts';
import type {
  AttentionKind,
  EngineMemoryPolicy,
  EngineProfile,
  GpuSpec,
  KvCachePrecision,
  ModelSpec,
  Precision,
} from './types.ts';

/**
 * Bytes one weight takes at a precision. int4 includes group-wise scales (AWQ/GPTQ with
 * group size 128): about 4.25 bits. fp4 is NVFP4 (16-element blocks with an FP8 scale: 4.5
 * bits); MXFP4 (32-element blocks, 8-bit scale: 4.25 bits) is within 6% of it.
 * @example bytesPerParameter('bf16') === 2; bytesPerParameter('fp8') === 1; bytesPerParameter('int4') === 0.53125; bytesPerParameter('fp4') === 0.5625
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
    case 'fp4':
      return 4.5 / 8;
  }
}

/**
 * Dense TFLOPS the GPU reaches for the matrix multiplies at this weight precision, or
 * undefined when it cannot run it. fp8 needs FP8 tensor cores (Ada, Hopper, Blackwell,
 * MI300); int8 uses INT8 tensor cores (W8A8); int4 is weight-only (W4A16) and computes in
 * 16-bit, so it runs everywhere at the BF16 rate. fp4 runs on FP4 tensor cores where the GPU
 * has them (B200, MI355X) and is weight-only elsewhere: H100/H200, A100, L40S, MI300X
 * dequantise the 4-bit weights and compute at the BF16 rate (vLLM's Marlin / Triton MXFP4 paths).
 * @example computeTflops(h100Sxm, 'fp8') === 1979; computeTflops(a100, 'fp8') === undefined; computeTflops(a100, 'int4') === 312; computeTflops(b200, 'fp4') === 9000; computeTflops(h100Sxm, 'fp4') === 989.5
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
    case 'fp4':
      return gpu.denseTflops.fp4 ?? gpu.denseTflops.bf16;
  }
}

/**
 * How a GPU runs a weight precision: on its own tensor cores, or weight-only (weights stored
 * small, dequantised to 16-bit for the multiply: memory and bandwidth shrink, compute does not).
 * @example precisionMode(b200, 'fp4') === 'native'; precisionMode(h100Sxm, 'fp4') === 'weight-only'; precisionMode(a100, 'int4') === 'weight-only'
 */
export function precisionMode(gpu: GpuSpec, precision: Precision): 'native' | 'weight-only' {
  if (precision === 'int4') return 'weight-only';
  if (precision === 'fp4') return gpu.denseTflops.fp4 === null ? 'weight-only' : 'native';
  if (precision === 'int8') return gpu.denseTflops.int8 === null ? 'weight-only' : 'native';
  return 'native';
}

/** @example supportsPrecision(a100, 'fp8') === false; supportsPrecision(l4, 'fp8') === true */
export function supportsPrecision(gpu: GpuSpec, precision: Precision): boolean {
  return computeTflops(gpu, precision) !== undefined;
}

/**
 * Bytes of the weights at a precision: the parameters a quantised checkpoint keeps in 16-bit
 * (`unquantisedParamsBillions`) stay at 2 bytes, the rest take the precision's size.
 * @example weightBytes(llama31_70b, 'fp8') === 70.55e9; weightBytes(gptOss120b, 'fp4') // 1.53e9 * 2 + 115.30e9 * 0.5625 = 67.92e9
 */
export function weightBytes(model: ModelSpec, precision: Precision, params = model.totalParamsBillions): number {
  const bytes = bytesPerParameter(precision);
  const unquantised = bytes < 2 ? Math.min(params, model.unquantisedParamsBillions ?? 0) : 0;
  return (unquantised * 2 + (params - unquantised) * bytes) * 1e9;
}

/**
 * Weight memory of the whole model, vendor GB (2^30 bytes).
 * @example weightsGb(llama31_70b, 'fp8') // 70.55e9 * 1 / 2^30 = 65.70
 */
export function weightsGb(model: ModelSpec, precision: Precision): number {
  return weightBytes(model, precision) / BYTES_PER_GPU_MEMORY_GB;
}

/**
 * How attention stores K and V: MLA when the model has a latent cache, MHA when every query
 * head has its own KV head, GQA otherwise.
 * @example attentionKind(deepseekV3) === 'mla'; attentionKind(llama31_8b) === 'gqa'; attentionKind(llama2_7b) === 'mha'
 */
export function attentionKind(model: ModelSpec): AttentionKind {
  if (model.latentAttention) return 'mla';
  return model.kvHeads === model.attentionHeads ? 'mha' : 'gqa';
}

/** Bytes per KV-cache element. @example kvCacheElementBytes('fp8') === 1 */
export function kvCacheElementBytes(kvPrecision: KvCachePrecision): number {
  return kvPrecision === 'fp8' ? 1 : 2;
}

/**
 * KV bytes one token adds in one layer: K and V per KV head (2 x kvHeads x headDim elements),
 * or, for MLA, one latent of kvLoraRank + qkRopeHeadDim elements shared by all heads.
 * @example kvBytesPerTokenPerLayer(deepseekV3, 'fp16') === 1152 // (512 + 64) x 2; llama31_70b: 2 x 8 x 128 x 2 = 4096
 */
export function kvBytesPerTokenPerLayer(model: ModelSpec, kvPrecision: KvCachePrecision): number {
  const elementBytes = kvCacheElementBytes(kvPrecision);
  if (model.latentAttention)
    return (model.latentAttention.kvLoraRank + model.latentAttention.qkRopeHeadDim) * elementBytes;
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
 * by heads, so plain tensor parallelism keeps a full copy on every GPU. With expert
 * parallelism attention is data-parallel: each GPU holds only its own sequences' cache (1 copy).
 * @example kvCacheReplication(llama31_405b, 8) === 1; kvCacheReplication(qwen25_7b, 8) === 2; kvCacheReplication(deepseekV3, 8) === 8; kvCacheReplication(deepseekV3, 8, true) === 1
 */
export function kvCacheReplication(model: ModelSpec, gpusPerReplica: number, expertParallel = false): number {
  if (expertParallel) return 1;
  if (model.latentAttention) return gpusPerReplica;
  return Math.max(1, gpusPerReplica / model.kvHeads);
}

/** Activation bytes per batched token per unit of hidden size (hidden states, QKV, MLP intermediates, 16-bit). */
export const ACTIVATION_BYTES_PER_TOKEN_PER_HIDDEN = 20;

/**
 * Weights held by routed experts versus everything else (attention, embeddings, dense layers,
 * shared experts), GB at a precision. Dense models are all shared.
 * @example splitWeightsGb(mixtral8x7b, 'bf16') // { sharedGb: 1.61e9 * 2 / 2^30 = 3.0, expertGb: 45.09e9 * 2 / 2^30 = 84.0 }
 */
export function splitWeightsGb(model: ModelSpec, precision: Precision): { sharedGb: number; expertGb: number } {
  const expertParams = routedExpertParams(model);
  const sharedParams = model.totalParamsBillions - expertParams;
  return {
    sharedGb: weightBytes(model, precision, sharedParams) / BYTES_PER_GPU_MEMORY_GB,
    expertGb: (expertParams * 1e9 * bytesPerParameter(precision)) / BYTES_PER_GPU_MEMORY_GB,
  };
}

/** Routed-expert parameters (billions): total = shared + experts, active = shared + experts x k / E. */
export function routedExpertParams(model: ModelSpec): number {
  if (!model.moe) return 0;
  return (model.totalParamsBillions - model.activeParamsBillions) / (1 - model.moe.activeExperts / model.moe.experts);
}

export interface MemoryBudget {
  gpusPerReplica: number;
  /** Whole model, all GPUs of the replica (with expert parallelism: counting each GPU's copy of the shared weights). */
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
  expertParallel = false,
): MemoryBudget {
  // Expert parallelism: attention and shared weights are copied on every GPU, routed experts split.
  const split = expertParallel ? splitWeightsGb(model, precision) : undefined;
  const weightsPerGpuGb = split
    ? split.sharedGb + split.expertGb / gpusPerReplica
    : weightsGb(model, precision) / gpusPerReplica;
  const modelWeightsGb = weightsPerGpuGb * gpusPerReplica;
  const activationPerGpuGb =
    (maxBatchedTokens * model.hiddenSize * ACTIVATION_BYTES_PER_TOKEN_PER_HIDDEN) /
    gpusPerReplica /
    BYTES_PER_GPU_MEMORY_GB;
  const runtimePerGpuGb = memory.runtimeOverheadGbPerGpu + activationPerGpuGb;
  const requiredPerGpuGb = weightsPerGpuGb + runtimePerGpuGb;
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
  expertParallel = false,
): number {
  const perSequenceBytes =
    kvCacheBytesPerSequence(model, contextTokens, kvPrecision) *
    kvCacheReplication(model, gpusPerReplica, expertParallel);
  return Math.floor((kvCacheGb * BYTES_PER_GPU_MEMORY_GB) / perSequenceBytes);
}

/**
 * Degrees the model can be split into on this GPU: powers of two up to the GPUs in one server
 * that divide the attention heads (tensor parallel) or the routed experts (expert parallel).
 * @example tensorParallelDegrees(llama31_70b, h100Sxm) // [1, 2, 4, 8]; qwen-2.5-7b (28 heads) -> [1, 2, 4]; llama-4-scout (40 heads) -> [1, 2, 4, 8]
 */
export function tensorParallelDegrees(model: ModelSpec, gpu: GpuSpec, expertParallel = false): number[] {
  const divides = expertParallel && model.moe ? model.moe.experts : model.attentionHeads;
  const degrees: number[] = [];
  for (let degree = 1; degree <= gpu.maxGpusPerNode; degree *= 2) {
    if (divides % degree === 0) degrees.push(degree);
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
  /** Expert parallelism with data-parallel attention (MoE models only). */
  expertParallel?: boolean;
}

/**
 * The KV-cache precision an engine uses by default for a weight precision: fp8 for fp8 or
 * fp4 weights when the engine pairs them (TensorRT-LLM), else 16-bit.
 * @example defaultKvCachePrecision('fp4', true) === 'fp8'; defaultKvCachePrecision('fp8', false) === 'fp16'
 */
export function defaultKvCachePrecision(precision: Precision, fp8KvCacheWithFp8Weights: boolean): KvCachePrecision {
  return (precision === 'fp8' || precision === 'fp4') && fp8KvCacheWithFp8Weights ? 'fp8' : 'fp16';
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
  const expertParallel = options.expertParallel ?? false;
  for (const degree of tensorParallelDegrees(model, gpu, expertParallel)) {
    const budget = memoryBudget(model, gpu, memory, maxBatchedTokens, precision, degree, expertParallel);
    if (budget.requiredPerGpuGb >= budget.usablePerGpuGb) continue;
    if (kvCacheSequenceCapacity(model, budget.kvCacheGb, kvPrecision, degree, contextTokens, expertParallel) >= 1)
      return degree;
  }
  return undefined;
}
