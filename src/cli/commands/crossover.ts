/**
 * `switchyard crossover`: the naive and the honest crossover volume.
 * Only the definition lives here; what it does (crossover-action.ts) is loaded when it runs.
 */
import type { Command } from 'commander';
import type { CrossoverFlags } from './crossover-action.ts';

export const crossoverFormats = ['table', 'json', 'markdown'] as const;

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
      "fixed monthly costs: people, on-call, tooling (default: the seeds' staffing shares, about $21,600)",
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
    .action((flags: CrossoverFlags) => import('./crossover-action.ts').then((loaded) => loaded.runCrossover(flags)));
}
