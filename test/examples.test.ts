/**
 * The seed articles' cases, reproduced by the examples in examples/: the numbers each
 * article states are checked where its arithmetic holds, and the answer it gives. Where
 * Switchyard's answer differs from an article's (the SLO gate, the staffing defaults), the
 * test says so in a comment and asserts the new conclusion.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseProfile } from '../src/core/workload/parse.ts';
import { catalogAt, mergeCatalog } from '../src/catalog/catalog.ts';
import { parseUserCatalog } from '../src/catalog/user-catalog.ts';
import { planWithDefaults } from '../src/app/plan.ts';
import type { PlanReport, ReportWorkloadOption } from '../src/report/plan-report.ts';

const examples = resolve(import.meta.dirname, '../examples');

type RawProfile = { workloads: Array<Record<string, Record<string, unknown>>> };

/** Plans an example; `edit` changes the parsed YAML first (to show what an article's answer depends on). */
function plan(name: string, catalogFile?: string, edit?: (profile: RawProfile) => void): PlanReport {
  const raw = parse(readFileSync(resolve(examples, `${name}.yaml`), 'utf8')) as RawProfile;
  edit?.(raw);
  const parsed = parseProfile(raw);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  // The seed cases are checked against the 2025-06-01 catalog, the prices they were written with.
  const catalog2025 = catalogAt('2025-06-01');
  let catalog = catalog2025;
  if (catalogFile) {
    const user = parseUserCatalog(parse(readFileSync(resolve(examples, catalogFile), 'utf8')), {
      fileDate: '2025-06-01',
      fileName: catalogFile,
      knownOpenModels: [],
    });
    if (!user.ok) throw new Error(JSON.stringify(user.problems));
    catalog = mergeCatalog(catalog2025, user.overrides);
  }
  const result = planWithDefaults(parsed.value, { catalog });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

const option = (report: PlanReport, kind: string): ReportWorkloadOption =>
  report.workloads[0].options.find((entry) => entry.kind === kind)!;

describe('seed cases', () => {
  it('early-stage startup: 10k requests/day x 2,000 tokens = 600M tokens/month; "API inference" only if its 500 ms TTFT is a target, not a hard SLO', () => {
    const report = plan('early-stage-startup');
    expect(report.workloads[0].tokensPerMonth).toBe(600e6);
    const seedRule = report.workloads[0].rulesOfThumb.find((rule) => rule.id === 'mid-range-tokens')!;
    expect(seedRule.applies).toBe(true);
    // The article's heuristic answers "API inference" without reading its own 500 ms TTFT
    // requirement. With the SLO gate (issue 13) both per-token options miss it at p95 (the
    // catalog's estimates: 900 ms gpt-4.1-mini, 800 ms hosted Llama), so neither is eligible
    // and the answer moves to a GPU fleet co-located with the product; the rule disagrees.
    for (const kind of ['frontier-api', 'hosted-open']) {
      expect(option(report, kind).eligible, kind).toBe(false);
      expect(option(report, kind).latency.meetsSlo, kind).toBe(false);
    }
    expect(['frontier-api', 'hosted-open']).not.toContain(report.recommendation.option);
    expect(seedRule.agrees).toBe(false);
    // The article's answer holds when a miss is priced (revenue at stake) instead of ruled out.
    const priced = plan('early-stage-startup', undefined, (profile) => {
      profile.workloads[0].latency.sloKind = 'priced';
    });
    expect(['frontier-api', 'hosted-open']).toContain(priced.recommendation.option);
    expect(priced.workloads[0].rulesOfThumb.find((rule) => rule.id === 'mid-range-tokens')?.agrees).toBe(true);
  });

  it('regulated enterprise: 500k requests/day x 3,000 tokens = 45B tokens/month, APIs ruled out -> self-hosted', () => {
    const report = plan('regulated-enterprise');
    expect(report.workloads[0].tokensPerMonth).toBe(45e9);
    expect(option(report, 'frontier-api').eligible).toBe(false);
    expect(option(report, 'frontier-api').ineligibleReasons[0]).toMatch(
      /regulated data cannot be sent to a third-party API/,
    );
    expect(option(report, 'hosted-open').eligible).toBe(false);
    expect(report.recommendation.option).toBe('self-hosted');
    // With staffing inside the seeds' range the managed endpoint (half the SRE work) is a
    // few percent cheaper than the raw GPUs; the dedicated team keeps self-hosting because
    // the endpoint saves less than 10%. (At the old $11,750/month the two were within $12 a
    // month and cost did not decide.)
    expect(report.workloads[0].verdict.kind).toBe('recommend');
    expect(report.workloads[0].recommendation.facts[0].kind).toBe('dedicated-team-prefers-self-hosting');
  });

  it('50M tokens/month SaaS: $20/M -> $1,000/month, $12k/year, $36k over 3 years; a self-hosted pod is $200k-$400k/year', () => {
    const report = plan('saas-50m-tokens', 'saas-50m-tokens.catalog.yaml');
    const api = option(report, 'frontier-api');
    expect(api.monthlyCostUsd).toBe(1000);
    expect(api.months[11].cumulativeUsd).toBe(12_000);
    expect(api.tcoUsd).toBe(36_000);
    const selfHosted = option(report, 'self-hosted');
    expect(selfHosted.monthlyCostUsd * 12).toBeGreaterThan(200_000);
    expect(selfHosted.monthlyCostUsd * 12).toBeLessThan(400_000);
    expect(report.recommendation.option).not.toBe('self-hosted');
  });

  it('the default staffing (one SRE and one ML-engineer share) costs $15k-$25k/month, as the seeds price it', () => {
    const report = plan('saas-50m-tokens', 'saas-50m-tokens.catalog.yaml');
    const selfHosted = option(report, 'self-hosted');
    const people = selfHosted.components
      .filter((component) => /^(SRE|ML engineer) time/.test(component.name))
      .reduce((sum, component) => sum + component.monthlyCostUsd, 0);
    expect(people).toBe(18_750); // (0.5 + 0.75) FTE x $180,000 / 12
    const onCall = selfHosted.components.find((component) => component.name.startsWith('on-call'))!;
    expect(people + onCall.monthlyCostUsd).toBeGreaterThanOrEqual(15_000);
    expect(people + onCall.monthlyCostUsd).toBeLessThanOrEqual(25_000);
    expect(selfHosted.sizing?.staffing).toEqual({ sreFte: 0.5, mlEngineerFte: 0.75 });
  });

  it('logistics: 30M documents on GPT-4.1 is ~$80k/month; 2 ML engineers are $50k/month; hosted-open wins', () => {
    const report = plan('logistics-classification');
    expect(report.workloads[0].requestsPerMonth).toBe(30e6);
    const api = option(report, 'frontier-api');
    expect(Math.abs(api.monthlyCostUsd - 80_000) / 80_000).toBeLessThan(0.005);
    const selfHosted = option(report, 'self-hosted');
    const people = selfHosted.components.find((component) => component.name.startsWith('ML engineer time'))!;
    expect(people.monthlyCostUsd).toBe(50_000);
    expect(selfHosted.components.find((component) => component.name.startsWith('setup'))!.oneOffCostUsd).toBe(300_000);
    expect(selfHosted.monthlyCostUsd).toBeGreaterThan(62_000); // $50k people + GPUs with redundancy ($12k in the article) at least
    expect(report.recommendation.option).toBe('hosted-open');
    // The article's $9k/month for hosted-open does not hold at list prices ($0.88/M x 32.5B tokens = $28.6k); still far below the API.
    expect(option(report, 'hosted-open').monthlyCostUsd).toBeLessThan(api.monthlyCostUsd * 0.4);
  });

  it('support bot: 500 conversations/day x 2,000 tokens = 30M tokens/month; the API bill is negligible next to any GPU cluster', () => {
    const report = plan('support-bot-500-conversations');
    expect(report.workloads[0].tokensPerMonth).toBe(30e6);
    const api = option(report, 'frontier-api');
    expect(api.monthlyCostUsd).toBeLessThan(50);
    expect(option(report, 'self-hosted').monthlyCostUsd).toBeGreaterThan(api.monthlyCostUsd * 100);
    expect(['frontier-api', 'hosted-open']).toContain(report.recommendation.option);
  });
});
