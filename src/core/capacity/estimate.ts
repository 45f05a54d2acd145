/**
 * estimateServing: the whole capacity model for one (model, GPU, engine, precision,
 * request shape, SLO): memory fit, KV-cache concurrency, prefill/decode throughput, the
 * operating point that meets the SLO, tokens per GPU-hour and a load curve.
 */
import { engineEfficiency } from './efficiency.ts';
import { CapacityInputError } from './errors.ts';
import { loadCurveConcurrencies, operatingPoint, sloConcurrency } from './load.ts';
import type { OperatingPoint } from './load.ts';
import {
  defaultKvCachePrecision,
  kvCacheBytesPerToken,
  kvCacheSequenceCapacity,
  memoryBudget,
  minimumGpusPerReplica,
  precisionMode,
  supportsPrecision,
  tensorParallelDegrees,
} from './memory.ts';
import { prefillTime } from './roofline.ts';
import type { ServingHardware } from './roofline.ts';
import { ALL_PRECISIONS } from './types.ts';
import type { EngineProfile, GpuSpec, KvCachePrecision, ModelSpec, Precision } from './types.ts';
import { capacityUncertainty, uncertaintyBand, type CapacityUncertainty } from './uncertainty.ts';

/** The uncertainty of an estimate with tokens per GPU-hour inside its band. */
function withBand(uncertainty: CapacityUncertainty, tokensPerHourPerGpu: number): ServingEstimate['uncertainty'] {
  const band = uncertaintyBand(tokensPerHourPerGpu, uncertainty.relativeError);
  return {
    ...uncertainty,
    lowTokensPerHourPerGpu: Math.round(band.low),
    highTokensPerHourPerGpu: Math.round(band.high),
  };
}

export interface ServingEstimateInput {
  model: ModelSpec;
  gpu: GpuSpec;
  engine: EngineProfile;
  precision: Precision;
  /** GPUs per replica (tensor- or expert-parallel degree); default = the minimum that fits. */
  gpusPerReplica?: number;
  /** Per request (averages). */
  inputTokens: number;
  outputTokens: number;
  /** p95 targets; undefined = no SLO. */
  ttftSloMs?: number;
  tpotSloMs?: number;
  /** Run at exactly this many concurrent requests instead of the SLO/throughput optimum (benchmark replays). */
  concurrency?: number;
  /** KV cache element type; default fp8 when the engine pairs it with fp8 weights, else 16-bit. */
  kvCachePrecision?: KvCachePrecision;
  /** Expert parallelism with data-parallel attention across the replica's GPUs (MoE models only). */
  expertParallel?: boolean;
}

export interface LoadCurvePoint {
  concurrency: number;
  outputTokensPerSecond: number;
  /** p95 estimates. */
  ttftMs: number;
  tpotMs: number;
  ttftMeanMs: number;
  tpotMeanMs: number;
}

export interface ServingEstimate {
  fits: boolean;
  /** Why not, with numbers; also set when the SLO cannot be met. */
  reason?: string;
  gpusPerReplica: number;
  precision: Precision;
  /** Whether the GPU computes at this precision or dequantises it (weight-only: FP4 on Hopper, INT4 everywhere). */
  precisionMode: 'native' | 'weight-only';
  /** Expert parallel with data-parallel attention (true) or tensor parallel (false). */
  expertParallel: boolean;
  kvCachePrecision: KvCachePrecision;
  /** The engine x GPU-family factor applied, if any (e.g. ROCm vLLM on CDNA 3). */
  hardwareFactor?: { family: string; bandwidthFactor: number; computeFactor: number };
  /** The relative error band for this kind of estimate (validated out of sample, by category) and tokens per GPU-hour within it. */
  uncertainty: CapacityUncertainty & { lowTokensPerHourPerGpu: number; highTokensPerHourPerGpu: number };
  memory: {
    weightsGb: number;
    kvCacheGb: number;
    activationAndRuntimeGb: number;
    headroomGb: number;
    totalGpuMemoryGb: number;
  };
  kvCacheBytesPerToken: number;
  /** Sequences of (input + output / 2) average context the KV pool and the scheduler hold at once. */
  maxConcurrentSequences: number;
  /** Prompt tokens per second the replica prefills when saturated with prompts. */
  prefillTokensPerSecond: number;
  /** Output tokens per second of pure decoding at the operating concurrency (no prefill interleaved). */
  decodeTokensPerSecond: number;
  /** Whole replica, at the operating concurrency (meeting the SLO when given). */
  outputTokensPerSecond: number;
  operatingConcurrency: number;
  /** False when even one request at a time misses the SLO (the estimate is then at concurrency 1). */
  sloMet: boolean;
  /** p95 estimates at the operating point. */
  ttftMs: number;
  tpotMs: number;
  ttftMeanMs: number;
  tpotMeanMs: number;
  /** Input + output tokens processed per GPU-hour at the operating point. */
  tokensPerHourPerGpu: number;
  loadCurve: LoadCurvePoint[];
}

