/**
 * The HTML plan report: ONE self-contained file (inline CSS, charts as inline SVG rendered
 * on the server with ECharts), no scripts, no fonts or images from the network, readable
 * when mailed and printable. Same sections as the table and Markdown renderers.
 */
import type { PlanReport, ReportWorkload } from '../plan-report.ts';
import { catalogLines } from '../plan-text.ts';
import { formatUsd } from '../text-table.ts';
import { workloadCharts } from './chart-options.ts';
import { escapeHtml } from './format.ts';
import {
  alternativesSections,
  chartFigure,
  componentsTable,
  flipSection,
  headlineLines,
  list,
  notesSection,
  optionsTable,
  portfolioTable,
  placementSection,
  recommendationHero,
  rulesSection,
  sizingSection,
  volumeLine,
  workloadAnswerHeading,
  yearlyTotalsTable,
} from './html-sections.ts';
import { renderChartSvg } from './render-svg.ts';
import { htmlPage } from './html-page.ts';
import { uncertaintySectionHtml } from './uncertainty-html.ts';

function workloadSection(report: PlanReport, workload: ReportWorkload, workloadIndex: number): string {
  const horizon = report.organization.horizonMonths;
  const chosen = workload.options.find((option) => option.id === workload.recommendation.optionId);
  const charts = workloadCharts(report, workload).map((chart) =>
    chartFigure(chart, renderChartSvg(chart, `w${workloadIndex}-${chart.id}`)),
  );
  const [costVsVolume, cumulativeTco, breakdown, utilization, capacity, tornado] = charts;
  return `<section class="workload" id="workload-${workloadIndex}">
<h2>Workload: ${escapeHtml(workload.name)}</h2>
<p class="meta">${escapeHtml(volumeLine(workload))}</p>
${report.workloads.length > 1 ? headlineLines(workload.headline) : ''}
<h3>${escapeHtml(workloadAnswerHeading(workload))}</h3>
${report.workloads.length > 1 ? list(workload.recommendation.reasons) : ''}
${chosen && chosen.notes.length > 0 ? list(chosen.notes, 'small') : ''}
${optionsTable(workload, horizon)}${uncertaintySectionHtml(report, workload, tornado ?? '')}
${sizingSection(workload)}
${alternativesSections(workload, horizon)}
${costVsVolume}
${cumulativeTco}
${flipSection(workload)}
${breakdown}
${rulesSection(workload)}
${chosen ? componentsTable(chosen) : ''}
${notesSection(workload)}
${capacity}
${utilization}
</section>`;
}

/** A CSS string literal (for the printed page footer). */
function cssString(text: string): string {
  return `"${text.replace(/[\\"]/g, (character) => `\\${character}`).replace(/[<>\n]/g, ' ')}"`;
}

/**
 * The printed page's running footer: profile name and date on every page (left), page N of
 * M (right), with CSS page margin boxes (Chromium 131+ prints them; other browsers print
 * the report without the footer).
 */
function printFooterCss(report: PlanReport, generatedOn: string | undefined): string {
  const newest = report.sources
    .map((source) => source.asOf)
    .sort()
    .at(-1);
  const date = generatedOn ? `generated ${generatedOn}` : newest ? `prices as of ${newest}` : '';
  const left = [`Switchyard plan: ${report.organization.name}`, date].filter((part) => part !== '').join(' · ');
  return `@media print { @page { @bottom-left { content: ${cssString(left)}; font: 8pt system-ui, sans-serif; color: #475569; } @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt system-ui, sans-serif; color: #475569; } } }`;
}

/** The executive summary (the printed first page): verdict, savings, per-year totals and the TCO chart. */
function executiveSummary(report: PlanReport): string {
  const organization = report.organization;
  const first = report.workloads[0];
  const tco = workloadCharts(report, first).find((chart) => chart.id === 'cumulative-tco');
  return `<section class="executive-summary" id="summary">
<h1>${escapeHtml(report.title)}</h1>
<p class="meta">Horizon ${organization.horizonMonths} months · ML-ops capacity: ${escapeHtml(organization.mlOpsCapacity)} · region ${escapeHtml(organization.region)} · loaded engineer cost ${escapeHtml(formatUsd(organization.engineerLoadedCostUsdPerYear))}/year</p>
${recommendationHero(report)}
${report.workloads.map((workload) => yearlyTotalsTable(report, workload)).join('\n')}
${tco ? chartFigure(tco, renderChartSvg(tco, 'summary-cumulative-tco')).replace('id="chart-', 'id="summary-chart-') : ''}
</section>`;
}

/**
 * Renders the plan report as one self-contained HTML page. Pure: the same report (and
 * `generatedOn`, the date printed in the page footer) gives the same bytes.
 */
export function renderHtmlReport(report: PlanReport, options: { generatedOn?: string } = {}): string {
  const organization = report.organization;
  const body = [
    executiveSummary(report),
    report.workloads.length > 1 ? placementSection(report) : '',
    ...report.workloads.map((workload, index) => workloadSection(report, workload, index)),
    report.workloads.length > 1 ? portfolioTable(report.options, organization.horizonMonths) : '',
    `<section id="sources"><h2>Sources</h2>\n${report.catalog ? list(catalogLines(report.catalog)) : ''}${list(report.sources.map((source) => `${source.name} (as of ${source.asOf})`))}</section>`,
    `<section id="assumptions"><h2>Assumptions</h2>\n${list(report.assumptions)}</section>`,
    `<footer>Generated by Switchyard from report schema ${escapeHtml(report.report)} v${report.schemaVersion}. Prices carry the as-of date of their source; re-run <code>switchyard plan PROFILE --format html</code> to refresh.</footer>`,
  ]
    .filter((part) => part !== '')
    .join('\n');
  return htmlPage(report.title, printFooterCss(report, options.generatedOn), body);
}
