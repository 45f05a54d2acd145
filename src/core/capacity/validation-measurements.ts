/**
 * Published serving measurements the capacity model is checked against
 * (docs/capacity-validation.md is generated from these by validation.test.ts), in two sets:
 * `calibration` rows were looked at while the engine factors were set; `validation` rows
 * were never used to set any factor (a row whose error led to a factor change is moved to
 * calibration, with `movedToCalibration` saying why). Each row keeps the exact setup the
 * source states; `provenance` says whether the number is read as printed or derived from
 * printed numbers (and how).
 */
import type { KvCachePrecision, ModelSpec, Precision } from './types.ts';

export type MeasuredMetric = 'outputTokensPerSecond' | 'outputTokensPerSecondPerGpu' | 'tpotMeanMs' | 'ttftMeanMs';
export type MeasurementSet = 'calibration' | 'validation';

export interface ServingMeasurement {
  id: string;
  set: MeasurementSet;
  /** Why a row that started in validation now sits in calibration (a factor was set after seeing it). */
  movedToCalibration?: string;
  /** Expert parallel with data-parallel attention (TensorRT-LLM "DEP", SGLang DP attention + EP). */
  expertParallel?: boolean;
  /** KV cache precision the run used, when it differs from the engine default. */
  kvCachePrecision?: KvCachePrecision;
  /** Scheduler cap the run set (vLLM --max-num-seqs), when it differs from the engine default. */
  maxRunningSequences?: number;
  /** When the source published the number (or the version's release date). */
  sourceDate: string;
  url: string;
  /** Engine profile id used for the prediction. */
  engine: string;
  /** What actually ran, with version. */
  engineVersion: string;
  /** Catalog id of the model, or an inline spec for models outside the catalog. */
  model: string | ModelSpec;
  gpu: string;
  gpus: number;
  precision: Precision;
  inputTokens: number;
  outputTokens: number;
  /** Concurrent requests; 'max' = offline / infinite request rate (engine runs as many as fit). */
  concurrency: number | 'max';
  metric: MeasuredMetric;
  measured: number;
  provenance: 'as printed' | 'derived';
  note?: string;
  source: string;
}

const TRTLLM_PERF_OVERVIEW =
  'TensorRT-LLM docs, performance/perf-overview.md (v1.0 tables, commit 00f37686), trtllm-bench throughput, infinite rate, FP8 ModelOpt checkpoints, "Total Output Throughput (tokens/sec)"';
const NIM_BENCHMARKS =
  'NVIDIA NIM LLM benchmarking docs 1.0.0, Performance page, Llama-3.3-70b-instruct NIM 1.8.0, 2 x H100 80G, fp8 TP2, 5000 input / 500 output, genai-perf';
const SGLANG_ISSUE_1639 =
  'github.com/sgl-project/sglang/issues/1639 (2024-10-17 comment by zhyncs): Llama 3 8B, 2 x H100, TP 2, bf16, 2000 ShareGPT prompts at infinite rate; 453,502 input / 376,493 output tokens';

/** Llama 2 7B (not in the catalog): 6.74B, 32 layers, MHA (32 KV heads), 4K context. */
export const LLAMA_2_7B: ModelSpec = {
  id: 'llama-2-7b',
  name: 'Llama 2 7B',
  totalParamsBillions: 6.74,
  activeParamsBillions: 6.74,
  layers: 32,
  hiddenSize: 4096,
  attentionHeads: 32,
  kvHeads: 32,
  headDim: 128,
  maxContextTokens: 4096,
  source: 'meta-llama/Llama-2-7b-hf config.json',
  asOf: '2025-06-01',
};

const trt = (
  id: string,
  model: string,
  gpu: string,
  gpus: number,
  inputTokens: number,
  outputTokens: number,
  measured: number,
): ServingMeasurement => ({
  id,
  engine: 'tensorrt-llm',
  engineVersion: 'TensorRT-LLM 1.0 (PyTorch backend)',
  model,
  gpu,
  gpus,
  precision: 'fp8',
  inputTokens,
  outputTokens,
  concurrency: 'max',
  metric: 'outputTokensPerSecond',
  measured,
  provenance: 'as printed',
  set: 'calibration',
  sourceDate: '2025-09 (TensorRT-LLM 1.0 docs)',
  url: 'https://github.com/NVIDIA/TensorRT-LLM/blob/00f37686/docs/source/performance/perf-overview.md',
  source: TRTLLM_PERF_OVERVIEW,
});

