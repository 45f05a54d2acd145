/**
 * `switchyard plan` on a multi-workload profile: the placement (solved by HiGHS through
 * the CLI's dependencies), its total and saving, and per workload where it sits and why,
 * in the JSON contract and the Markdown report.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planReportSchema } from '../../src/report/plan-report-schema.ts';
import { runCliInProcess } from './run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'switchyard-portfolio-'));

const workload = (name: string, requestsPerDay: number, extra = '') =>
  `  - name: ${name}\n    volume:\n      requestsPerDay: ${requestsPerDay}\n    tokens:\n      inputPerRequest: 1500\n      outputPerRequest: 500\n${extra}`;

const profile = `organization:\n  mlOpsCapacity: dedicated\nworkloads:\n${workload('chat', 500_000)}${workload(
  'claims',
  200_000,
  '    data:\n      sensitivity: regulated\n',
)}${workload('summaries', 20_000, '    traffic:\n      offline:\n        deadlineHours: 24\n')}`;

describe('plan on a portfolio (several workloads)', () => {
  const path = join(scratch, 'portfolio.yaml');
  writeFileSync(path, profile);

  it('--format json: a placement solved by the MIP, beside options[] that count shared costs once', async () => {
    const run = await runCliInProcess(['plan', path, '--format', 'json']);
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(planReportSchema.safeParse(report).success).toBe(true);
    expect(report.placement.method).toBe('mip');
    expect(report.placement.exact).toBe(true);
    expect(report.placement.workloads.map((entry: { workload: string }) => entry.workload)).toEqual([
      'chat',
      'claims',
      'summaries',
    ]);
    // Regulated data never goes to a third-party API.
    const claims = report.placement.workloads[1];
    expect(['self-hosted', 'cloud-managed']).toContain(claims.kind);
    expect(claims.why).toContain('ruled out (regulated data');
    // The total is the placement's, and no single option for everything is cheaper.
    expect(report.recommendation.tcoUsd).toBeCloseTo(report.placement.tcoUsd, 2);
    for (const option of report.options.filter((entry: { eligible: boolean }) => entry.eligible))
      expect(report.placement.tcoUsd).toBeLessThanOrEqual(option.tcoUsd + 0.01);
    const selfHosted = report.options.find((option: { id: string }) => option.id === 'self-hosted');
    const sharedSre = selfHosted.components.filter((component: { name: string }) =>
      component.name.startsWith('shared: SRE time'),
    );
    expect(sharedSre).toHaveLength(1);
  });

  it('--format markdown: a portfolio placement section with one row per workload', async () => {
    const run = await runCliInProcess(['plan', path, '--format', 'markdown']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('## Portfolio placement');
    expect(run.stdout).toMatch(/placed feature by feature: \$[\d,]+\/month, TCO \$[\d,]+ over 36 months/);
    expect(run.stdout).toContain('| workload | placed on | why |');
    expect(run.stdout).toContain('| claims |');
    expect(run.stdout).toContain('## All workloads, one option each (shared costs once)');
  });

  it('--format html: the portfolio placement section (the dashboard shows the same section)', async () => {
    const run = await runCliInProcess(['plan', path, '--format', 'html']);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('<section id="placement"><h2>Portfolio placement</h2>');
    // Cells carry data-label (the phone layout turns rows into cards).
    expect(run.stdout).toMatch(/<td[^>]*>claims<\/td><td[^>]*>(Self-hosted|Cloud-managed endpoint)/);
  });
});
