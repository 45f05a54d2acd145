/**
 * `switchyard crossover`: the naive and the honest crossover volume.
 */
import type { Command } from 'commander';
import { crossover } from '../../core/decide/crossover.ts';
import { organizationSchema } from '../../core/workload/schema.ts';
import { HOURS_PER_MONTH } from '../../core/units/time.ts';
import { fixedOperatingUsdPerMonth } from '../../core/cost/self-hosted.ts';
import { formatCount, formatUsd, renderTextTable } from '../../report/text-table.ts';
import { UserError } from '../errors.ts';
import { checkFormat, nonNegativeNumber, positiveNumber, writeOutput } from '../output.ts';

interface CrossoverFlags {
  apiUsdPerMtok?: string;
  gpuUsdPerHour?: string;
  tokensPerHourPerGpu?: string;
  gpus?: string;
  redundancyGpus?: string;
  fixedUsdPerMonth?: string;
  maxUtilization?: string;
  format: string;
}

/** The seeds' default fixed costs of a self-hosted fleet: staffing shares, on-call, evals, observability, storage. */
function defaultFixedUsdPerMonth(): number {
  const organization = organizationSchema.parse({});
  return fixedOperatingUsdPerMonth({
    engineerLoadedCostUsdPerYear: organization.engineerLoadedCostUsdPerYear,
    staffing: organization.staffing,
  });
}

export function registerCrossoverCommand(program: Command): void {
  program
    .command('crossover')
    .description('Monthly token volume where self-hosting beats an API: the naive formula and the honest one')
    .option('--api-usd-per-mtok <usd>', 'API price per million tokens (blended input/output)')
    .option('--gpu-usd-per-hour <usd>', 'price of one GPU per hour')
    .option('--tokens-per-hour-per-gpu <tokens>', 'tokens (input + output) one GPU serves per hour at full load')
    .option('--gpus <count>', 'minimum cluster size (GPUs)', '1')
    .option('--redundancy-gpus <count>', 'spare GPUs for failover (N+1 = 1)', '1')
    .option(
      '--fixed-usd-per-month <usd>',
      "fixed monthly costs: people, on-call, tooling (default: the seeds' staffing shares, about $12,600)",
    )
    .option('--max-utilization <share>', 'average share of GPU throughput you can use (0-1]', '1')
    .option('-f, --format <format>', 'table | json | markdown', 'table')
    .addHelpText(
      'after',
      `
The naive formula (monthly GPU cost / API price) assumes the GPUs absorb any volume.
The honest one: a GPU cannot exceed its throughput, capacity comes in whole GPUs, spares
and people cost money whatever the volume. When one busy GPU costs more per token than
the API, there is no crossover at all.

Example (the seeds' A10G case):
  $ switchyard crossover --api-usd-per-mtok 0.30 --gpu-usd-per-hour 2.50 --tokens-per-hour-per-gpu 4000000 --gpus 1`,
    )
    .action((flags: CrossoverFlags) => {
      const format = checkFormat(flags.format, ['table', 'json', 'markdown'] as const);
      const maxUtilization = positiveNumber('--max-utilization', flags.maxUtilization, 1);
      if (maxUtilization > 1)
        throw new UserError(`--max-utilization: '${flags.maxUtilization}' must be between 0 and 1`);
      const gpus = positiveNumber('--gpus', flags.gpus, 1);
      if (!Number.isInteger(gpus)) throw new UserError(`--gpus: '${flags.gpus}' must be a whole number`);
      const result = crossover({
        apiUsdPerMillionTokens: positiveNumber('--api-usd-per-mtok', flags.apiUsdPerMtok),
        gpuUsdPerHour: positiveNumber('--gpu-usd-per-hour', flags.gpuUsdPerHour),
        tokensPerHourPerGpu: positiveNumber('--tokens-per-hour-per-gpu', flags.tokensPerHourPerGpu),
        gpus,
        redundancyGpus: nonNegativeNumber('--redundancy-gpus', flags.redundancyGpus, 1),
        fixedUsdPerMonth: nonNegativeNumber('--fixed-usd-per-month', flags.fixedUsdPerMonth, defaultFixedUsdPerMonth()),
        maxAverageUtilization: maxUtilization,
      });
      if (format === 'json') {
        writeOutput(JSON.stringify(result, null, 2), undefined);
        return;
      }
      const rows: Array<[string, string]> = [
        ['monthly GPU cost (cluster, naive)', formatUsd(result.monthlyGpuCostUsd)],
        ['self-hosted USD per 1M tokens at full utilization', formatUsd(result.selfHostedUsdPerMillionTokens)],
        ['API USD per 1M tokens', formatUsd(result.apiUsdPerMillionTokens)],
        ['naive crossover (tokens/month)', formatCount(result.naiveCrossoverMonthlyTokens)],
        [
          'honest crossover (tokens/month)',
          result.crossoverMonthlyTokens === null ? 'none' : formatCount(result.crossoverMonthlyTokens),
        ],
        ['GPUs at the honest crossover', result.gpusAtCrossover === null ? '-' : String(result.gpusAtCrossover)],
      ];
      const body =
        format === 'markdown'
          ? ['| figure | value |', '| --- | --- |', ...rows.map(([name, value]) => `| ${name} | ${value} |`)].join('\n')
          : renderTextTable(['figure', 'value'], rows, { rightAligned: [false, true] });
      writeOutput(`${body}\n\n${result.reason}\n(a month is ${HOURS_PER_MONTH} hours)`, undefined);
    });
}