const nim = (id: string, concurrency: number, metric: MeasuredMetric, measured: number): ServingMeasurement => ({
  id,
  engine: 'tensorrt-llm',
  engineVersion: 'NVIDIA NIM 1.8.0 (TensorRT-LLM backend)',
  model: 'llama-3.3-70b',
  gpu: 'h100-sxm',
  gpus: 2,
  precision: 'fp8',
  inputTokens: 5000,
  outputTokens: 500,
  concurrency,
  metric,
  measured,
  provenance: 'as printed',
  note: metric === 'tpotMeanMs' ? 'NIM reports inter-token latency (ITL); compared with mean TPOT' : undefined,
  set: 'calibration',
  sourceDate: '2025 (NIM 1.8.0 benchmarking docs)',
  url: 'https://docs.nvidia.com/nim/benchmarking/llm/latest/performance.html',
  source: NIM_BENCHMARKS,
});

/** The 19 rows the original engine factors were set on (all calibration). */
const originalCalibrationMeasurements: ServingMeasurement[] = [
  trt('trtllm-8b-h100-128-2048', 'llama-3.1-8b', 'h100-sxm', 1, 128, 2048, 22_714),
  trt('trtllm-8b-h100-2048-128', 'llama-3.1-8b', 'h100-sxm', 1, 2048, 128, 3_450),
  trt('trtllm-8b-h100-1000-1000', 'llama-3.1-8b', 'h100-sxm', 1, 1000, 1000, 15_220),
  trt('trtllm-8b-h200-1000-1000', 'llama-3.1-8b', 'h200', 1, 1000, 1000, 17_744),
  trt('trtllm-70b-h100x2-1000-1000', 'llama-3.3-70b', 'h100-sxm', 2, 1000, 1000, 4_205),
  trt('trtllm-70b-h100x2-5000-500', 'llama-3.3-70b', 'h100-sxm', 2, 5000, 500, 898),
  trt('trtllm-70b-h200-2048-2048', 'llama-3.3-70b', 'h200', 1, 2048, 2048, 2_003),
  trt('trtllm-405b-h100x8-1000-1000', 'llama-3.1-405b', 'h100-sxm', 8, 1000, 1000, 2_919),
  trt('trtllm-405b-h200x8-128-2048', 'llama-3.1-405b', 'h200', 8, 128, 2048, 5_348),
  nim('nim-70b-c1-throughput', 1, 'outputTokensPerSecond', 51.67),
  nim('nim-70b-c1-itl', 1, 'tpotMeanMs', 18.58),
  nim('nim-70b-c1-ttft', 1, 'ttftMeanMs', 406.77),
  nim('nim-70b-c25-throughput', 25, 'outputTokensPerSecond', 623.4),
  nim('nim-70b-c50-throughput', 50, 'outputTokensPerSecond', 814.37),
  nim('nim-70b-c50-itl', 50, 'tpotMeanMs', 59.73),
  {
    id: 'sglang-8b-h100x2-sharegpt',
    engine: 'sglang',
    engineVersion: 'SGLang main, October 2024',
    model: 'llama-3.1-8b',
    gpu: 'h100-sxm',
    gpus: 2,
    precision: 'bf16',
    inputTokens: 227,
    outputTokens: 188,
    concurrency: 'max',
    metric: 'outputTokensPerSecond',
    measured: 10_896.87,
    provenance: 'as printed',
    note: 'ShareGPT lengths vary; the average (227 in / 188 out) is used. Llama 3 8B has the 3.1 architecture.',
    set: 'calibration',
    sourceDate: '2024-10-17',
    url: 'https://github.com/sgl-project/sglang/issues/1639',
    source: SGLANG_ISSUE_1639,
  },
  {
    id: 'vllm-8b-h100x2-sharegpt',
    engine: 'vllm',
    engineVersion: 'vLLM 0.6.3',
    model: 'llama-3.1-8b',
    gpu: 'h100-sxm',
    gpus: 2,
    precision: 'bf16',
    inputTokens: 227,
    outputTokens: 188,
    concurrency: 'max',
    metric: 'outputTokensPerSecond',
    measured: 10_032,
    provenance: 'derived',
    note: 'printed: total 22,116.03 tok/s on the same 2000 prompts; output share 376,493 / 829,995 -> 10,032 output tok/s',
    set: 'calibration',
    sourceDate: '2024-10-17',
    url: 'https://github.com/sgl-project/sglang/issues/1639',
    source: SGLANG_ISSUE_1639,
  },
  {
    id: 'vllm-8b-a100-40gb-c1',
    engine: 'vllm',
    engineVersion: 'vLLM 0.23.0',
    model: 'llama-3.1-8b',
    gpu: 'a100-40gb',
    gpus: 1,
    precision: 'bf16',
    inputTokens: 1024,
    outputTokens: 128,
    concurrency: 1,
    metric: 'tpotMeanMs',
    measured: 13.33,
    provenance: 'derived',
    note: 'printed: "decode at one request per time runs at about 75 tokens/sec" -> 1000 / 75 = 13.33 ms per output token',
    set: 'calibration',
    sourceDate: 'undated post (vLLM 0.23.0 as printed), read 2025-06',
    url: 'https://johnmusgrave.com/p/vllm-throughput-latency-sweep-on',
    source:
      'johnmusgrave.com/p/vllm-throughput-latency-sweep-on: vllm bench serve, random 1024 in / 128 out, --ignore-eos, --max-concurrency 1, A100 40GB (Lambda), BF16',
  },
  {
    id: 'vllm-llama2-7b-a10g-offline',
    engine: 'vllm',
    engineVersion: 'vLLM (Neural Magic nm-vllm nightly benchmark, 2024)',
    model: LLAMA_2_7B,
    gpu: 'a10g',
    gpus: 1,
    precision: 'fp16',
    inputTokens: 256,
    outputTokens: 128,
    concurrency: 'max',
    metric: 'outputTokensPerSecond',
    measured: 486.4,
    provenance: 'derived',
    note: 'printed: 3.80 prompts/s and 1,460 tokens/s (input + output); 3.80 x 128 = 486.4 output tok/s',
    set: 'calibration',
    sourceDate: '2024 (nightly benchmark comments)',
    url: 'https://github.com/neuralmagic/nm-vllm',
    source:
      'github.com/neuralmagic/nm-vllm benchmark comments (github-action-benchmark), "VLLM Engine throughput - synthetic", NousResearch/Llama-2-7b-chat-hf, benchmark_throughput input-len 256, output-len 128, 1000 prompts, NVIDIA A10G x 1',
  },
];

