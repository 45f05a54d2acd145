/**
 * Every worked `@example` in src/core has a test that checks it (ARCHITECTURE.md, after
 * date-fns). The rule, also in CONTRIBUTING.md:
 *
 * 1. An `@example` tag belongs to the exported function, const or class whose doc comment
 *    holds it (`/** ... @example f(2) === 4 *\/ export function f`). A tag anywhere else
 *    (an interface, a type, a private helper, a stray comment) fails: move it onto the
 *    exported calculation it illustrates.
 * 2. For each such name N, some test in src/**\/*.test.ts or test/**\/*.test.ts must both
 *    name N in its full title (the `describe` titles plus the `it`/`test` title, as a whole
 *    word) and use the identifier N in its body, directly or through a helper function the
 *    test file defines at its top level. `it.skip`/`it.todo` do not count.
 *    Whether that test asserts the example's numbers is for review to check; this test
 *    makes sure there is one to read, next to the name.
 *
 * Names and files are parsed with the TypeScript compiler (no regular expressions over
 * code), so a name inside a string or a comment is not mistaken for a use.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const repoRoot = resolve(import.meta.dirname, '..');

function typeScriptFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : typeScriptFiles(path);
    return name.endsWith('.ts') ? [path] : [];
  });
}

function parse(path: string): ts.SourceFile {
  return ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
}

interface DocumentedExample {
  name: string;
  /** `src/core/...:LINE` of the declaration. */
  where: string;
}

function isExported(statement: ts.Statement): boolean {
  return (
    ts.canHaveModifiers(statement) &&
    (ts.getModifiers(statement) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword)
  );
}

/** The names a statement exports with their doc comments' holder: `export function f`, `export const a, b`, `export { x as y }`. */
function exportedNames(statement: ts.Statement): Array<{ name: string; holder: ts.Node }> {
  if (ts.isExportDeclaration(statement) && statement.exportClause && ts.isNamedExports(statement.exportClause))
    return statement.exportClause.elements.map((element) => ({ name: element.name.text, holder: statement }));
  if (!isExported(statement)) return [];
  if (ts.isVariableStatement(statement))
    return statement.declarationList.declarations.flatMap((declaration) =>
      ts.isIdentifier(declaration.name) ? [{ name: declaration.name.text, holder: declaration }] : [],
    );
  if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name)
    return [{ name: statement.name.text, holder: statement }];
  return [];
}

/** The tags of the doc comments directly on `node` (ts.getJSDocTags skips export declarations). */
function jsDocTagsOf(node: ts.Node): readonly ts.JSDocTag[] {
  if (!ts.isExportDeclaration(node)) return ts.getJSDocTags(node);
  return ts.getJSDocCommentsAndTags(node).flatMap((doc) => (ts.isJSDoc(doc) ? [...(doc.tags ?? [])] : []));
}

function lineOf(file: ts.SourceFile, position: number): number {
  return file.getLineAndCharacterOfPosition(position).line + 1;
}

/** The exported names whose doc comments carry `@example`, and every `@example` that no export owns. */
function examplesIn(file: ts.SourceFile): { documented: DocumentedExample[]; stray: string[] } {
  const path = relative(repoRoot, file.fileName);
  const documented: DocumentedExample[] = [];
  const ownedTagPositions = new Set<number>();
  for (const statement of file.statements) {
    for (const { name, holder } of exportedNames(statement)) {
      const tags = jsDocTagsOf(holder).filter((tag) => tag.tagName.text === 'example');
      if (tags.length === 0) continue;
      for (const tag of tags) ownedTagPositions.add(tag.pos);
      documented.push({ name, where: `${path}:${lineOf(file, holder.getStart())}` });
    }
  }
  const stray: string[] = [];
  const visit = (node: ts.Node): void => {
    for (const tag of jsDocTagsOf(node))
      if (tag.tagName.text === 'example' && !ownedTagPositions.has(tag.pos))
        stray.push(`${path}:${lineOf(file, tag.pos)}`);
    ts.forEachChild(node, visit);
  };
  visit(file);
  // Tags the parser attaches to nothing (a comment before no declaration) still count as examples.
  const tagCount = [...file.text.matchAll(/^\s*(?:\/\*\*|\*)?.*@example\b/gm)].length;
  const seen = ownedTagPositions.size + stray.length;
  if (tagCount > seen) stray.push(`${path}: ${tagCount - seen} @example tag(s) in comments that document nothing`);
  return { documented, stray: [...new Set(stray)] };
}

interface TestCase {
  title: string;
  identifiers: Set<string>;
}

const testFunctions = new Set(['it', 'test']);
const skippedModifiers = new Set(['skip', 'todo', 'fails']);

/** `it`, a focused or concurrent variant, `it.each(...)`: whether this callee starts a counted test. */
function testCallee(callee: ts.Expression): 'test' | 'describe' | undefined {
  let expression = callee;
  if (ts.isCallExpression(expression)) expression = expression.expression; // it.each(table)(title, body)
  const parts: string[] = [];
  while (ts.isPropertyAccessExpression(expression)) {
    parts.unshift(expression.name.text);
    expression = expression.expression;
  }
  if (!ts.isIdentifier(expression)) return undefined;
  if (parts.some((part) => skippedModifiers.has(part))) return undefined;
  if (testFunctions.has(expression.text)) return 'test';
  if (expression.text === 'describe') return 'describe';
  return undefined;
}

