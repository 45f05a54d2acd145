/**
 * `switchyard plan --uncertainty` as a user runs it (in process): ranges in the profile,
 * the Monte Carlo block in JSON and Markdown, the same bytes for the same seed, and the
 * flag and range errors. Draw counts are kept small so the file runs in seconds.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanReport } from '../../src/report/plan-report.ts';
import { tableLabel } from '../../src/report/plan-uncertainty.ts';
import { repoRoot, runCliInProcess } from './run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'switchyard-uncertainty-'));
const example = resolve(repoRoot, 'examples/uncertain-gpu-fleet.yaml');

function profileFile(name: string, text: string): string {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
}

/**
 * A case where we know the answer: the overflow hybrid wins unless GPUs are cheap (then
 * plain self-hosting does, see examples/uncertain-gpu-fleet.yaml), and every profile range
 * is narrow (+-1%): the catalog's GPU price range is the one wide input.
 */
const gpuPriceDecides = `
organization:
  mlOpsCapacity: dedicated
  horizonMonths: 36
  staffing:
    sreFte: 0.495..0.505
    mlEngineerFte: 0.7425..0.7575
workloads:
  - name: support-assistant
    volume:
      requestsPerDay: 1980000..2020000
    tokens:
      inputPerRequest: 1500
      outputPerRequest: 300
    traffic:
      monthlyGrowthRate: 0.0248..0.0252
    latency:
      ttftMs: 1500
`;

/** These cases are built on the 2025-06-01 catalog snapshot (today's prices would move which option wins). */
const asOf = ['--as-of', '2025-06-01'];

async function planJson(args: string[]): Promise<PlanReport> {
  const run = await runCliInProcess(['plan', ...args, ...asOf, '--format', 'json']);
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout) as PlanReport;
}

