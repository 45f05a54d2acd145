/**
 * Terminal table and Markdown renderers of the plan report. Both render the same
 * sections from the same PlanReport; only the markup differs.
 */
import {
  answerHeading,
  describeWorkloadVerdict,
  latencyCell,
  latencyColumn,
  profileAnswerHeading,
} from './plan-english.ts';
import { workloadVerdict } from './plan-verdict.ts';
import { alternativesTable, buildPeriodNote, type ReportTable, sizingTable } from './plan-tables.ts';
import { profileChoice, type PlanReport, type ReportWorkload, type ReportWorkloadOption } from './plan-report.ts';
import {
  type ReportWorkloadUncertainty,
  tornadoNote,
  tornadoTable,
  uncertaintyCaption,
  uncertaintyOptionsTable,
} from './plan-uncertainty.ts';
import { formatCount, formatUsd, renderTextTable, type Cell } from './text-table.ts';

type Style = 'table' | 'markdown';

/**
 * The catalog lines of the sources section: the snapshot priced at the plan's date, its age,
 * its sources (the package version among them) and user files.
 * @example catalogLines({ snapshot: '2025-06-01', planDate: '2025-06-01', age: 'catalog snapshot 2025-06-01 is 0 days old on 2025-06-01', sources: ['built-in catalog'], userFiles: [], ... })
 * // ['Catalog: snapshot 2025-06-01, plan priced at 2025-06-01 (catalog snapshot 2025-06-01 is 0 days old on 2025-06-01)', 'Catalog source: built-in catalog']
 */
export function catalogLines(catalog: NonNullable<PlanReport['catalog']>): string[] {
  return [
    `Catalog: snapshot ${catalog.snapshot}, plan priced at ${catalog.planDate} (${catalog.age})`,
    ...catalog.sources.map((source) => `Catalog source: ${source}`),
    ...catalog.userFiles.map((file) => `Your catalog file: ${file}`),
  ];
}

function markdownTable(columns: string[], rows: Cell[][]): string {
  const escapeCell = (cell: Cell) => (cell === null || cell === undefined ? '' : String(cell).replace(/\|/g, '\\|'));
  return [
    `| ${columns.join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(escapeCell).join(' | ')} |`),
  ].join('\n');
}

/** `numeric`: the index of the first right-aligned (numeric) column in the terminal view, or a flag per column. */
function table(style: Style, columns: string[], rows: Cell[][], numeric: number | boolean[] = columns.length): string {
  const rightAligned = Array.isArray(numeric) ? numeric : columns.map((_, index) => index >= numeric);
  return style === 'markdown' ? markdownTable(columns, rows) : renderTextTable(columns, rows, { rightAligned });
}

function reportTable(style: Style, model: ReportTable): string {
  return table(
    style,
    model.columns,
    model.rows.map((row) => row.cells),
    model.numeric,
  );
}

/** The headline: one line, or one bullet per workload. */
function headline(style: Style, text: string): string {
  const lines = text.split('\n');
  if (lines.length > 1) return bullets(lines);
  return style === 'markdown' ? `**${lines[0]}**` : lines[0];
}

function heading(style: Style, level: number, text: string): string {
  if (style === 'markdown') return `${'#'.repeat(level)} ${text}`;
  return level <= 2
    ? `${text}\n${'='.repeat(Math.min(text.length, 100))}`
    : `${text}\n${'-'.repeat(Math.min(text.length, 100))}`;
}

function bullets(items: string[]): string {
  return items.map((item) => `- ${item}`).join('\n');
}

function optionRows(options: ReportWorkloadOption[], horizonMonths: number): { columns: string[]; rows: Cell[][] } {
  return {
    columns: [
      'option',
      'eligible',
      'USD/month',
      'usage-based',
      'fixed',
      'one-off',
      'USD per 1M tokens (month 1)',
      `TCO ${horizonMonths} mo`,
      latencyColumn(options.map((option) => option.latency)),
    ],
    rows: options.map((option) => [
      option.label,
      option.eligible ? 'yes' : 'no',
      formatUsd(option.monthlyCostUsd),
      formatUsd(option.usageBasedMonthlyCostUsd),
      formatUsd(option.fixedMonthlyCostUsd),
      formatUsd(option.oneOffUsd),
      formatUsd(option.usdPerMillionTokens),
      formatUsd(option.tcoUsd),
      latencyCell(option.latency),
    ]),
  };
}

function componentRows(option: ReportWorkloadOption): { columns: string[]; rows: Cell[][] } {
  return {
    columns: ['component', 'kind', 'quantity', 'unit', 'unit price', 'USD/month', 'source (as of)'],
    rows: option.components.map((component) => [
      component.name,
      component.oneOffCostUsd !== undefined
        ? `one-off${component.repeatEveryMonths ? `, every ${component.repeatEveryMonths} mo` : ''}`
        : component.usageBased
          ? 'usage-based'
          : 'fixed',
      Number(component.quantity.toPrecision(4)).toLocaleString('en-US'),
      component.unit,
      formatUsd(component.unitPriceUsd),
      component.oneOffCostUsd !== undefined
        ? `${formatUsd(component.oneOffCostUsd)} once`
        : formatUsd(component.monthlyCostUsd),
      `${component.source.name} (${component.source.asOf})`,
    ]),
  };
}

