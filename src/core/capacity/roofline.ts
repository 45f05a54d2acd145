/**
 * Roofline timing of the two phases of LLM inference on a tensor-parallel group:
 * prefill (all prompt tokens at once: compute-bound) and decode (one token per running
 * sequence per step: bound by reading the weights and the KV cache from memory).
 * Efficiency factors come from the engine profile and its per-GPU-family multipliers
 * (efficiency.ts). MoE models read only the experts a batch touches; with expert
 * parallelism attention is data-parallel and experts are spread over the GPUs.
 */
import { engineEfficiency } from './efficiency.ts';
import {
  bytesPerParameter,
  computeTflops,
  kvCacheBytesPerSequence,
  kvCacheReplication,
  routedExpertParams,
  weightBytes,
} from './memory.ts';
import type { EngineProfile, GpuSpec, KvCachePrecision, ModelSpec, MoeSpec, Precision } from './types.ts';

export interface ServingHardware {
  model: ModelSpec;
  gpu: GpuSpec;
  engine: EngineProfile;
  precision: Precision;
  kvCachePrecision: KvCachePrecision;
  gpusPerReplica: number;
  /**
   * Expert parallelism with data-parallel attention (TensorRT-LLM "DEP", SGLang/vLLM
   * `--enable-expert-parallel` with DP attention): each GPU runs its own share of the
   * sequences through a full copy of attention and shared weights, routed experts are
   * spread over the GPUs and tokens travel to them by all-to-all. Default false (tensor parallel).
   */
  expertParallel?: boolean;
}

/**
 * Share of a MoE layer's experts that a decode step of `batch` tokens touches. Assumes
 * uniform, independent routing (each token picks `activeExperts` of `experts`, each expert
 * with probability k / E): E_touched = E x (1 - (1 - k/E)^B), which never exceeds
 * min(E, B x k). Real routers are skewed, which touches fewer experts (this over-counts
 * bytes slightly at medium batch).
 * @example moeTouchedExpertShare({ experts: 8, activeExperts: 2 }, 1) === 0.25
 * @example moeTouchedExpertShare({ experts: 8, activeExperts: 2 }, 16) // 1 - 0.75^16 = 0.99
 * @example moeTouchedExpertShare({ experts: 256, activeExperts: 8 }, 16) // 1 - (31/32)^16 = 0.40: 102 of 256 experts, not 8
 */
export function moeTouchedExpertShare(moe: MoeSpec, batch: number): number {
  return 1 - (1 - moe.activeExperts / moe.experts) ** Math.max(1, batch);
}

/**
 * Parameters (billions) held by routed experts, from total and active counts:
 * total = shared + experts, active = shared + experts * k / E.
 * @example routedExpertParamsBillions(mixtral8x7b) // (46.70 - 12.88) / (1 - 2/8) = 45.09
 */
export function routedExpertParamsBillions(model: ModelSpec): number {
  return routedExpertParams(model);
}

/**
 * Weight bytes one decode step reads: all of a dense model; for MoE the shared part plus the
 * experts the batch touches. 16-bit parts of quantised checkpoints (unquantisedParamsBillions)
 * count at 2 bytes.
 * @example weightBytesReadPerStep(llama31_8b, 'bf16', 64) === 16.06e9
 * @example weightBytesReadPerStep(mixtral8x7b, 'bf16', 1) // (1.61 + 45.09 * 0.25) * 2e9 = 25.76e9
 */
export function weightBytesReadPerStep(model: ModelSpec, precision: Precision, batch: number): number {
  const parts = weightBytesByKind(model, precision, batch);
  return parts.sharedBytes + parts.touchedExpertBytes;
}

/**
 * The two kinds of weight bytes a step of `batch` tokens reads: shared (attention, embeddings,
 * dense layers, shared experts) and the routed experts it touches.
 * @example weightBytesByKind(mixtral8x7b, 'bf16', 1) // { sharedBytes: 3.22e9, touchedExpertBytes: 45.09e9 * 0.25 * 2 = 22.55e9 }
 */
