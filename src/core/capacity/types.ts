/**
 * Types of the capacity model: the hardware (GpuSpec), the model (ModelSpec) and the
 * serving engine (EngineProfile). Plain data; the catalogs in src/catalog fill them in.
 *
 * Units: memory in GB as GPU vendors count it (an "80 GB" H100 holds 80 x 2^30 bytes),
 * bandwidth in GB/s (10^9 bytes per second), compute in dense TFLOPS (no sparsity).
 */
import { precisions, type Precision } from '../vocabulary.ts';

export type { Precision };
export const ALL_PRECISIONS: readonly Precision[] = precisions;

/** Bytes in one vendor "GB" of GPU memory (HBM capacities are binary). */
export const BYTES_PER_GPU_MEMORY_GB = 2 ** 30;

export interface CatalogProvenance {
  /** Who published the numbers (datasheet, model card, benchmark page). */
  source: string;
  /** ISO date the numbers were read. */
  asOf: string;
}

export interface GpuSpec extends CatalogProvenance {
  id: string;
  name: string;
  vendor: 'nvidia' | 'amd';
  /** On-package memory (HBM or GDDR), vendor GB. */
  hbmGb: number;
  memoryBandwidthGbPerSecond: number;
  /** Dense tensor throughput by data type; null where the hardware has no such tensor path. */
  denseTflops: {
    bf16: number;
    fp16: number;
    fp8: number | null;
    int8: number | null;
    int4: number | null;
  };
  interconnect: {
    kind: 'nvlink' | 'pcie' | 'infinity-fabric';
    /** Per-GPU bandwidth to its peers as marketed (both directions summed), GB/s. */
    gbPerSecond: number;
    /** Latency of one small all-reduce across the tensor-parallel group, microseconds. */
    allReduceLatencyUs: number;
  };
  /** GPUs per server: the largest tensor-parallel group the model considers. */
  maxGpusPerNode: number;
}

export interface MoeSpec {
  /** Routed experts per MoE layer. */
  experts: number;
  /** Experts each token is routed to. */
  activeExperts: number;
}

export interface ModelSpec extends CatalogProvenance {
  id: string;
  name: string;
  totalParamsBillions: number;
  /** Parameters used per token; equals the total for dense models. */
  activeParamsBillions: number;
  layers: number;
  hiddenSize: number;
  attentionHeads: number;
  kvHeads: number;
  headDim: number;
  maxContextTokens: number;
  moe?: MoeSpec;
  /** Multi-head latent attention (DeepSeek): one compressed vector per token per layer replaces K and V. */
  latentAttention?: { cacheDimPerLayer: number };
  /** Layers whose attention only sees the last `windowTokens` tokens (their KV cache stops growing there). */
  slidingWindow?: { layers: number; windowTokens: number };
  /** Precision the weights are published in, for information. */
  publishedPrecision?: string;
}

/** How an engine decides how much GPU memory it takes. */
export interface EngineMemoryPolicy {
  /**
   * `fraction-of-total`: the engine uses `fraction` of the whole GPU (vLLM `gpu_memory_utilization`,
   * SGLang `mem_fraction_static`); `fraction-of-free`: weights and runtime first, then `fraction`
   * of what is left becomes KV cache (TensorRT-LLM `kv_cache_free_gpu_mem_fraction`, TGI).
   */
  mode: 'fraction-of-total' | 'fraction-of-free';
  fraction: number;
  /** CUDA context, CUDA graphs, communication buffers, workspaces, per GPU. */
  runtimeOverheadGbPerGpu: number;
}

export interface EngineProfile extends CatalogProvenance {
  id: string;
  name: string;
  /** Share of the dense peak reached by prefill matrix multiplies (model FLOPs utilization). */
  prefillComputeEfficiency: number;
  /** Share of HBM bandwidth reached while decoding (weights + KV cache reads). */
  decodeBandwidthEfficiency: number;
  /** Share of the dense peak reached when large decode batches turn compute-bound. */
  decodeComputeEfficiency: number;
  /** Scheduler, sampling and kernel-launch time added to every decode iteration, ms. */
  stepOverheadMs: number;
  /**
   * Per running sequence per decode iteration, microseconds: sampling, detokenizing and
   * streaming each token through the server. What caps small models at large batches.
   */
  perSequenceOverheadUs: number;
  memory: EngineMemoryPolicy;
  /** Tokens per scheduler step (chunked prefill budget): sizes the activation memory. */
  maxBatchedTokens: number;
  /** Scheduler cap on running sequences (vLLM `max_num_seqs`). */
  maxRunningSequences: number;
  /** Whether FP8 weights come with an FP8 KV cache by default. */
  fp8KvCacheWithFp8Weights: boolean;
  /** How the factors were calibrated (which published measurements). */
  calibration: string;
}

export type KvCachePrecision = 'fp16' | 'fp8';
