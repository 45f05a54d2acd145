import { describe, expect, it } from 'vitest';
import { findEngineProfile } from '../../catalog/engines.ts';
import { findGpuSpec } from '../../catalog/gpus.ts';
import { findOpenModel } from '../../catalog/open-models.ts';
import { CapacityInputError } from './errors.ts';
import { estimateServing } from './estimate.ts';
import type { ServingEstimateInput } from './estimate.ts';
import { operatingPoint } from './load.ts';

const h100 = findGpuSpec('h100-sxm');
const vllm = findEngineProfile('vllm');
const issueExample: ServingEstimateInput = {
  model: findOpenModel('llama-3.1-70b'),
  gpu: h100,
  engine: vllm,
  precision: 'fp8',
  gpusPerReplica: 4,
  inputTokens: 2000,
  outputTokens: 300,
  ttftSloMs: 800,
  tpotSloMs: 60,
};

describe('estimateServing', () => {
  it('the issue example: Llama 3.1 70B fp8 on 4 x H100 under p95 TTFT 800 ms / TPOT 60 ms', () => {
    const estimate = estimateServing(issueExample);
    expect(estimate.fits).toBe(true);
    expect(estimate.sloMet).toBe(true);
    expect(estimate.memory.weightsGb).toBeCloseTo(65.7, 1);
    expect(estimate.memory.kvCacheGb).toBeCloseTo(215.05, 2);
    expect(estimate.kvCacheBytesPerToken).toBe(327_680);
    expect(estimate.maxConcurrentSequences).toBe(256);
    expect(estimate.ttftMs).toBeLessThanOrEqual(800);
    expect(estimate.tpotMs).toBeLessThanOrEqual(60);
    // one more concurrent request would break the TPOT target
    const hardware = {
      model: issueExample.model,
      gpu: h100,
      engine: vllm,
      precision: 'fp8' as const,
      kvCachePrecision: 'fp16' as const,
      gpusPerReplica: 4,
    };
    expect(
      operatingPoint(hardware, { inputTokens: 2000, outputTokens: 300 }, 256, estimate.operatingConcurrency + 1).tpotMs,
    ).toBeGreaterThan(60);
    // tokens per GPU-hour count input + output tokens
    expect(estimate.tokensPerHourPerGpu).toBeCloseTo((estimate.outputTokensPerSecond * (2300 / 300) * 3600) / 4, -3);
    expect(estimate.operatingConcurrency).toBe(63);
    expect(estimate.tokensPerHourPerGpu / 1e6).toBeCloseTo(11.1, 1);
    expect(estimate.loadCurve.map((point) => point.concurrency)).toContain(estimate.operatingConcurrency);
  });

  it('without an SLO it runs at the capacity (maximum throughput)', () => {
    const estimate = estimateServing({ ...issueExample, ttftSloMs: undefined, tpotSloMs: undefined });
    expect(estimate.operatingConcurrency).toBe(estimate.maxConcurrentSequences);
    expect(estimate.outputTokensPerSecond).toBeGreaterThan(estimateServing(issueExample).outputTokensPerSecond);
  });

  it('picks the fewest GPUs that fit when none are given', () => {
    expect(estimateServing({ ...issueExample, gpusPerReplica: undefined, precision: 'bf16' }).gpusPerReplica).toBe(2);
  });

  it('an A100 serves millions of tokens per hour, not the 30-120k the seed article claims', () => {
    const estimate = estimateServing({
      ...issueExample,
      gpu: findGpuSpec('a100-80gb'),
      precision: 'int4',
      gpusPerReplica: 1,
      inputTokens: 1000,
      outputTokens: 300,
      ttftSloMs: undefined,
      tpotSloMs: 50,
    });
    expect(estimate.fits).toBe(true);
    expect(estimate.tokensPerHourPerGpu).toBeGreaterThan(1e6);
  });

  it('reports an SLO no concurrency can meet', () => {
    const estimate = estimateServing({ ...issueExample, tpotSloMs: 2 });
    expect(estimate.sloMet).toBe(false);
    expect(estimate.operatingConcurrency).toBe(1);
    expect(estimate.reason).toMatch(/missed even at concurrency 1/);
  });

  it('does not fit: names the weights, runtime and usable memory', () => {
    const estimate = estimateServing({ ...issueExample, model: findOpenModel('llama-3.1-405b'), precision: 'bf16' });
    expect(estimate.fits).toBe(false);
    expect(estimate.reason).toMatch(
      /weights 756 GB \+ runtime [\d.]+ GB need more than the 288 GB vLLM may use \(320 GB total\)/,
    );
  });

  it('rejects a precision the GPU lacks, a context too long and a bad tensor-parallel degree', () => {
    expect(() => estimateServing({ ...issueExample, gpu: findGpuSpec('a100-80gb') })).toThrow(CapacityInputError);
    expect(() => estimateServing({ ...issueExample, gpu: findGpuSpec('a100-80gb') })).toThrow(
      /'fp8' is not supported on NVIDIA A100 SXM 80GB.*supported: fp16, bf16, int8, int4/,
    );
    expect(() =>
      estimateServing({ ...issueExample, model: findOpenModel('mistral-7b'), inputTokens: 30_000, outputTokens: 5000 }),
    ).toThrow(/30000 \+ 5000 = 35000 is longer than Mistral 7B v0.3's context of 32768/);
    expect(() => estimateServing({ ...issueExample, gpusPerReplica: 3 })).toThrow(/allowed: 1, 2, 4, 8/);
    expect(() => estimateServing({ ...issueExample, inputTokens: 0 })).toThrow(
      /inputTokens must be a number greater than 0 \(got 0\)/,
    );
  });

  it('MoE models decode at the cost of their active parameters', () => {
    const mixtral = estimateServing({
      ...issueExample,
      model: findOpenModel('mixtral-8x7b'),
      precision: 'bf16',
      gpusPerReplica: 2,
      ttftSloMs: undefined,
      tpotSloMs: undefined,
      concurrency: 1,
    });
    const dense70b = estimateServing({
      ...issueExample,
      precision: 'bf16',
      gpusPerReplica: 2,
      ttftSloMs: undefined,
      tpotSloMs: undefined,
      concurrency: 1,
    });
    expect(mixtral.tpotMeanMs).toBeLessThan(dense70b.tpotMeanMs / 3);
  });
});
