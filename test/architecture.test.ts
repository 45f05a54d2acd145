/**
 * Enforces the layers of ARCHITECTURE.md (and CONTRIBUTING.md):
 *
 *   core <- catalog <- {providers, report, store} <- app <- {gateway, cli, web}
 *
 * - every layer imports only the layers listed for it in `allowed` below;
 * - core imports nothing but core and zod (no packages, no `node:` modules) and reads no
 *   clock, no randomness and does no I/O: no Date.now(), new Date(), Math.random(),
 *   process, require, fetch, performance, setTimeout, setInterval or crypto;
 * - app (one module per use-case) does no I/O either: no node:fs, node:child_process,
 *   node:net, node:http(s) (nor their bare names), no process, no fetch, no timers; the
 *   CLI and the dashboard read files and pass the contents in, and a clock or an rng is a
 *   dependency passed in, never Date.now() or Math.random();
 * - our code uses no `any`.
 *
 * Sources are parsed with the TypeScript compiler, so a word in a comment or a string is
 * not a use. Each failure names the file, the line and what it found.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const srcRoot = resolve(import.meta.dirname, '../src');

/** Which top-level folders of src/ each layer may import from (its own included). */
const allowed: Record<string, string[]> = {
  core: ['core'],
  catalog: ['core', 'catalog'],
  providers: ['core', 'catalog', 'providers'],
  report: ['core', 'catalog', 'report'],
  store: ['core', 'catalog', 'store', 'providers'],
  app: ['core', 'catalog', 'providers', 'report', 'store', 'app'],
  gateway: ['core', 'catalog', 'providers', 'store', 'gateway', 'report', 'app'],
  cli: ['core', 'catalog', 'providers', 'report', 'store', 'app', 'gateway', 'cli', 'web'],
  web: ['web', 'core', 'catalog', 'report', 'store', 'app'],
};

/** Modules that reach the file system, other processes or the network. */
const ioModules = ['fs', 'fs/promises', 'child_process', 'net', 'http', 'https', 'http2', 'dgram', 'tls'];

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts)$/.test(name) ? [path] : [];
  });
}

interface SourceFile {
  /** Path under src/, e.g. `core/units/time.ts`. */
  path: string;
  layer: string;
  parsed: ts.SourceFile;
}

const files: SourceFile[] = sourceFiles(srcRoot)
  .filter((file) => !file.endsWith('.test.ts'))
  .map((file) => {
    const path = relative(srcRoot, file).split(/[\\/]/).join('/');
    return {
      path,
      layer: path.split('/')[0],
      parsed: ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true),
    };
  });

