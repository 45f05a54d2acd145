/**
 * The capacity use-case: what a model does on a GPU group (memory fit, KV-cache
 * concurrency, throughput and latency at load, tokens per GPU-hour, USD per 1M tokens).
 * Catalog ids and numbers in; the capacity report model or problems out. Problems name
 * the CLI flag they come from (`--model`, `--gpu`, `--precision`, `--gpus`, ...).
 */
import { DEFAULT_ENGINE_ID, findEngineProfile } from '../catalog/engines.ts';
import { findGpuSpec } from '../catalog/gpus.ts';
import { CatalogLookupError } from '../catalog/lookup-error.ts';
import { findOpenModel } from '../catalog/open-models.ts';
import {
  ALL_PRECISIONS,
  CapacityInputError,
  estimateServing,
  usdPerMillionTokens,
  type KvCachePrecision,
  type Precision,
  type ServingEstimate,
} from '../core/capacity/index.ts';
import { fail, problem, succeed, type Outcome, type Problem } from '../core/problem.ts';
import { capacityReport, type CapacityReport } from '../report/capacity-report.ts';

export interface CapacityInput {
  /** Open model id, e.g. `llama-3.1-70b` (`--model`). */
  model: string;
  /** GPU id, e.g. `h100-sxm` (`--gpu`). */
  gpu: string;
  /** Serving engine id (`--engine`); default vLLM. */
  engine?: string;
  /** Weight precision (`--precision`); default bf16. */
  precision?: string;
  /** KV cache precision, fp16 or fp8 (`--kv-cache-precision`); default the engine's for the weights. */
  kvCachePrecision?: string;
  /** GPUs per replica (`--gpus`); default the fewest that fit. */
  gpusPerReplica?: number;
  /** Average input and output tokens per request (`--input-tokens`, `--output-tokens`). */
  inputTokens: number;
  outputTokens: number;
  /** p95 latency targets (`--ttft-p95-ms`, `--tpot-p95-ms`). */
  ttftP95Ms?: number;
  tpotP95Ms?: number;
  /** Run at exactly this many concurrent requests (`--concurrency`). */
  concurrency?: number;
  /** Expert parallelism with data-parallel attention across the GPUs, MoE models only (`--expert-parallel`). */
  expertParallel?: boolean;
  /** GPU price, for USD per 1M tokens (`--usd-per-gpu-hour`). */
  usdPerGpuHour?: number;
  /** Share of paid GPU-hours spent at the operating point, (0, 1] (`--utilization`); default 1. */
  utilization?: number;
}

/** The flag of each input field, for problems found by the capacity model. */
const flagOfField: Record<string, string> = {
  precision: '--precision',
  inputTokens: '--input-tokens',
  outputTokens: '--output-tokens',
  gpusPerReplica: '--gpus',
  ttftSloMs: '--ttft-p95-ms',
  tpotSloMs: '--tpot-p95-ms',
  concurrency: '--concurrency',
  expertParallel: '--expert-parallel',
};

function lookup<T>(flag: string, name: string, find: (name: string) => T, problems: Problem[]): T | undefined {
  try {
    return find(name);
  } catch (error) {
    if (!(error instanceof CatalogLookupError)) throw error;
    problems.push(problem(flag, name, error.message, 'unknown_name'));
    return undefined;
  }
}

function numberProblems(input: CapacityInput): Problem[] {
  const problems: Problem[] = [];
  const positive = (flag: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isFinite(value) && value > 0))
      problems.push(problem(flag, value, 'must be a number greater than 0'));
  };
  positive('--input-tokens', input.inputTokens);
  positive('--output-tokens', input.outputTokens);
  positive('--ttft-p95-ms', input.ttftP95Ms);
  positive('--tpot-p95-ms', input.tpotP95Ms);
  positive('--concurrency', input.concurrency);
  positive('--usd-per-gpu-hour', input.usdPerGpuHour);
  if (input.gpusPerReplica !== undefined && !(Number.isInteger(input.gpusPerReplica) && input.gpusPerReplica > 0))
    problems.push(problem('--gpus', input.gpusPerReplica, 'must be a whole number of GPUs'));
  const utilization = input.utilization;
  if (utilization !== undefined && !(Number.isFinite(utilization) && utilization > 0 && utilization <= 1))
    problems.push(
      problem(
        '--utilization',
        utilization,
        'must be between 0 and 1 (share of paid GPU-hours spent at the operating point)',
      ),
    );
  return problems;
}

