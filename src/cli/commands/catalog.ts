/**
 * `switchyard catalog list`: the built-in, dated price catalog (and a user catalog over it).
 */
import type { Command } from 'commander';
import { midpointUsd } from '../../catalog/gpu-offers.ts';
import { renderTextTable } from '../../report/text-table.ts';
import { UserError } from '../errors.ts';
import { loadCatalog } from '../load-catalog.ts';
import { checkFormat, writeOutput } from '../output.ts';

export function registerCatalogCommand(program: Command): void {
  const catalog = program.command('catalog').description('Browse the built-in, dated price catalog');
  catalog
    .command('list')
    .description('List catalog entries with their source and as-of date')
    .option('--kind <kind>', 'api | hosted-open | gpu (prices per GPU-hour)')
    .option('--catalog <file>', 'merge your own catalog file first')
    .option('-f, --format <format>', 'table | json | markdown', 'table')
    .action((flags: { kind?: string; catalog?: string; format: string }) => {
      const format = checkFormat(flags.format, ['table', 'json', 'markdown'] as const);
      const kinds = ['api', 'hosted-open', 'gpu'] as const;
      if (flags.kind !== undefined && !(kinds as readonly string[]).includes(flags.kind))
        throw new UserError(`--kind: '${flags.kind}' is not a catalog kind; use one of: ${kinds.join(', ')}`);
      const merged = loadCatalog(flags.catalog);
      const tokenKinds =
        flags.kind === 'api'
          ? ['frontier-api']
          : flags.kind === 'hosted-open'
            ? ['hosted-open']
            : flags.kind === 'gpu'
              ? []
              : ['frontier-api', 'hosted-open'];
      const tokenEntries = merged.tokenPriced.filter((entry) => tokenKinds.includes(entry.kind));
      const gpuEntries = flags.kind === undefined || flags.kind === 'gpu' ? merged.gpuOffers : [];
      if (format === 'json') {
        writeOutput(
          JSON.stringify(
            { tokenPriced: tokenEntries, gpuOffers: gpuEntries, cloudManagedMarkup: merged.cloudManagedMarkup },
            null,
            2,
          ),
          undefined,
        );
        return;
      }
      const sections: string[] = [];
      const render = (columns: string[], rows: Array<Array<string | number>>) =>
        format === 'markdown'
          ? [
              `| ${columns.join(' | ')} |`,
              `| ${columns.map(() => '---').join(' | ')} |`,
              ...rows.map((row) => `| ${row.join(' | ')} |`),
            ].join('\n')
          : renderTextTable(columns, rows);
      if (tokenEntries.length > 0) {
        sections.push(
          render(
            ['id', 'kind', 'USD/1M in', 'USD/1M cached in', 'USD/1M out', 'TTFT p50/p95 ms', 'source', 'as of'],
            tokenEntries.map((entry) => [
              entry.id,
              entry.kind,
              entry.usdPerMillionInputTokens,
              entry.usdPerMillionCachedInputTokens,
              entry.usdPerMillionOutputTokens,
              `${entry.ttftP50Ms}/${entry.ttftP95Ms}`,
              entry.source,
              entry.asOf,
            ]),
          ),
        );
      }
      if (gpuEntries.length > 0) {
        sections.push(
          render(
            ['id', 'instance', 'on-demand USD/GPU-h', 'reserved', 'spot', 'mid on-demand', 'source', 'as of'],
            gpuEntries.map((offer) => {
              const range = (tier: 'on-demand' | 'reserved' | 'spot') =>
                `${offer.usdPerGpuHour[tier].low}-${offer.usdPerGpuHour[tier].high}`;
              return [
                offer.id,
                `${offer.instanceType} (${offer.gpusPerInstance} GPU)`,
                range('on-demand'),
                range('reserved'),
                range('spot'),
                midpointUsd(offer.usdPerGpuHour['on-demand']).toFixed(2),
                offer.source,
                offer.asOf,
              ];
            }),
          ),
        );
        sections.push(
          `cloud-managed markup: ${merged.cloudManagedMarkup.low * 100}-${merged.cloudManagedMarkup.high * 100}% over raw GPU cost (${merged.cloudManagedMarkup.source}, ${merged.cloudManagedMarkup.asOf})`,
        );
      }
      writeOutput(sections.join('\n\n'), undefined);
    });
}
