/**
 * What `switchyard catalog list` and `catalog update` do (loaded only when they run):
 * read the files, run the use-case, render, write. The clock is read here (today's date),
 * never in app or core.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { catalogListUseCase } from '../../app/catalog.ts';
import { builtInCatalog } from '../../catalog/catalog.ts';
import { updatedUserCatalog } from '../../catalog/user-catalog.ts';
import type { TokenPricedModel } from '../../catalog/types.ts';
import { renderCatalogListing } from '../../report/catalog-report.ts';
import { UserError, valueOrThrow } from '../errors.ts';
import { loadCatalog, pricingDate, readUserCatalog, todayIso } from '../load-catalog.ts';
import { checkFormat, writeOutput } from '../output.ts';
import { catalogFormats } from './catalog.ts';

export interface CatalogListFlags {
  kind?: string;
  catalog?: string;
  asOf?: string;
  format: string;
}

export function runCatalogList(flags: CatalogListFlags): void {
  const format = checkFormat(flags.format, catalogFormats);
  const asOf = pricingDate(flags.asOf);
  const listing = valueOrThrow(
    catalogListUseCase(
      { kind: flags.kind, today: flags.asOf ?? todayIso() },
      { catalog: loadCatalog(flags.catalog, asOf) },
    ),
  );
  writeOutput(renderCatalogListing(listing, format), undefined);
}

export interface CatalogUpdateFlags {
  from: string;
  out: string;
  asOf?: string;
  providers?: string;
  all?: boolean;
}

/**
 * Which imported entries to keep: every one with `--all`; those of `--providers`; else those
 * of the providers the built-in catalog lists, hosted-open ones only when they matched a
 * known open model (the planner can use no other).
 */
function keeper(flags: CatalogUpdateFlags): (entry: TokenPricedModel) => boolean {
  if (flags.all) return () => true;
  const providers = flags.providers
    ? new Set(flags.providers.split(',').map((name) => name.trim().toLowerCase()))
    : new Set(builtInCatalog.tokenPriced.map((entry) => entry.provider));
  return (entry) =>
    providers.has(entry.provider.toLowerCase()) && (entry.kind !== 'hosted-open' || entry.openModel !== undefined);
}

export function runCatalogUpdate(flags: CatalogUpdateFlags): void {
  const asOf = flags.asOf === undefined ? undefined : pricingDate(flags.asOf);
  const imported = readUserCatalog(flags.from, '--from', asOf);
  const existing = existsSync(flags.out) ? readUserCatalog(flags.out, '--out') : undefined;
  if (existing && existing.format !== 'switchyard')
    throw new UserError(`--out: ${flags.out} is a LiteLLM price map; write the update to a Switchyard catalog file`);
  const { document, added, replaced } = updatedUserCatalog(
    existing?.overrides ?? {},
    imported.overrides,
    keeper(flags),
  );
  if (added.length + replaced.length === 0)
    throw new UserError(
      `--from: no entry of ${flags.from} is kept (${imported.overrides.tokenPriced?.length ?? 0} read); name providers with --providers or pass --all`,
    );
  const header = `# Switchyard user catalog, written by \`switchyard catalog update --from ${flags.from}\`.\n# Use it with: switchyard plan PROFILE --catalog ${flags.out}\n`;
  try {
    writeFileSync(flags.out, header + stringify(document));
  } catch (error) {
    throw new UserError(`--out: cannot write ${flags.out}: ${error instanceof Error ? error.message : String(error)}`);
  }
  writeOutput(
    `${flags.out}: ${added.length} added, ${replaced.length} replaced, ${document.tokenPriced.length} per-token entries in all (from ${imported.format} file ${flags.from}${imported.skipped.length > 0 ? `; ${imported.skipped.length} non-chat or unpriced entries skipped` : ''})`,
    undefined,
  );
}