export function weightBytesByKind(
  model: ModelSpec,
  precision: Precision,
  batch: number,
): { sharedBytes: number; touchedExpertBytes: number } {
  if (!model.moe) return { sharedBytes: weightBytes(model, precision), touchedExpertBytes: 0 };
  const expertParams = routedExpertParams(model);
  const sharedBytes = weightBytes(model, precision, model.totalParamsBillions - expertParams);
  const touchedExpertBytes =
    expertParams * 1e9 * bytesPerParameter(precision) * moeTouchedExpertShare(model.moe, batch);
  return { sharedBytes, touchedExpertBytes };
}

/** Attention span of each layer kind at a context length: [full layers, windowed layers, window span]. */
function attentionSpan(
  model: ModelSpec,
  contextTokens: number,
): { fullLayers: number; windowLayers: number; windowSpan: number } {
  const windowLayers = model.slidingWindow?.layers ?? 0;
  const windowSpan = model.slidingWindow ? Math.min(contextTokens, model.slidingWindow.windowTokens) : 0;
  return { fullLayers: model.layers - windowLayers, windowLayers, windowSpan };
}

/**
 * Attention FLOPs per (query token, context token) pair per layer: 2 x heads x (QK width +
 * V width). GQA/MHA: 4 x heads x headDim. MLA decodes on the latent (weights absorbed):
 * 2 x heads x (kvLoraRank + ropeDim + kvLoraRank); MLA prefill materialises K and V:
 * 2 x heads x (headDim + vHeadDim).
 * @example attentionFlopsPerPair(llama31_8b, 'decode') === 16_384; attentionFlopsPerPair(deepseekV3, 'decode') === 278_528
 */
export function attentionFlopsPerPair(model: ModelSpec, phase: 'decode' | 'prefill'): number {
  const latent = model.latentAttention;
  if (!latent) return 4 * model.attentionHeads * model.headDim;
  if (phase === 'decode') return 2 * model.attentionHeads * (2 * latent.kvLoraRank + latent.qkRopeHeadDim);
  return 2 * model.attentionHeads * (model.headDim + latent.vHeadDim);
}

/**
 * FLOPs per token spent in routed experts (2 per active expert parameter): the part of
 * decodeFlopsPerToken / prefillFlops that runs in MoE kernels.
 * @example expertFlopsPerToken(mixtral8x7b) // 2 * 45.09e9 * 2 / 8 = 22.55e9; expertFlopsPerToken(llama31_8b) === 0
 */
export function expertFlopsPerToken(model: ModelSpec): number {
  if (!model.moe) return 0;
  return 2 * routedExpertParams(model) * 1e9 * (model.moe.activeExperts / model.moe.experts);
}

/** Seconds for `flops` of which `expertFlops` run in MoE kernels at `moeKernel` of the dense rate. */
function computeSecondsFor(flops: number, expertFlops: number, flopsPerSecond: number, moeKernel: number): number {
  return (flops - expertFlops) / flopsPerSecond + expertFlops / (flopsPerSecond * moeKernel);
}

/**
 * FLOPs to generate one token with `contextTokens` of context: 2 per active parameter plus
 * attention (QK^T and AV: 4 x heads x headDim per context token per layer for GQA).
 * @example decodeFlopsPerToken(llama31_8b, 1000) // 2*8.03e9 + 4*32*32*128*1000 = 16.58e9
 */
export function decodeFlopsPerToken(model: ModelSpec, contextTokens: number): number {
  const span = attentionSpan(model, contextTokens);
  return (
    2 * model.activeParamsBillions * 1e9 +
    attentionFlopsPerPair(model, 'decode') * (span.fullLayers * contextTokens + span.windowLayers * span.windowSpan)
  );
}

/**
 * FLOPs to prefill a prompt of `promptTokens`: 2 per active parameter per token plus causal
 * attention (half of the 4 x heads x headDim x P^2 square per layer: the quadratic term that
 * dominates long prompts; window layers grow only linearly).
 * @example prefillFlops(llama31_8b, 2000) // 2*8.03e9*2000 + 2*32*4096*2000^2 = 33.17e12
 * @example prefillFlops(llama31_8b, 32000) // linear 0.51e15 + attention 0.27e15: attention is 34% at 32K (3% at 2K)
 */
