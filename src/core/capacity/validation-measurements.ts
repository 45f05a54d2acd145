/**
 * Published serving measurements the capacity model is validated against
 * (docs/capacity-validation.md is generated from these by validation.test.ts).
 * Each row keeps the exact setup the source states; `provenance` says whether the
 * number is read as printed or derived from printed numbers (and how).
 */
import type { ModelSpec, Precision } from './types.ts';

export type MeasuredMetric = 'outputTokensPerSecond' | 'tpotMeanMs' | 'ttftMeanMs';

export interface ServingMeasurement {
  id: string;
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
  source: NIM_BENCHMARKS,
});

export const servingMeasurements: ServingMeasurement[] = [
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
    source:
      'github.com/neuralmagic/nm-vllm benchmark comments (github-action-benchmark), "VLLM Engine throughput - synthetic", NousResearch/Llama-2-7b-chat-hf, benchmark_throughput input-len 256, output-len 128, 1000 prompts, NVIDIA A10G x 1',
  },
];
