/**
 * Roofline timing of the two phases of LLM inference on a tensor-parallel group:
 * prefill (all prompt tokens at once: compute-bound) and decode (one token per running
 * sequence per step: bound by reading the weights and the KV cache from memory).
 * Efficiency factors come from the engine profile.
 */
import { bytesPerParameter, computeTflops, kvCacheBytesPerSequence, kvCacheReplication } from './memory.ts';
import type { EngineProfile, GpuSpec, KvCachePrecision, ModelSpec, MoeSpec, Precision } from './types.ts';

export interface ServingHardware {
  model: ModelSpec;
  gpu: GpuSpec;
  engine: EngineProfile;
  precision: Precision;
  kvCachePrecision: KvCachePrecision;
  gpusPerReplica: number;
}

/**
 * Share of a MoE layer's experts that a decode step of `batch` tokens touches, each token
 * picking `activeExperts` of `experts` independently.
 * @example moeTouchedExpertShare({ experts: 8, activeExperts: 2 }, 1) === 0.25
 * @example moeTouchedExpertShare({ experts: 8, activeExperts: 2 }, 16) // 1 - 0.75^16 = 0.99
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
  if (!model.moe) return 0;
  return (model.totalParamsBillions - model.activeParamsBillions) / (1 - model.moe.activeExperts / model.moe.experts);
}

/**
 * Weight bytes one decode step reads: all of a dense model; for MoE the shared part plus the
 * experts the batch touches.
 * @example weightBytesReadPerStep(llama31_8b, 'bf16', 64) === 16.06e9
 * @example weightBytesReadPerStep(mixtral8x7b, 'bf16', 1) // (1.61 + 45.09 * 0.25) * 2e9 = 25.76e9
 */
export function weightBytesReadPerStep(model: ModelSpec, precision: Precision, batch: number): number {
  const bytes = bytesPerParameter(precision) * 1e9;
  if (!model.moe) return model.totalParamsBillions * bytes;
  const expertParams = routedExpertParamsBillions(model);
  const sharedParams = model.totalParamsBillions - expertParams;
  return (sharedParams + expertParams * moeTouchedExpertShare(model.moe, batch)) * bytes;
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
 * FLOPs to generate one token with `contextTokens` of context: 2 per active parameter plus
 * attention (QK^T and AV: 4 x heads x headDim per context token per layer).
 * @example decodeFlopsPerToken(llama31_8b, 1000) // 2*8.03e9 + 4*32*32*128*1000 = 16.58e9
 */
export function decodeFlopsPerToken(model: ModelSpec, contextTokens: number): number {
  const span = attentionSpan(model, contextTokens);
  const attentionWidth = model.attentionHeads * model.headDim;
  return (
    2 * model.activeParamsBillions * 1e9 +
    4 * attentionWidth * (span.fullLayers * contextTokens + span.windowLayers * span.windowSpan)
  );
}

/**
 * FLOPs to prefill a prompt of `promptTokens`: 2 per active parameter per token plus causal
 * attention (half of the 4 x heads x headDim x P^2 square per layer).
 * @example prefillFlops(llama31_8b, 2000) // 2*8.03e9*2000 + 2*32*4096*2000^2 = 33.17e12
 */
export function prefillFlops(model: ModelSpec, promptTokens: number): number {
  const span = attentionSpan(model, promptTokens);
  const attentionWidth = model.attentionHeads * model.headDim;
  const linear = 2 * model.activeParamsBillions * 1e9 * promptTokens;
  const attention =
    2 *
    attentionWidth *
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

/**
 * One decode iteration for `batch` running sequences holding `contextTokens` each on average:
 * max(memory, compute) + half of min(memory, compute) + tensor-parallel communication +
 * engine overhead (per step and per running sequence).
 * @example
 * // Llama 3.1 8B bf16, 1 x H100 SXM, vLLM (80% of 3350 GB/s, 45% of 989.5 TFLOPS, 1 ms + 50 us overhead), batch 1, 1000 context:
 * // memory (16.06e9 + 131.07e6) / 2.68e12 = 6.041 ms; compute 16.58e9 / 445.3e12 = 0.037 ms
 * // -> step 6.041 + 0.5 * 0.037 + 1.05 = 7.11 ms
 */
export function decodeStep(hardware: ServingHardware, batch: number, contextTokens: number): DecodeStep {
  const { model, gpu, engine, precision, kvCachePrecision, gpusPerReplica } = hardware;
  const kvBytes =
    batch * kvCacheBytesPerSequence(model, contextTokens, kvCachePrecision) * kvCacheReplication(model, gpusPerReplica);
  const bandwidthBytesPerSecond =
    gpu.memoryBandwidthGbPerSecond * 1e9 * gpusPerReplica * engine.decodeBandwidthEfficiency;
  const memorySeconds = (weightBytesReadPerStep(model, precision, batch) + kvBytes) / bandwidthBytesPerSecond;
  const flopsPerSecond =
    (computeTflops(gpu, precision) ?? gpu.denseTflops.bf16) * 1e12 * gpusPerReplica * engine.decodeComputeEfficiency;
  const computeSeconds = (batch * decodeFlopsPerToken(model, contextTokens)) / flopsPerSecond;
  const communicationSeconds = tensorParallelSeconds(model, gpu, batch, gpusPerReplica);
  const overheadSeconds = engine.stepOverheadMs / 1000 + (batch * engine.perSequenceOverheadUs) / 1e6;
  const rooflineSeconds =
    Math.max(memorySeconds, computeSeconds) + UNOVERLAPPED_SHARE * Math.min(memorySeconds, computeSeconds);
  return {
    seconds: rooflineSeconds + communicationSeconds + overheadSeconds,
    memorySeconds,
    computeSeconds,
    communicationSeconds,
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
 * Prefill cost of one prompt.
 * @example
 * // Llama 3.3 70B fp8 on 2 x H100 SXM with TensorRT-LLM (55% of 2 x 1979 TFLOPS), 5000-token prompt:
 * // compute (2*70.55e9*5000 + 2*80*8192*5000^2) / 2.18e15 = 0.34 s
 */
export function prefillTime(hardware: ServingHardware, promptTokens: number): PrefillTime {
  const { model, gpu, engine, precision, gpusPerReplica } = hardware;
  const flopsPerSecond =
    (computeTflops(gpu, precision) ?? gpu.denseTflops.bf16) * 1e12 * gpusPerReplica * engine.prefillComputeEfficiency;
  const computeSeconds = prefillFlops(model, promptTokens) / flopsPerSecond;
  const weightSeconds =
    weightBytesReadPerStep(model, precision, promptTokens) /
    (gpu.memoryBandwidthGbPerSecond * 1e9 * gpusPerReplica * engine.decodeBandwidthEfficiency);
  const communicationSeconds = tensorParallelSeconds(model, gpu, promptTokens, gpusPerReplica);
  return {
    workSeconds: computeSeconds + communicationSeconds,
    latencySeconds: Math.max(computeSeconds, weightSeconds) + communicationSeconds + engine.stepOverheadMs / 1000,
  };
}
