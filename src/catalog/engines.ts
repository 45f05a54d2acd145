/**
 * Serving-engine efficiency profiles for the capacity model. Each factor says how close
 * the engine gets to the hardware roofline; docs/capacity.md explains them and
 * docs/capacity-validation.md shows the published measurements they were calibrated on
 * (the validation test recomputes that table from these numbers).
 */
import { closestNames } from '../core/text/suggest.ts';
import type { EngineHardwareFactor, EngineProfile, GpuSpec } from '../core/capacity/types.ts';
import { CatalogLookupError } from './lookup-error.ts';

export const DEFAULT_ENGINE_ID = 'vllm';

/**
 * Blackwell (B200): TensorRT-LLM reaches 0.68 of its Hopper efficiencies (bandwidth and
 * compute alike), set on one calibration row (Llama 3.3 70B NVFP4 on 1 x B200, 1000/1000).
 * vLLM and SGLang have no B200 calibration row; they take the same factor (on Blackwell all
 * three run FlashInfer / CUTLASS FP4 kernels), which the validation rows then test.
 */
const BLACKWELL_FACTOR: EngineHardwareFactor = {
  family: 'blackwell',
  bandwidthFactor: 0.68,
  computeFactor: 0.68,
  basis:
    'calibration row trtllm-70b-b200-fp4-1000-1000 (solved 0.676, rounded); vLLM/SGLang: borrowed from TensorRT-LLM, no B200 row of their own',
};

/**
 * CDNA 3 (MI300X/MI325X) and CDNA 4 (MI355X): ROCm vLLM reaches CUDA vLLM's efficiencies at
 * large batch (solved 1.04 on AMD's Llama 3.1 70B FP8 TP8 128/2048 run, rounded to 1.0); what
 * makes it slower at small batch is RCCL's all-reduce latency (33 us, in src/catalog/gpus.ts),
 * set on the batch-1 row of the same page. SGLang/TGI on ROCm and every engine on CDNA 4
 * (no measurement) take the same factor.
 */
const cdnaFactors = (basis: string): EngineHardwareFactor[] =>
  (['cdna3', 'cdna4'] as const).map((family) => ({ family, bandwidthFactor: 1, computeFactor: 1, basis }));
const CDNA_BASIS =
  'calibration rows amd-vllm-llama-3.1-70b-mi300x-tp8-128-2048 (factor 1.04 -> 1.0) and amd-vllm-70b-mi300x-tp8-bs1-latency (all-reduce 33 us)';

