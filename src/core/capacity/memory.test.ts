import { describe, expect, it } from 'vitest';
import { findEngineProfile } from '../../catalog/engines.ts';
import { findGpuSpec } from '../../catalog/gpus.ts';
import { findOpenModel } from '../../catalog/open-models.ts';
import { LLAMA_2_7B } from './validation-measurements.ts';
import {
  attentionKind,
  bytesPerParameter,
  computeTflops,
  defaultKvCachePrecision,
  kvBytesPerTokenPerLayer,
  kvCacheBytesPerSequence,
  kvCacheBytesPerToken,
  kvCacheElementBytes,
  kvCacheReplication,
  kvCacheSequenceCapacity,
  memoryBudget,
  minimumGpusPerReplica,
  precisionMode,
  splitWeightsGb,
  supportsPrecision,
  tensorParallelDegrees,
  weightBytes,
  weightsGb,
} from './memory.ts';

const h100 = findGpuSpec('h100-sxm');
const a100 = findGpuSpec('a100-80gb');
const llama8b = findOpenModel('llama-3.1-8b');
const llama70b = findOpenModel('llama-3.1-70b');
const vllm = findEngineProfile('vllm');

describe('precision', () => {
  it('bytesPerParameter: bytes per parameter', () => {
    expect(bytesPerParameter('bf16')).toBe(2);
    expect(bytesPerParameter('fp8')).toBe(1);
    expect(bytesPerParameter('int4')).toBe(0.53125);
  });

  it('computeTflops and supportsPrecision: compute rate and support by GPU', () => {
    expect(computeTflops(h100, 'fp8')).toBe(1979);
    expect(computeTflops(a100, 'fp8')).toBeUndefined();
    expect(computeTflops(a100, 'int4')).toBe(312);
    expect(supportsPrecision(a100, 'fp8')).toBe(false);
    expect(supportsPrecision(findGpuSpec('l4'), 'fp8')).toBe(true);
    expect(supportsPrecision(findGpuSpec('a10g'), 'fp8')).toBe(false);
  });
});

describe('weights and KV cache', () => {
  it('weightsGb: weights of Llama 3.1 70B at fp8: 70.55e9 bytes = 65.70 GB', () => {
    expect(weightsGb(llama70b, 'fp8')).toBeCloseTo(65.7, 2);
  });

  it('kvCacheBytesPerSequence, kvCacheBytesPerToken, kvCacheElementBytes: 2 x layers x KV heads x head dim x element bytes per token', () => {
    expect(kvCacheElementBytes('fp8')).toBe(1);
    expect(kvCacheElementBytes('fp16')).toBe(2);
    expect(kvCacheBytesPerSequence(llama8b, 1000, 'fp16')).toBe(131_072_000);
    expect(kvCacheBytesPerToken(llama70b, 4096, 'fp16')).toBe(327_680);
    expect(kvCacheBytesPerToken(llama70b, 4096, 'fp8')).toBe(163_840);
  });

  it('sliding-window layers stop growing at their window (gpt-oss)', () => {
    const gptOss = findOpenModel('gpt-oss-120b');
    // 18 full layers x 2 x 8 x 64 x 2 bytes = 36,864 bytes per token, plus 18 windowed layers capped at 128 tokens
    expect(kvCacheBytesPerSequence(gptOss, 10_000, 'fp16')).toBe(2048 * (18 * 10_000 + 18 * 128));
  });

  it('kvCacheReplication: latent attention (DeepSeek-V3) caches 576 values per layer, replicated under tensor parallelism', () => {
    const deepseek = findOpenModel('deepseek-v3');
    expect(kvCacheBytesPerToken(deepseek, 1000, 'fp16')).toBe(61 * 576 * 2);
    expect(kvCacheReplication(deepseek, 8)).toBe(8);
    expect(kvCacheReplication(findOpenModel('llama-3.1-405b'), 8)).toBe(1);
    expect(kvCacheReplication(findOpenModel('qwen-2.5-7b'), 8)).toBe(2);
  });

  it('kvCacheSequenceCapacity: 10 GB / 131 MB per 1000-token sequence = 81', () => {
    expect(kvCacheSequenceCapacity(llama8b, 10, 'fp16', 1, 1000)).toBe(81);
  });
});