function renderWorkload(
  style: Style,
  workload: ReportWorkload,
  horizonMonths: number,
  multiWorkload: boolean,
  uncertainty?: { caption: string; workload: ReportWorkloadUncertainty },
): string {
  const parts: string[] = [];
  const growth = workload.monthlyGrowthRate ? `, growing ${(workload.monthlyGrowthRate * 100).toFixed(1)}%/month` : '';
  parts.push(heading(style, 2, `Workload: ${workload.name}`));
  parts.push(
    `${formatCount(workload.tokensPerMonth)} tokens/month (${formatCount(workload.requestsPerMonth)} requests)${growth}`,
  );
  if (multiWorkload) parts.push(headline(style, workload.headline));
  const options = optionRows(workload.options, horizonMonths);
  parts.push(table(style, options.columns, options.rows, 2));
  if (uncertainty) parts.push(...uncertaintyParts(style, uncertainty.caption, uncertainty.workload, horizonMonths));
  const sizing = sizingTable(workload.options);
  if (sizing.rows.length > 0)
    parts.push(
      heading(style, 3, 'Sizing of the GPU options'),
      reportTable(style, sizing),
      buildPeriodNote(workload.buildPeriodMonths),
    );
  const chosen = workload.options.find((option) => option.id === workload.recommendation.optionId);
  parts.push(
    heading(
      style,
      3,
      answerHeading(workload.verdict.kind, `${workload.recommendation.option}${chosen ? ` — ${chosen.label}` : ''}`),
    ),
  );
  parts.push(bullets(workload.recommendation.reasons));
  if (chosen && chosen.notes.length > 0) parts.push(bullets(chosen.notes));
  for (const option of workload.options.filter((entry) => entry.alternatives.length > 0))
    parts.push(
      heading(style, 3, `Configurations considered: ${option.label}`),
      reportTable(style, alternativesTable(option, horizonMonths)),
    );
  parts.push(heading(style, 3, 'What would flip it'));
  const flips = workload.flip.map((point) => point.description);
  if (workload.cheapestChange)
    flips.push(
      `with growth, the cheapest option changes in month ${workload.cheapestChange.monthIndex + 1}: ${workload.cheapestChange.from} -> ${workload.cheapestChange.to}`,
    );
  const labelOf = (id: string) => workload.options.find((option) => option.id === id)?.label ?? id;
  const evens = workload.breakEven.filter((point) => point.monthIndex !== null);
  for (const point of evens)
    flips.push(
      `${labelOf(point.optionId)} breaks even against ${labelOf(point.againstOptionId)} in month ${(point.monthIndex ?? 0) + 1}`,
    );
  if (workload.breakEven.length > 0 && evens.length === 0)
    flips.push(
      `no GPU option breaks even against ${labelOf(workload.breakEven[0].againstOptionId)} within ${horizonMonths} months`,
    );
  parts.push(bullets(flips));
  parts.push(heading(style, 3, 'Rules of thumb (seed articles) vs the model'));
  const applying = workload.rulesOfThumb.filter((rule) => rule.applies);
  parts.push(
    applying.length === 0
      ? 'No rule of thumb applies.'
      : table(
          style,
          ['rule', 'points to', 'agrees', 'source'],
          applying.map((rule) => [rule.text, rule.verdict.join(' / '), rule.agrees ? 'yes' : 'NO', rule.source]),
        ),
  );
  if (chosen) {
    parts.push(heading(style, 3, `Cost components: ${chosen.label}`));
    const components = componentRows(chosen);
    parts.push(table(style, components.columns, components.rows));
  }
  if (workload.warnings.length > 0) parts.push(heading(style, 3, 'Warnings'), bullets(workload.warnings));
  if (workload.unansweredQuestions.length > 0)
    parts.push(heading(style, 3, 'Questions this profile leaves open'), bullets(workload.unansweredQuestions));
  return parts.join('\n\n');
}

/** The verdict on top: per workload what to do now, the savings, when it changes and what is ruled out. */
function verdictBlock(style: Style, report: PlanReport): string {
  const multi = report.workloads.length > 1;
  const blocks = report.workloads.map((workload) => {
    const sentences = describeWorkloadVerdict(workloadVerdict(workload, report.organization.horizonMonths));
    const now = style === 'markdown' ? `**${sentences.now}**` : sentences.now;
    const paragraph = [now, sentences.savings, sentences.changes].filter((part) => part !== null).join(' ');
    const lines = [multi ? `${workload.name}: ${paragraph}` : paragraph];
    if (sentences.ruledOut) lines.push(sentences.ruledOut);
    return lines;
  });
  if (!multi) return blocks[0].join('\n\n');
  return bullets(blocks.map((lines) => lines.join(' ')));
}

