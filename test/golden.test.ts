/**
 * Golden files for the examples' plan reports (after infracost's testdata/<case>/<case>.golden),
 * run through the CLI in process (`runCliInProcess`, same output as the real process):
 *
 * - `<case>.golden.md`: the Markdown report, byte for byte. It is what a person reads, so
 *   a change shows up as a diff a reviewer can read.
 * - `<case>.pinned.json`: the numbers of the JSON report worth pinning, a few dozen lines:
 *   the recommendation (option, its monthly cost and TCO; per workload also its optionId),
 *   tokensPerMonth and requestsPerMonth, and per
 *   option its id, eligibility, monthlyCostUsd, tcoUsd, oneOffUsd and GPU sizing (gpus,
 *   replicas; null for token-priced options). The shape of the whole JSON report is
 *   checked by its schema in test/report-contract.test.ts, not by a golden file.
 *
 * After an intended change: `UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`, then
 * review `git diff test/golden` (every changed number should be explained by the change)
 * and commit the files with the change that caused them.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanReport } from '../src/report/plan-report.ts';
import { LATEST_SNAPSHOT_DATE } from '../src/catalog/catalog.ts';
import { repoRoot, runCliInProcess } from './cli/run-cli.ts';

/**
 * The seed examples priced `--as-of 2025-06-01` (the 2025-06-01 catalog snapshot: these
 * numbers must not move with new prices), and two priced at today's snapshot date (the
 * package-backed catalog; they move when the catalog is refreshed, on purpose).
 * `example` is the profile under examples/ when it differs from the case name.
 */
const asOf2025 = ['--as-of', '2025-06-01'];
const todaysSnapshot = ['--as-of', LATEST_SNAPSHOT_DATE];
const cases: Array<{ name: string; example?: string; args: string[] }> = [
  { name: 'early-stage-startup', args: asOf2025 },
  { name: 'regulated-enterprise', args: asOf2025 },
  {
    name: 'saas-50m-tokens',
    args: [...asOf2025, '--catalog', resolve(repoRoot, 'examples/saas-50m-tokens.catalog.yaml')],
  },
  { name: 'logistics-classification', args: asOf2025 },
  { name: 'support-bot-500-conversations', args: asOf2025 },
  { name: 'early-stage-startup-today', example: 'early-stage-startup', args: todaysSnapshot },
  { name: 'regulated-enterprise-today', example: 'regulated-enterprise', args: todaysSnapshot },
  { name: 'portfolio-four-features', args: asOf2025 },
  // Ranges in the profile, with the Monte Carlo (fewer draws than the default, to keep the suite quick).
  { name: 'uncertain-gpu-fleet', args: [...asOf2025, '--uncertainty', '--draws', '500'] },
];

const update = process.env.UPDATE_GOLDEN === '1';

async function planOutput(name: string, args: string[], format: 'markdown' | 'json'): Promise<string> {
  const run = await runCliInProcess([
    'plan',
    resolve(repoRoot, 'examples', `${name}.yaml`),
    '--format',
    format,
    ...args,
  ]);
  expect(run.stderr).toBe('');
  expect(run.exitCode).toBe(0);
  return run.stdout;
}

/** Compares `actual` with the golden file, or writes it under UPDATE_GOLDEN=1 (or when missing, then fails). */
function expectGoldenText(path: string, actual: string): void {
  if (update || !existsSync(path)) {
    mkdirSync(resolve(path, '..'), { recursive: true });
    writeFileSync(path, actual);
    if (!update) throw new Error(`golden file ${path} was missing and has been written; review it and run again`);
  }
  expect(actual, `differs from ${path}; if intended, run UPDATE_GOLDEN=1 npx vitest run test/golden.test.ts`).toBe(
    readFileSync(path, 'utf8'),
  );
}

/** The pinned numbers of a report (see the header). */
function pinnedNumbers(report: PlanReport) {
  return {
    recommendation: {
      option: report.recommendation.option,
      monthlyCostUsd: report.recommendation.monthlyCostUsd,
      tcoUsd: report.recommendation.tcoUsd,
    },
    ...(report.uncertainty ? { uncertainty: pinnedUncertainty(report.uncertainty) } : {}),
    ...(report.workloads.length > 1 ? { placement: pinnedPlacement(report) } : {}),
    workloads: report.workloads.map((workload) => ({
      name: workload.name,
      tokensPerMonth: workload.tokensPerMonth,
      requestsPerMonth: workload.requestsPerMonth,
      recommendation: { option: workload.recommendation.option, optionId: workload.recommendation.optionId },
      options: workload.options.map((option) => ({
        id: option.id,
        eligible: option.eligible,
        monthlyCostUsd: option.monthlyCostUsd,
        tcoUsd: option.tcoUsd,
        oneOffUsd: option.oneOffUsd,
        gpus: option.sizing?.gpus ?? null,
        replicas: option.sizing?.replicas ?? null,
      })),
    })),
  };
}

