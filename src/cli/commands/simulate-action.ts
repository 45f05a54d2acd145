/**
 * What `switchyard simulate` does (loaded only when it runs): flags -> typed input, read
 * the profile, catalog and trace files, run the simulate use-case, render, write.
 */
import { simulateUseCase } from '../../app/simulate.ts';
import { capacityThroughputEstimator } from '../../catalog/throughput.ts';
import { renderSimulation } from '../../report/simulation-report.ts';
import { valueOrThrow } from '../errors.ts';
import { flagNumbers } from '../flag-numbers.ts';
import { loadCatalog, pricingDate } from '../load-catalog.ts';
import { loadProfileFile } from '../load-profile.ts';
import { loadTraceFile } from '../load-trace.ts';
import { checkFormat, writeOutput } from '../output.ts';
import { simulateFormats } from './simulate.ts';

export interface SimulateFlags {
  fleet: string[];
  workload?: string;
  months: string;
  seed: string;
  trace?: string;
  tokensPerHourPerGpu?: string;
  gpusPerReplica?: string;
  usdPerGpuHour?: string;
  overflowUsdPerMtok?: string;
  catalog?: string;
  asOf?: string;
  format: string;
  out?: string;
}

/** The flags' numbers, or a ProblemsError naming each bad flag. */
function numbersFrom(flags: SimulateFlags) {
  const numbers = flagNumbers();
  return valueOrThrow(
    numbers.outcome({
      months: numbers.positive('--months', flags.months),
      seed: numbers.whole('--seed', flags.seed, 0),
      overrides: {
        tokensPerHourPerGpu: numbers.positive('--tokens-per-hour-per-gpu', flags.tokensPerHourPerGpu),
        gpusPerReplica: numbers.whole('--gpus-per-replica', flags.gpusPerReplica, 1),
        gpuUsdPerHour: numbers.nonNegative('--usd-per-gpu-hour', flags.usdPerGpuHour),
        overflowUsdPerMillionTokens: numbers.nonNegative('--overflow-usd-per-mtok', flags.overflowUsdPerMtok),
      },
    }),
  );
}

export function runSimulate(profilePath: string, flags: SimulateFlags): void {
  const format = checkFormat(flags.format, simulateFormats);
  const { months, seed, overrides } = numbersFrom(flags);
  const profile = loadProfileFile(profilePath);
  const catalog = loadCatalog(flags.catalog, pricingDate(flags.asOf, profile.pricesAsOf));
  const trace = flags.trace === undefined ? undefined : { records: loadTraceFile(flags.trace), name: flags.trace };
  const report = valueOrThrow(
    simulateUseCase(
      { profile, workload: flags.workload, fleets: flags.fleet, months, seed, trace, overrides },
      { catalog, estimator: capacityThroughputEstimator() },
    ),
  );
  writeOutput(renderSimulation(report, format), flags.out);
}
