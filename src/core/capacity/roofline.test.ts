import { describe, expect, it } from 'vitest';
import { findEngineProfile } from '../../catalog/engines.ts';
import { findGpuSpec } from '../../catalog/gpus.ts';
import { findOpenModel } from '../../catalog/open-models.ts';
import {
  decodeFlopsPerToken,
  decodeStep,
  moeTouchedExpertShare,
  prefillFlops,
  prefillTime,
  routedExpertParamsBillions,
  tensorParallelSeconds,
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
