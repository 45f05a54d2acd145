/**
 * Serving-engine efficiency profiles for the capacity model. Each factor says how close
 * the engine gets to the hardware roofline; docs/capacity.md explains them and
 * docs/capacity-validation.md shows the published measurements they were calibrated on
 * (the validation test recomputes that table from these numbers).
 */
import { closestNames } from '../core/text/suggest.ts';
import type { EngineProfile, GpuSpec } from '../core/capacity/types.ts';
import { CatalogLookupError } from './lookup-error.ts';

export const DEFAULT_ENGINE_ID = 'vllm';

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
    calibration:
      'vLLM 0.6-0.23 measurements in docs/capacity-validation.md (A100 and H100, Llama 8B/70B, A10G Llama 2 7B)',
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
    calibration: 'SGLang measurements in docs/capacity-validation.md (H100, Llama 8B)',
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
    calibration:
      'TensorRT-LLM perf-overview tables and NVIDIA NIM benchmarks in docs/capacity-validation.md (H100, H200; Llama 8B/70B/405B FP8)',
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
    calibration:
      'NOT calibrated on a TGI measurement with a fully published setup (none found); set a little below vLLM, whose paged/flash-attention kernels TGI shares. Treat TGI numbers as +/-30%.',
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