function requirePositive(field: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0))
    throw new CapacityInputError(field, `${field} must be a number greater than 0 (got ${value})`);
}

/** Rejects input the model cannot answer: bad numbers, a precision the GPU lacks, a context too long, a bad TP degree. */
export function validateServingInput(input: ServingEstimateInput): void {
  requirePositive('inputTokens', input.inputTokens);
  requirePositive('outputTokens', input.outputTokens);
  requirePositive('ttftSloMs', input.ttftSloMs);
  requirePositive('tpotSloMs', input.tpotSloMs);
  requirePositive('concurrency', input.concurrency);
  if (!supportsPrecision(input.gpu, input.precision)) {
    const supported = ALL_PRECISIONS.filter((precision) => supportsPrecision(input.gpu, precision));
    throw new CapacityInputError(
      'precision',
      `precision '${input.precision}' is not supported on ${input.gpu.name} (no ${input.precision.toUpperCase()} tensor cores); supported: ${supported.join(', ')}`,
    );
  }
  if (input.expertParallel && !input.model.moe) {
    throw new CapacityInputError(
      'expertParallel',
      `expert parallelism needs a mixture-of-experts model; ${input.model.name} is dense (use tensor parallelism)`,
    );
  }
  const contextTokens = input.inputTokens + input.outputTokens;
  if (contextTokens > input.model.maxContextTokens) {
    throw new CapacityInputError(
      'inputTokens',
      `input + output tokens = ${input.inputTokens} + ${input.outputTokens} = ${contextTokens} is longer than ${input.model.name}'s context of ${input.model.maxContextTokens} tokens`,
    );
  }
  if (input.gpusPerReplica !== undefined) {
    const expertParallel = input.expertParallel ?? false;
    const degrees = tensorParallelDegrees(input.model, input.gpu, expertParallel);
    if (!degrees.includes(input.gpusPerReplica)) {
      const divides = expertParallel
        ? `${input.model.moe?.experts} experts`
        : `${input.model.attentionHeads} attention heads`;
      throw new CapacityInputError(
        'gpusPerReplica',
        `${input.gpusPerReplica} GPUs cannot form one ${expertParallel ? 'expert' : 'tensor'}-parallel replica of ${input.model.name} on ${input.gpu.name}; allowed: ${degrees.join(', ')} (powers of two up to ${input.gpu.maxGpusPerNode} per server dividing ${divides})`,
      );
    }
  }
}

function notFitting(
  input: ServingEstimateInput,
  gpusPerReplica: number,
  kvCachePrecision: KvCachePrecision,
  reason: string,
  memory: ServingEstimate['memory'],
): ServingEstimate {
  return {
    fits: false,
    reason,
    gpusPerReplica,
    precision: input.precision,
    precisionMode: precisionMode(input.gpu, input.precision),
    expertParallel: input.expertParallel ?? false,
    kvCachePrecision,
    uncertainty: { ...capacityUncertainty(input), lowTokensPerHourPerGpu: 0, highTokensPerHourPerGpu: 0 },
    memory,
    kvCacheBytesPerToken: kvCacheBytesPerToken(
      input.model,
      input.inputTokens + input.outputTokens / 2,
      kvCachePrecision,
    ),
    maxConcurrentSequences: 0,
    prefillTokensPerSecond: 0,
    decodeTokensPerSecond: 0,
    outputTokensPerSecond: 0,
    operatingConcurrency: 0,
    sloMet: false,
    ttftMs: 0,
    tpotMs: 0,
    ttftMeanMs: 0,
    tpotMeanMs: 0,
    tokensPerHourPerGpu: 0,
    loadCurve: [],
  };
}

