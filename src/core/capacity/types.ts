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

/** GPU architecture generation: what the engine factors (src/catalog/engines.ts) are keyed on. */
export type GpuFamily = 'ampere' | 'ada' | 'hopper' | 'blackwell' | 'cdna3' | 'cdna4';

export interface GpuSpec extends CatalogProvenance {
  id: string;
  name: string;
  vendor: 'nvidia' | 'amd';
  family: GpuFamily;
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
    /** Block-scaled 4-bit float (NVFP4 / MXFP4) tensor cores: Blackwell and CDNA 4 only. */
    fp4: number | null;
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
  /** Experts every token goes through (DeepSeek, Llama 4: 1; Qwen3, gpt-oss, Mixtral: 0); their weights count as shared. */
  sharedExperts?: number;
  /** Layers with a MoE block (default: all); the rest are dense (DeepSeek V3: 58 of 61, Llama 4 Maverick: 24 of 48). */
  layers?: number;
}

/** Multi-head latent attention (DeepSeek V2/V3): K and V are compressed into one latent per token per layer. */
export interface LatentAttentionSpec {
  /** `kv_lora_rank`: the compressed KV latent (DeepSeek V3: 512). */
  kvLoraRank: number;
  /** `qk_rope_head_dim`: the decoupled RoPE key, cached next to the latent (DeepSeek V3: 64). */
  qkRopeHeadDim: number;
  /** `v_head_dim` (DeepSeek V3: 128). */
  vHeadDim: number;
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
  /** Multi-head latent attention (DeepSeek): one latent of kvLoraRank + qkRopeHeadDim per token per layer replaces K and V. */
  latentAttention?: LatentAttentionSpec;
  /**
   * Layers whose attention only sees a bounded span (their KV cache stops growing there):
   * a sliding window (gpt-oss: 128 tokens) or chunked local attention (Llama 4: 8,192-token chunks).
   */
  slidingWindow?: { layers: number; windowTokens: number; kind?: 'sliding' | 'chunked' };
  /** Precision the weights are published in, for information. */
  publishedPrecision?: string;
  /** The precision of the reference checkpoint (gpt-oss: fp4, DeepSeek V3/R1: fp8, most others: bf16). */
  nativePrecision?: Precision;
  /** Precisions with a published checkpoint (the model's own or a vendor's: NVIDIA ModelOpt FP8/NVFP4, AMD FP8-KV). */
  checkpointPrecisions?: Precision[];
  /**
   * Parameters a quantised checkpoint keeps in 16-bit (embeddings and LM head; for gpt-oss also
   * attention and router, per its quantization_config). Default 0: everything at the named precision.
   */
  unquantisedParamsBillions?: number;
}

/** How attention stores K and V: full multi-head, grouped-query, or multi-head latent. */
export type AttentionKind = 'mha' | 'gqa' | 'mla';

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

/**
 * How an engine's factors change on one GPU family (a ROCm vLLM is not a CUDA vLLM): multipliers
 * on the engine's bandwidth and compute efficiencies, each with the measurement it rests on.
 */
export interface EngineHardwareFactor {
  family: GpuFamily;
  /** Multiplies decodeBandwidthEfficiency (and the MoE expert term). */
  bandwidthFactor: number;
  /** Multiplies prefillComputeEfficiency and decodeComputeEfficiency. */
  computeFactor: number;
  /** Which calibration rows set it, or why it is 1. */
  basis: string;
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
  /** Whether FP8 (and FP4) weights come with an FP8 KV cache by default. */
  fp8KvCacheWithFp8Weights: boolean;
  /**
   * Share of the engine's dense efficiencies its fused / grouped MoE kernels reach on routed
   * experts (weight reads and expert FLOPs): many small GEMMs instead of one large one, plus
   * routing imbalance across experts and GPUs. Default 1.
   */
  moeKernelEfficiency?: number;
  /**
   * Time a new request spends outside the GPU before its first token (HTTP, chat template and
   * tokenisation, scheduling, streaming the first chunk), ms; added to TTFT. Default 0.
   */
  requestOverheadMs?: number;
  /** Per-GPU-family multipliers; families not listed use the factors as they are. */
  hardwareFactors?: EngineHardwareFactor[];
  /** How the factors were calibrated (which published measurements). */
  calibration: string;
}

export type KvCachePrecision = 'fp16' | 'fp8';