const TRTLLM_PERF_OVERVIEW_MOE =
  'TensorRT-LLM docs, developer-guide/perf-overview.md (NVIDIA/TensorRT-LLM commit 03e27c7d): trtllm-bench throughput, PyTorch backend, synthetic fixed ISL/OSL (stdev 0), 1,000-3,000 requests at maximum load, "Per GPU Output Throughput (tps/gpu)"; ModelOpt FP8/NVFP4 checkpoints (gpt-oss: the original MXFP4 checkpoint); DEP = data-parallel attention + expert-parallel MoE, CUDA graphs up to batch 8192, kv_cache_free_gpu_mem_fraction 0.90-0.95';
const TRTLLM_PERF_OVERVIEW_MOE_URL =
  'https://github.com/NVIDIA/TensorRT-LLM/blob/03e27c7d5ff0c6e89f8328838c0a8e64f1b34f9d/docs/source/developer-guide/perf-overview.md';
const TRTLLM_PERF_OVERVIEW_MOE_DATE =
  'read 2025-12 (commit 03e27c7d; tables include GB200 and RTX 6000 Pro, late 2025)';

const trtPerGpu = (
  id: string,
  set: MeasurementSet,
  model: string,
  gpu: string,
  gpus: number,
  precision: Precision,
  lengths: [number, number],
  measured: number,
  extra: Partial<ServingMeasurement> = {},
): ServingMeasurement => ({
  id,
  set,
  engine: 'tensorrt-llm',
  engineVersion: 'TensorRT-LLM 1.1-1.2 (PyTorch backend, trtllm-bench)',
  model,
  gpu,
  gpus,
  precision,
  inputTokens: lengths[0],
  outputTokens: lengths[1],
  concurrency: 'max',
  metric: 'outputTokensPerSecondPerGpu',
  measured,
  provenance: 'as printed',
  sourceDate: TRTLLM_PERF_OVERVIEW_MOE_DATE,
  url: TRTLLM_PERF_OVERVIEW_MOE_URL,
  source: TRTLLM_PERF_OVERVIEW_MOE,
  ...extra,
});

const GPUSTACK =
  'GPUStack performance lab (docs/performance-lab in gpustack/gpustack): baseline server with default flags (`vllm serve MODEL` / `python3 -m sglang.launch_server` / `trtllm-serve`), `vllm bench serve --backend openai-chat`, ShareGPT_V3 1,000 prompts at infinite rate (or random dataset with fixed lengths, seed 42); printed "Output token throughput", "Mean TPOT", "Mean TTFT"';
const gpustackUrl = (page: string) => `https://github.com/gpustack/gpustack/blob/main/docs/performance-lab/${page}.md`;
const GPUSTACK_DATE = '2025-10/11 (vLLM v0.11.0, SGLang v0.5.3-0.5.5, TensorRT-LLM v1.0-v1.2rc1 as printed)';

const AMD_PERF =
  'AMD ROCm "Performance results" page, AI Inference vLLM: Docker rocm/vllm:rocm6.4.1_vllm_0.9.1_20250715, 8 x MI300X (192 GB, 750 W), amd/Llama-3.1-*-Instruct-FP8-KV checkpoints (FP8 weights and KV cache), TP 8; throughput = vLLM benchmark_throughput at infinite rate; latency = benchmark_latency end-to-end seconds per batch';
const AMD_PERF_URL = 'https://www.amd.com/en/developer/resources/rocm-hub/dev-ai/performance-results.html';
const ORACLE_MI300X =
  'Oracle Cloud blog "Serving Llama 3.1 405B model with AMD Instinct MI300X Accelerators": BM.GPU.MI300X.8, Llama 3.1 405B FP8, vLLM (ROCm, 2024), TP 8; benchmark_latency, 128 in / 128 out per batch; printed output tokens/s per batch size';
