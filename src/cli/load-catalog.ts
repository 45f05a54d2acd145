/**
 * Loads `--catalog FILE` (Switchyard YAML/JSON or a LiteLLM price map) over the built-in catalog.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { builtInCatalog, mergeCatalog, type Catalog } from '../catalog/catalog.ts';
import { builtInOpenModels } from '../catalog/open-models.ts';
import { parseUserCatalog } from '../catalog/user-catalog.ts';
import { formatProblems } from '../core/workload/parse.ts';
import { UserError } from './errors.ts';

export function loadCatalog(path: string | undefined): Catalog {
  if (!path) return builtInCatalog;
  let text: string;
  let fileDate: string;
  try {
    text = readFileSync(path, 'utf8');
    fileDate = statSync(path).mtime.toISOString().slice(0, 10);
  } catch (error) {
    throw new UserError(`--catalog: cannot read ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new UserError(
      `--catalog: ${path} is not valid YAML/JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const result = parseUserCatalog(document, {
    fileDate,
    fileName: basename(path),
    knownOpenModels: builtInOpenModels.map((model) => model.id),
  });
  if (!result.ok)
    throw new UserError(
      `--catalog: ${path} has ${result.problems.length} problem(s):\n${formatProblems(result.problems)}`,
    );
  return mergeCatalog(builtInCatalog, result.overrides);
}
