/**
 * Golden files for the examples' reports (after infracost's testdata/<case>/<case>.golden):
 * the CLI's Markdown and JSON output for each example must match byte for byte.
 * After an intended change: UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts, then review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runCli } from './cli/run-cli.ts';

const cases: Array<{ name: string; args: string[] }> = [
  { name: 'early-stage-startup', args: [] },
  { name: 'regulated-enterprise', args: [] },
  { name: 'saas-50m-tokens', args: ['--catalog', 'examples/saas-50m-tokens.catalog.yaml'] },
  { name: 'logistics-classification', args: [] },
  { name: 'support-bot-500-conversations', args: [] },
];

const update = process.env.UPDATE_GOLDEN === '1';

describe.each(cases)('golden report: $name', ({ name, args }) => {
  it.each(['markdown', 'json'])('%s', (format) => {
    const run = runCli(['plan', `examples/${name}.yaml`, '--format', format, ...args]);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const folder = resolve(repoRoot, 'test/golden', name);
    const file = resolve(folder, `${name}.golden.${format === 'markdown' ? 'md' : 'json'}`);
    if (update || !existsSync(file)) {
      mkdirSync(folder, { recursive: true });
      writeFileSync(file, run.stdout);
      if (!update) throw new Error(`golden file ${file} was missing and has been written; review it and run again`);
    }
    expect(run.stdout).toBe(readFileSync(file, 'utf8'));
  });
});