const ORACLE_MI300X_URL =
  'https://blogs.oracle.com/cloud-infrastructure/post/serving-llama-31-405b-model-with-amd-mi300x-gpus';

/** Rows added with the FP4 / MoE / current-hardware work: a few calibration rows for the new factors, the rest held out. */
const measurements2025: ServingMeasurement[] = [
  // --- calibration: each sets one named factor (docs/capacity-validation.md, "Factors and the rows that set them");
  // the Qwen3-8B TTFT rows and the AMD 70B throughput row below also moved here (see movedToCalibration)
  trtPerGpu('trtllm-70b-b200-fp4-1000-1000', 'calibration', 'llama-3.3-70b', 'b200', 1, 'fp4', [1000, 1000], 6_920, {
    note: 'sets the TensorRT-LLM x Blackwell factor (dense model, native NVFP4)',
  }),
  trtPerGpu(
    'trtllm-qwen3-235b-h200-dep4-1000-1000',
    'calibration',
    'qwen3-235b-a22b',
    'h200',
    4,
    'fp8',
    [1000, 1000],
    3_288,
    { expertParallel: true, note: 'sets TensorRT-LLM moeExpertBandwidthShare (MoE, DEP4)' },
  ),
  {
    id: 'vllm-qwen3-235b-h100x8-sharegpt',
    set: 'calibration',
    engine: 'vllm',
    engineVersion: 'vLLM v0.11.0',
    model: 'qwen3-235b-a22b',
    gpu: 'h100-sxm',
    gpus: 8,
    precision: 'bf16',
    inputTokens: 216,
    outputTokens: 197,
    concurrency: 'max',
    metric: 'outputTokensPerSecond',
    measured: 4015.36,
    provenance: 'as printed',
    note: 'sets vLLM moeExpertBandwidthShare. `vllm serve Qwen/Qwen3-235B-A22B-Instruct-2507 -tp 8`; 984 ShareGPT requests, 212,894 in / 193,865 out tokens (averages 216 / 197)',
    sourceDate: GPUSTACK_DATE,
    url: gpustackUrl('qwen3-235b-a22b/h100'),
    source: GPUSTACK,
  },
  {
    id: 'amd-vllm-70b-mi300x-tp8-bs1-latency',
    set: 'calibration',
    engine: 'vllm',
    engineVersion: 'vLLM 0.9.1 (ROCm 6.4.1 container, 2025-07-15)',
    model: 'llama-3.1-70b',
    gpu: 'mi300x',
    gpus: 8,
    precision: 'fp8',
    kvCachePrecision: 'fp8',
    inputTokens: 128,
    outputTokens: 2048,
    concurrency: 1,
    metric: 'tpotMeanMs',
    measured: 8.42,
    provenance: 'derived',
    note: 'sets the vLLM x CDNA 3 factor. Printed: batch 1, 128 in / 2048 out, latency 17.236 s -> 17.236 / 2048 = 8.42 ms per output token (the 128-token prefill is under 1% of it)',
    sourceDate: '2025-07-16',
    url: AMD_PERF_URL,
    source: AMD_PERF,
  },
  // --- validation: never used to set a factor
  trtPerGpu(
    'trtllm-gptoss120b-b200-dep2-1000-1000',
    'validation',
    'gpt-oss-120b',
    'b200',
    2,
    'fp4',
    [1000, 1000],
    25_943,
    {
      expertParallel: true,
      kvCachePrecision: 'fp8',
    },
  ),
  trtPerGpu(
    'trtllm-gptoss120b-b200-dep2-8192-1024',
    'validation',
    'gpt-oss-120b',
    'b200',
    2,
    'fp4',
    [8192, 1024],
    6_111,
    {
      expertParallel: true,
      kvCachePrecision: 'fp8',
    },
  ),
  trtPerGpu(
    'trtllm-gptoss120b-h200-tp1-1000-1000',
    'validation',
    'gpt-oss-120b',
    'h200',
    1,
    'fp4',
    [1000, 1000],
    6_868,
    {
      kvCachePrecision: 'fp16',
      note: 'table label "H200 TP1 (FP8)"; the checkpoint is the MXFP4 original, weight-only on Hopper (Triton MoE backend, kv dtype auto)',
    },
  ),
  trtPerGpu(
    'trtllm-gptoss120b-h100-dep4-1000-1000',
    'validation',
    'gpt-oss-120b',
    'h100-sxm',
    4,
    'fp4',
    [1000, 1000],
    4_685,
    {
      expertParallel: true,
      kvCachePrecision: 'fp16',
      note: 'table label "H100 DEP4 (FP8)"; MXFP4 checkpoint, weight-only on Hopper',
    },
  ),
  trtPerGpu(
    'trtllm-gptoss20b-b200-tp1-1000-1000',
    'validation',
    'gpt-oss-20b',
    'b200',
    1,
    'fp4',
    [1000, 1000],
    53_812,
    {
      kvCachePrecision: 'fp8',
    },
  ),
  trtPerGpu(
    'trtllm-gptoss20b-h100-tp1-1000-1000',
    'validation',
    'gpt-oss-20b',
    'h100-sxm',
    1,
    'fp4',
    [1000, 1000],
    11_557,
    {
      kvCachePrecision: 'fp16',
      note: 'table label "H100 TP1 (FP8)"; MXFP4 checkpoint, weight-only on Hopper',
    },
  ),
  trtPerGpu(
    'trtllm-gptoss20b-h100-tp1-8192-1024',
    'validation',
    'gpt-oss-20b',
    'h100-sxm',
    1,
    'fp4',
    [8192, 1024],
    3_366,
    {
      kvCachePrecision: 'fp16',
    },
  ),
  trtPerGpu('trtllm-70b-b200-fp4-8192-1024', 'validation', 'llama-3.3-70b', 'b200', 1, 'fp4', [8192, 1024], 1_362),
  trtPerGpu('trtllm-70b-h200-tp2-1000-1000', 'validation', 'llama-3.3-70b', 'h200', 2, 'fp8', [1000, 1000], 2_587),
  trtPerGpu('trtllm-70b-h100-tp2-8192-1024', 'validation', 'llama-3.3-70b', 'h100-sxm', 2, 'fp8', [8192, 1024], 398),
  trtPerGpu(
    'trtllm-maverick-b200-dep4-1000-1000',
    'validation',
    'llama-4-maverick',
    'b200',
    4,
    'fp4',
    [1000, 1000],
    11_337,
    {
      expertParallel: true,
    },
  ),
  trtPerGpu(
    'trtllm-maverick-h200-dep8-1000-1000',
    'validation',
    'llama-4-maverick',
    'h200',
    8,
    'fp8',
    [1000, 1000],
    4_146,
    {
      expertParallel: true,
    },
  ),
  trtPerGpu(
    'trtllm-qwen3-235b-b200-dep4-1000-1000',
    'validation',
    'qwen3-235b-a22b',
    'b200',
    4,
    'fp4',
    [1000, 1000],
    5_764,
    {
      expertParallel: true,
    },
  ),
  trtPerGpu(
    'trtllm-qwen3-235b-h100-dep8-1000-1000',
    'validation',
    'qwen3-235b-a22b',
    'h100-sxm',
    8,
    'fp8',
    [1000, 1000],
    1_932,
    {
      expertParallel: true,
    },
  ),
  trtPerGpu(
    'trtllm-qwen3-235b-h200-dep4-8192-1024',
    'validation',
    'qwen3-235b-a22b',
    'h200',
    4,
    'fp8',
    [8192, 1024],
    627,
    {
      expertParallel: true,
    },
  ),
  trtPerGpu(
    'trtllm-qwen3-30b-b200-tp1-1000-1000',
    'validation',
    'qwen3-30b-a3b',
    'b200',
    1,
    'fp4',
    [1000, 1000],
    26_971,
  ),
  trtPerGpu('trtllm-r1-b200-dep4-1000-1000', 'validation', 'deepseek-r1', 'b200', 4, 'fp4', [1000, 1000], 6_463, {
    expertParallel: true,
    kvCachePrecision: 'fp8',
  }),
  trtPerGpu('trtllm-r1-h200-dep8-1000-1000', 'validation', 'deepseek-r1', 'h200', 8, 'fp8', [1000, 1000], 1_627, {
    expertParallel: true,
    kvCachePrecision: 'fp8',
  }),
  {
    id: 'vllm-gptoss20b-a100-sharegpt',
    set: 'validation',
    engine: 'vllm',
    engineVersion: 'vLLM v0.11.0',
    model: 'gpt-oss-20b',
    gpu: 'a100-80gb',
    gpus: 1,
    precision: 'fp4',
    inputTokens: 215,
    outputTokens: 194,
    concurrency: 'max',
    metric: 'outputTokensPerSecond',
    measured: 4620.12,
    provenance: 'as printed',
    note: '`vllm serve openai/gpt-oss-20b` on one A100 SXM 80GB (MXFP4 weight-only, Marlin); 1,000 ShareGPT prompts, 215,312 in / 194,171 out tokens',
    sourceDate: GPUSTACK_DATE,
    url: gpustackUrl('gpt-oss-20b/a100'),
    source: GPUSTACK,
  },
  {
    id: 'vllm-gptoss20b-a100-2000-100',
    set: 'validation',
    engine: 'vllm',
    engineVersion: 'vLLM v0.11.0',
    model: 'gpt-oss-20b',
    gpu: 'a100-80gb',
    gpus: 1,
    precision: 'fp4',
    inputTokens: 2000,
    outputTokens: 100,
    concurrency: 'max',
    metric: 'outputTokensPerSecond',
    measured: 813.35,
    provenance: 'as printed',
    note: 'random dataset, 500 prompts of 2000 in / 100 out (999,120 / 47,224 tokens printed: some stop early)',
    sourceDate: GPUSTACK_DATE,
    url: gpustackUrl('gpt-oss-20b/a100'),
    source: GPUSTACK,
  },
  ...(['vllm', 'sglang', 'tensorrt-llm'] as const).map(
    (engine): ServingMeasurement => ({
      id: `${engine}-qwen3-32b-h100-sharegpt`,
      set: 'validation',
      engine,
      engineVersion: {
        vllm: 'vLLM v0.11.0',
        sglang: 'SGLang v0.5.5.post1',
        'tensorrt-llm': 'TensorRT-LLM v1.2.0rc1 (trtllm-serve)',
      }[engine],
      model: 'qwen3-32b',
      gpu: 'h100-sxm',
      gpus: 1,
      precision: 'bf16',
      inputTokens: 217,
      outputTokens: 201,
      concurrency: 'max',
      metric: 'outputTokensPerSecond',
      measured: { vllm: 1131.55, sglang: 814.03, 'tensorrt-llm': 1280.04 }[engine],
      provenance: 'as printed',
      note: 'default server flags, one H100, bf16 Qwen/Qwen3-32B; 1,000 ShareGPT prompts, 217,393 input tokens, ~201,400 output tokens',
      sourceDate: GPUSTACK_DATE,
      url: gpustackUrl('qwen3-32b/h100'),
      source: GPUSTACK,
    }),
  ),
  {
    id: 'vllm-qwen3-32b-h100-4000-200',
    set: 'validation',
    engine: 'vllm',
    engineVersion: 'vLLM v0.11.0',
    model: 'qwen3-32b',
    gpu: 'h100-sxm',
    gpus: 1,
    precision: 'bf16',
    inputTokens: 4000,
    outputTokens: 200,
    concurrency: 'max',
    metric: 'outputTokensPerSecond',
    measured: 102.21,
    provenance: 'as printed',
    note: 'random dataset, 500 prompts of 4000 in / 200 out (1,997,942 / 99,790 tokens printed)',
    sourceDate: GPUSTACK_DATE,
    url: gpustackUrl('qwen3-32b/h100'),
    source: GPUSTACK,
  },
  ...(
    [
      ['vllm', 'vLLM v0.11.0', 'tpotMeanMs', 7.38],
      ['vllm', 'vLLM v0.11.0', 'ttftMeanMs', 64.0],
      ['sglang', 'SGLang v0.5.3.post3', 'tpotMeanMs', 7.19],
      ['sglang', 'SGLang v0.5.3.post3', 'ttftMeanMs', 27.7],
      ['tensorrt-llm', 'TensorRT-LLM v1.2.0rc1 (trtllm-serve)', 'tpotMeanMs', 7.67],
      ['tensorrt-llm', 'TensorRT-LLM v1.2.0rc1 (trtllm-serve)', 'ttftMeanMs', 51.61],
    ] as const
  ).map(
    ([engine, engineVersion, metric, measured]): ServingMeasurement => ({
      id: `${engine}-qwen3-8b-h100-c4-${metric === 'tpotMeanMs' ? 'tpot' : 'ttft'}`,
      set: metric === 'ttftMeanMs' ? 'calibration' : 'validation',
      movedToCalibration:
        metric === 'ttftMeanMs'
          ? 'started in validation; its 50-80% TTFT miss showed the model had no per-request server overhead, and requestOverheadMs was set on it'
          : undefined,
      engine,
      engineVersion,
      model: 'qwen3-8b',
      gpu: 'h100-sxm',
      gpus: 1,
      precision: 'bf16',
      inputTokens: 233,
      outputTokens: 221,
      concurrency: 4,
      metric,
      measured,
      provenance: 'as printed',
      note: 'default server flags, bf16 Qwen/Qwen3-8B on one H100 SXM; 100 ShareGPT prompts at --max-concurrency 4 (23,260 in / 22,061 out tokens)',
      sourceDate: GPUSTACK_DATE,
      url: gpustackUrl('qwen3-8b/h100-latency'),
      source: GPUSTACK,
    }),
  ),
  {
    id: 'sglang-qwen3-235b-h100x8-sharegpt',
    set: 'validation',
    engine: 'sglang',
    engineVersion: 'SGLang v0.5.5.post1',
    model: 'qwen3-235b-a22b',
    gpu: 'h100-sxm',
    gpus: 8,
    precision: 'bf16',
    inputTokens: 218,
    outputTokens: 197,
    concurrency: 'max',
    metric: 'outputTokensPerSecond',
    measured: 3644.72,
    provenance: 'as printed',
    note: '`python3 -m sglang.launch_server --model-path Qwen/Qwen3-235B-A22B-Instruct-2507 --tp-size 8`; 984 ShareGPT requests, 214,137 in / 193,829 out tokens',
    sourceDate: GPUSTACK_DATE,
    url: gpustackUrl('qwen3-235b-a22b/h100'),
    source: GPUSTACK,
  },
  ...(
    [
      ['vllm', 'vLLM v0.11.0', 2621.05],
      ['sglang', 'SGLang v0.5.3', 3172.46],
    ] as const
  ).map(
    ([engine, engineVersion, measured]): ServingMeasurement => ({
      id: `${engine}-r1-h200x8-sharegpt`,
      set: 'validation',
      engine,
      engineVersion,
      model: 'deepseek-r1',
      gpu: 'h200',
      gpus: 8,
      precision: 'fp8',
      inputTokens: 219,
      outputTokens: 201,
      concurrency: 'max',
      metric: 'outputTokensPerSecond',
      measured,
      provenance: 'as printed',
      note: 'deepseek-ai/DeepSeek-R1-0528 (FP8), TP 8, default flags; 1,000 ShareGPT prompts, 219,171 in / ~200,760 out tokens',
      sourceDate: GPUSTACK_DATE,
      url: gpustackUrl('deepseek-r1/h200'),
      source: GPUSTACK,
    }),
  ),
  {
    id: 'vllm-r1-h200x8-32000-100',
    set: 'validation',
    engine: 'vllm',
    engineVersion: 'vLLM v0.11.0',
    model: 'deepseek-r1',
    gpu: 'h200',
    gpus: 8,
    precision: 'fp8',
    inputTokens: 32000,
    outputTokens: 100,
    concurrency: 'max',
    metric: 'outputTokensPerSecond',
    measured: 48.33,
    provenance: 'as printed',
    note: 'random dataset, 100 prompts of 32,000 in / 100 out: prefill-bound (attention quadratic term)',
    sourceDate: GPUSTACK_DATE,
    url: gpustackUrl('deepseek-r1/h200'),
    source: GPUSTACK,
  },
  {
    id: 'vllm-r1-h200x8-4000-200',
    set: 'validation',
    engine: 'vllm',
    engineVersion: 'vLLM v0.11.0',
    model: 'deepseek-r1',
    gpu: 'h200',
    gpus: 8,
    precision: 'fp8',
    inputTokens: 4000,
    outputTokens: 200,
    concurrency: 'max',
    metric: 'outputTokensPerSecond',
    measured: 753.67,
    provenance: 'as printed',
    note: 'random dataset, 500 prompts of 4000 in / 200 out',
    sourceDate: GPUSTACK_DATE,
    url: gpustackUrl('deepseek-r1/h200'),
    source: GPUSTACK,
  },
  ...(
    [
      ['llama-3.1-70b', 12_638.9],
      ['llama-3.1-405b', 3_912.8],
    ] as const
  ).map(
    ([model, printed]): ServingMeasurement => ({
      id: `amd-vllm-${model}-mi300x-tp8-128-2048`,
      set: model === 'llama-3.1-70b' ? 'calibration' : 'validation',
      movedToCalibration:
        model === 'llama-3.1-70b'
          ? 'started in validation; used with the batch-1 row to separate the CDNA 3 bandwidth factor from the MI300X all-reduce latency, so it no longer counts as out of sample'
          : undefined,
      engine: 'vllm',
      engineVersion: 'vLLM 0.9.1 (ROCm 6.4.1 container, 2025-07-15)',
      model,
      gpu: 'mi300x',
      gpus: 8,
      precision: 'fp8',
      kvCachePrecision: 'fp8',
      inputTokens: 128,
      outputTokens: 2048,
      concurrency: 'max',
      maxRunningSequences: model === 'llama-3.1-70b' ? 3200 : 1500,
      metric: 'outputTokensPerSecond',
      measured: Number(((printed * 2048) / 2176).toFixed(1)),
      provenance: 'derived',
      note: `printed "Throughput (tokens/s)" ${printed} (vLLM benchmark_throughput reports input + output tokens) x 2048 / 2176 = output tok/s; ${model === 'llama-3.1-70b' ? 3200 : 1500} prompts, --max-num-seqs as many`,
      sourceDate: '2025-07-16',
      url: AMD_PERF_URL,
      source: AMD_PERF,
    }),
  ),
  ...(
    [
      [1, 36],
      [32, 798],
      [256, 1846],
    ] as const
  ).map(
    ([batch, measured]): ServingMeasurement => ({
      id: `oracle-vllm-405b-mi300x-bs${batch}`,
      set: 'validation',
      engine: 'vllm',
      engineVersion: 'vLLM for ROCm (2024)',
      model: 'llama-3.1-405b',
      gpu: 'mi300x',
      gpus: 8,
      precision: 'fp8',
      inputTokens: 128,
      outputTokens: 128,
      concurrency: batch,
      metric: 'outputTokensPerSecond',
      measured,
      provenance: 'as printed',
      note: `benchmark_latency: one static batch of ${batch} (compared with ${batch} closed-loop clients)`,
      sourceDate: '2024-10-10',
      url: ORACLE_MI300X_URL,
      source: ORACLE_MI300X,
    }),
  ),
  ...(
    [
      ['llama-3.1-8b', 'l40s', 1, 'fp8', 1000, 1000, 4054.71],
      ['llama-3.1-8b', 'l40s', 1, 'fp8', 128, 2048, 5365.81],
      ['llama-3.1-8b', 'l40s', 1, 'fp8', 5000, 500, 981.2],
      ['llama-3.1-8b', 'l40s', 1, 'fp8', 20000, 2000, 327.97],
      ['llama-3.1-70b', 'l40s', 4, 'fp8', 1000, 1000, 1209.25],
      ['llama-3.1-8b', 'a100-80gb', 1, 'fp16', 1000, 1000, 3786.83],
      ['llama-3.1-70b', 'a100-80gb', 4, 'fp16', 1000, 1000, 1921.77],
      ['mixtral-8x7b', 'h100-sxm', 1, 'fp8', 1000, 1000, 6868.52],
      ['mixtral-8x7b', 'h200', 1, 'fp8', 1000, 1000, 10371.36],
    ] as const
  ).map(
    ([model, gpu, gpus, precision, inputTokens, outputTokens, measured]): ServingMeasurement => ({
      id: `trtllm017-${model}-${gpu}x${gpus}-${inputTokens}-${outputTokens}`,
      set: 'validation',
      engine: 'tensorrt-llm',
      engineVersion: 'TensorRT-LLM 0.17 (C++ runtime, trtllm-bench)',
      model,
      gpu,
      gpus,
      precision,
      inputTokens,
      outputTokens,
      concurrency: 'max',
      metric: 'outputTokensPerSecond',
      measured,
      provenance: 'as printed',
      note: 'table "Throughput (tokens / sec)": output tokens per second at infinite request rate, fixed ISL/OSL; the L40S and A100 columns are the only L40S/A100 rows with a complete setup found',
      sourceDate: '2025-02 (TensorRT-LLM 0.17 docs)',
      url: 'https://github.com/NVIDIA/TensorRT-LLM/blob/258c7540c03517def55d9a5aadfa9288af474e1b/docs/source/performance/perf-overview.md',
      source:
        'TensorRT-LLM docs, performance/perf-overview.md (v0.17 tables, commit 258c7540): trtllm-bench throughput, infinite rate, synthetic fixed ISL/OSL; FP8 on H100/H200/L40S, FP16 on A100 SXM4 80GB',
    }),
  ),
  ...(
    [
      ['llama-3.1-405b', 'b200', 4, 1000, 1000, 5_209],
      ['llama-3.1-405b', 'b200', 4, 128, 2048, 8_020],
      ['llama-3.3-70b', 'b200', 1, 5000, 500, 1_459],
      ['llama-3.3-70b', 'b200', 1, 20000, 2000, 665],
    ] as const
  ).map(
    ([model, gpu, gpus, inputTokens, outputTokens, measured]): ServingMeasurement => ({
      ...trt(
        `trtllm10-${model}-${gpu}x${gpus}-fp4-${inputTokens}-${outputTokens}`,
        model,
        gpu,
        gpus,
        inputTokens,
        outputTokens,
        measured,
      ),
      set: 'validation',
      precision: 'fp4',
      note: 'NVFP4 ModelOpt checkpoint (nvidia/*-FP4); same v1.0 table as the calibration rows 1-9, these cells never used',
    }),
  ),
  ...(
    [
      ['tpotMeanMs', 5.65],
      ['ttftMeanMs', 39.66],
    ] as const
  ).map(
    ([metric, measured]): ServingMeasurement => ({
      id: `sglang-qwen3-8b-fp8-h100-c4-${metric === 'tpotMeanMs' ? 'tpot' : 'ttft'}`,
      set: 'validation',
      engine: 'sglang',
      engineVersion: 'SGLang v0.5.3.post3',
      model: 'qwen3-8b',
      gpu: 'h100-sxm',
      gpus: 1,
      precision: 'fp8',
      inputTokens: 233,
      outputTokens: 221,
      concurrency: 4,
      metric,
      measured,
      provenance: 'as printed',
      note: '`python3 -m sglang.launch_server --model-path Qwen/Qwen3-8B-FP8` on one H100 SXM; 100 ShareGPT prompts at --max-concurrency 4 (the page\'s "Quantization" step; not the bf16 rows that set SGLang\'s request overhead)',
      sourceDate: GPUSTACK_DATE,
      url: gpustackUrl('qwen3-8b/h100-latency'),
      source: GPUSTACK,
    }),
  ),
];

export const servingMeasurements: ServingMeasurement[] = [...originalCalibrationMeasurements, ...measurements2025];