export function prefillFlops(model: ModelSpec, promptTokens: number): number {
  const span = attentionSpan(model, promptTokens);
  const linear = 2 * model.activeParamsBillions * 1e9 * promptTokens;
  const attention =
    (attentionFlopsPerPair(model, 'prefill') / 2) *
    (span.fullLayers * promptTokens * promptTokens + span.windowLayers * 2 * promptTokens * span.windowSpan);
  return linear + attention;
}

/**
 * Time the tensor-parallel all-reduces take for `tokens` tokens in one forward pass: two per
 * layer, each a fixed latency plus a ring all-reduce of 16-bit hidden states over one
 * direction of the link. Zero on a single GPU.
 * @example tensorParallelSeconds(llama31_70b, h100Sxm, 1, 4) // 160 * (10e-6 + 1*8192*2*1.5/450e9) = 1.61 ms
 */
export function tensorParallelSeconds(model: ModelSpec, gpu: GpuSpec, tokens: number, gpusPerReplica: number): number {
  if (gpusPerReplica <= 1) return 0;
  const allReduces = 2 * model.layers;
  const bytesPerGpu = tokens * model.hiddenSize * 2 * ((2 * (gpusPerReplica - 1)) / gpusPerReplica);
  const oneWayBytesPerSecond = (gpu.interconnect.gbPerSecond / 2) * 1e9;
  return allReduces * (gpu.interconnect.allReduceLatencyUs * 1e-6 + bytesPerGpu / oneWayBytesPerSecond);
}

/**
 * Time the expert-parallel all-to-alls take for `tokensPerGpu` tokens on each GPU in one
 * forward pass: per MoE layer a dispatch and a combine, each a fixed latency plus sending
 * the (N - 1) / N of each token's k expert copies (16-bit hidden states) that live elsewhere.
 * @example expertParallelSeconds(deepseekV3, h200, 32, 8) // 116 * (10e-6 + 32*8*7168*2*(7/8) / 450e9) = 2.0 ms
 */
export function expertParallelSeconds(model: ModelSpec, gpu: GpuSpec, tokensPerGpu: number, gpus: number): number {
  if (gpus <= 1 || !model.moe) return 0;
  const transfers = 2 * (model.moe.layers ?? model.layers);
  const bytesPerGpu = tokensPerGpu * model.moe.activeExperts * model.hiddenSize * 2 * ((gpus - 1) / gpus);
  const oneWayBytesPerSecond = (gpu.interconnect.gbPerSecond / 2) * 1e9;
  return transfers * (gpu.interconnect.allReduceLatencyUs * 1e-6 + bytesPerGpu / oneWayBytesPerSecond);
}

/**
 * Share of the smaller of memory time and compute time that does not hide under the larger
 * one. A pure roofline takes the max (0); measured large-batch decode sits between max and
 * sum, so half of the smaller term is added.
 */
export const UNOVERLAPPED_SHARE = 0.5;

export interface DecodeStep {
  seconds: number;
  memorySeconds: number;
  computeSeconds: number;
  communicationSeconds: number;
  overheadSeconds: number;
}

/** Communication of one forward pass: all-reduces (tensor parallel) or all-to-alls (expert parallel). */
function communicationSeconds(hardware: ServingHardware, tokens: number): number {
  const { model, gpu, gpusPerReplica } = hardware;
  if (hardware.expertParallel) return expertParallelSeconds(model, gpu, tokens / gpusPerReplica, gpusPerReplica);
  return tensorParallelSeconds(model, gpu, tokens, gpusPerReplica);
}

/**
 * One decode iteration for `batch` running sequences holding `contextTokens` each on average:
 * max(memory, compute) + half of min(memory, compute) + communication + engine overhead
 * (per step and per running sequence). Memory time reads shared weights and the KV cache at
 * the engine's decode bandwidth efficiency and the touched experts at its MoE share of it.
 * Tensor parallel: the group reads everything once with N x the bandwidth. Expert parallel:
 * each GPU reads its own copy of the shared weights, its 1/N of the touched experts and the
 * KV cache of its B/N sequences.
 * @example
 * // Llama 3.1 8B bf16, 1 x H100 SXM, vLLM (80% of 3350 GB/s, 45% of 989.5 TFLOPS, 1 ms + 50 us overhead), batch 1, 1000 context:
 * // memory (16.06e9 + 131.07e6) / 2.68e12 = 6.041 ms; compute 16.58e9 / 445.3e12 = 0.037 ms
 * // -> step 6.041 + 0.5 * 0.037 + 1.05 = 7.11 ms
 */
