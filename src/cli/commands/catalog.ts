/**
 * `switchyard catalog list`: the built-in, dated price catalog (and a user catalog over it).
 * Only the definition lives here; what it does (catalog-action.ts) is loaded when it runs.
 */
import type { Command } from 'commander';
import type { CatalogListFlags } from './catalog-action.ts';

export const catalogFormats = ['table', 'json', 'markdown'] as const;

export function registerCatalogCommand(program: Command): void {
  const catalog = program.command('catalog').description('Browse the built-in, dated price catalog');
  catalog
    .command('list')
    .description('List catalog entries with their source and as-of date')
    .option('--kind <kind>', 'api | hosted-open | gpu (prices per GPU-hour)')
    .option('--catalog <file>', 'merge your own catalog file first')
    .option('-f, --format <format>', 'table | json | markdown', 'table')
    .action((flags: CatalogListFlags) => import('./catalog-action.ts').then((loaded) => loaded.runCatalogList(flags)));
}
