/**
 * Loads the catalog a command prices with: the built-in snapshot in effect on the command's
 * date (`--as-of`, the profile's `pricesAsOf`, or today), with `--catalog FILE` (Switchyard
 * YAML/JSON or a LiteLLM price map) merged over it.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { catalogForDate } from '../app/plan.ts';
import { isIsoDate, mergeCatalog, type Catalog } from '../catalog/catalog.ts';
import { builtInOpenModels } from '../catalog/open-models.ts';
import { parseUserCatalog, type UserCatalogResult } from '../catalog/user-catalog.ts';
import { formatProblems } from '../core/workload/parse.ts';
import { UserError, valueOrThrow } from './errors.ts';

/** Today's date (UTC, ISO): the one place the CLI reads the clock for prices. */
export function todayIso(): string {
  return new Date().toISOString().slice(0, 10);
}

/** The date a command prices at: the flag, else the profile's field, else today; checked. */
export function pricingDate(flag: string | undefined, profileField?: string): string {
  const date = flag ?? profileField ?? todayIso();
  if (!isIsoDate(date)) throw new UserError(`--as-of: ${JSON.stringify(date)} is not a date like 2025-06-01`);
  return date;
}

/** Reads and parses a user catalog file (the flag's name for messages). */
export function readUserCatalog(path: string, flag: string, asOf?: string): Extract<UserCatalogResult, { ok: true }> {
  let text: string;
  let fileDate: string;
  try {
    text = readFileSync(path, 'utf8');
    fileDate = statSync(path).mtime.toISOString().slice(0, 10);
  } catch (error) {
    throw new UserError(`${flag}: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new UserError(
      `${flag}: ${path} is not valid YAML/JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = parseUserCatalog(document, {
    fileDate: asOf ?? fileDate,
    fileName: basename(path),
    knownOpenModels: builtInOpenModels.map((model) => model.id),
  });
  if (!result.ok)
    throw new UserError(
      `${flag}: ${path} has ${result.problems.length} problem(s):\n${formatProblems(result.problems)}`,
    );
  return result;
}

/** The built-in catalog at `asOf` (today when absent), with the user file merged over it. */
export function loadCatalog(path: string | undefined, asOf: string = todayIso()): Catalog {
  const base = valueOrThrow(catalogForDate(asOf));
  if (!path) return base;
  return mergeCatalog(base, { ...readUserCatalog(path, '--catalog').overrides, fileName: basename(path) });
}
