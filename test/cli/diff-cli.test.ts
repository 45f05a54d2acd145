/**
 * `switchyard diff` through the CLI (in process): two profiles where only the GPU changes
 * (options matched by kind and role, the one input that differs, per-component changes),
 * two stored plan JSONs, every format, and the errors a user can make.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PlanDiff } from '../../src/report/plan-diff.ts';
import { repoRoot, runCliInProcess } from './run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'switchyard-diff-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const saas = resolve(repoRoot, 'examples/saas-50m-tokens.yaml');
const catalog = ['--catalog', resolve(repoRoot, 'examples/saas-50m-tokens.catalog.yaml')];

/** The saas example with its GPU changed from a100-80gb to h100-sxm. */
function h100Variant(): string {
  const text = readFileSync(saas, 'utf8');
  expect(text).toContain('gpu: a100-80gb');
  const path = join(scratch, 'saas-h100.yaml');
  writeFileSync(path, text.replace('gpu: a100-80gb', 'gpu: h100-sxm'));
  return path;
}

async function diffJson(args: string[]): Promise<PlanDiff> {
  const run = await runCliInProcess(['diff', ...args, '--format', 'json']);
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout) as PlanDiff;
}

describe('switchyard diff', () => {
  it('matches options by kind and role when the GPU changes, and lists the one input that differs', async () => {
    const diff = await diffJson([saas, h100Variant(), ...catalog]);
    expect(diff.inputs).toEqual([{ path: 'workloads[0].choices.gpu', before: 'a100-80gb', after: 'h100-sxm' }]);
    const options = diff.workloads[0].options;
    expect(options.map((option) => option.status)).not.toContain('added');
    expect(options.map((option) => option.status)).not.toContain('removed');
    const selfHosted = options.find((option) => option.slot === 'self-hosted');
    expect(selfHosted?.status).toBe('changed');
    expect(selfHosted?.beforeLabel).toContain('a100-80gb');
    expect(selfHosted?.afterLabel).toContain('h100-sxm');
    expect(selfHosted?.beforeSizing).toMatch(/x a100-80gb/);
    expect(selfHosted?.afterSizing).toMatch(/x h100-sxm/);
    // The per-option change is the difference of the two plans' numbers.
    const monthly = selfHosted?.monthly;
    expect(monthly?.changeUsd).toBeCloseTo((monthly?.afterUsd ?? 0) - (monthly?.beforeUsd ?? 0), 2);
    // GPU-hour components pair by role although their names carry the GPU.
    const busy = selfHosted?.components.find((component) => component.beforeName?.includes('GPU-hours busy'));
    expect(busy?.afterName).toContain('h100-sxm GPU-hours busy');
    // Token-priced options do not run on the GPU: unchanged.
    expect(options.find((option) => option.slot === 'frontier-api')?.status).toBe('unchanged');
    expect(diff.headline.recommendationChanged).toBe(false);
  });

  it('prints the headline, the inputs and each changed option in the terminal and in Markdown', async () => {
    const variant = h100Variant();
    const table = await runCliInProcess(['diff', saas, variant, ...catalog]);
    expect(table.exitCode).toBe(0);
    const lines = table.stdout.split('\n');
    expect(lines[0]).toBe(`Switchyard plan diff: ${saas} -> ${variant}`);
    expect(lines[3]).toMatch(/^Recommendation unchanged: Hosted open model\.$/);
    expect(table.stdout).toContain('~ workloads[0].choices.gpu: a100-80gb -> h100-sxm');
    expect(table.stdout).toContain(
      '~ Self-hosted (llama-3.1-70b on a100-80gb) -> Self-hosted (llama-3.1-70b on h100-sxm)',
    );
    expect(table.stdout).toMatch(/4 options changed, 2 unchanged\.\n$/);
    const markdown = await runCliInProcess(['diff', saas, variant, ...catalog, '--format', 'markdown']);
    expect(markdown.stdout).toContain('## Inputs that differ (1)');
    expect(markdown.stdout).toContain('| `workloads[0].choices.gpu` | a100-80gb | h100-sxm |');
    expect(markdown.stdout).toContain(
      '### ~ Self-hosted (llama-3.1-70b on a100-80gb) -> Self-hosted (llama-3.1-70b on h100-sxm)',
    );
  });

  it('diffs two stored plan JSONs (and a JSON against a profile): same plan, no differences', async () => {
    const planPath = join(scratch, 'regulated.json');
    const planned = await runCliInProcess([
      'plan',
      resolve(repoRoot, 'examples/regulated-enterprise.yaml'),
      '--format',
      'json',
      '--out',
      planPath,
    ]);
    expect(planned.exitCode).toBe(0);
    const same = await diffJson([planPath, planPath]);
    expect(same.inputs).toEqual([]);
    expect(same.workloads[0].options.every((option) => option.status === 'unchanged')).toBe(true);
    const mixed = await diffJson([planPath, resolve(repoRoot, 'examples/regulated-enterprise.yaml')]);
    expect(mixed.inputs).toEqual([]);
    expect(mixed.headline.tco.changeUsd).toBe(0);
  });

  it('writes a self-contained HTML diff', async () => {
    const out = join(scratch, 'diff.html');
    const run = await runCliInProcess(['diff', saas, h100Variant(), ...catalog, '--format', 'html', '--out', out]);
    expect(run.exitCode).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<section class="hero" id="diff-headline">');
    expect(html).toContain('<code>workloads[0].choices.gpu</code>');
    expect(html).not.toMatch(/<script|https?:\/\//);
  });

  it('exits 2 with the file named for a missing file, a bad profile or a JSON that is not a plan', async () => {
    const missing = await runCliInProcess(['diff', join(scratch, 'nope.yaml'), saas]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain('nope.yaml: no such file');
    const bad = join(scratch, 'bad.yaml');
    writeFileSync(
      bad,
      'workloads:\n  - name: w\n    volume: {requestsPerDay: -3}\n    tokens: {inputPerRequest: 1, outputPerRequest: 1}\n',
    );
    const invalid = await runCliInProcess(['diff', bad, saas, ...catalog]);
    expect(invalid.exitCode).toBe(2);
    expect(invalid.stderr).toContain('workloads[0].volume.requestsPerDay');
    const notAPlan = join(scratch, 'not-a-plan.json');
    writeFileSync(notAPlan, JSON.stringify({ report: 'switchyard.plan', schemaVersion: 1 }));
    const wrong = await runCliInProcess(['diff', notAPlan, saas, ...catalog]);
    expect(wrong.exitCode).toBe(2);
    expect(wrong.stderr).toContain('not a plan report this version can read');
    const help = await runCliInProcess(['diff', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('matched by kind and role');
  });
});
