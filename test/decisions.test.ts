/**
 * Issue 13's "done when", through the plan use-case with the built-in catalog and the
 * capacity model (and the CLI in process for the exit code): the search finds what an
 * infra lead would plan, a p99 SLO gates the answer, and flip volumes do not depend on
 * the volume the plan starts from.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { planWithDefaults } from '../src/app/plan.ts';
import { formatProblems } from '../src/core/problem.ts';
import { parseProfile } from '../src/core/workload/parse.ts';
import type { PlanReport } from '../src/report/plan-report.ts';
import { runCliInProcess } from './cli/run-cli.ts';

const logistics = parse(
  readFileSync(resolve(import.meta.dirname, '../examples/logistics-classification.yaml'), 'utf8'),
);

function withRequestsPerDay(document: typeof logistics, requestsPerDay: number) {
  return {
    ...document,
    workloads: document.workloads.map((workload: Record<string, unknown>) => ({
      ...workload,
      volume: { requestsPerDay },
    })),
  };
}

function plan(document: unknown): PlanReport {
  const parsed = parseProfile(document);
  if (!parsed.ok) throw new Error(formatProblems(parsed.problems));
  const planned = planWithDefaults(parsed.value, { asOf: '2025-06-01' });
  if (!planned.ok) throw new Error(formatProblems(planned.problems));
  return planned.value;
}

const rag = (ttftMs: number) => ({
  workloads: [
    {
      name: 'rag',
      volume: { tokensPerMonth: 2e9 },
      tokens: { inputPerRequest: 3000, outputPerRequest: 300 },
      latency: { percentile: 'p99', ttftMs },
    },
  ],
});

describe('decisions a CTO can defend', () => {
  it('logistics at 200M documents/month: TP=2 fleets, and a flip to self-hosting instead of "cheapest up to 1000x"', () => {
    const report = plan(withRequestsPerDay(logistics, 6_666_667));
    const [workload] = report.workloads;
    const selfHosted = workload.options.find((option) => option.kind === 'self-hosted');
    expect(selfHosted?.sizing?.configuration?.gpusPerReplica).toBe(2);
    expect(selfHosted?.alternatives.length).toBeGreaterThan(0);
    expect(workload.flip.map((point) => point.fact.kind)).not.toContain('stays-cheapest');
    const up = workload.flip.find((point) => point.fact.kind === 'cheapest-above');
    expect(up?.fact).toMatchObject({ option: { kind: 'self-hosted' } });
  });

  it('the flip volume is the same within 10% whether planned today or just below the flip', () => {
    const today = plan(logistics).workloads[0];
    const flip = today.flip.find((point) => point.fact.kind === 'cheapest-above');
    if (flip?.fact.kind !== 'cheapest-above') throw new Error('expected a cheapest-above flip');
    const nearFlip = plan(withRequestsPerDay(logistics, Math.round(1_000_000 * flip.fact.factor * 0.9))).workloads[0];
    const again = nearFlip.flip.find((point) => point.fact.kind === 'cheapest-above');
    if (again?.fact.kind !== 'cheapest-above') throw new Error('expected a cheapest-above flip near the flip');
    const ratio = again.fact.tokensPerMonth / flip.fact.tokensPerMonth;
    expect(ratio).toBeGreaterThan(0.9);
    expect(ratio).toBeLessThan(1.1);
  });

  it('a p99 SLO only a co-located self-hosted fleet meets recommends that fleet', () => {
    const report = plan(rag(250));
    const [workload] = report.workloads;
    expect(workload.feasible).toBe(true);
    expect(workload.recommendation.option).toBe('self-hosted');
    for (const option of workload.options.filter(
      (entry) => entry.kind === 'frontier-api' || entry.kind === 'hosted-open',
    )) {
      expect(option.eligible).toBe(false);
      expect(option.latency.meetsSlo).toBe(false);
    }
    const chosen = workload.options.find((option) => option.id === workload.recommendation.optionId);
    expect(chosen?.latency).toMatchObject({ percentile: 'p99', sloTtftMs: 250, meetsSlo: true });
  });

  it('a p99 SLO nothing meets is infeasible, says so in every format, and exits 0', async () => {
    const report = plan(rag(20));
    expect(report.feasible).toBe(false);
    expect(report.workloads[0].feasible).toBe(false);
    expect(report.headline).toMatch(/^No option meets every hard constraint/);
    const folder = mkdtempSync(join(tmpdir(), 'switchyard-decisions-'));
    const file = join(folder, 'rag.yaml');
    writeFileSync(file, stringify(rag(20)));
    for (const format of ['table', 'markdown', 'json', 'html']) {
      const run = await runCliInProcess(['plan', file, '--format', format, '--as-of', '2025-06-01']);
      expect(run.exitCode).toBe(0);
      expect(run.stderr).toBe('');
      expect(run.stdout).toContain('No option meets every hard constraint');
    }
  });
});