/**
 * Estimates serving and prices it when a GPU price is given.
 * @example
 * // Llama 3.1 70B at fp8 on 4 x H100 SXM, 2,000 in + 300 out, p95 TTFT 800 ms / TPOT 60 ms, $2.50/GPU-hour:
 * capacityUseCase({ model: 'llama-3.1-70b', gpu: 'h100-sxm', gpusPerReplica: 4, precision: 'fp8', inputTokens: 2000, outputTokens: 300, ttftP95Ms: 800, tpotP95Ms: 60, usdPerGpuHour: 2.5 })
 * // { ok: true, value: { fits: true, tokensPerHourPerGpu: ..., usdPerMillionTokens: 2.5 / tokensPerHourPerGpu x 1M, ... } }
 */
export function capacityUseCase(input: CapacityInput): Outcome<CapacityReport> {
  const problems: Problem[] = [];
  const model = lookup('--model', input.model, findOpenModel, problems);
  const gpu = lookup('--gpu', input.gpu, findGpuSpec, problems);
  const engine = lookup('--engine', input.engine ?? DEFAULT_ENGINE_ID, findEngineProfile, problems);
  const precisionText = input.precision ?? 'bf16';
  if (!(ALL_PRECISIONS as readonly string[]).includes(precisionText))
    problems.push(
      problem('--precision', precisionText, `is not a precision; use one of: ${ALL_PRECISIONS.join(', ')}`),
    );
  const kvCachePrecision = input.kvCachePrecision;
  if (kvCachePrecision !== undefined && kvCachePrecision !== 'fp16' && kvCachePrecision !== 'fp8')
    problems.push(problem('--kv-cache-precision', kvCachePrecision, 'is not allowed; use fp16 or fp8'));
  problems.push(...numberProblems(input));
  if (!model || !gpu || !engine || problems.length > 0) return fail(...problems);

  const precision = precisionText as Precision;
  const valueOfField: Record<string, unknown> = {
    precision,
    inputTokens: input.inputTokens,
    outputTokens: input.outputTokens,
    gpusPerReplica: input.gpusPerReplica,
    ttftSloMs: input.ttftP95Ms,
    tpotSloMs: input.tpotP95Ms,
    concurrency: input.concurrency,
    expertParallel: input.expertParallel,
  };
  let estimate: ServingEstimate;
  try {
    estimate = estimateServing({
      model,
      gpu,
      engine,
      precision,
      gpusPerReplica: input.gpusPerReplica,
      inputTokens: input.inputTokens,
      outputTokens: input.outputTokens,
      ttftSloMs: input.ttftP95Ms,
      tpotSloMs: input.tpotP95Ms,
      concurrency: input.concurrency,
      kvCachePrecision: kvCachePrecision as KvCachePrecision | undefined,
      expertParallel: input.expertParallel,
    });
  } catch (error) {
    if (!(error instanceof CapacityInputError)) throw error;
    return fail(problem(flagOfField[error.field] ?? error.field, valueOfField[error.field], error.message));
  }
  if (!estimate.fits) {
    const onGpus = input.gpusPerReplica !== undefined;
    return fail(
      problem(
        onGpus ? '--gpus' : '--model',
        onGpus ? input.gpusPerReplica : input.model,
        estimate.reason ?? 'the model does not fit',
        'not_servable',
      ),
    );
  }

  const utilization = input.utilization ?? 1;
  const price =
    input.usdPerGpuHour !== undefined && estimate.tokensPerHourPerGpu > 0
      ? usdPerMillionTokens({
          usdPerGpuHour: input.usdPerGpuHour,
          tokensPerHourPerGpu: estimate.tokensPerHourPerGpu,
          utilization,
        })
      : undefined;
  return succeed(
    capacityReport({
      model,
      gpu,
      engine,
      inputTokens: input.inputTokens,
      outputTokens: input.outputTokens,
      ttftSloMs: input.ttftP95Ms,
      tpotSloMs: input.tpotP95Ms,
      estimate,
      usdPerGpuHour: input.usdPerGpuHour,
      utilization,
      usdPerMillionTokens: price,
    }),
  );
}
