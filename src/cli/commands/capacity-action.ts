/**
 * What `switchyard capacity` does (loaded only when it runs): flags -> typed input, the
 * capacity use-case, render, write.
 */
import { capacityUseCase, type CapacityInput } from '../../app/capacity.ts';
import { renderCapacity } from '../../report/capacity-report.ts';
import { valueOrThrow } from '../errors.ts';
import { flagNumbers } from '../flag-numbers.ts';
import { checkFormat, writeOutput } from '../output.ts';
import { capacityFormats } from './capacity.ts';

export interface CapacityFlags {
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
  expertParallel?: boolean;
  kvCachePrecision?: string;
  usdPerGpuHour?: string;
  utilization?: string;
  format: string;
  out?: string;
}

/** The use-case input from the flags, or a ProblemsError naming each bad flag. */
export function capacityInputFromFlags(flags: CapacityFlags): CapacityInput {
  const numbers = flagNumbers();
  return valueOrThrow(
    numbers.outcome({
      model: flags.model,
      gpu: flags.gpu,
      engine: flags.engine,
      precision: flags.precision,
      kvCachePrecision: flags.kvCachePrecision,
      gpusPerReplica: numbers.positive('--gpus', flags.gpus),
      inputTokens: numbers.positive('--input-tokens', numbers.required('--input-tokens', flags.inputTokens)),
      outputTokens: numbers.positive('--output-tokens', numbers.required('--output-tokens', flags.outputTokens)),
      ttftP95Ms: numbers.positive('--ttft-p95-ms', flags.ttftP95Ms),
      tpotP95Ms: numbers.positive('--tpot-p95-ms', flags.tpotP95Ms),
      concurrency: numbers.positive('--concurrency', flags.concurrency),
      expertParallel: flags.expertParallel === true ? true : undefined,
      usdPerGpuHour: numbers.positive('--usd-per-gpu-hour', flags.usdPerGpuHour),
      utilization: numbers.positive('--utilization', flags.utilization),
    }),
  );
}

export function runCapacity(flags: CapacityFlags): void {
  const format = checkFormat(flags.format, capacityFormats);
  const report = valueOrThrow(capacityUseCase(capacityInputFromFlags(flags)));
  writeOutput(renderCapacity(report, format), flags.out);
}
