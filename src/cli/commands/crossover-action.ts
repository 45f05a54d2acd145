/**
 * What `switchyard crossover` does (loaded only when it runs): flags -> numbers, the
 * crossover use-case, render, write.
 */
import { crossoverUseCase } from '../../app/crossover.ts';
import { renderCrossover } from '../../report/crossover-report.ts';
import { valueOrThrow } from '../errors.ts';
import { flagNumbers } from '../flag-numbers.ts';
import { todayIso } from '../load-catalog.ts';
import { checkFormat, writeOutput } from '../output.ts';
import { crossoverFormats } from './crossover.ts';

export interface CrossoverFlags {
  apiUsdPerMtok?: string;
  gpuUsdPerHour?: string;
  tokensPerHourPerGpu?: string;
  gpus?: string;
  redundancyGpus?: string;
  fixedUsdPerMonth?: string;
  maxUtilization?: string;
  format: string;
}

export function runCrossover(flags: CrossoverFlags): void {
  const format = checkFormat(flags.format, crossoverFormats);
  const numbers = flagNumbers();
  const input = valueOrThrow(
    numbers.outcome({
      apiUsdPerMillionTokens: numbers.positive(
        '--api-usd-per-mtok',
        numbers.required('--api-usd-per-mtok', flags.apiUsdPerMtok),
      ),
      gpuUsdPerHour: numbers.positive(
        '--gpu-usd-per-hour',
        numbers.required('--gpu-usd-per-hour', flags.gpuUsdPerHour),
      ),
      tokensPerHourPerGpu: numbers.positive(
        '--tokens-per-hour-per-gpu',
        numbers.required('--tokens-per-hour-per-gpu', flags.tokensPerHourPerGpu),
      ),
      gpus: numbers.positive('--gpus', flags.gpus),
      redundancyGpus: numbers.nonNegative('--redundancy-gpus', flags.redundancyGpus),
      fixedUsdPerMonth: numbers.nonNegative('--fixed-usd-per-month', flags.fixedUsdPerMonth),
      maxAverageUtilization: numbers.positive('--max-utilization', flags.maxUtilization),
    }),
  );
  writeOutput(renderCrossover(valueOrThrow(crossoverUseCase({ ...input, today: todayIso() })), format), undefined);
}