describe('memory budget', () => {
  it('memoryBudget: Llama 3.1 70B fp8 on 4 x H100 with vLLM leaves 53.76 GB per GPU, 215.05 GB of KV cache', () => {
    const budget = memoryBudget(llama70b, h100, vllm.memory, vllm.maxBatchedTokens, 'fp8', 4);
    expect(budget.usablePerGpuGb).toBeCloseTo(72, 6);
    expect(budget.requiredPerGpuGb).toBeCloseTo(65.7 / 4 + 1.5 + 0.3125, 2);
    expect(budget.kvCacheGb).toBeCloseTo(215.05, 2);
    expect(budget.kvCacheGb / 4).toBeCloseTo(53.76, 2);
    expect(budget.weightsGb + budget.activationAndRuntimeGb + budget.kvCacheGb + budget.headroomGb).toBeCloseTo(320, 6);
  });

  it('fraction-of-free engines (TensorRT-LLM) take 90% of what weights and runtime leave', () => {
    const trt = findEngineProfile('tensorrt-llm');
    const budget = memoryBudget(llama8b, h100, trt.memory, trt.maxBatchedTokens, 'fp8', 1);
    const free = 80 - weightsGb(llama8b, 'fp8') - 2 - (8192 * 4096 * 20) / 2 ** 30;
    expect(budget.kvCacheGb).toBeCloseTo(free * 0.9, 6);
  });
});

describe('tensor parallelism', () => {
  it('tensorParallelDegrees: powers of two dividing the attention heads', () => {
    expect(tensorParallelDegrees(llama70b, h100)).toEqual([1, 2, 4, 8]);
    expect(tensorParallelDegrees(findOpenModel('qwen-2.5-7b'), h100)).toEqual([1, 2, 4]);
  });

  it('minimumGpusPerReplica: fewest GPUs whose memory holds the weights', () => {
    expect(minimumGpusPerReplica(llama70b, h100, 'bf16')).toBe(2);
    expect(minimumGpusPerReplica(llama70b, h100, 'fp8')).toBe(1);
    expect(minimumGpusPerReplica(llama70b, findGpuSpec('l4'), 'int4')).toBe(2);
    expect(minimumGpusPerReplica(findOpenModel('llama-3.1-405b'), h100, 'fp8')).toBe(8);
    expect(minimumGpusPerReplica(findOpenModel('llama-3.1-405b'), h100, 'bf16')).toBeUndefined();
    expect(minimumGpusPerReplica(findOpenModel('deepseek-v3'), h100, 'fp8')).toBeUndefined();
    expect(minimumGpusPerReplica(findOpenModel('deepseek-v3'), findGpuSpec('h200'), 'fp8')).toBe(8);
    expect(minimumGpusPerReplica(findOpenModel('gpt-oss-120b'), h100, 'int4')).toBe(1);
  });
});

