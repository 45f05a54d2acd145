/**
 * How fast a profile becomes a plan report: what the dashboard waits for on every edit
 * (issue 4: "update within a fraction of a second").
 */
import { readFileSync } from 'node:fs';
import { parseProfileText } from '../src/cli/load-profile.ts';
import { profileTemplate } from '../src/cli/profile-template.ts';
import { renderHtmlReport } from '../src/report/html/render-html.ts';
import { planWithDefaults } from '../src/app/plan.ts';
import { medianMs } from './timing.ts';
import type { BenchSection } from './types.ts';

export async function runPlanBench(): Promise<BenchSection> {
  const cases: Array<[string, string]> = [
    ['init template (1 workload)', profileTemplate],
    [
      'logistics example (1 workload)',
      readFileSync(new URL('../examples/logistics-classification.yaml', import.meta.url), 'utf8'),
    ],
    [
      'logistics example, gpu: auto (every catalog GPU)',
      readFileSync(new URL('../examples/logistics-classification.yaml', import.meta.url), 'utf8').replace(
        'gpu: h100-sxm',
        'gpu: auto',
      ),
    ],
  ];
  const rows: BenchSection['rows'] = [];
  for (const [name, text] of cases) {
    const profile = parseProfileText(text, name);
    const planned = planWithDefaults(profile);
    if (!planned.ok) throw new Error(`${name}: ${JSON.stringify(planned.problems)}`);
    const planMs = medianMs(() => planWithDefaults(profile), 15);
    const htmlMs = medianMs(() => renderHtmlReport(planned.value), 5);
    rows.push([name, planMs.toFixed(1), htmlMs.toFixed(1)]);
  }
  return {
    title: 'Planning (profile -> report)',
    columns: ['profile', 'plan report median ms', 'HTML report (SVG charts) median ms'],
    rows,
    notes: [
      'plan report = resolve catalog names and every fleet candidate (GPU, TP, precision, engine, pricing tier), the configuration search per GPU option (fixed, autoscaled and scheduled fleets, the elastic ones simulated minute by minute), SLO gating, TCO with the build period, the flip search (the same decision re-run at ~25 volumes), cost curve and price bands; median of 15 runs after a warm-up.',
      'The dashboard re-plans on every edit; the target is "a fraction of a second".',
    ],
  };
}
