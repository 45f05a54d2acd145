/**
 * The text and Markdown renderers on the fixed report model (test/fixtures/plan-report.json)
 * and on variants of it: the headline comes first, an infeasible plan never prints a
 * confident "Recommendation", and every GPU-based option shows its sizing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Verdict } from '../core/decide/types.ts';
import type { PlanReport, ReportWorkload } from './plan-report.ts';
import { renderPlanText } from './plan-text.ts';

const root = resolve(import.meta.dirname, '../..');

function fixtureReport(): PlanReport {
  return JSON.parse(readFileSync(resolve(root, 'test/fixtures/plan-report.json'), 'utf8')) as PlanReport;
}

const closest = { kind: 'self-hosted', openModelId: 'llama-3.3-70b', gpuId: 'h100-sxm' } as const;

/** The fixture with one workload's verdict replaced (and the headline a report would write for it). */
function withVerdict(verdict: Verdict, headline: string): PlanReport {
  const report = fixtureReport();
  const feasible = verdict.kind !== 'infeasible';
  const workloads: ReportWorkload[] = report.workloads.map((workload) => ({
    ...workload,
    feasible,
    verdict,
    headline,
    options: workload.options.map((option) => (feasible ? option : { ...option, eligible: false })),
  }));
  return { ...report, feasible, headline, workloads };
}

describe('renderPlanText', () => {
  it('starts with the headline, then the recommendation', () => {
    const markdown = renderPlanText(fixtureReport(), 'markdown');
    const lines = markdown.split('\n');
    expect(lines[0]).toBe('# Switchyard plan: Acme Inc');
    expect(lines[2]).toBe('**Recommended: Hosted open model (groq/llama-3.3-70b)**');
    expect(markdown).toContain('## Recommendation: hosted-open');
    expect(markdown).toContain('### Recommendation: hosted-open — Hosted open model (groq/llama-3.3-70b)');
  });

  it('an infeasible plan names the closest options and prints no "Recommendation" heading', () => {
    const headline =
      'No option meets every hard constraint. Closest: Self-hosted (llama-3.3-70b on h100-sxm), which fails latency SLO: expected p99 TTFT 300 ms misses the 150 ms SLO';
    const report = withVerdict(
      {
        kind: 'infeasible',
        closest: [
          { option: closest, failures: [{ rule: 'latency-slo', percentile: 'p99', ttftMs: 300, sloTtftMs: 150 }] },
        ],
      },
      headline,
    );
    for (const style of ['markdown', 'table'] as const) {
      const text = renderPlanText(report, style);
      expect(text.split('\n')[style === 'markdown' ? 2 : 3]).toContain(headline);
      expect(text).not.toContain('Recommendation:');
      expect(text).toContain('No option meets every hard constraint\n');
      expect(text).not.toContain('$721/month, $69,060 over 36 months');
    }
  });

  it('"cost does not decide" says so in the heading and the headline says what should decide', () => {
    const headline =
      'Cost does not decide: Hosted open model (groq/llama-3.3-70b) and Frontier API (openai/gpt-4.1) are within $300/month (3.0%), under the materiality threshold; choose between them on latency at your percentile, quality on your own eval set, control of the weights and data, and what your team can operate';
    const report = withVerdict(
      {
        kind: 'cost-does-not-decide',
        option: { kind: 'hosted-open', offerId: 'groq/llama-3.3-70b' },
        runnerUp: { kind: 'frontier-api', offerId: 'openai/gpt-4.1' },
        differenceUsdPerMonth: 300,
        differenceShare: 0.03,
      },
      headline,
    );
    const markdown = renderPlanText(report, 'markdown');
    expect(markdown.split('\n')[2]).toBe(`**${headline}**`);
    expect(markdown).toContain('## Recommendation: hosted-open (cost does not decide)');
    expect(markdown).toContain(
      '### Recommendation: hosted-open — Hosted open model (groq/llama-3.3-70b) (cost does not decide)',
    );
  });

  it('several workloads: one headline line per workload', () => {
    const report = fixtureReport();
    const second = {
      ...report.workloads[0],
      name: 'rag',
      headline: 'No option meets every hard constraint. Closest: x',
    };
    const both: PlanReport = {
      ...report,
      workloads: [report.workloads[0], { ...second, feasible: false, verdict: { kind: 'infeasible', closest: [] } }],
      feasible: false,
      headline: `support-bot: ${report.workloads[0].headline}\nrag: ${second.headline}`,
      placement: {
        method: 'mip',
        exact: true,
        summary: 'placed feature by feature: $9,000/month, TCO $324,000 over 36 months',
        monthlyCostUsd: 9000,
        tcoUsd: 324_000,
        savings: null,
        workloads: [],
        fleets: [
          {
            pool: 'self-hosted/llama-3.3-70b',
            openModelId: 'llama-3.3-70b',
            workloads: ['support-bot', 'rag'],
            gpuId: 'h100-sxm',
            gpusPerReplica: 1,
            gpus: 3,
            diversity: 0.8,
            monthlyCostUsd: 8640,
            tcoUsd: 311_040,
          },
        ],
        parts: {
          ownTcoUsd: 0,
          gpuTcoUsd: 311_040,
          teamTcoUsd: 12_960,
          staffingIncrementTcoUsd: 0,
          setupTcoUsd: 0,
          upgradeTcoUsd: 0,
        },
        stacks: ['self-managed'],
        models: ['llama-3.3-70b'],
      },
    };
    const markdown = renderPlanText(both, 'markdown');
    expect(markdown).toContain('## Portfolio placement\n\nplaced feature by feature: $9,000/month');
    expect(markdown).toContain('| self-hosted/llama-3.3-70b on h100-sxm | support-bot, rag | 3 | 0.80 | $8,640 |');
    expect(markdown).toContain(
      '- support-bot: Recommended: Hosted open model (groq/llama-3.3-70b)\n- rag: No option meets every hard constraint. Closest: x',
    );
    expect(markdown).toContain('## No option meets every hard constraint for rag');
  });

  it('shows the sizing of every GPU-based option, the latency column and the configurations considered', () => {
    const markdown = renderPlanText(fixtureReport(), 'markdown');
    expect(markdown).toContain(
      '| option | eligible | USD/month | usage-based | fixed | one-off | USD per 1M tokens (month 1) | TCO 36 mo | TTFT p95 vs SLO 1500 ms |',
    );
    expect(markdown).toContain('| $69,060 | 450 ms, meets |');
    expect(markdown).toContain(
      '| option | GPU | TP (GPUs per replica) | precision | engine | pricing tier | fleet policy | GPUs | replicas | mean utilization | GPU-hours busy/month | GPU-hours paid/month | staffing (FTE) |',
    );
    for (const label of [
      'Cloud-managed endpoint (llama-3.3-70b on h100-sxm, +30% managed markup)',
      'Self-hosted (llama-3.3-70b on h100-sxm)',
      'Hybrid split: 70% self-hosted, 30% to groq/llama-3.3-70b',
    ])
      expect(markdown).toContain(`| ${label} | h100-sxm | 1 | fp8 | vllm | on-demand | fixed 24/7 | 3 | 3 |`);
    expect(markdown).toContain('| 16.9% | 366 | 2,160 | 0.5 SRE + 0.75 ML engineer |');
    expect(markdown).toContain('### Configurations considered: Self-hosted (llama-3.3-70b on h100-sxm)');
    expect(markdown).toContain(
      '| llama-3.3-70b on h100-sxm, TP=2, fp8, vllm, on-demand, fixed 24/7 fleet | 4 | $26,885 | $1,441,616 | costs $103,680 more over the horizon |',
    );
  });
});