/** Several workloads: the placement (where each sits, the total, the pooled fleets) and options[] with shared costs once. */
function pinnedPlacement(report: PlanReport) {
  const placement = report.placement;
  return {
    method: placement.method,
    monthlyCostUsd: placement.monthlyCostUsd,
    tcoUsd: placement.tcoUsd,
    savingsTcoUsd: placement.savings?.tcoUsd ?? null,
    workloads: placement.workloads.map((entry) => ({ workload: entry.workload, optionId: entry.optionId })),
    fleets: placement.fleets.map((fleet) => ({ pool: fleet.pool, workloads: fleet.workloads, gpus: fleet.gpus })),
    options: report.options.map((option) => ({
      id: option.id,
      eligible: option.eligible,
      monthlyCostUsd: option.monthlyCostUsd,
      tcoUsd: option.tcoUsd,
    })),
  };
}

/** The Monte Carlo numbers worth pinning: per option P10/P50/P90 of TCO and P(cheapest), the chance the answer changes. */
function pinnedUncertainty(uncertainty: NonNullable<PlanReport['uncertainty']>) {
  return uncertainty.workloads.map((workload) => ({
    name: workload.name,
    probabilityRecommendationChanges: workload.probabilityRecommendationChanges,
    decisiveInputs: workload.decisiveInputs,
    options: workload.options.map((option) => ({
      id: option.id,
      tcoUsd: option.tcoUsd,
      probabilityCheapest: option.probabilityCheapest,
    })),
  }));
}

/** JSON with one line per option, so the file reads as a table and diffs line by line. */
function formatPinned(pinned: ReturnType<typeof pinnedNumbers>): string {
  const line = (value: unknown) => JSON.stringify(value).replace(/":/g, '": ').replace(/,"/g, ', "');
  const workloads = pinned.workloads.map((workload) =>
    [
      '    {',
      `      "name": ${JSON.stringify(workload.name)},`,
      `      "tokensPerMonth": ${workload.tokensPerMonth},`,
      `      "requestsPerMonth": ${workload.requestsPerMonth},`,
      `      "recommendation": ${line(workload.recommendation)},`,
      '      "options": [',
      workload.options.map((option) => `        ${line(option)}`).join(',\n'),
      '      ]',
      '    }',
    ].join('\n'),
  );
  const uncertainty = pinned.uncertainty
    ? [
        '  "uncertainty": [',
        pinned.uncertainty
          .map(({ options, ...workload }) =>
            [
              `    ${line(workload).slice(0, -1)}, "options": [`,
              options.map((option) => `      ${line(option)}`).join(',\n'),
              '    ]}',
            ].join('\n'),
          )
          .join(',\n'),
        '  ],',
      ]
    : [];
  const placement = pinned.placement
    ? [
        '  "placement": {',
        `    "method": ${JSON.stringify(pinned.placement.method)}, "monthlyCostUsd": ${pinned.placement.monthlyCostUsd}, "tcoUsd": ${pinned.placement.tcoUsd}, "savingsTcoUsd": ${pinned.placement.savingsTcoUsd},`,
        '    "workloads": [',
        pinned.placement.workloads.map((entry) => `      ${line(entry)}`).join(',\n'),
        '    ],',
        '    "fleets": [',
        pinned.placement.fleets.map((fleet) => `      ${line(fleet)}`).join(',\n'),
        '    ],',
        '    "options": [',
        pinned.placement.options.map((option) => `      ${line(option)}`).join(',\n'),
        '    ]',
        '  },',
      ]
    : [];
  return [
    '{',
    `  "recommendation": ${line(pinned.recommendation)},`,
    ...uncertainty,
    ...placement,
    '  "workloads": [',
    workloads.join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
}

describe.each(cases)('golden report: $name', ({ name, example, args }) => {
  const folder = resolve(repoRoot, 'test/golden', name);

  it('markdown', async () => {
    expectGoldenText(resolve(folder, `${name}.golden.md`), await planOutput(example ?? name, args, 'markdown'));
  });

  it('json: pinned numbers (recommendation, volumes, every option’s cost, TCO and GPUs)', async () => {
    const report = JSON.parse(await planOutput(example ?? name, args, 'json')) as PlanReport;
    const pinned = pinnedNumbers(report);
    const text = formatPinned(pinned);
    expect(JSON.parse(text), 'the pinned file format round-trips').toEqual(pinned);
    expectGoldenText(resolve(folder, `${name}.pinned.json`), text);
  });
});
