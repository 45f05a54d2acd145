/**
 * Enforces the import direction of ARCHITECTURE.md:
 * core <- catalog <- {providers, report, store} <- {gateway, cli}; web is the browser front end.
 * core imports nothing but core and zod; core does no I/O and reads no clock or randomness.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const srcRoot = resolve(import.meta.dirname, '../src');
const allowed: Record<string, string[]> = {
  core: ['core'],
  catalog: ['core', 'catalog'],
  providers: ['core', 'catalog', 'providers'],
  report: ['core', 'catalog', 'report'],
  store: ['core', 'catalog', 'store', 'providers'],
  gateway: ['core', 'catalog', 'providers', 'store', 'gateway', 'report'],
  cli: ['core', 'catalog', 'providers', 'report', 'store', 'gateway', 'cli', 'web'],
  web: ['web', 'core', 'catalog', 'report', 'store'],
};

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts)$/.test(name) ? [path] : [];
  });
}

function importsOf(text: string): string[] {
  const found: string[] = [];
  const pattern = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of text.matchAll(pattern)) found.push(match[1] ?? match[2]);
  return found;
}

const files = sourceFiles(srcRoot).filter((file) => !file.endsWith('.test.ts'));

describe('architecture', () => {
  it('every layer imports only the layers it may', () => {
    const violations: string[] = [];
    for (const file of files) {
      const layer = relative(srcRoot, file).split(/[\\/]/)[0];
      const text = readFileSync(file, 'utf8');
      for (const specifier of importsOf(text)) {
        if (specifier.startsWith('.')) {
          const target = relative(srcRoot, resolve(dirname(file), specifier)).split(/[\\/]/)[0];
          if (!(allowed[layer] ?? []).includes(target))
            violations.push(`${relative(srcRoot, file)} imports ${specifier} (${layer} -> ${target})`);
        } else if (layer === 'core' && specifier !== 'zod') {
          violations.push(`${relative(srcRoot, file)} imports package ${specifier} (core may import only zod)`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('core reads no clock, no randomness and does no I/O', () => {
    const offenders = files
      .filter((file) => relative(srcRoot, file).startsWith('core'))
      .filter((file) => /Date\.now\(|new Date\(\)|Math\.random\(|process\.|require\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(srcRoot, file));
    expect(offenders).toEqual([]);
  });

  it('our code uses no `any`', () => {
    const offenders = files
      .filter((file) => /:\s*any\b|as any\b|<any>/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(srcRoot, file));
    expect(offenders).toEqual([]);
  });
});
