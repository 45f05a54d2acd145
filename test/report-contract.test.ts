/**
 * The `plan --format json` contract (docs/plan.md, schema in src/report/plan-report-schema.ts):
 * every example's report parses against the schema, so each documented field is there with
 * its type. The schema is not strict, so new fields pass; a removed or retyped field fails.
 * The numbers themselves are pinned per example in test/golden/<case>/<case>.pinned.json
 * (test/golden.test.ts). tsc checks that the PlanReport type satisfies the contract, so a
 * change to the type that breaks readers fails `npm run typecheck` before any test runs.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { PlanReport } from '../src/report/plan-report.ts';
import { type PlanReportContract, planReportSchema } from '../src/report/plan-report-schema.ts';
import { repoRoot, runCliInProcess } from './cli/run-cli.ts';

const examples: Array<{ name: string; args: string[] }> = [
  { name: 'early-stage-startup', args: [] },
  { name: 'regulated-enterprise', args: [] },
  { name: 'saas-50m-tokens', args: ['--catalog', resolve(repoRoot, 'examples/saas-50m-tokens.catalog.yaml')] },
  { name: 'logistics-classification', args: [] },
  { name: 'support-bot-500-conversations', args: [] },
  { name: 'uncertain-gpu-fleet', args: ['--uncertainty', '--draws', '200'] },
];

async function planJson(name: string, args: string[]): Promise<unknown> {
  return planFileJson(resolve(repoRoot, 'examples', `${name}.yaml`), args);
}

async function planFile(path: string, format: string, args: string[] = []): Promise<string> {
  const run = await runCliInProcess(['plan', path, '--format', format, ...args]);
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  return run.stdout;
}

async function planFileJson(path: string, args: string[] = []): Promise<unknown> {
  return JSON.parse(await planFile(path, 'json', args));
}

const scratch = mkdtempSync(join(tmpdir(), 'switchyard-contract-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A p99 TTFT SLO of 20 ms: no API, hosted model or GPU fleet meets it. */
const infeasibleProfile = `version: 1
workloads:
  - name: rag
    volume: { tokensPerMonth: 2000000000 }
    tokens: { inputPerRequest: 3000, outputPerRequest: 300 }
    latency: { percentile: p99, ttftMs: 20 }
`;

const gpuBasedKinds = new Set(['self-hosted', 'cloud-managed', 'hybrid']);

/** One line per schema issue: `workloads.0.options.2.tcoUsd: expected number, received string`. */
function issues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('plan --format json contract', () => {
  it('the PlanReport type satisfies the contract (checked by tsc)', () => {
    expectTypeOf<PlanReport>().toExtend<PlanReportContract>();
  });

  it.each(examples)('$name: the report matches the schema', async ({ name, args }) => {
    const parsed = planReportSchema.safeParse(await planJson(name, args));
    expect(parsed.success ? [] : issues(parsed.error)).toEqual([]);
  });

  it.each(examples)(
    '$name: every GPU-based option has its sizing (GPU-hours busy and paid), every option its latency',
    async ({ name, args }) => {
      const report = (await planJson(name, args)) as PlanReport;
      for (const workload of report.workloads) {
        expect(workload.recommendation.optionId).toBe(
          workload.options.find((option) => option.id === workload.recommendation.optionId)?.id,
        );
        for (const option of workload.options) {
          expect(option.latency.percentile).toMatch(/^p9[59]$/);
          if (!gpuBasedKinds.has(option.kind)) {
            expect(option.sizing, option.id).toBeNull();
            continue;
          }
          if (!option.sizing) continue; // no fleet could be sized: the option says why it is unavailable
          expect(option.sizing.gpuHoursPaidPerMonth, option.id).toBeGreaterThan(0);
          expect(option.sizing.gpuHoursBusyPerMonth, option.id).toBeLessThanOrEqual(option.sizing.gpuHoursPaidPerMonth);
        }
      }
    },
  );

  it('a p99 SLO no option meets: exit 0, feasible false and a headline that says so, in every format', async () => {
    const path = join(scratch, 'infeasible.yaml');
    writeFileSync(path, infeasibleProfile);
    const report = (await planFileJson(path)) as PlanReport;
    expect(planReportSchema.safeParse(report).success).toBe(true);
    expect(report.feasible).toBe(false);
    expect(report.workloads[0].feasible).toBe(false);
    expect(report.workloads[0].options.every((option) => !option.eligible)).toBe(true);
    expect(report.headline).toMatch(/^No option meets every hard constraint\. Closest: /);
    expect(report.workloads[0].options.map((option) => option.latency.meetsSlo)).not.toContain(true);
    for (const format of ['table', 'markdown', 'html']) {
      const text = await planFile(path, format);
      expect(text, format).toContain('No option meets every hard constraint. Closest: ');
      expect(text, format).not.toMatch(/Recommendation: |Recommended for this workload/);
    }
  });

  it('names the field path of a missing or mistyped field, and lets new fields through', async () => {
    const report = (await planJson('saas-50m-tokens', examples[2].args)) as PlanReport;
    const [workload] = report.workloads;
    const [option] = workload.options;
    const { tcoUsd: _removed, ...withoutTco } = option;
    const broken = {
      ...report,
      extraTopLevelField: 'new in a later release',
      workloads: [{ ...workload, tokensPerMonth: '50M', options: [withoutTco, ...workload.options.slice(1)] }],
    };
    const parsed = planReportSchema.safeParse(broken);
    expect(parsed.success).toBe(false);
    if (parsed.success) return;
    expect(issues(parsed.error)).toEqual([
      'workloads.0.tokensPerMonth: Invalid input: expected number, received string',
      'workloads.0.options.0.tcoUsd: Invalid input: expected number, received undefined',
    ]);
  });
});
