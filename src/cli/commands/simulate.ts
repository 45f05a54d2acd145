/**
 * `switchyard simulate PROFILE --fleet SPEC ...`: runs the workload's traffic (generated
 * from the profile, or a recorded trace) minute by minute against fleet policies.
 * Only the definition lives here; what it does (simulate-action.ts) is loaded when it runs.
 */
import type { Command } from 'commander';
import { DEFAULT_GPU_USD_PER_HOUR } from '../../app/simulate-defaults.ts';
import type { SimulateFlags } from './simulate-action.ts';

export const simulateFormats = ['table', 'json', 'markdown'] as const;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'Run the workload traffic minute by minute against fleet policies: utilization, idle cost, overflow, SLO misses',
    )
    .argument('<profile>', 'workload profile (YAML)')
    .option(
      '--fleet <spec>',
      'fleet policy, repeatable: fixed:N | autoscale:MIN-MAX[,delay=5,cooldown=30,target=0.7] | spot:N[,interrupt=0.01,price=USD,replace=10] | scheduled:HIGH/LOW[,from=8,to=20,days=all|weekdays]; each may add ,overflow=api|queue ,price=USD',
      collect,
      [],
    )
    .option('--workload <name>', 'which workload of the profile (default: the first)')
    .option('--months <n>', 'horizon in 30-day months', '12')
    .option('--seed <n>', 'random seed (same seed, same result)', '1')
    .option(
      '--trace <file>',
      'recorded trace CSV (timestamp,input_tokens,output_tokens) instead of the profile traffic',
    )
    .option('--tokens-per-hour-per-gpu <n>', 'input+output tokens one GPU serves per hour at full load')
    .option('--gpus-per-replica <n>', 'GPUs per model replica (tensor-parallel group)')
    .option('--usd-per-gpu-hour <n>', `on-demand GPU price (default ${DEFAULT_GPU_USD_PER_HOUR})`)
    .option(
      '--overflow-usd-per-mtok <n>',
      'API price per 1M overflowed tokens (default: the profile API model at its cache-aware effective price)',
    )
    .option('--catalog <file>', 'your prices over the built-in catalog (for the overflow API price)')
    .option(
      '--as-of <date>',
      "price with the catalog of this date (YYYY-MM-DD); default: the profile's pricesAsOf, else today",
    )
    .option('-f, --format <format>', `output format: ${simulateFormats.join(' | ')}`, 'table')
    .option('-o, --out <file>', 'write the report to a file instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ switchyard simulate my-workload.yaml --fleet fixed:6 --fleet autoscale:2-10 --fleet spot:4
  $ switchyard simulate my-workload.yaml --fleet autoscale:2-10,delay=5,cooldown=30,target=0.7 --months 24 --format json
  $ switchyard simulate my-workload.yaml --trace examples/trace-sample.csv --fleet fixed:2 --fleet fixed:2,overflow=queue

Exit codes: 0 ok, 2 invalid profile, trace or flags.`,
    )
    .action((profilePath: string, flags: SimulateFlags) =>
      import('./simulate-action.ts').then((loaded) => loaded.runSimulate(profilePath, flags)),
    );
}
