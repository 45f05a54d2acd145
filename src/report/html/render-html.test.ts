/**
 * Golden-file tests of the HTML report (update with UPDATE_GOLDEN=1): one from a fixed
 * report model that has every optional section (bands, capacity, simulation), one from the
 * profile `switchyard init` writes, planned by the current planner.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProfileText } from '../../cli/load-profile.ts';
import { profileTemplate } from '../../cli/profile-template.ts';
import type { PlanReport } from '../plan-report.ts';
import { planWithDefaults } from '../../app/plan.ts';
import { renderHtmlReport } from './render-html.ts';

const root = resolve(import.meta.dirname, '../../..');

function expectGolden(name: string, actual: string): void {
  const path = resolve(root, 'test/golden/html', name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`wrote a new golden file ${path}; check it and run again`);
  }
  expect(
    actual,
    `differs from test/golden/html/${name}; if the change is intended, run UPDATE_GOLDEN=1 npx vitest run src/report/html`,
  ).toBe(readFileSync(path, 'utf8'));
}

function fixtureReport(): PlanReport {
  return JSON.parse(readFileSync(resolve(root, 'test/fixtures/plan-report.json'), 'utf8')) as PlanReport;
}

function templateReport(): PlanReport {
  // Pinned to the 2025-06-01 catalog so the golden page does not move with new prices.
  const result = planWithDefaults(parseProfileText(profileTemplate, 'profile-template'), { asOf: '2025-06-01' });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

/** Every URL-bearing attribute or CSS reference that would make the page fetch something. */
function networkReferences(html: string): string[] {
  return [
    ...html.matchAll(
      /(?:src|href|xlink:href|action|poster|srcset)\s*=\s*["']?\s*(?:https?:)?\/\/[^"' >]*|url\(\s*["']?(?:https?:)?\/\/[^)]*\)|@import|https?:\/\//gi,
    ),
  ].map((match) => match[0]);
}

describe('renderHtmlReport', () => {
  it('matches the golden file for a report with every optional section', () => {
    expectGolden('plan-report-fixture.html', renderHtmlReport(fixtureReport()));
  });

  it('matches the golden file for the `switchyard init` example profile', () => {
    expectGolden('plan-profile-template.html', renderHtmlReport(templateReport()));
  });

  it('is self-contained: no network references, no scripts, all five charts as inline SVG', () => {
    const html = renderHtmlReport(fixtureReport());
    expect(networkReferences(html)).toEqual([]);
    expect(html).not.toMatch(/<script|<link|<img|<iframe/i);
    for (const id of ['cost-vs-volume', 'cumulative-tco', 'cost-breakdown', 'utilization', 'capacity']) {
      expect(html).toMatch(new RegExp(`<figure class="chart" id="chart-${id}">\\s*<h3>[^<]+</h3>\\s*<svg `));
    }
    expect(html).toContain('@media print');
  });

  it('shows every text section with the numbers of the report', () => {
    const report = fixtureReport();
    const html = renderHtmlReport(report);
    for (const heading of [
      'Recommendation',
      'What would flip it',
      'Rules of thumb vs the model',
      'Cost components:',
      'Questions this profile leaves open',
      'Sources',
      'Assumptions',
    ])
      expect(html).toContain(heading);
    expect(html).toContain('$69,060');
    for (const source of report.sources) expect(html).toContain(`(as of ${source.asOf})`);
  });

  it('opens with the headline; an infeasible plan shows no confident recommendation', () => {
    const report = fixtureReport();
    expect(renderHtmlReport(report)).toContain(
      '<div class="choice">Hosted open model</div>\n<p class="headline">Recommended: Hosted open model (groq/llama-3.3-70b)</p>',
    );
    const headline =
      'No option meets every hard constraint. Closest: Self-hosted (llama-3.3-70b on h100-sxm), which fails latency SLO';
    const infeasible: PlanReport = {
      ...report,
      feasible: false,
      headline,
      workloads: report.workloads.map((workload) => ({
        ...workload,
        feasible: false,
        headline,
        verdict: { kind: 'infeasible', closest: [] },
        options: workload.options.map((option) => ({ ...option, eligible: false })),
      })),
    };
    const html = renderHtmlReport(infeasible);
    expect(html).toContain(
      '<section class="hero infeasible" id="recommendation">\n<div class="label">No feasible plan</div>',
    );
    expect(html).toContain(`<p class="headline">${headline}</p>`);
    expect(html).toContain('<h3>No option meets every hard constraint</h3>');
    expect(html).not.toMatch(/>Recommendation<|Recommended for this workload/);
  });

  it('shows the sizing of every GPU-based option and the configurations considered', () => {
    const html = renderHtmlReport(fixtureReport());
    expect(html).toContain('<h3>Sizing of the GPU options</h3>');
    const sizing = html.slice(html.indexOf('<h3>Sizing of the GPU options</h3>'));
    const rows = sizing.slice(0, sizing.indexOf('</table>')).match(/<tr>|<tr class="[^"]*">/g) ?? [];
    expect(rows).toHaveLength(5); // header + cloud-managed, self-hosted, two hybrids
    expect(html).toContain('<th class="num">$ per 1M tokens (month 1)</th>');
    expect(html).toContain('<th class="num">TTFT p95 vs SLO 1500 ms</th>');
    expect(html).toContain('<h3>Configurations considered: Self-hosted (llama-3.3-70b on h100-sxm)</h3>');
    expect(html).toContain(
      '<td data-label="why not chosen">misses the TTFT SLO: 1820 ms expected against 1500 ms</td>',
    );
  });

  it('says "not available" where the report has no simulation or capacity data', () => {
    const report = { ...fixtureReport(), simulation: [], capacity: [] };
    const html = renderHtmlReport(report);
    expect(html).toContain('not available: no traffic simulation of a self-hosted fleet ran for this workload');
    expect(html).toContain('not available: no self-hosted fleet was sized for this workload');
  });

  it('renders the same bytes twice (stable SVG ids) and escapes text from the profile', () => {
    const report = fixtureReport();
    const hostile = {
      ...report,
      title: 'Plan <script>alert(1)</script> & co',
      workloads: report.workloads.map((workload) => ({ ...workload, name: '<b>bot</b>' })),
    };
    const first = renderHtmlReport(hostile);
    expect(renderHtmlReport(hostile)).toBe(first);
    expect(first).not.toContain('<script>');
    expect(first).toContain('Plan &lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
    expect(first).toContain('Workload: &lt;b&gt;bot&lt;/b&gt;');
  });
});
