/**
 * CLI composition root: argv -> commands. No arithmetic here; each command reads its
 * files and flags, calls its use-case in src/app, and renders the report.
 *
 * Start-up budget: this file and every `register*Command` file import only commander,
 * small constants and types; a command's work is `await import()`ed by its action. So
 * `switchyard --version` and `--help` load none of ECharts, undici, better-sqlite3 or
 * js-tiktoken (bench/startup.ts measures it: `npm run bench -- startup`).
 */
import { Command, CommanderError } from 'commander';
import { UserError } from './errors.ts';
import { cliIo, withCliIo, type CliIo } from './io.ts';
import { registerPlanCommand } from './commands/plan.ts';
import { registerDiffCommand } from './commands/diff.ts';
import { registerInitCommand } from './commands/init.ts';
import { registerCrossoverCommand } from './commands/crossover.ts';
import { registerCatalogCommand } from './commands/catalog.ts';
import { registerCapacityCommand } from './commands/capacity.ts';
import { registerSimulateCommand } from './commands/simulate.ts';
import { registerGatewayCommands } from './commands/gateway.ts';
import { registerUiCommand } from './commands/ui.ts';
import { registerMeasureCommands } from './commands/measure.ts';

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('switchyard')
    .description(
      'Decide where each LLM workload should run (frontier API, hosted open model, cloud-managed endpoint, ' +
        'self-hosted GPUs or a hybrid) from numbers you can defend, then route the traffic that way.',
    )
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => cliIo().stdout.write(text),
      writeErr: (text) => cliIo().stderr.write(text),
    });
  registerInitCommand(program);
  registerPlanCommand(program);
  registerDiffCommand(program);
  registerCrossoverCommand(program);
  registerCatalogCommand(program);
  registerCapacityCommand(program);
  registerSimulateCommand(program);
  registerGatewayCommands(program);
  registerUiCommand(program);
  registerMeasureCommands(program);
  return program;
}

/** Runs the CLI; returns the exit code (0 ok, 1 runtime failure, 2 bad input). */
export async function main(argv: string[], io?: CliIo): Promise<number> {
  if (io) return withCliIo(io, () => main(argv));
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (
        error.code === 'commander.helpDisplayed' ||
        error.code === 'commander.version' ||
        error.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    if (error instanceof UserError) {
      cliIo().stderr.write(`switchyard: ${error.message}\n`);
      return error.exitCode;
    }
    const message = error instanceof Error ? error.message : String(error);
    cliIo().stderr.write(`switchyard: unexpected error: ${message}\n`);
    if (process.env.SWITCHYARD_DEBUG) console.error(error);
    return 1;
  }
}
