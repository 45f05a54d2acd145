/**
 * `switchyard capacity`: what a model does on a GPU group (memory fit, KV-cache
 * concurrency, throughput and latency at load, tokens per GPU-hour, USD per 1M tokens).
 */
import type { Command } from 'commander';
import { findEngineProfile, DEFAULT_ENGINE_ID } from '../../catalog/engines.ts';
import { findGpuSpec } from '../../catalog/gpus.ts';
import { CatalogLookupError } from '../../catalog/lookup-error.ts';
import { findOpenModel } from '../../catalog/open-models.ts';
import { ALL_PRECISIONS, CapacityInputError, estimateServing, usdPerMillionTokens } from '../../core/capacity/index.ts';
import type { Precision } from '../../core/capacity/index.ts';
import { capacityReport, renderCapacityMarkdown, renderCapacityTable } from '../../report/capacity-report.ts';
import { UserError } from '../errors.ts';
import { checkFormat, positiveNumber, writeOutput } from '../output.ts';

const capacityFormats = ['table', 'json', 'markdown'] as const;

interface CapacityFlags {
  model: string;
  gpu: string;
  gpus?: string;
  precision: string;
  inputTokens?: string;
  outputTokens?: string;
  ttftP95Ms?: string;
  tpotP95Ms?: string;
  engine: string;
  concurrency?: string;
  kvCachePrecision?: string;
  usdPerGpuHour?: string;
  utilization?: string;
  format: string;
  out?: string;
}

const flagOfField: Record<string, string> = {
  precision: '--precision',
  inputTokens: '--input-tokens',
  outputTokens: '--output-tokens',
  gpusPerReplica: '--gpus',
  ttftSloMs: '--ttft-p95-ms',
  tpotSloMs: '--tpot-p95-ms',
  concurrency: '--concurrency',
};

function lookup<T>(flag: string, find: () => T): T {
  try {
    return find();
  } catch (error) {
    if (error instanceof CatalogLookupError) throw new UserError(`${flag}: ${error.message}`);
    throw error;
  }
}

function optionalPositive(flag: string, text: string | undefined): number | undefined {
  return text === undefined ? undefined : positiveNumber(flag, text);
}

function runCapacity(flags: CapacityFlags): void {
  const format = checkFormat(flags.format, capacityFormats);
  const model = lookup('--model', () => findOpenModel(flags.model));
  const gpu = lookup('--gpu', () => findGpuSpec(flags.gpu));
  const engine = lookup('--engine', () => findEngineProfile(flags.engine));
  if (!(ALL_PRECISIONS as readonly string[]).includes(flags.precision)) {
    throw new UserError(
      `--precision: '${flags.precision}' is not a precision; use one of: ${ALL_PRECISIONS.join(', ')}`,
    );
  }
  const precision = flags.precision as Precision;
  const kvCachePrecision = flags.kvCachePrecision;
  if (kvCachePrecision !== undefined && kvCachePrecision !== 'fp16' && kvCachePrecision !== 'fp8') {
    throw new UserError(`--kv-cache-precision: '${kvCachePrecision}' is not allowed; use fp16 or fp8`);
  }
  const gpus = optionalPositive('--gpus', flags.gpus);
  if (gpus !== undefined && !Number.isInteger(gpus))
    throw new UserError(`--gpus: '${flags.gpus}' must be a whole number of GPUs`);
  const inputTokens = positiveNumber('--input-tokens', flags.inputTokens);
  const outputTokens = positiveNumber('--output-tokens', flags.outputTokens);
  const ttftSloMs = optionalPositive('--ttft-p95-ms', flags.ttftP95Ms);
  const tpotSloMs = optionalPositive('--tpot-p95-ms', flags.tpotP95Ms);
  const concurrency = optionalPositive('--concurrency', flags.concurrency);
  const usdPerGpuHour = optionalPositive('--usd-per-gpu-hour', flags.usdPerGpuHour);
  const utilization = optionalPositive('--utilization', flags.utilization) ?? 1;
  if (utilization > 1)
    throw new UserError(
      `--utilization: '${flags.utilization}' must be between 0 and 1 (share of paid GPU-hours spent at the operating point)`,
    );

  let estimate: ReturnType<typeof estimateServing>;
  try {
    estimate = estimateServing({
      model,
      gpu,
      engine,
      precision,
      gpusPerReplica: gpus,
      inputTokens,
      outputTokens,
      ttftSloMs,
      tpotSloMs,
      concurrency,
      kvCachePrecision,
    });
  } catch (error) {
    if (error instanceof CapacityInputError)
      throw new UserError(`${flagOfField[error.field] ?? error.field}: ${error.message}`);
    throw error;
  }
  if (!estimate.fits)
    throw new UserError(`${gpus !== undefined ? '--gpus' : '--model'}: ${estimate.reason ?? 'the model does not fit'}`);

  const price =
    usdPerGpuHour !== undefined && estimate.tokensPerHourPerGpu > 0
      ? usdPerMillionTokens({ usdPerGpuHour, tokensPerHourPerGpu: estimate.tokensPerHourPerGpu, utilization })
      : undefined;
  const report = capacityReport({
    model,
    gpu,
    engine,
    inputTokens,
    outputTokens,
    ttftSloMs,
    tpotSloMs,
    estimate,
    usdPerGpuHour,
    utilization,
    usdPerMillionTokens: price,
  });
  const text =
    format === 'json'
      ? JSON.stringify(report, null, 2)
      : format === 'markdown'
        ? renderCapacityMarkdown(report)
        : renderCapacityTable(report);
  writeOutput(text, flags.out);
}

export function registerCapacityCommand(program: Command): void {
  program
    .command('capacity')
    .description(
      'What a model does on a GPU group: memory fit, KV-cache concurrency, prefill/decode throughput, TTFT/TPOT at load, tokens per GPU-hour and USD per 1M tokens',
    )
    .requiredOption('--model <id>', 'open model id (e.g. llama-3.1-70b)')
    .requiredOption('--gpu <id>', 'GPU id (e.g. h100-sxm)')
    .option('--gpus <n>', 'GPUs per replica (tensor-parallel degree); default: the fewest that fit')
    .option('--precision <type>', `weight precision: ${ALL_PRECISIONS.join(', ')}`, 'bf16')
    .option('--input-tokens <n>', 'input tokens per request (average)')
    .option('--output-tokens <n>', 'output tokens per request (average)')
    .option('--ttft-p95-ms <ms>', 'p95 time-to-first-token target')
    .option('--tpot-p95-ms <ms>', 'p95 time-per-output-token target')
    .option('--engine <id>', 'serving engine: vllm, sglang, tensorrt-llm, tgi', DEFAULT_ENGINE_ID)
    .option(
      '--concurrency <n>',
      'run at exactly this many concurrent requests (instead of the SLO / throughput optimum)',
    )
    .option(
      '--kv-cache-precision <type>',
      'KV cache precision: fp16 or fp8 (default: the engine default for the weight precision)',
    )
    .option('--usd-per-gpu-hour <usd>', 'GPU price, to get USD per 1M tokens')
    .option('--utilization <share>', 'share of paid GPU-hours at the operating point, for USD per 1M tokens', '1')
    .option('--format <format>', `output format: ${capacityFormats.join(', ')}`, 'table')
    .option('--out <file>', 'write to a file instead of stdout')
    .action((flags: CapacityFlags) => runCapacity(flags));
}