describe('FP4, mixed-precision checkpoints and attention layouts', () => {
  const b200 = findGpuSpec('b200');
  const gptOss120b = findOpenModel('gpt-oss-120b');
  const deepseek = findOpenModel('deepseek-v3');

  it('bytesPerParameter and computeTflops for fp4: 4.5 bits; native 9000 TFLOPS on B200, BF16 rate on H100', () => {
    expect(bytesPerParameter('fp4')).toBe(0.5625);
    expect(computeTflops(b200, 'fp4')).toBe(9000);
    expect(computeTflops(h100, 'fp4')).toBe(989.5);
    expect(supportsPrecision(findGpuSpec('a100-80gb'), 'fp4')).toBe(true);
  });

  it('precisionMode: fp4 native on B200, weight-only on H100; int4 always weight-only', () => {
    expect(precisionMode(b200, 'fp4')).toBe('native');
    expect(precisionMode(h100, 'fp4')).toBe('weight-only');
    expect(precisionMode(findGpuSpec('a100-80gb'), 'int4')).toBe('weight-only');
    expect(precisionMode(h100, 'fp8')).toBe('native');
  });

  it('weightBytes: 16-bit parts of quantised checkpoints stay at 2 bytes (gpt-oss-120b fp4: 67.92e9)', () => {
    expect(weightBytes(findOpenModel('llama-3.1-70b'), 'fp8')).toBeCloseTo(70.55e9, -3);
    expect(weightBytes(gptOss120b, 'fp4')).toBeCloseTo(1.53e9 * 2 + (116.83 - 1.53) * 0.5625e9, -3);
    expect(weightBytes(gptOss120b, 'fp4') / 1e9).toBeCloseTo(67.92, 2);
    // bf16 weights: nothing is "kept" at 16-bit, every parameter is 2 bytes.
    expect(weightBytes(gptOss120b, 'bf16')).toBeCloseTo(116.83 * 2e9, -3);
  });

  it('attentionKind: MLA for DeepSeek, GQA for Llama 3.1, MHA for Llama 2', () => {
    expect(attentionKind(deepseek)).toBe('mla');
    expect(attentionKind(findOpenModel('llama-3.1-8b'))).toBe('gqa');
    expect(attentionKind(LLAMA_2_7B)).toBe('mha');
  });

  it('kvBytesPerTokenPerLayer: (kv_lora_rank + rope dim) x 2 = 1152 bytes for DeepSeek, 2 x 8 x 128 x 2 for Llama 70B', () => {
    expect(kvBytesPerTokenPerLayer(deepseek, 'fp16')).toBe(1152);
    expect(kvBytesPerTokenPerLayer(findOpenModel('llama-3.1-70b'), 'fp16')).toBe(4096);
    expect(kvBytesPerTokenPerLayer(deepseek, 'fp8')).toBe(576);
  });

  it('splitWeightsGb: Mixtral 8x7B bf16 keeps 3.0 GB shared and 84.0 GB in routed experts', () => {
    const split = splitWeightsGb(findOpenModel('mixtral-8x7b'), 'bf16');
    expect(split.sharedGb).toBeCloseTo((1.607 * 2e9) / 2 ** 30, 1);
    expect(split.expertGb).toBeCloseTo((45.093 * 2e9) / 2 ** 30, 1);
    expect(splitWeightsGb(findOpenModel('llama-3.1-8b'), 'bf16').expertGb).toBe(0);
  });

  it('defaultKvCachePrecision: fp8 KV with fp8 or fp4 weights only where the engine pairs them', () => {
    expect(defaultKvCachePrecision('fp4', true)).toBe('fp8');
    expect(defaultKvCachePrecision('fp8', true)).toBe('fp8');
    expect(defaultKvCachePrecision('fp8', false)).toBe('fp16');
    expect(defaultKvCachePrecision('bf16', true)).toBe('fp16');
  });

  it('expert parallelism copies shared weights per GPU, splits experts and keeps one KV copy (DeepSeek on 8 x H200)', () => {
    const h200 = findGpuSpec('h200');
    const memory = findEngineProfile('tensorrt-llm').memory;
    const tensor = memoryBudget(deepseek, h200, memory, 8192, 'fp8', 8);
    const expert = memoryBudget(deepseek, h200, memory, 8192, 'fp8', 8, true);
    const split = splitWeightsGb(deepseek, 'fp8');
    expect(expert.weightsGb).toBeCloseTo(split.sharedGb * 8 + split.expertGb, 6);
    expect(expert.weightsGb).toBeGreaterThan(tensor.weightsGb);
    expect(kvCacheReplication(deepseek, 8, true)).toBe(1);
    expect(tensorParallelDegrees(findOpenModel('qwen3-235b-a22b'), h200, true)).toEqual([1, 2, 4, 8]);
  });
});
