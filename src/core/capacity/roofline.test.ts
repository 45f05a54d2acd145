import { describe, expect, it } from 'vitest';
import { findEngineProfile } from '../../catalog/engines.ts';
import { findGpuSpec } from '../../catalog/gpus.ts';
import { findOpenModel } from '../../catalog/open-models.ts';
import {
  attentionFlopsPerPair,
  decodeFlopsPerToken,
  decodeStep,
  expertFlopsPerToken,
  expertParallelSeconds,
  moeTouchedExpertShare,
  prefillFlops,
  prefillTime,
  routedExpertParamsBillions,
  tensorParallelSeconds,
  weightBytesByKind,
  weightBytesReadPerStep,
} from './roofline.ts';

const h100 = findGpuSpec('h100-sxm');
const llama8b = findOpenModel('llama-3.1-8b');
const llama70b = findOpenModel('llama-3.1-70b');
const mixtral = findOpenModel('mixtral-8x7b');

describe('mixture of experts', () => {
  it('moeTouchedExpertShare: share of experts a batch touches', () => {
    expect(moeTouchedExpertShare({ experts: 8, activeExperts: 2 }, 1)).toBe(0.25);
    expect(moeTouchedExpertShare({ experts: 8, activeExperts: 2 }, 16)).toBeCloseTo(1 - 0.75 ** 16, 12);
  });

  it('routedExpertParamsBillions: routed expert parameters from total and active: (46.70 - 12.88) / 0.75 = 45.09B', () => {
    expect(routedExpertParamsBillions(mixtral)).toBeCloseTo(45.093, 3);
    expect(routedExpertParamsBillions(llama8b)).toBe(0);
  });

  it('weightBytesReadPerStep: weights read per decode step: all of a dense model, the touched experts of a MoE', () => {
    expect(weightBytesReadPerStep(llama8b, 'bf16', 64)).toBeCloseTo(16.06e9, -3);
    expect(weightBytesReadPerStep(mixtral, 'bf16', 1)).toBeCloseTo(25.76e9, -4);
    expect(weightBytesReadPerStep(mixtral, 'bf16', 256)).toBeCloseTo(46.7 * 2e9, -4);
  });
});

describe('FLOPs', () => {
  it('decodeFlopsPerToken: 2 per active parameter + 4 x heads x head dim per context token per layer (16.58e9)', () => {
    expect(decodeFlopsPerToken(llama8b, 1000)).toBeCloseTo(2 * 8.03e9 + 4 * 32 * 32 * 128 * 1000, -3);
    expect(decodeFlopsPerToken(llama8b, 1000) / 1e9).toBeCloseTo(16.58, 2);
  });

  it('prefillFlops: linear part plus causal attention (33.17e12)', () => {
    expect(prefillFlops(llama8b, 2000)).toBeCloseTo(2 * 8.03e9 * 2000 + 2 * 32 * 4096 * 2000 ** 2, -6);
    expect(prefillFlops(llama8b, 2000) / 1e12).toBeCloseTo(33.17, 2);
  });
});

describe('timing', () => {
  it('tensorParallelSeconds: tensor-parallel all-reduces: 160 x (10 us + 8192 x 2 x 1.5 / 450e9 s) = 1.61 ms', () => {
    expect(tensorParallelSeconds(llama70b, h100, 1, 4)).toBeCloseTo(160 * (10e-6 + (8192 * 2 * 1.5) / 450e9), 12);
    expect(tensorParallelSeconds(llama70b, h100, 1, 4) * 1000).toBeCloseTo(1.61, 2);
    expect(tensorParallelSeconds(llama70b, h100, 1, 1)).toBe(0);
  });

  it('decodeStep: Llama 3.1 8B bf16 at batch 1 on an H100 with vLLM: 7.11 ms', () => {
    const step = decodeStep(
      {
        model: llama8b,
        gpu: h100,
        engine: findEngineProfile('vllm'),
        precision: 'bf16',
        kvCachePrecision: 'fp16',
        gpusPerReplica: 1,
      },
      1,
      1000,
    );
    expect(step.memorySeconds * 1000).toBeCloseTo(6.041, 3);
    expect(step.computeSeconds * 1000).toBeCloseTo(0.037, 3);
    expect(step.seconds * 1000).toBeCloseTo(7.11, 2);
  });

  it('decode turns compute-bound at large batches, and bigger batches raise throughput', () => {
    const hardware = {
      model: llama8b,
      gpu: h100,
      engine: findEngineProfile('tensorrt-llm'),
      precision: 'fp8' as const,
      kvCachePrecision: 'fp8' as const,
      gpusPerReplica: 1,
    };
    const small = decodeStep(hardware, 8, 500);
    const large = decodeStep(hardware, 512, 500);
    expect(small.memorySeconds).toBeGreaterThan(small.computeSeconds);
    expect(large.seconds).toBeGreaterThan(small.seconds);
    expect(512 / large.seconds).toBeGreaterThan(8 / small.seconds);
  });

  it('prefillTime: 5000 tokens of Llama 3.3 70B fp8 on 2 x H100 with TensorRT-LLM: 0.34 s of compute', () => {
    const hardware = {
      model: findOpenModel('llama-3.3-70b'),
      gpu: h100,
      engine: findEngineProfile('tensorrt-llm'),
      precision: 'fp8' as const,
      kvCachePrecision: 'fp8' as const,
      gpusPerReplica: 2,
    };
    const time = prefillTime(hardware, 5000);
    const computeSeconds = (2 * 70.55e9 * 5000 + 2 * 80 * 8192 * 5000 ** 2) / (1979e12 * 2 * 0.55);
    expect(time.workSeconds).toBeCloseTo(computeSeconds + tensorParallelSeconds(hardware.model, h100, 5000, 2), 9);
    expect(computeSeconds).toBeCloseTo(0.339, 3);
  });
});