function where(file: SourceFile, node: ts.Node): string {
  return `src/${file.path}:${file.parsed.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

/** Every module specifier: static imports and re-exports (type-only ones too) and `import('...')`. */
function importsOf(file: SourceFile): Array<{ specifier: string; node: ts.Node }> {
  const found: Array<{ specifier: string; node: ts.Node }> = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      found.push({ specifier: node.moduleSpecifier.text, node });
    else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      found.push({ specifier: node.arguments[0].text, node });
    ts.forEachChild(node, visit);
  };
  visit(file.parsed);
  return found;
}

/** Whether an identifier is a reference to a global of that name (not a property, key or declaration). */
function isFreeReference(node: ts.Identifier): boolean {
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return false;
  if (
    (ts.isPropertyAssignment(parent) || ts.isPropertySignature(parent) || ts.isPropertyDeclaration(parent)) &&
    parent.name === node
  )
    return false;
  if ((ts.isMethodDeclaration(parent) || ts.isMethodSignature(parent)) && parent.name === node) return false;
  if (ts.isQualifiedName(parent) && parent.right === node) return false;
  if (ts.isImportSpecifier(parent) || ts.isExportSpecifier(parent)) return false;
  return true;
}

/** Uses of the named globals, and the calls `Date.now()`, `new Date()` and `Math.random()`. */
function forbiddenUses(file: SourceFile, globals: readonly string[], clockAndRandomness: boolean): string[] {
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && globals.includes(node.text) && isFreeReference(node))
      found.push(`${where(file, node)} uses ${node.text}`);
    if (clockAndRandomness) {
      if (ts.isNewExpression(node) && node.expression.getText() === 'Date' && (node.arguments ?? []).length === 0)
        found.push(`${where(file, node)} reads the clock (new Date())`);
      if (ts.isCallExpression(node) && ['Date.now', 'Math.random'].includes(node.expression.getText()))
        found.push(`${where(file, node)} calls ${node.expression.getText()}()`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file.parsed);
  return found;
}

/**
 * The modules `node bin/switchyard.mjs --help` loads: src/cli/main.ts and everything it
 * imports statically (type-only imports are erased; `await import()` is deferred), with
 * the chain that pulls each one in.
 */
function startupModules(entry: string): Map<string, string[]> {
  const byPath = new Map(files.map((file) => [file.path, file]));
  const reached = new Map<string, string[]>([[entry, [entry]]]);
  const pending = [entry];
  while (pending.length > 0) {
    const path = pending.shift() ?? '';
    const file = byPath.get(path);
    if (!file) continue;
    for (const statement of file.parsed.statements) {
      if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement))) continue;
      if (!statement.moduleSpecifier || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
      const typeOnly = ts.isImportDeclaration(statement)
        ? statement.importClause?.isTypeOnly === true ||
          (statement.importClause !== undefined &&
            statement.importClause.name === undefined &&
            statement.importClause.namedBindings !== undefined &&
            ts.isNamedImports(statement.importClause.namedBindings) &&
            statement.importClause.namedBindings.elements.length > 0 &&
            statement.importClause.namedBindings.elements.every((element) => element.isTypeOnly))
        : statement.isTypeOnly;
      if (typeOnly) continue;
      const specifier = statement.moduleSpecifier.text;
      const target = specifier.startsWith('.')
        ? relative(srcRoot, resolve(dirname(resolve(srcRoot, path)), specifier))
            .split(/[\\/]/)
            .join('/')
        : specifier;
      if (reached.has(target)) continue;
      reached.set(target, [...(reached.get(path) ?? []), target]);
      if (specifier.startsWith('.')) pending.push(target);
    }
  }
  return reached;
}

describe('architecture', () => {
  it('finds the layers', () => {
    const layers = new Set(files.map((file) => file.layer));
    for (const layer of Object.keys(allowed).filter((name) => name !== 'app')) expect(layers).toContain(layer);
    expect([...layers].filter((layer) => !(layer in allowed))).toEqual([]);
  });

  it('every layer imports only the layers it may', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const { specifier, node } of importsOf(file)) {
        if (specifier.startsWith('.')) {
          const target = relative(srcRoot, resolve(dirname(resolve(srcRoot, file.path)), specifier)).split(/[\\/]/)[0];
          if (!(allowed[file.layer] ?? []).includes(target))
            violations.push(`${where(file, node)} imports ${specifier} (${file.layer} -> ${target})`);
        } else if (file.layer === 'core' && specifier !== 'zod') {
          violations.push(`${where(file, node)} imports ${specifier} (core may import only zod)`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('core reads no clock, no randomness and does no I/O', () => {
    const globals = ['process', 'require', 'fetch', 'performance', 'setTimeout', 'setInterval', 'crypto'];
    const offenders = files
      .filter((file) => file.layer === 'core')
      .flatMap((file) => forbiddenUses(file, globals, true));
    expect(offenders).toEqual([]);
  });

  it('app does no I/O and reads no clock or randomness (they are dependencies): no fs, child processes, network, process', () => {
    const offenders = files
      .filter((file) => file.layer === 'app')
      .flatMap((file) => [
        ...importsOf(file)
          .filter(({ specifier }) => ioModules.includes(specifier.replace(/^node:/, '')))
          .map(({ specifier, node }) => `${where(file, node)} imports ${specifier}`),
        ...forbiddenUses(file, ['process', 'fetch', 'require', 'setTimeout', 'setInterval'], true),
      ]);
    expect(offenders).toEqual([]);
  });

  it('the checks catch what they look for (so an empty list means something)', () => {
    const sample: SourceFile = {
      path: 'core/sample.ts',
      layer: 'core',
      parsed: ts.createSourceFile(
        'sample.ts',
        "import { readFileSync } from 'node:fs';\n// process.env in a comment is fine\nconst text = 'fetch(x) in a string is fine';\nconst started = performance.now();\nconst option = { performance: 1, crypto: 2 };\nsetTimeout(() => Date.now(), 10);\nconst seeded = Math.random();\nexport const when = new Date();\n",
        ts.ScriptTarget.Latest,
        true,
      ),
    };
    expect(importsOf(sample).map(({ specifier }) => specifier)).toEqual(['node:fs']);
    expect(forbiddenUses(sample, ['process', 'fetch', 'performance', 'setTimeout', 'crypto'], true)).toEqual([
      'src/core/sample.ts:4 uses performance',
      'src/core/sample.ts:6 uses setTimeout',
      'src/core/sample.ts:6 calls Date.now()',
      'src/core/sample.ts:7 calls Math.random()',
      'src/core/sample.ts:8 reads the clock (new Date())',
    ]);
  });

  it('the CLI starts without loading its heavy dependencies (commands load their work when they run)', () => {
    const heavy = ['echarts', 'undici', 'better-sqlite3', 'js-tiktoken', 'yaml', 'node:http', 'node:net'];
    const reached = startupModules('cli/main.ts');
    const offenders = [...reached.entries()]
      .filter(([target]) => heavy.some((name) => target === name || target.startsWith(`${name}/`)))
      .map(([, chain]) => chain.join(' -> '));
    expect(offenders).toEqual([]);
    expect(reached.has('commander')).toBe(true);
  });

  it('our code uses no `any`', () => {
    const offenders: string[] = [];
    for (const file of files) {
      const visit = (node: ts.Node): void => {
        if (node.kind === ts.SyntaxKind.AnyKeyword) offenders.push(`${where(file, node)} uses any`);
        ts.forEachChild(node, visit);
      };
      visit(file.parsed);
    }
    expect(offenders).toEqual([]);
  });
});
