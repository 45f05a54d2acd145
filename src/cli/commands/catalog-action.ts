/**
 * What `switchyard catalog list` does (loaded only when it runs): read `--catalog`, the
 * catalog-list use-case, render, write.
 */
import { catalogListUseCase } from '../../app/catalog.ts';
import { renderCatalogListing } from '../../report/catalog-report.ts';
import { valueOrThrow } from '../errors.ts';
import { loadCatalog } from '../load-catalog.ts';
import { checkFormat, writeOutput } from '../output.ts';
import { catalogFormats } from './catalog.ts';

export interface CatalogListFlags {
  kind?: string;
  catalog?: string;
  format: string;
}

export function runCatalogList(flags: CatalogListFlags): void {
  const format = checkFormat(flags.format, catalogFormats);
  const listing = valueOrThrow(catalogListUseCase({ kind: flags.kind }, { catalog: loadCatalog(flags.catalog) }));
  writeOutput(renderCatalogListing(listing, format), undefined);
}