function titleText(argument: ts.Expression | undefined): string {
  if (!argument) return '';
  if (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument)) return argument.text;
  if (ts.isTemplateExpression(argument))
    return [argument.head.text, ...argument.templateSpans.map((span) => span.literal.text)].join(' ');
  return '';
}

function identifiersIn(nodes: readonly ts.Node[]): Set<string> {
  const found = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) found.add(node.text);
    ts.forEachChild(node, visit);
  };
  for (const node of nodes) visit(node);
  return found;
}

/**
 * Helpers a test file defines at its top level (`function planFor() {...}`,
 * `const plan = () => ...`) and the identifiers each uses, so a test that calls a helper
 * that calls N counts as using N.
 */
function helpersIn(file: ts.SourceFile): Map<string, Set<string>> {
  const helpers = new Map<string, Set<string>>();
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name && statement.body)
      helpers.set(statement.name.text, identifiersIn([statement.body]));
    if (ts.isVariableStatement(statement))
      for (const declaration of statement.declarationList.declarations)
        if (ts.isIdentifier(declaration.name) && declaration.initializer)
          helpers.set(declaration.name.text, identifiersIn([declaration.initializer]));
  }
  return helpers;
}

/** The identifiers a body uses, with those of the file's helpers it calls (transitively). */
function withHelpers(used: Set<string>, helpers: Map<string, Set<string>>): Set<string> {
  const all = new Set(used);
  const pending = [...used];
  while (pending.length > 0) {
    const name = pending.pop() ?? '';
    for (const inner of helpers.get(name) ?? [])
      if (!all.has(inner)) {
        all.add(inner);
        pending.push(inner);
      }
  }
  return all;
}

/** Every counted test in a file: its full title (describe titles + own title) and the identifiers its body uses. */
function testsIn(file: ts.SourceFile): TestCase[] {
  const helpers = helpersIn(file);
  const cases: TestCase[] = [];
  const visit = (node: ts.Node, titles: string[]): void => {
    if (ts.isCallExpression(node)) {
      const kind = testCallee(node.expression);
      if (kind) {
        const title = titleText(node.arguments[0]);
        const body = node.arguments.slice(1);
        if (kind === 'test') {
          cases.push({ title: [...titles, title].join(' > '), identifiers: withHelpers(identifiersIn(body), helpers) });
          return;
        }
        for (const argument of body) visit(argument, [...titles, title]);
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, titles));
  };
  visit(file, []);
  return cases;
}

function hasCheckingTest(name: string, tests: TestCase[]): boolean {
  const word = new RegExp(`(^|[^A-Za-z0-9_$])${name.replace(/\$/g, '\\$')}($|[^A-Za-z0-9_$])`);
  return tests.some((test) => word.test(test.title) && test.identifiers.has(name));
}

/**
 * Documented names still waiting for their test, in files whose owners add them (issue 8).
 * This list only shrinks: the test fails when a name here gets its test (remove it then)
 * or no longer exists, and every name not here must have its test now.
 */
const awaitingTests = new Set<string>([]);

const coreFiles = typeScriptFiles(resolve(repoRoot, 'src/core')).filter((path) => !path.endsWith('.test.ts'));
const testFiles = [...typeScriptFiles(resolve(repoRoot, 'src')), ...typeScriptFiles(resolve(repoRoot, 'test'))].filter(
  (path) => path.endsWith('.test.ts'),
);

describe('every @example in src/core has a test that checks it', () => {
  const examples = coreFiles.map((path) => examplesIn(parse(path)));
  const tests = testFiles.flatMap((path) => testsIn(parse(path)));

  it('finds the examples and the tests (the scanner itself works)', () => {
    expect(examples.flatMap((found) => found.documented).length).toBeGreaterThan(50);
    expect(tests.length).toBeGreaterThan(200);
    const sample = ts.createSourceFile(
      'sample.ts',
      '/** Twice. @example double(2) === 4 */\nexport function double(value: number) { return 2 * value; }\n/** @example not exported */\nfunction hidden() {}\n',
      ts.ScriptTarget.Latest,
      true,
    );
    const found = examplesIn(sample);
    expect(found.documented.map((example) => example.name)).toEqual(['double']);
    expect(found.stray).toHaveLength(1);
    const sampleTests = testsIn(
      ts.createSourceFile(
        'sample.test.ts',
        "describe('double', () => { it('doubles (doc example)', () => { expect(double(2)).toBe(4); }); });\nit.skip('triple', () => triple(1));\nit('mentions triple only in a string', () => expect('triple(1)').toBeTruthy());",
        ts.ScriptTarget.Latest,
        true,
      ),
    );
    expect(hasCheckingTest('double', sampleTests)).toBe(true);
    expect(hasCheckingTest('triple', sampleTests)).toBe(false);
  });

  it('every @example documents an exported function, const or class', () => {
    expect(examples.flatMap((found) => found.stray)).toEqual([]);
  });

  it('every documented name has a test titled with the name that uses it', () => {
    const missing = examples
      .flatMap((found) => found.documented)
      .filter((example) => !awaitingTests.has(example.name) && !hasCheckingTest(example.name, tests))
      .map((example) => `${example.where} ${example.name}: no test whose title names '${example.name}' and uses it`);
    expect(missing).toEqual([]);
  });

  it('the names awaiting a test still exist and still lack one (remove them from the list when they get it)', () => {
    const documented = new Set(examples.flatMap((found) => found.documented.map((example) => example.name)));
    const stale = [...awaitingTests].filter((name) => !documented.has(name) || hasCheckingTest(name, tests));
    expect(stale).toEqual([]);
  });
});
