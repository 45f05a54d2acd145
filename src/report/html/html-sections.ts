/**
 * The HTML report's text sections, in the same order as the table/Markdown renderers:
 * recommendation and reasons, options, what would flip it, rules of thumb, components,
 * warnings, open questions, sources, assumptions. Every string is escaped here.
 */
import {
  answerHeading,
  describeWorkloadVerdict,
  latencyCell,
  latencyColumn,
  profileAnswerHeading,
} from '../plan-english.ts';
import { workloadVerdict } from '../plan-verdict.ts';
import {
  alternativesTable,
  buildPeriodNote,
  type ReportTable,
  sizingBreakdown,
  sizingSummary,
  sizingTable,
  yearlyTotalsUsd,
} from '../plan-tables.ts';
import {
  profileChoice,
  type PlanReport,
  type ReportOption,
  type ReportWorkload,
  type ReportWorkloadOption,
} from '../plan-report.ts';
import { formatCount, formatUsd } from '../text-table.ts';
import type { ChartSpec } from './chart-base.ts';
import { optionNames } from './chart-data.ts';
import { escapeHtml } from './format.ts';

const kindNames: Record<string, string> = {
  'frontier-api': 'Frontier API',
  'hosted-open': 'Hosted open model',
  'cloud-managed': 'Cloud-managed endpoint',
  'self-hosted': 'Self-hosted GPUs',
  hybrid: 'Hybrid',
};

/** Human name of an option kind, e.g. `self-hosted` -> `Self-hosted GPUs`. */
export function kindName(kind: string): string {
  return kindNames[kind] ?? kind;
}