/** The portfolio placement (several workloads): where each sits and why, and the fleets it shares. */
function renderPlacement(style: Style, report: PlanReport): string {
  const placement = report.placement;
  const parts = [heading(style, 2, 'Portfolio placement'), placement.summary];
  parts.push(
    table(
      style,
      ['workload', 'placed on', 'why'],
      placement.workloads.map((entry) => [entry.workload, entry.label, entry.why]),
    ),
  );
  if (placement.fleets.length > 0)
    parts.push(
      table(
        style,
        ['fleet', 'workloads', 'GPUs (month 1)', 'peak diversity', 'USD/month'],
        placement.fleets.map((fleet) => [
          fleet.gpuId ? `${fleet.pool} on ${fleet.gpuId}` : `${fleet.pool} (separate fleets)`,
          fleet.workloads.join(', '),
          String(fleet.gpus),
          fleet.diversity.toFixed(2),
          formatUsd(fleet.monthlyCostUsd),
        ]),
        [false, false, true, true, true],
      ),
    );
  const shared = placement.parts;
  parts.push(
    `Shared once: team ${formatUsd(shared.teamTcoUsd)}, team growth ${formatUsd(shared.staffingIncrementTcoUsd)}, setup ${formatUsd(shared.setupTcoUsd)}, upgrades ${formatUsd(shared.upgradeTcoUsd)} over the horizon (stacks: ${placement.stacks.join(', ') || 'none'}; models: ${placement.models.join(', ') || 'none'}).`,
  );
  return parts.join('\n\n');
}

/** Renders the plan as a terminal report (`style: 'table'`) or Markdown. */
export function renderPlanText(report: PlanReport, style: Style): string {
  const organization = report.organization;
  const parts: string[] = [];
  const multiWorkload = report.workloads.length > 1;
  parts.push(heading(style, 1, report.title));
  parts.push(headline(style, report.headline));
  parts.push(verdictBlock(style, report));
  parts.push(
    `Horizon ${organization.horizonMonths} months · ML-ops capacity: ${organization.mlOpsCapacity} · region ${organization.region} · loaded engineer cost ${formatUsd(organization.engineerLoadedCostUsdPerYear)}/year`,
  );
  parts.push(
    heading(
      style,
      2,
      profileAnswerHeading(
        report.workloads,
        profileChoice(report, (kind) => kind),
      ),
    ),
  );
  if (report.feasible)
    parts.push(
      `${formatUsd(report.recommendation.monthlyCostUsd)}/month, ${formatUsd(report.recommendation.tcoUsd)} over ${organization.horizonMonths} months`,
    );
  parts.push(bullets(report.recommendation.reasons));
  if (multiWorkload) parts.push(renderPlacement(style, report));
  for (const workload of report.workloads)
    parts.push(
      renderWorkload(style, workload, organization.horizonMonths, multiWorkload, workloadUncertainty(report, workload)),
    );
  if (multiWorkload) {
    parts.push(heading(style, 2, 'All workloads, one option each (shared costs once)'));
    parts.push(
      table(
        style,
        ['option', 'eligible', 'USD/month', 'USD per 1M tokens (month 1)', `TCO ${organization.horizonMonths} mo`],
        report.options.map((option) => [
          option.label,
          option.eligible ? 'yes' : 'no',
          formatUsd(option.monthlyCostUsd),
          formatUsd(option.usdPerMillionTokens),
          formatUsd(option.tcoUsd),
        ]),
        2,
      ),
    );
  }
  parts.push(heading(style, 2, 'Sources'));
  if (report.catalog) parts.push(bullets(catalogLines(report.catalog)));
  parts.push(bullets(report.sources.map((source) => `${source.name} (as of ${source.asOf})`)));
  parts.push(heading(style, 2, 'Assumptions'));
  parts.push(bullets(report.assumptions));
  return `${parts.join('\n\n')}\n`;
}

// ---- Uncertainty (issue 14, part B) ----

function workloadUncertainty(
  report: PlanReport,
  workload: ReportWorkload,
): { caption: string; workload: ReportWorkloadUncertainty } | undefined {
  const found = report.uncertainty?.workloads.find((entry) => entry.name === workload.name);
  return report.uncertainty && found ? { caption: uncertaintyCaption(report.uncertainty), workload: found } : undefined;
}

/** "How sure": the line, P10/P50/P90 and P(cheapest) per option, then the tornado. */
function uncertaintyParts(
  style: Style,
  caption: string,
  workload: ReportWorkloadUncertainty,
  horizonMonths: number,
): string[] {
  const parts = [
    heading(style, 3, `How sure (Monte Carlo: ${caption})`),
    workload.howSure,
    reportTable(style, uncertaintyOptionsTable(workload, horizonMonths)),
  ];
  if (workload.sensitivity.length > 0)
    parts.push(
      heading(style, 3, 'What moves the decision (tornado)'),
      reportTable(style, tornadoTable(workload)),
      tornadoNote(workload),
    );
  return parts;
}
