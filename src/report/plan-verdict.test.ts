/**
 * The verdict on top of every plan, on the examples: what to do now, the savings against
 * the runner-up and the other camp, when the answer changes and what is ruled out.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planWithDefaults } from '../app/plan.ts';
import { loadCatalog } from '../cli/load-catalog.ts';
import { parseProfileText } from '../cli/load-profile.ts';
import { describeWorkloadVerdict, costMultiple } from './plan-english.ts';
import type { PlanReport } from './plan-report.ts';
import { monthWhenVolumeReaches, workloadVerdict } from './plan-verdict.ts';

const root = resolve(import.meta.dirname, '../..');

function exampleReport(name: string, catalogFile?: string): PlanReport {
  const profile = parseProfileText(readFileSync(resolve(root, 'examples', `${name}.yaml`), 'utf8'), name);
  // Pinned to the 2025-06-01 snapshot, like the golden reports: these numbers do not move with new prices.
  const catalog = loadCatalog(catalogFile ? resolve(root, 'examples', catalogFile) : undefined, '2025-06-01');
  const result = planWithDefaults(profile, { catalog });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

describe('monthWhenVolumeReaches', () => {
  it('is the first month growth reaches the factor, null without growth or beyond the horizon', () => {
    expect(monthWhenVolumeReaches(2, 0.1, 36)).toBe(8);
    expect(1.1 ** 7).toBeLessThan(2);
    expect(1.1 ** 8).toBeGreaterThanOrEqual(2);
    expect(monthWhenVolumeReaches(2, 0, 36)).toBeNull();
    expect(monthWhenVolumeReaches(100, 0.1, 36)).toBeNull();
    expect(monthWhenVolumeReaches(0.5, 0.1, 36)).toBe(0);
  });
});

describe('workloadVerdict', () => {
  it('saas: hosted open model now, with its savings against the runner-up and the cheapest self-hosted setup', () => {
    const report = exampleReport('saas-50m-tokens', 'saas-50m-tokens.catalog.yaml');
    const workload = report.workloads[0];
    const facts = workloadVerdict(workload, report.organization.horizonMonths);
    const byId = (id: string) => workload.options.find((option) => option.id === id);
    expect(facts.chosen?.kind).toBe('hosted-open');
    const chosenTco = byId(workload.recommendation.optionId)?.tcoUsd ?? Number.NaN;
    const eligibleOthers = workload.options.filter(
      (option) => option.eligible && option.id !== workload.recommendation.optionId,
    );
    const cheapestOther = Math.min(...eligibleOthers.map((option) => option.tcoUsd));
    expect(facts.runnerUp?.tcoUsd).toBe(cheapestOther);
    expect(facts.runnerUp?.savingTcoUsd).toBeCloseTo(cheapestOther - chosenTco, 6);
    const gpuOptions = eligibleOthers.filter((option) => option.kind !== 'frontier-api');
    expect(facts.otherCamp?.camp).toBe('gpu');
    expect(facts.otherCamp?.tcoUsd).toBe(Math.min(...gpuOptions.map((option) => option.tcoUsd)));
    expect(facts.otherCamp?.costRatio).toBeCloseTo((facts.otherCamp?.tcoUsd ?? 0) / chosenTco, 6);
    const sentences = describeWorkloadVerdict(facts);
    expect(sentences.now).toBe(
      'Do now: use Hosted open model (together/llama-3.1-70b): $44.00/month, $1,584 over 36 months.',
    );
    expect(sentences.savings).toMatch(/^Over 36 months it saves \$[\d,]+ against the runner-up, Frontier API/);
    expect(sentences.savings).toContain('against the cheapest self-hosted setup');
    expect(sentences.changes).toBe("When it changes: no volume from 1/100x to 1000x today's changes it.");
    expect(sentences.ruledOut).toBeNull();
  });

  it('early-stage startup: when it changes gives the volume and the month growth changes it; ruled-out options priced', () => {
    const report = exampleReport('early-stage-startup');
    const workload = report.workloads[0];
    const facts = workloadVerdict(workload, report.organization.horizonMonths);
    expect(facts.answer).toBe('cost-does-not-decide');
    const month = facts.changes.find((change) => change.kind === 'month');
    expect(month).toEqual({
      kind: 'month',
      monthIndex: workload.cheapestChange?.monthIndex,
      fromLabel: workload.cheapestChange?.from,
      toLabel: workload.cheapestChange?.to,
    });
    const above = facts.changes.find((change) => change.kind === 'volume-above');
    expect(above?.kind === 'volume-above' && above.factor).toBeGreaterThan(1);
    const sentences = describeWorkloadVerdict(facts);
    expect(sentences.changes).toContain(`becomes the cheapest in month ${(month?.monthIndex ?? 0) + 1}`);
    const ruledOut = workload.options.filter((option) => !option.eligible);
    expect(facts.ruledOut.options.map((option) => option.optionId)).toEqual(ruledOut.map((option) => option.id));
    const cheapestRuledOut = Math.min(...ruledOut.map((option) => option.tcoUsd));
    const chosenTco = facts.chosen?.tcoUsd ?? Number.NaN;
    expect(facts.ruledOut.priceOfConstraints?.extraTcoUsd).toBeCloseTo(chosenTco - cheapestRuledOut, 6);
    expect(sentences.ruledOut).toMatch(/^Ruled out: 3 options \(.*\) by latency SLO; the constraints cost \$[\d,]+/);
  });

  it('regulated enterprise: GPUs win, compared with the cheapest API, which the constraints rule out', () => {
    const report = exampleReport('regulated-enterprise');
    const facts = workloadVerdict(report.workloads[0], report.organization.horizonMonths);
    expect(facts.chosen?.kind).toBe('self-hosted');
    // Every per-token option is ruled out (regulated data), so there is no API to compare with.
    expect(facts.otherCamp).toBeNull();
    // The dedicated team keeps self-hosting over a cheaper managed endpoint: the runner-up is cheaper.
    expect(facts.runnerUp?.kind).toBe('cloud-managed');
    expect(facts.runnerUp?.savingTcoUsd).toBeLessThan(0);
    const sentences = describeWorkloadVerdict(facts);
    expect(sentences.savings).toMatch(/^Over 36 months it costs \$[\d,]+ more than the runner-up, Cloud-managed/);
    expect(sentences.ruledOut).toContain('regulated data');
    expect(sentences.ruledOut).toContain('data residency');
  });

  it('is part of the JSON report (workloads[].summary) and of every text format', () => {
    const report = exampleReport('logistics-classification');
    expect(report.workloads[0].summary).toEqual(
      workloadVerdict(report.workloads[0], report.organization.horizonMonths),
    );
    const facts = report.workloads[0].summary;
    const change = facts?.changes[0];
    expect(change?.kind).toBe('volume-above');
    // No growth in this profile: the verdict says growth will not get there by itself.
    expect(describeWorkloadVerdict(facts ?? workloadVerdict(report.workloads[0], 24)).changes).toContain(
      'the profile plans no growth',
    );
  });
});

describe('costMultiple', () => {
  it('rounds big ratios and keeps one decimal for small ones', () => {
    expect(costMultiple(27.6)).toBe('28x');
    expect(costMultiple(1.24)).toBe('1.2x');
    expect(costMultiple(17079)).toBe('17,079x');
  });
});