describe('MoE, MLA and expert parallelism', () => {
  const deepseek = findOpenModel('deepseek-v3');
  const h200 = findGpuSpec('h200');

  it('moeTouchedExpertShare: 16 tokens of DeepSeek (256 experts, 8 each) touch ~102 experts, never more than min(E, B x k)', () => {
    const moe = { experts: 256, activeExperts: 8 };
    expect(moeTouchedExpertShare(moe, 16)).toBeCloseTo(1 - (31 / 32) ** 16, 12);
    expect(moeTouchedExpertShare(moe, 16) * 256).toBeCloseTo(102, 0);
    for (const batch of [1, 2, 4, 16, 64, 256, 4096])
      expect(moeTouchedExpertShare(moe, batch) * 256).toBeLessThanOrEqual(Math.min(256, batch * 8) + 1e-9);
  });

  it('weightBytesByKind: Mixtral bf16 at batch 1 reads 3.21e9 shared and 22.55e9 expert bytes', () => {
    const parts = weightBytesByKind(mixtral, 'bf16', 1);
    expect(parts.sharedBytes / 1e9).toBeCloseTo(3.21, 2);
    expect(parts.touchedExpertBytes / 1e9).toBeCloseTo(22.55, 2);
    expect(weightBytesByKind(llama8b, 'bf16', 8).touchedExpertBytes).toBe(0);
  });

  it('attentionFlopsPerPair: 4 x heads x headDim for GQA; MLA decodes on the 512 + 64 latent', () => {
    expect(attentionFlopsPerPair(llama8b, 'decode')).toBe(16_384);
    expect(attentionFlopsPerPair(deepseek, 'decode')).toBe(278_528);
    expect(attentionFlopsPerPair(deepseek, 'prefill')).toBe(2 * 128 * (192 + 128));
  });

  it('expertFlopsPerToken: Mixtral spends 22.55 GFLOPs of its 25.8 per token in experts', () => {
    expect(expertFlopsPerToken(mixtral) / 1e9).toBeCloseTo(22.55, 2);
    expect(expertFlopsPerToken(llama8b)).toBe(0);
  });

  it('expertParallelSeconds: DeepSeek, 32 tokens per GPU on 8 x H200: 116 all-to-alls = 1.99 ms', () => {
    const expected = 116 * (10e-6 + (32 * 8 * 7168 * 2 * (7 / 8)) / 450e9);
    expect(expertParallelSeconds(deepseek, h200, 32, 8)).toBeCloseTo(expected, 12);
    expect(expertParallelSeconds(deepseek, h200, 32, 8) * 1000).toBeCloseTo(1.99, 2);
    expect(expertParallelSeconds(llama8b, h200, 32, 8)).toBe(0);
  });

  it('long prompts: prefillFlops is 34% attention at 32K tokens on Llama 3.1 8B (3% at 2K)', () => {
    const attentionShare = (tokens: number) => 1 - (2 * 8.03e9 * tokens) / prefillFlops(llama8b, tokens);
    expect(attentionShare(32_000)).toBeCloseTo(0.343, 3);
    expect(attentionShare(2000)).toBeCloseTo(0.0316, 3);
    // Per prompt token, 32K costs 1.47x what 2K costs.
    expect(prefillFlops(llama8b, 32_000) / 32_000 / (prefillFlops(llama8b, 2000) / 2000)).toBeCloseTo(1.47, 2);
  });
});
