/**
 * The `plan --format json` contract (docs/plan.md, schema in src/report/plan-report-schema.ts):
 * every example's report parses against the schema, so each documented field is there with
 * its type. The schema is not strict, so new fields pass; a removed or retyped field fails.
 * The numbers themselves are pinned per example in test/golden/<case>/<case>.pinned.json
 * (test/golden.test.ts). tsc checks that the PlanReport type satisfies the contract, so a
 * change to the type that breaks readers fails `npm run typecheck` before any test runs.
 */
import { resolve } from 'node:path';
import { describe, expect, expectTypeOf, it } from 'vitest';
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
];

async function planJson(name: string, args: string[]): Promise<unknown> {
  const run = await runCliInProcess([
    'plan',
    resolve(repoRoot, 'examples', `${name}.yaml`),
    '--format',
    'json',
    ...args,
  ]);
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  return JSON.parse(run.stdout);
}

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
