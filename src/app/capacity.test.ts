/** The capacity use-case in process: the report model, its renderers and every bad input as a problem naming the flag. */
import { describe, expect, it } from 'vitest';
import { formatProblems } from '../core/problem.ts';
import { renderCapacity, renderCapacityMarkdown, renderCapacityTable } from '../report/capacity-report.ts';
import { capacityUseCase, type CapacityInput } from './capacity.ts';

const issueInput: CapacityInput = {
  model: 'llama-3.1-70b',
  gpu: 'h100-sxm',
  gpusPerReplica: 4,
  precision: 'fp8',
  inputTokens: 2000,
  outputTokens: 300,
  ttftP95Ms: 800,
  tpotP95Ms: 60,
};

function reportOf(input: CapacityInput) {
  const outcome = capacityUseCase(input);
  if (!outcome.ok) throw new Error(formatProblems(outcome.problems));
  return outcome.value;
}

function problemsOf(input: Partial<CapacityInput>): string {
  const outcome = capacityUseCase({
    model: 'llama-3.1-8b',
    gpu: 'h100-sxm',
    inputTokens: 10,
    outputTokens: 10,
    ...input,
  });
  if (outcome.ok) throw new Error('expected problems');
  return formatProblems(outcome.problems);
}

describe('capacityUseCase', () => {
  it('gives the JSON contract (doc example: USD per 1M tokens = GPU price / tokens per GPU-hour)', () => {
    const report = reportOf({ ...issueInput, usdPerGpuHour: 2.5 });
    const json = JSON.parse(renderCapacity(report, 'json')) as Record<string, unknown> & {
      memory: Record<string, number>;
      loadCurve: Array<Record<string, number>>;
    };
    for (const key of [
      'fits',
      'memory',
      'maxConcurrentSequences',
      'prefillTokensPerSecond',
      'decodeTokensPerSecond',
      'outputTokensPerSecond',
      'ttftMs',
      'tpotMs',
      'tokensPerHourPerGpu',
      'usdPerMillionTokens',
      'loadCurve',
    ]) {
      expect(json).toHaveProperty(key);
    }
    expect(json.fits).toBe(true);
    expect(json.engine).toBe('vllm');
    expect(Object.keys(json.memory)).toEqual(
      expect.arrayContaining(['weightsGb', 'kvCacheGb', 'activationAndRuntimeGb', 'totalGpuMemoryGb']),
    );
    expect(Object.keys(json.loadCurve[0])).toEqual(
      expect.arrayContaining(['concurrency', 'outputTokensPerSecond', 'ttftMs', 'tpotMs']),
    );
    expect(report.usdPerMillionTokens).toBeCloseTo((2.5 / report.tokensPerHourPerGpu) * 1e6, 3);
    // at half utilization a token costs twice as much
    const half = reportOf({ ...issueInput, usdPerGpuHour: 2.5, utilization: 0.5 });
    expect(half.usdPerMillionTokens).toBeCloseTo((2.5 / report.tokensPerHourPerGpu) * 2e6, 3);
  });

  it('renders a table and Markdown', () => {
    const report = reportOf(issueInput);
    const table = renderCapacityTable(report);
    expect(table).toMatch(/tokens per GPU-hour/);
    expect(table).toMatch(/depends on GPU price/);
    expect(renderCapacity(report, 'table')).toBe(table);
    expect(renderCapacityMarkdown(report).startsWith('## Capacity: llama-3.1-70b on 4 x h100-sxm')).toBe(true);
    expect(renderCapacity(report, 'markdown')).toBe(renderCapacityMarkdown(report));
  });

  it('takes the engine, KV cache precision and a fixed concurrency', () => {
    const report = reportOf({
      model: 'llama-3.1-8b',
      gpu: 'a100-80gb',
      inputTokens: 1000,
      outputTokens: 200,
      concurrency: 16,
      kvCachePrecision: 'fp8',
      engine: 'sglang',
    });
    expect(report.engine).toBe('sglang');
    expect(report.kvCachePrecision).toBe('fp8');
    expect(report.operatingConcurrency).toBe(16);
  });
});

describe('bad input: a problem naming the flag, the value and what is allowed', () => {
  const cases: Array<[string, Partial<CapacityInput>, RegExp]> = [
    [
      'unknown model',
      { model: 'llama-70b' },
      /^--model: "llama-70b" — unknown open model 'llama-70b'; did you mean 'llama-3.1-70b'/,
    ],
    ['unknown GPU', { gpu: 'h100' }, /^--gpu: "h100" — unknown GPU 'h100'; did you mean 'h100-sxm', 'h100-pcie'/],
    ['unknown engine', { engine: 'vllmm' }, /^--engine: "vllmm" — unknown serving engine 'vllmm'; did you mean 'vllm'/],
    [
      'precision the GPU lacks',
      { gpu: 'a100-80gb', precision: 'fp8' },
      /^--precision: "fp8" — precision 'fp8' is not supported on NVIDIA A100/,
    ],
    [
      'unknown precision',
      { precision: 'fp7' },
      /^--precision: "fp7" — is not a precision; use one of: fp16, bf16, fp8, int8, int4, fp4$/,
    ],
    [
      'unknown KV cache precision',
      { kvCachePrecision: 'int4' },
      /^--kv-cache-precision: "int4" — is not allowed; use fp16 or fp8$/,
    ],
    [
      'context too long',
      { model: 'mistral-7b', inputTokens: 30_000, outputTokens: 5000 },
      /^--input-tokens: 30000 — .*35000 is longer than .*32768/,
    ],
    [
      'does not fit on the GPUs given',
      { model: 'llama-3.1-405b', gpusPerReplica: 4 },
      /^--gpus: 4 — Llama 3.1 405B at bf16 does not fit on 4 x NVIDIA H100 SXM 80GB: weights 756 GB/,
    ],
    [
      'does not fit on any number of GPUs',
      { model: 'llama-3.1-405b', gpu: 'l4' },
      /^--model: "llama-3.1-405b" — Llama 3.1 405B at bf16 does not fit on 8 x NVIDIA L4 24GB/,
    ],
    [
      'a tensor-parallel degree that cannot split the model',
      { gpusPerReplica: 3 },
      /^--gpus: 3 — 3 GPUs cannot form one tensor-parallel replica .*allowed: 1, 2, 4, 8/,
    ],
    ['GPUs not whole', { gpusPerReplica: 1.5 }, /^--gpus: 1.5 — must be a whole number of GPUs$/],
    ['input tokens 0', { inputTokens: 0 }, /^--input-tokens: 0 — must be a number greater than 0$/],
    ['TTFT target below 0', { ttftP95Ms: -3 }, /^--ttft-p95-ms: -3 — must be a number greater than 0$/],
    ['concurrency 0', { concurrency: 0 }, /^--concurrency: 0 — must be a number greater than 0$/],
    [
      'utilization above 1',
      { utilization: 2 },
      /^--utilization: 2 — must be between 0 and 1 \(share of paid GPU-hours spent at the operating point\)$/,
    ],
  ];
  it.each(cases)('%s', (_, input, message) => {
    expect(problemsOf(input)).toMatch(message);
  });

  it('reports every bad name at once', () => {
    expect(problemsOf({ model: 'llama-70b', gpu: 'h100', precision: 'fp7' }).split('\n')).toHaveLength(3);
  });
});