export function list(items: ReadonlyArray<string>, className = ''): string {
  if (items.length === 0) return '';
  return `<ul${className ? ` class="${className}"` : ''}>${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
}

function cell(text: string, numeric = false): string {
  return `<td${numeric ? ' class="num"' : ''}>${escapeHtml(text)}</td>`;
}

/**
 * `numeric`: the index of the first numeric (right-aligned) column, or a flag per column.
 * Every cell carries its column name (`data-label`), so narrow screens can show each row
 * as a card (`table.reflow`).
 */
function tableHtml(
  columns: ReadonlyArray<string>,
  rows: ReadonlyArray<{ cells: string[]; className?: string }>,
  numeric: number | ReadonlyArray<boolean> = columns.length,
): string {
  const isNumeric = (index: number) => (typeof numeric === 'number' ? index >= numeric : numeric[index] === true);
  const head = columns
    .map((column, index) => `<th${isNumeric(index) ? ' class="num"' : ''}>${escapeHtml(column)}</th>`)
    .join('');
  const labelled = (cellHtml: string, index: number) =>
    columns[index] === undefined
      ? cellHtml
      : cellHtml.replace(/^<td/, `<td data-label="${escapeHtml(columns[index])}"`);
  const body = rows
    .map(
      (row) =>
        `<tr${row.className ? ` class="${row.className}"` : ''}>${row.cells.map((cellHtml, index) => labelled(cellHtml, index)).join('')}</tr>`,
    )
    .join('\n');
  return `<table class="reflow">\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

function figure(label: string, value: string): string {
  return `<div class="figure"><div class="value">${escapeHtml(value)}</div><div class="what">${escapeHtml(label)}</div></div>`;
}

/** A report table (sizing, configurations considered) as HTML; `chosenId` highlights that option's first row. */
function reportTableHtml(model: ReportTable, chosenId?: string): string {
  const chosenIndex = chosenId === undefined ? -1 : model.rows.findIndex((row) => row.optionId === chosenId);
  const rows = model.rows.map((row, rowIndex) => ({
    className: rowIndex === chosenIndex ? 'chosen' : '',
    cells: row.cells.map((text, index) => cell(text, model.numeric[index])),
  }));
  return tableHtml(model.columns, rows, model.numeric);
}

/** The headline lines: one per workload when there are several. */
export function headlineLines(text: string): string {
  const lines = text.split('\n');
  return lines.length > 1 ? list(lines, 'headline') : `<p class="headline">${escapeHtml(lines[0])}</p>`;
}

/**
 * The verdict on top (dashboard and HTML report): per workload what to do now, what it
 * saves against the runner-up and the other camp, when it changes, and one line for what
 * the hard constraints rule out and what they cost.
 */
export function verdictSection(report: PlanReport): string {
  const multi = report.workloads.length > 1;
  const blocks = report.workloads.map((workload) => {
    const sentences = describeWorkloadVerdict(workloadVerdict(workload, report.organization.horizonMonths));
    const name = multi ? `<span class="verdict-workload">${escapeHtml(workload.name)}:</span> ` : '';
    return `<div class="verdict-workload-block">
<p class="verdict-now">${name}<strong>${escapeHtml(sentences.now)}</strong></p>
${sentences.savings ? `<p class="verdict-savings">${escapeHtml(sentences.savings)}</p>` : ''}
<p class="verdict-changes">${escapeHtml(sentences.changes)}</p>
${sentences.ruledOut ? `<p class="verdict-ruled-out small">${escapeHtml(sentences.ruledOut)}</p>` : ''}
</div>`;
  });
  return `<div class="verdict" id="verdict">\n${blocks.join('\n')}\n</div>`;
}

/**
 * The answer first: the headline (what to do, or that nothing meets every hard constraint,
 * or that cost does not decide), then the option, its monthly cost and TCO, and the reasons.
 * No confident "Recommendation" above an infeasible plan.
 */
export function recommendationHero(report: PlanReport): string {
  const recommendation = report.recommendation;
  const horizon = report.organization.horizonMonths;
  const single = report.workloads.length === 1 ? report.workloads[0] : undefined;
  const figures = `<div class="figures">${figure('per month (first month)', formatUsd(recommendation.monthlyCostUsd))}${figure(`TCO over ${horizon} months`, formatUsd(recommendation.tcoUsd))}${figure('workloads', String(report.workloads.length))}</div>`;
  if (!report.feasible)
    return `<section class="hero infeasible" id="recommendation">
<div class="label">No feasible plan</div>
<div class="choice">${escapeHtml(profileAnswerHeading(report.workloads, kindName(recommendation.option)))}</div>
${headlineLines(report.headline)}
${verdictSection(report)}
${list(recommendation.reasons)}
</section>`;
  const undecided = single?.verdict.kind === 'cost-does-not-decide';
  return `<section class="hero${undecided ? ' undecided' : ''}" id="recommendation">
<div class="label">${undecided ? 'Lowest TCO (cost does not decide)' : 'Recommendation'}</div>
<div class="choice">${escapeHtml(profileChoice(report, kindName))}</div>
${headlineLines(report.headline)}
${verdictSection(report)}
${figures}
${list(recommendation.reasons)}
</section>`;
}

/** The heading of a workload's answer: the recommended option, or that none is feasible, or that cost does not decide. */
export function workloadAnswerHeading(workload: ReportWorkload): string {
  const chosen = workload.options.find((option) => option.id === workload.recommendation.optionId);
  const recommended = chosen ? chosen.label : kindName(workload.recommendation.option);
  return workload.verdict.kind === 'recommend'
    ? `Recommended for this workload: ${recommended}`
    : answerHeading(workload.verdict.kind, recommended);
}

/** The sizing of every GPU-based option (same columns as the text and Markdown reports), and the build period. */
export function sizingSection(workload: ReportWorkload): string {
  const model = sizingTable(workload.options);
  if (model.rows.length === 0) return '';
  return `<h3>Sizing of the GPU options</h3>\n<div class="table-scroll" tabindex="0" role="region" aria-label="table (scrolls sideways)">${reportTableHtml(model, workload.recommendation.optionId)}</div>\n<p class="small">${escapeHtml(buildPeriodNote(workload.buildPeriodMonths))}</p>\n${sizingBreakdowns(workload)}`;
}

/** One expandable breakdown per GPU option: configuration, fleet, hours, people and their costs. */
export function sizingBreakdowns(workload: ReportWorkload): string {
  return workload.options
    .filter((option) => option.sizing)
    .map((option) => {
      const terms = sizingBreakdown(option)
        .map((entry) => `<dt>${escapeHtml(entry.term)}</dt><dd>${escapeHtml(entry.value)}</dd>`)
        .join('');
      return `<details class="sizing-breakdown" data-option="${escapeHtml(option.id)}"><summary>Sizing breakdown: ${escapeHtml(option.label)}</summary><dl>${terms}</dl></details>`;
    })
    .join('\n');
}

/** For each GPU option the search compared configurations for: the chosen one and the next best, with why they lost. */
export function alternativesSections(workload: ReportWorkload, horizonMonths: number): string {
  return workload.options
    .filter((option) => option.alternatives.length > 0)
    .map(
      (option) =>
        `<h3>Configurations considered: ${escapeHtml(option.label)}</h3>\n${reportTableHtml(alternativesTable(option, horizonMonths), option.sizing?.configuration ? option.id : undefined)}`,
    )
    .join('\n');
}

/** Options side by side for one workload; the recommended row is highlighted. */
export function optionsTable(workload: ReportWorkload, horizonMonths: number): string {
  const rows = workload.options.map((option) => ({
    className: option.id === workload.recommendation.optionId ? 'chosen' : option.eligible ? '' : 'ineligible',
    cells: [
      `<td>${escapeHtml(option.label)}${option.sizing ? `<div class="small sizing-line">${escapeHtml(sizingSummary(option.sizing))}</div>` : ''}${option.eligible ? '' : `<div class="small">${escapeHtml(option.ineligibleReasons.join('; '))}</div>`}</td>`,
      `<td>${option.eligible ? '<span class="tag yes">yes</span>' : '<span class="tag no">no</span>'}</td>`,
      cell(formatUsd(option.monthlyCostUsd), true),
      cell(formatUsd(option.usageBasedMonthlyCostUsd), true),
      cell(formatUsd(option.fixedMonthlyCostUsd), true),
      cell(formatUsd(option.oneOffUsd), true),
      cell(formatUsd(option.usdPerMillionTokens), true),
      cell(formatUsd(option.tcoUsd), true),
      `<td class="num">${option.latency.meetsSlo === false ? `<span class="tag no">${escapeHtml(latencyCell(option.latency))}</span>` : escapeHtml(latencyCell(option.latency))}</td>`,
    ],
  }));
  return tableHtml(
    [
      'option',
      'eligible',
      '$/month',
      'usage-based',
      'fixed',
      'one-off',
      '$ per 1M tokens (month 1)',
      `TCO ${horizonMonths} mo`,
      latencyColumn(workload.options.map((option) => option.latency)),
    ],
    rows,
    2,
  );
}

/** The thresholds that would change the answer, and the month growth changes it. */
export function flipSection(workload: ReportWorkload): string {
  const names = optionNames(workload.options);
  const items = workload.flip.map((point) => point.description);
  const change = workload.cheapestChange;
  if (change)
    items.push(
      `With growth, the cheapest option changes in month ${change.monthIndex + 1}: ${names.get(change.from) ?? change.from} -> ${names.get(change.to) ?? change.to}.`,
    );
  return `<h3>What would flip it</h3>\n${items.length > 0 ? list(items) : '<p>Nothing in the range the plan explored changes the answer.</p>'}`;
}

/** Rules of thumb from the seed articles that apply, and whether the model agrees. */
export function rulesSection(workload: ReportWorkload): string {
  const applying = workload.rulesOfThumb.filter((rule) => rule.applies);
  const body =
    applying.length === 0
      ? '<p>No rule of thumb applies to this workload.</p>'
      : tableHtml(
          ['rule of thumb', 'points to', 'the model', 'source'],
          applying.map((rule) => ({
            cells: [
              cell(rule.text),
              cell(rule.verdict.map(kindName).join(' / ')),
              `<td>${rule.agrees === null ? '<span class="tag na">n/a</span>' : rule.agrees ? '<span class="tag yes">agrees</span>' : '<span class="tag no">disagrees</span>'}</td>`,
              cell(rule.source),
            ],
          })),
        );
  return `<h3>Rules of thumb vs the model</h3>\n${body}`;
}

/** Every cost component of an option: quantity, unit, unit price, monthly cost and source with date. */
export function componentsTable(option: ReportWorkloadOption): string {
  const rows = option.components.map((component) => ({
    cells: [
      cell(component.name),
      cell(
        component.oneOffCostUsd !== undefined
          ? `one-off${component.repeatEveryMonths ? `, every ${component.repeatEveryMonths} mo` : ''}`
          : component.usageBased
            ? 'usage-based'
            : 'fixed',
      ),
      cell(Number(component.quantity.toPrecision(4)).toLocaleString('en-US'), true),
      cell(component.unit),
      cell(formatUsd(component.unitPriceUsd), true),
      cell(
        component.oneOffCostUsd !== undefined
          ? `${formatUsd(component.oneOffCostUsd)} once`
          : formatUsd(component.monthlyCostUsd),
        true,
      ),
      `<td class="small">${escapeHtml(component.source.name)} (as of ${escapeHtml(component.source.asOf)})</td>`,
    ],
  }));
  return `<h3>Cost components: ${escapeHtml(option.label)}</h3>\n${tableHtml(['component', 'kind', 'quantity', 'unit', 'unit price', '$/month', 'source (as of)'], rows)}`;
}

/** Warnings and the questions the profile leaves open. */
export function notesSection(workload: ReportWorkload): string {
  const parts: string[] = [];
  if (workload.warnings.length > 0)
    parts.push(`<div class="callout"><h3>Warnings</h3>${list(workload.warnings)}</div>`);
  if (workload.unansweredQuestions.length > 0)
    parts.push(
      `<div class="callout questions"><h3>Questions this profile leaves open</h3>${list(workload.unansweredQuestions)}</div>`,
    );
  return parts.join('\n');
}

/** A chart figure: the inline SVG, or the reason it is not available. */
export function chartFigure(chart: ChartSpec, svg: string | null): string {
  const body = svg ?? `<div class="unavailable">${escapeHtml(chart.unavailable ?? 'not available')}</div>`;
  return `<figure class="chart" id="chart-${chart.id}">\n<h3>${escapeHtml(chart.title)}</h3>\n${body}\n${chart.caption ? `<figcaption>${escapeHtml(chart.caption)}</figcaption>` : ''}\n</figure>`;
}

/** All workloads with one option each (only when there are several workloads). */
export function portfolioTable(options: ReadonlyArray<ReportOption>, horizonMonths: number): string {
  const rows = options.map((option) => ({
    className: option.eligible ? '' : 'ineligible',
    cells: [
      cell(option.label),
      `<td>${option.eligible ? '<span class="tag yes">yes</span>' : '<span class="tag no">no</span>'}</td>`,
      cell(formatUsd(option.monthlyCostUsd), true),
      cell(formatUsd(option.usdPerMillionTokens), true),
      cell(formatUsd(option.tcoUsd), true),
    ],
  }));
  return `<h2>All workloads, one option each (shared costs once)</h2>\n${tableHtml(['option', 'eligible', '$/month', '$ per 1M tokens (month 1)', `TCO ${horizonMonths} mo`], rows, 2)}`;
}

// ---- Portfolio placement (issue 14, part A) ----

/** Several workloads: the placement's total and saving, where each workload sits and why, the pooled fleets. */
export function placementSection(report: PlanReport): string {
  const placement = report.placement;
  const rows = placement.workloads.map((entry) => ({
    className: entry.optionId ? '' : 'ineligible',
    cells: [cell(entry.workload), cell(entry.label), cell(entry.why)],
  }));
  const fleets = placement.fleets.map((fleet) => ({
    className: '',
    cells: [
      cell(fleet.gpuId ? `${fleet.pool} on ${fleet.gpuId}` : `${fleet.pool} (separate fleets)`),
      cell(fleet.workloads.join(', ')),
      cell(String(fleet.gpus), true),
      cell(fleet.diversity.toFixed(2), true),
      cell(formatUsd(fleet.monthlyCostUsd), true),
    ],
  }));
  return [
    '<section id="placement"><h2>Portfolio placement</h2>',
    `<p>${escapeHtml(placement.summary)}</p>`,
    tableHtml(['workload', 'placed on', 'why'], rows, 3),
    fleets.length > 0
      ? tableHtml(['fleet', 'workloads', 'GPUs (month 1)', 'peak diversity', '$/month'], fleets, 2)
      : '',
    '</section>',
  ]
    .filter((part) => part !== '')
    .join('\n');
}

/** The workload's volume line: tokens and requests per month, growth. */
export function volumeLine(workload: ReportWorkload): string {
  const growth = workload.monthlyGrowthRate
    ? `, growing ${(workload.monthlyGrowthRate * 100).toFixed(1)}% per month`
    : ', no growth';
  return `${formatCount(workload.tokensPerMonth)} tokens/month (${formatCount(workload.requestsPerMonth)} requests/month)${growth}`;
}

/**
 * Per-year totals for a finance reader: the recommended option, the runner-up and the
 * cheapest setup of the other camp (from the verdict), one row each, one column per year.
 */
export function yearlyTotalsTable(report: PlanReport, workload: ReportWorkload): string {
  const facts = workloadVerdict(workload, report.organization.horizonMonths);
  const wanted = [
    facts.chosen ? { id: facts.chosen.optionId, role: 'recommended' } : null,
    facts.runnerUp ? { id: facts.runnerUp.optionId, role: 'runner-up' } : null,
    facts.otherCamp && facts.otherCamp.optionId !== facts.runnerUp?.optionId
      ? { id: facts.otherCamp.optionId, role: facts.otherCamp.camp === 'gpu' ? 'cheapest self-hosted' : 'cheapest API' }
      : null,
  ].flatMap((entry) => (entry ? [entry] : []));
  const rows = wanted.flatMap(({ id, role }) => {
    const option = workload.options.find((entry) => entry.id === id);
    return option ? [{ option, role, years: yearlyTotalsUsd(option.months) }] : [];
  });
  if (rows.length === 0) return '';
  const yearCount = Math.max(...rows.map((row) => row.years.length));
  const columns = ['option', ...Array.from({ length: yearCount }, (_, index) => `year ${index + 1}`), 'total'];
  return `<h3>Cost per year${report.workloads.length > 1 ? `: ${escapeHtml(workload.name)}` : ''}</h3>\n${tableHtml(
    columns,
    rows.map((row) => ({
      className: row.role === 'recommended' ? 'chosen' : '',
      cells: [
        `<td>${escapeHtml(row.option.label)} <span class="small">(${escapeHtml(row.role)})</span></td>`,
        ...Array.from({ length: yearCount }, (_, index) => cell(formatUsd(row.years[index] ?? 0), true)),
        cell(formatUsd(row.years.reduce((total, value) => total + value, 0)), true),
      ],
    })),
    1,
  )}`;
}