export function decodeStep(hardware: ServingHardware, batch: number, contextTokens: number): DecodeStep {
  const { model, gpu, engine, precision, kvCachePrecision, gpusPerReplica } = hardware;
  const expertParallel = hardware.expertParallel ?? false;
  const efficiency = engineEfficiency(engine, gpu);
  const gpuBytesPerSecond = gpu.memoryBandwidthGbPerSecond * 1e9;
  const weights = weightBytesByKind(model, precision, batch);
  const kvBytes =
    batch *
    kvCacheBytesPerSequence(model, contextTokens, kvCachePrecision) *
    kvCacheReplication(model, gpusPerReplica, expertParallel);
  // Bytes each GPU reads: tensor parallel splits everything N ways; expert parallel copies the shared part.
  const sharedBytesPerGpu = expertParallel ? weights.sharedBytes : weights.sharedBytes / gpusPerReplica;
  const memorySeconds =
    (sharedBytesPerGpu + kvBytes / gpusPerReplica) / (gpuBytesPerSecond * efficiency.decodeBandwidth) +
    weights.touchedExpertBytes / gpusPerReplica / (gpuBytesPerSecond * efficiency.moeExpertBandwidth);
  const flopsPerSecond =
    (computeTflops(gpu, precision) ?? gpu.denseTflops.bf16) * 1e12 * gpusPerReplica * efficiency.decodeCompute;
  const computeSeconds = computeSecondsFor(
    batch * decodeFlopsPerToken(model, contextTokens),
    batch * expertFlopsPerToken(model),
    flopsPerSecond,
    efficiency.moeKernel,
  );
  const communication = communicationSeconds(hardware, batch);
  const sequencesPerGpu = expertParallel ? batch / gpusPerReplica : batch;
  const overheadSeconds = engine.stepOverheadMs / 1000 + (sequencesPerGpu * engine.perSequenceOverheadUs) / 1e6;
  const rooflineSeconds =
    Math.max(memorySeconds, computeSeconds) + UNOVERLAPPED_SHARE * Math.min(memorySeconds, computeSeconds);
  return {
    seconds: rooflineSeconds + communication + overheadSeconds,
    memorySeconds,
    computeSeconds,
    communicationSeconds: communication,
    overheadSeconds,
  };
}

export interface PrefillTime {
  /** GPU time a prompt costs when batched with others (weights read once for many): compute + communication. */
  workSeconds: number;
  /** Wall time to prefill this prompt alone: max(compute, weight read) + communication + one step overhead. */
  latencySeconds: number;
}

/**
 * Prefill cost of one prompt. Compute includes attention's quadratic term (prefillFlops), so
 * long prompts cost more than linearly.
 * @example
 * // Llama 3.3 70B fp8 on 2 x H100 SXM with TensorRT-LLM (55% of 2 x 1979 TFLOPS), 5000-token prompt:
 * // compute (2*70.55e9*5000 + 2*80*8192*5000^2) / 2.18e15 = 0.34 s
 */
export function prefillTime(hardware: ServingHardware, promptTokens: number): PrefillTime {
  const { model, gpu, engine, precision, gpusPerReplica } = hardware;
  const efficiency = engineEfficiency(engine, gpu);
  const flopsPerSecond =
    (computeTflops(gpu, precision) ?? gpu.denseTflops.bf16) * 1e12 * gpusPerReplica * efficiency.prefillCompute;
  const computeSeconds = computeSecondsFor(
    prefillFlops(model, promptTokens),
    promptTokens * expertFlopsPerToken(model),
    flopsPerSecond,
    efficiency.moeKernel,
  );
  const weightSeconds =
    weightBytesReadPerStep(model, precision, promptTokens) /
    (gpu.memoryBandwidthGbPerSecond * 1e9 * gpusPerReplica * efficiency.decodeBandwidth);
  const communication = communicationSeconds(hardware, promptTokens);
  return {
    workSeconds: computeSeconds + communication,
    latencySeconds: Math.max(computeSeconds, weightSeconds) + communication + engine.stepOverheadMs / 1000,
  };
}
