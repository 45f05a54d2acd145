/**
 * `switchyard catalog list` (the built-in, dated catalog, a user catalog over it) and
 * `switchyard catalog update --from FILE` (refresh prices offline into a user catalog file).
 * Only the definitions live here; what they do (catalog-action.ts) is loaded when they run.
 */
import type { Command } from 'commander';
import type { CatalogListFlags, CatalogUpdateFlags } from './catalog-action.ts';

export const catalogFormats = ['table', 'json', 'markdown'] as const;

export function registerCatalogCommand(program: Command): void {
  const catalog = program.command('catalog').description('Browse and refresh the built-in, dated price catalog');
  catalog
    .command('list')
    .description('List catalog entries with their source and as-of date, and how old the catalog is')
    .option(
      '--kind <kind>',
      'api | hosted-open (per-token prices) | gpu (GPU specs and offers per GPU-hour) | model (open-model specs); default: every price',
    )
    .option('--catalog <file>', 'merge your own catalog file first')
    .option('--as-of <date>', 'the catalog as it stood on this date (YYYY-MM-DD); default today')
    .option('-f, --format <format>', 'table | json | markdown', 'table')
    .addHelpText(
      'after',
      `
Examples:
  $ switchyard catalog list --kind api
  $ switchyard catalog list --kind gpu --format markdown
  $ switchyard catalog list --as-of 2025-06-01`,
    )
    .action((flags: CatalogListFlags) => import('./catalog-action.ts').then((loaded) => loaded.runCatalogList(flags)));
  catalog
    .command('update')
    .description(
      'Refresh per-token prices offline: read a LiteLLM price map or a Switchyard catalog, write a user catalog file',
    )
    .requiredOption(
      '--from <file>',
      "LiteLLM's model_prices_and_context_window.json, or a Switchyard catalog (YAML/JSON)",
    )
    .option(
      '-o, --out <file>',
      'the user catalog file to write (YAML; merged into it when it exists)',
      'switchyard-catalog.yaml',
    )
    .option('--as-of <date>', "the date the prices were read (YYYY-MM-DD); default: the file's modification date")
    .option(
      '--providers <list>',
      'comma-separated providers to keep (e.g. together,fireworks,groq,deepinfra); default: those the built-in catalog lists',
    )
    .option('--all', 'keep every chat model of the file, not only the providers the catalog lists')
    .addHelpText(
      'after',
      `
Then plan with it: switchyard plan profile.yaml --catalog switchyard-catalog.yaml

Examples:
  $ switchyard catalog update --from model_prices_and_context_window.json
  $ switchyard catalog update --from model_prices_and_context_window.json --providers deepinfra --out deepinfra.yaml`,
    )
    .action((flags: CatalogUpdateFlags) =>
      import('./catalog-action.ts').then((loaded) => loaded.runCatalogUpdate(flags)),
    );
}
