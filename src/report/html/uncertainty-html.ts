/**
 * The HTML report's "How sure" section (issue 14, part B): the Monte Carlo line, P10/P50/P90
 * and P(cheapest) per option, the tornado chart and its table. Every string is escaped here.
 */
import type { PlanReport, ReportWorkload } from '../plan-report.ts';
import type { ReportTable } from '../plan-tables.ts';
import { tornadoNote, tornadoTable, uncertaintyCaption, uncertaintyOptionsTable } from '../plan-uncertainty.ts';
import { workloadUncertaintyOf } from './chart-uncertainty.ts';
import { escapeHtml } from './format.ts';

/** The table as HTML, without its unnamed columns (the text tornado's bars: the chart draws them here). */
function tableHtml(full: ReportTable, highlightId: string | null): string {
  const kept = full.columns.flatMap((column, index) => (column === '' ? [] : [index]));
  const model: ReportTable = {
    columns: kept.map((index) => full.columns[index]),
    numeric: kept.map((index) => full.numeric[index]),
    rows: full.rows.map((row) => ({ optionId: row.optionId, cells: kept.map((index) => row.cells[index]) })),
  };
  const head = model.columns
    .map((column, index) => `<th${model.numeric[index] ? ' class="num"' : ''}>${escapeHtml(column)}</th>`)
    .join('');
  const body = model.rows
    .map((row) => {
      const cells = row.cells
        .map((text, index) => `<td${model.numeric[index] ? ' class="num"' : ''}>${escapeHtml(text)}</td>`)
        .join('');
      return `<tr${row.optionId === highlightId ? ' class="chosen"' : ''}>${cells}</tr>`;
    })
    .join('\n');
  return `<table>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
}

/** The section after a newline, or '' when the report has no Monte Carlo for this workload. `tornadoFigure` is the rendered chart. */
export function uncertaintySectionHtml(report: PlanReport, workload: ReportWorkload, tornadoFigure: string): string {
  const uncertainty = workloadUncertaintyOf(report, workload);
  if (!report.uncertainty || !uncertainty) return '';
  const horizon = report.organization.horizonMonths;
  return `\n<section class="uncertainty">
<h3>How sure (Monte Carlo: ${escapeHtml(uncertaintyCaption(report.uncertainty))})</h3>
<p class="headline">${escapeHtml(uncertainty.howSure)}</p>
${tableHtml(uncertaintyOptionsTable(uncertainty, horizon), uncertainty.recommendedOptionId)}
${tornadoFigure}
${uncertainty.sensitivity.length > 0 ? `${tableHtml(tornadoTable(uncertainty), null)}\n<p class="small">${escapeHtml(tornadoNote(uncertainty))}</p>` : ''}
</section>`;
}