export const builtInEngineProfiles: EngineProfile[] = [
  {
    id: 'vllm',
    name: 'vLLM',
    prefillComputeEfficiency: 0.45,
    decodeBandwidthEfficiency: 0.8,
    decodeComputeEfficiency: 0.45,
    stepOverheadMs: 1,
    perSequenceOverheadUs: 50,
    memory: { mode: 'fraction-of-total', fraction: 0.9, runtimeOverheadGbPerGpu: 1.5 },
    maxBatchedTokens: 8192,
    maxRunningSequences: 256,
    fp8KvCacheWithFp8Weights: false,
    // Solved 0.636 on Qwen3-235B-A22B bf16 TP8 on H100 (ShareGPT), rounded.
    moeKernelEfficiency: 0.64,
    // Solved 50.5 ms on Qwen3-8B at concurrency 4 (vllm bench serve, chat completions), rounded.
    requestOverheadMs: 50,
    hardwareFactors: [BLACKWELL_FACTOR, ...cdnaFactors(CDNA_BASIS)],
    calibration:
      'vLLM 0.6-0.23 measurements in docs/capacity-validation.md (A100 and H100, Llama 8B/70B, A10G Llama 2 7B); MoE kernels on Qwen3-235B (vLLM 0.11, H100 x 8); request overhead on Qwen3-8B TTFT at concurrency 4; CDNA 3 on AMD MI300X runs (vLLM 0.9.1 ROCm)',
    source:
      'vLLM engine arguments (gpu_memory_utilization 0.9, max_num_seqs 256, max_num_batched_tokens 8192); calibrated factors',
    asOf: '2025-06-01',
  },
  {
    id: 'sglang',
    name: 'SGLang',
    prefillComputeEfficiency: 0.5,
    decodeBandwidthEfficiency: 0.8,
    decodeComputeEfficiency: 0.5,
    stepOverheadMs: 1.5,
    perSequenceOverheadUs: 50,
    memory: { mode: 'fraction-of-total', fraction: 0.88, runtimeOverheadGbPerGpu: 1.5 },
    maxBatchedTokens: 8192,
    maxRunningSequences: 2048,
    fp8KvCacheWithFp8Weights: false,
    // No SGLang MoE calibration row: vLLM's value (both run fused Triton MoE kernels on Hopper).
    // Validation over-predicts SGLang's max-load throughput on every current row (docs/capacity-validation.md): band +/-150%.
    moeKernelEfficiency: 0.64,
    // Solved 14.4 ms on Qwen3-8B at concurrency 4, rounded.
    requestOverheadMs: 14,
    hardwareFactors: [BLACKWELL_FACTOR, ...cdnaFactors(`borrowed from vLLM: ${CDNA_BASIS}`)],
    calibration:
      'SGLang measurements in docs/capacity-validation.md (H100, Llama 8B; Qwen3-8B TTFT for the request overhead); MoE, Blackwell and CDNA factors borrowed from vLLM / TensorRT-LLM',
    source:
      'SGLang server arguments (mem_fraction_static ~0.88 on 80 GB GPUs, chunked_prefill_size 8192); calibrated factors',
    asOf: '2025-06-01',
  },
  {
    id: 'tensorrt-llm',
    name: 'TensorRT-LLM',
    prefillComputeEfficiency: 0.55,
    decodeBandwidthEfficiency: 0.8,
    decodeComputeEfficiency: 0.55,
    stepOverheadMs: 1,
    perSequenceOverheadUs: 5,
    memory: { mode: 'fraction-of-free', fraction: 0.9, runtimeOverheadGbPerGpu: 2 },
    maxBatchedTokens: 8192,
    maxRunningSequences: 2048,
    fp8KvCacheWithFp8Weights: true,
    // Solved 0.378 on Qwen3-235B-A22B FP8 DEP4 on H200 (trtllm-bench 1000/1000), rounded.
    moeKernelEfficiency: 0.38,
    // Solved 39.9 ms on Qwen3-8B at concurrency 4 (trtllm-serve), rounded.
    requestOverheadMs: 40,
    hardwareFactors: [BLACKWELL_FACTOR],
    calibration:
      'TensorRT-LLM perf-overview tables and NVIDIA NIM benchmarks in docs/capacity-validation.md (H100, H200; Llama 8B/70B/405B FP8); Blackwell on Llama 3.3 70B NVFP4 (B200); MoE kernels on Qwen3-235B DEP4 (H200); request overhead on Qwen3-8B TTFT (trtllm-serve)',
    source:
      'TensorRT-LLM LLM API defaults (kv_cache_free_gpu_mem_fraction 0.9, max_num_tokens 8192); calibrated factors',
    asOf: '2025-06-01',
  },
  {
    id: 'tgi',
    name: 'Text Generation Inference',
    prefillComputeEfficiency: 0.4,
    decodeBandwidthEfficiency: 0.7,
    decodeComputeEfficiency: 0.4,
    stepOverheadMs: 4,
    perSequenceOverheadUs: 50,
    memory: { mode: 'fraction-of-free', fraction: 0.95, runtimeOverheadGbPerGpu: 2 },
    maxBatchedTokens: 4096,
    maxRunningSequences: 256,
    fp8KvCacheWithFp8Weights: false,
    moeKernelEfficiency: 0.64,
    requestOverheadMs: 50,
    hardwareFactors: [BLACKWELL_FACTOR, ...cdnaFactors(`borrowed from vLLM: ${CDNA_BASIS}`)],
    calibration:
      'NOT calibrated: no TGI measurement with a fully published setup was found. Set a little below vLLM, whose paged/flash-attention kernels TGI shares; MoE, request-overhead, Blackwell and CDNA factors borrowed from vLLM. Its uncertainty band (uncalibrated-engine, +/-50%) is a stated guess.',
    source:
      'TGI launcher defaults (--cuda-memory-fraction 1.0 with a 5% safety margin, --max-batch-prefill-tokens 4096)',
    asOf: '2025-06-01',
  },
];

/** Every built-in engine profile. */
export function listEngineProfiles(): EngineProfile[] {
  return [...builtInEngineProfiles];
}

/**
 * The engine profile with this id (case-insensitive; `trt-llm` and `trtllm` mean tensorrt-llm);
 * throws CatalogLookupError naming the closest ids.
 * @example findEngineProfile('vllm').memory.fraction === 0.9; findEngineProfile('trtllm').id === 'tensorrt-llm'
 */
export function findEngineProfile(id: string, profiles: EngineProfile[] = builtInEngineProfiles): EngineProfile {
  const aliases: Record<string, string> = {
    'trt-llm': 'tensorrt-llm',
    trtllm: 'tensorrt-llm',
    tensorrt: 'tensorrt-llm',
    'text-generation-inference': 'tgi',
  };
  const lowered = id.trim().toLowerCase();
  const wanted = aliases[lowered] ?? lowered;
  const found = profiles.find((profile) => profile.id === wanted);
  if (found) return found;
  throw new CatalogLookupError(
    'serving engine',
    id,
    closestNames(
      wanted,
      profiles.map((profile) => profile.id),
    ),
  );
}

/** Engines built for one GPU vendor only (TensorRT-LLM is NVIDIA's; vLLM, SGLang and TGI also run on ROCm). */
const vendorOnlyEngines: Record<string, GpuSpec['vendor']> = { 'tensorrt-llm': 'nvidia' };

/**
 * Whether a serving engine runs on a GPU's vendor.
 * @example engineRunsOn(findEngineProfile('tensorrt-llm'), { vendor: 'amd' }) === false; engineRunsOn(findEngineProfile('vllm'), { vendor: 'amd' }) === true
 */
export function engineRunsOn(engine: Pick<EngineProfile, 'id'>, gpu: Pick<GpuSpec, 'vendor'>): boolean {
  const vendor = vendorOnlyEngines[engine.id];
  return vendor === undefined || vendor === gpu.vendor;
}