// Each test runs whole plans in process (a plan, its flip search, then the draws): seconds
// each on a busy machine, so the file allows more than the default 30 s per test.
describe('plan --uncertainty', { timeout: 180_000 }, () => {
  it('the same seed gives the same report byte for byte; another seed other draws', async () => {
    const args = ['plan', example, '--uncertainty', '--draws', '60', '--seed', '7', '--format', 'json', ...asOf];
    // The plan JSON records when it was made (input.generatedAt); SOURCE_DATE_EPOCH pins that clock.
    const previousEpoch = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = '1764547200';
    try {
      const first = await runCliInProcess(args);
      const second = await runCliInProcess(args);
      expect(first.exitCode).toBe(0);
      expect(second.stdout).toBe(first.stdout);
      const other = await runCliInProcess([...args.slice(0, 6), '8', '--format', 'json', ...asOf]);
      expect(other.stdout).not.toBe(first.stdout);
    } finally {
      if (previousEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = previousEpoch;
    }
  });

  it('prints P10/P50/P90 and P(cheapest) per option; the probabilities sum to 1', async () => {
    const report = await planJson([example, '--uncertainty', '--draws', '150']);
    const block = report.uncertainty;
    if (!block) throw new Error('no uncertainty block');
    expect(block).toMatchObject({ draws: 150, seed: 1, sampling: 'latin-hypercube' });
    const workload = block.workloads[0];
    expect(workload.options.map((option) => option.id)).toEqual(report.workloads[0].options.map((option) => option.id));
    for (const option of workload.options) {
      expect(option.tcoUsd.p10).toBeLessThanOrEqual(option.tcoUsd.p50);
      expect(option.tcoUsd.p50).toBeLessThanOrEqual(option.tcoUsd.p90);
      expect(option.monthlyCostUsd.p10).toBeLessThanOrEqual(option.monthlyCostUsd.p90);
      expect(option.months).toHaveLength(36);
    }
    const total =
      workload.options.reduce((sum, option) => sum + option.probabilityCheapest, 0) +
      workload.probabilityNoEligibleOption;
    expect(total).toBeCloseTo(1, 3);
    expect(report.headline.split('\n')[1]).toBe(workload.howSure);
    expect(workload.howSure).toMatch(/is cheapest in \d+% of 150 draws/);
    // The profile's ranges and the catalog's GPU price are the inputs.
    expect(workload.inputs.map((input) => input.id)).toEqual([
      'organization.engineerLoadedCostUsdPerYear',
      'organization.staffing.sreFte',
      'organization.staffing.mlEngineerFte',
      'workloads[0].volume.requestsPerDay',
      'workloads[0].traffic.monthlyGrowthRate',
      'catalog.gpuPrice',
    ]);

    const markdown = await runCliInProcess([
      'plan',
      example,
      '--uncertainty',
      '--draws',
      '150',
      '--format',
      'markdown',
      ...asOf,
    ]);
    expect(markdown.exitCode).toBe(0);
    expect(markdown.stdout).toContain('### How sure (Monte Carlo: 150 draws, Latin hypercube sampling, seed 1)');
    expect(markdown.stdout).toContain('| option | P(cheapest) | P(recommended) | TCO 36 mo P10 | P50 | P90 |');
    expect(markdown.stdout).toContain('### What moves the decision (tornado)');
    for (const option of workload.options) expect(markdown.stdout).toContain(`| ${tableLabel(option.label)} | `);
    expect(markdown.stdout).toContain('| growth | 1.3% | 3.7% |');
  });

  it('sensitivity names the input that decides: a wide GPU price range, everything else narrow', async () => {
    const report = await planJson([
      profileFile('gpu-price-decides.yaml', gpuPriceDecides),
      '--uncertainty',
      '--draws',
      '200',
    ]);
    const workload = report.uncertainty?.workloads[0];
    if (!workload) throw new Error('no uncertainty block');
    expect(workload.sensitivity[0].input).toBe('catalog.gpuPrice');
    expect(workload.sensitivity[0].label).toBe('the GPU price');
    expect(workload.decisiveInputs).toEqual(['catalog.gpuPrice']);
    expect(workload.howSure).toContain('the GPU price decides the rest');
    // The narrow inputs move the margin by far less than the GPU price does.
    for (const entry of workload.sensitivity.slice(1))
      expect(entry.swingUsd).toBeLessThan(workload.sensitivity[0].swingUsd / 5);
  });

  it('plain sampling is available and differs from the Latin hypercube', async () => {
    const plain = await planJson([example, '--uncertainty', '--draws', '60', '--sampling', 'plain']);
    expect(plain.uncertainty?.sampling).toBe('plain');
  });

  it('without --uncertainty the report has no uncertainty block, even with ranges', async () => {
    const report = await planJson([example]);
    expect(report.uncertainty).toBeUndefined();
    expect(report.headline.split('\n')).toHaveLength(1);
  });

  it('bad flags exit 2 with a message', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--uncertainty', '--draws', 'many'], /--draws must be a whole number from 10 to 100,000; got "many"/],
      [['--uncertainty', '--draws', '5'], /--draws must be a whole number/],
      [['--uncertainty', '--seed', '-1'], /--seed must be a whole number/],
      [['--uncertainty', '--sampling', 'sobol'], /--sampling must be lhs \(Latin hypercube\) or plain; got "sobol"/],
      [['--seed', '3'], /--draws, --seed and --sampling need --uncertainty/],
    ];
    for (const [flags, message] of cases) {
      const run = await runCliInProcess(['plan', example, ...flags]);
      expect(run.exitCode, flags.join(' ')).toBe(2);
      expect(run.stderr).toMatch(message);
    }
  });

  it('a malformed range exits 2 naming the field', async () => {
    const path = profileFile(
      'bad-range.yaml',
      'workloads:\n  - name: w\n    volume:\n      requestsPerDay: 4000..2000\n    tokens:\n      inputPerRequest: 500\n      outputPerRequest: 200\n',
    );
    const run = await runCliInProcess(['plan', path]);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('workloads[0].volume.requestsPerDay');
    expect(run.stderr).toContain('low (4000) is above high (2000): write a range as low..high');
  });

  it('--help documents the flags and the range syntax', async () => {
    const run = await runCliInProcess(['plan', '--help']);
    expect(run.stdout).toContain('--uncertainty');
    expect(run.stdout).toContain('--draws <n>');
    expect(run.stdout).toContain('--seed <s>');
    expect(run.stdout).toContain('{ triangular: [2, 3, 5] }');
  });
});