const round = (value: number, digits = 2) => Number(value.toFixed(digits));

function curvePoint(point: OperatingPoint): LoadCurvePoint {
  return {
    concurrency: point.concurrency,
    outputTokensPerSecond: round(point.outputTokensPerSecond, 1),
    ttftMs: round(point.ttftMs, 1),
    tpotMs: round(point.tpotMs, 2),
    ttftMeanMs: round(point.ttftMeanMs, 1),
    tpotMeanMs: round(point.tpotMeanMs, 2),
  };
}

/**
 * The capacity model end to end.
 * @example
 * // Llama 3.1 70B fp8 on 4 x H100 SXM, vLLM, 2000 in / 300 out, p95 TTFT 800 ms, TPOT 60 ms:
 * // fits; 215 GB KV cache (fp16 KV: 320 KiB/token) -> 256 sequences (vLLM's cap);
 * // the TPOT target binds at 63 concurrent requests: ~1,610 output tok/s, p95 TTFT 335 ms (50 ms of it request overhead),
 * // p95 TPOT 59.3 ms -> ~11.1M input + output tokens per GPU-hour
 */
export function estimateServing(input: ServingEstimateInput): ServingEstimate {
  validateServingInput(input);
  const { model, gpu, engine, precision } = input;
  const kvCachePrecision =
    input.kvCachePrecision ?? defaultKvCachePrecision(precision, engine.fp8KvCacheWithFp8Weights);
  const contextTokens = input.inputTokens + input.outputTokens;
  const averageContext = input.inputTokens + input.outputTokens / 2;
  const expertParallel = input.expertParallel ?? false;
  const largestDegree = Math.max(...tensorParallelDegrees(model, gpu, expertParallel));
  const gpusPerReplica =
    input.gpusPerReplica ??
    minimumGpusPerReplica(model, gpu, precision, { engine, contextTokens, kvCachePrecision, expertParallel }) ??
    largestDegree;
  const budget = memoryBudget(
    model,
    gpu,
    engine.memory,
    engine.maxBatchedTokens,
    precision,
    gpusPerReplica,
    expertParallel,
  );
  const memory = {
    weightsGb: round(budget.weightsGb),
    kvCacheGb: round(budget.kvCacheGb),
    activationAndRuntimeGb: round(budget.activationAndRuntimeGb),
    headroomGb: round(budget.headroomGb),
    totalGpuMemoryGb: round(budget.totalGpuMemoryGb),
  };
  const usableGb = budget.usablePerGpuGb * gpusPerReplica;
  if (budget.requiredPerGpuGb >= budget.usablePerGpuGb) {
    const more = input.gpusPerReplica === undefined ? ` (tried up to ${largestDegree} GPUs in one server)` : '';
    return notFitting(
      input,
      gpusPerReplica,
      kvCachePrecision,
      `${model.name} at ${precision} does not fit on ${gpusPerReplica} x ${gpu.name}${more}: weights ${round(budget.weightsGb, 1)} GB + runtime ${round(budget.activationAndRuntimeGb, 1)} GB need more than the ${round(usableGb, 1)} GB ${engine.name} may use (${round(budget.totalGpuMemoryGb, 1)} GB total)`,
      memory,
    );
  }
  const kvCapacity = kvCacheSequenceCapacity(
    model,
    budget.kvCacheGb,
    kvCachePrecision,
    gpusPerReplica,
    averageContext,
    expertParallel,
  );
  const fullContextCapacity = kvCacheSequenceCapacity(
    model,
    budget.kvCacheGb,
    kvCachePrecision,
    gpusPerReplica,
    contextTokens,
    expertParallel,
  );
  if (fullContextCapacity < 1) {
    return notFitting(
      input,
      gpusPerReplica,
      kvCachePrecision,
      `${model.name} at ${precision} on ${gpusPerReplica} x ${gpu.name}: the ${round(budget.kvCacheGb, 2)} GB left for KV cache cannot hold one sequence of ${contextTokens} tokens (${round((kvCacheBytesPerToken(model, contextTokens, kvCachePrecision) * contextTokens) / 2 ** 30, 2)} GB); use more GPUs, a lower precision or shorter requests`,
      memory,
    );
  }
  // With data-parallel attention every GPU runs its own scheduler, each with the engine's cap.
  const schedulerCap = engine.maxRunningSequences * (expertParallel ? gpusPerReplica : 1);
  const maxConcurrentSequences = Math.max(1, Math.min(schedulerCap, kvCapacity));
  const hardware: ServingHardware = {
    model,
    gpu,
    engine,
    precision,
    kvCachePrecision,
    gpusPerReplica,
    expertParallel,
  };
  const factor = engineEfficiency(engine, gpu).hardwareFactor;
  const shape = { inputTokens: input.inputTokens, outputTokens: input.outputTokens };
  const hasSlo = input.ttftSloMs !== undefined || input.tpotSloMs !== undefined;
  const sloLimit = hasSlo
    ? sloConcurrency(hardware, shape, maxConcurrentSequences, { ttftMs: input.ttftSloMs, tpotMs: input.tpotSloMs })
    : maxConcurrentSequences;
  const operatingConcurrency = input.concurrency !== undefined ? Math.round(input.concurrency) : (sloLimit ?? 1);
  const point = operatingPoint(hardware, shape, maxConcurrentSequences, operatingConcurrency);
  const prefill = prefillTime(hardware, input.inputTokens);
  const sloMet = !hasSlo || (sloLimit !== undefined && operatingConcurrency <= sloLimit);
  const reason = sloMet
    ? undefined
    : `the SLO (p95 TTFT ${input.ttftSloMs ?? '-'} ms, TPOT ${input.tpotSloMs ?? '-'} ms) is missed even at concurrency ${operatingConcurrency}: p95 TTFT ${round(point.ttftMs, 0)} ms, TPOT ${round(point.tpotMs, 1)} ms`;
  const tokensPerHourPerGpu = round((point.totalTokensPerSecond * 3600) / gpusPerReplica, 0);
  const loadCurve = loadCurveConcurrencies(maxConcurrentSequences, [operatingConcurrency]).map((concurrency) =>
    curvePoint(operatingPoint(hardware, shape, maxConcurrentSequences, concurrency)),
  );
  return {
    fits: true,
    reason,
    gpusPerReplica,
    precision,
    precisionMode: precisionMode(gpu, precision),
    expertParallel,
    kvCachePrecision,
    hardwareFactor: factor
      ? { family: factor.family, bandwidthFactor: factor.bandwidthFactor, computeFactor: factor.computeFactor }
      : undefined,
    uncertainty: withBand(capacityUncertainty(input), tokensPerHourPerGpu),
    memory,
    kvCacheBytesPerToken: round(kvCacheBytesPerToken(model, averageContext, kvCachePrecision), 0),
    maxConcurrentSequences,
    prefillTokensPerSecond: round(input.inputTokens / prefill.workSeconds, 0),
    decodeTokensPerSecond: round(point.runningSequences / (point.decodeStepMs / 1000), 0),
    outputTokensPerSecond: round(point.outputTokensPerSecond, 1),
    operatingConcurrency,
    sloMet,
    ttftMs: round(point.ttftMs, 1),
    tpotMs: round(point.tpotMs, 2),
    ttftMeanMs: round(point.ttftMeanMs, 1),
    tpotMeanMs: round(point.tpotMeanMs, 2),
    tokensPerHourPerGpu,
    loadCurve,
  };
}
