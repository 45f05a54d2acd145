/**
 * Terminal rendering of a drift report (`switchyard drift`): per workload, plan vs actual
 * (volume, mix, latency, cost per option) and whether the re-plan on measured numbers flips
 * the recommendation.
 */
import type { DriftReport } from './drift-model.ts';
import { renderTextTable } from './text-table.ts';

const millions = (value: number | null) => (value === null ? 'n/a' : `${(value / 1e6).toFixed(2)}M`);
const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(1)}%`);
const usd = (value: number | null) =>
  value === null
    ? 'n/a'
    : `$${value.toLocaleString('en-US', { minimumFractionDigits: value < 100 ? 2 : 0, maximumFractionDigits: value < 100 ? 2 : 0 })}`;
const change = (planned: number, measured: number | null) =>
  measured === null || planned === 0
    ? 'n/a'
    : `${measured >= planned ? '+' : ''}${(((measured - planned) / planned) * 100).toFixed(0)}%`;

/** A choice in words: the option, or that nothing was feasible (and the closest). */
function choice(entry: DriftReport['workloads'][number]['plannedChoice'] | null): string {
  if (!entry) return 'no plan';
  return entry.feasible ? entry.label : `no feasible option (closest: ${entry.label})`;
}

/**
 * The drift report as text: a verdict line, then per workload the plan-vs-actual table and
 * the per-option monthly cost planned vs at the measured numbers.
 * @example renderDriftText(report) // 'Drift since 2026-11-01 ... RECOMMENDATION CHANGES ...'
 */
export function renderDriftText(report: DriftReport): string {
  const lines: string[] = [];
  lines.push(
    `Drift: plan of ${report.planGeneratedAt ?? '(no date)'} vs ${report.source}, ${report.window.from.slice(0, 16)}Z..${report.window.to.slice(0, 16)}Z (${report.window.days.toFixed(1)} days)`,
  );
  lines.push(
    report.recommendationChanged
      ? 'RECOMMENDATION CHANGES on the measured numbers: ' +
          report.workloads
            .filter((workload) => workload.flipped)
            .map(
              (workload) =>
                `${workload.name}: ${choice(workload.plannedChoice)} -> ${choice(workload.replannedChoice)}`,
            )
            .join('; ')
      : 'The recommendation holds on the measured numbers.',
  );
  for (const workload of report.workloads) {
    lines.push('', `Workload: ${workload.name}`);
    if (!workload.measured) {
      lines.push('  no traffic in the log for this workload since the plan');
      continue;
    }
    const volumeNote = workload.volumeDrifted
      ? `volume ${workload.volumeRatio === null ? 'unknown' : `${workload.volumeRatio.toFixed(2)}x`} the plan`
      : 'volume within 20% of the plan';
    lines.push(`  ${volumeNote}`);
    lines.push(
      renderTextTable(
        ['', 'planned', 'measured', 'change'],
        [
          [
            'requests/month',
            Math.round(workload.plannedRequestsPerMonth).toLocaleString('en-US'),
            workload.measuredRequestsPerMonth === null
              ? 'n/a'
              : Math.round(workload.measuredRequestsPerMonth).toLocaleString('en-US'),
            change(workload.plannedRequestsPerMonth, workload.measuredRequestsPerMonth),
          ],
          [
            'tokens/month',
            millions(workload.plannedTokensPerMonth),
            millions(workload.measuredTokensPerMonth),
            change(workload.plannedTokensPerMonth, workload.measuredTokensPerMonth),
          ],
          [
            'input share of tokens',
            percent(workload.mix.plannedInputShare),
            percent(workload.mix.measuredInputShare),
            '',
          ],
          [
            'cached share of input',
            percent(workload.mix.plannedCachedInputShare),
            percent(workload.mix.measuredCachedInputShare),
            '',
          ],
          ...workload.latency.map((entry) => [
            `TTFT ${entry.provider} ${entry.model}`,
            entry.plannedTtftMs === null ? 'not planned' : `${Math.round(entry.plannedTtftMs)} ms`,
            `${Math.round(entry.measuredTtftP95Ms)} ms p95`,
            entry.plannedTtftMs === null
              ? ''
              : `${change(entry.plannedTtftMs, entry.measuredTtftP95Ms)}${entry.drifted ? ' slower' : ''}`,
          ]),
          ['cost in the log /month', '', usd(workload.loggedCostUsdPerMonth), ''],
        ],
        { rightAligned: [false, true, true, true] },
      )
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    );
    lines.push('');
    lines.push(
      renderTextTable(
        ['option', 'planned USD/month', 'at measured volume', 'change', 'eligible'],
        workload.options.map((option) => [
          `${option.optionId === workload.plannedChoice.optionId ? '* ' : '  '}${option.label}`,
          usd(option.plannedMonthlyCostUsd),
          usd(option.measuredMonthlyCostUsd),
          change(option.plannedMonthlyCostUsd, option.measuredMonthlyCostUsd),
          option.measuredEligible === null
            ? 'n/a'
            : option.measuredEligible === option.plannedEligible
              ? option.measuredEligible
                ? 'yes'
                : 'no'
              : option.measuredEligible
                ? 'now yes'
                : 'now no',
        ]),
        { rightAligned: [false, true, true, true, false] },
      )
        .split('\n')
        .map((line) => `  ${line}`)
        .join('\n'),
    );
    lines.push(
      workload.flipped
        ? `  re-plan: ${choice(workload.plannedChoice)} -> ${choice(workload.replannedChoice)} (flipped)`
        : `  re-plan: still ${choice(workload.plannedChoice)}`,
    );
  }
  if (report.unplanned.length > 0) {
    lines.push('', 'Traffic the plan does not cover:');
    for (const entry of report.unplanned) lines.push(`  ${entry.name}: ${millions(entry.tokensPerMonth)} tokens/month`);
  }
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return `${lines.join('\n')}\n`;
}
