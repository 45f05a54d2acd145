/**
 * The plan diff as one self-contained HTML page (`switchyard diff --format html`): the
 * headline change, the inputs that differ, then per workload the options side by side and
 * the components of each changed option. Same sections as the terminal and Markdown diff.
 */
import type { PlanDiff, WorkloadDiff } from '../plan-diff.ts';
import { componentName, diffHeadline, inputValue, optionName, signedUsd } from '../plan-diff-text.ts';
import { formatUsd } from '../text-table.ts';
import { escapeHtml } from './format.ts';
import { htmlPage } from './html-page.ts';

const usdOrDash = (value: number | null) => (value === null ? '—' : formatUsd(value));
const changeClass = (value: number | null) => (value === null || value === 0 ? '' : value > 0 ? ' worse' : ' better');
const num = (text: string, className = '') => `<td class="num${className}">${escapeHtml(text)}</td>`;

function workloadSection(workload: WorkloadDiff, horizonMonths: number): string {
  const recommendation = workload.recommendation;
  const rows = workload.options
    .map(
      (option) =>
        `<tr class="${option.status}"><td>${escapeHtml(optionName(option))}${option.beforeSizing !== option.afterSizing ? `<div class="small">${escapeHtml(`${option.beforeSizing ?? '—'} -> ${option.afterSizing ?? '—'}`)}</div>` : ''}</td><td>${escapeHtml(option.status)}</td>${num(usdOrDash(option.monthly.beforeUsd))}${num(usdOrDash(option.monthly.afterUsd))}${num(signedUsd(option.monthly), changeClass(option.monthly.changeUsd))}${num(usdOrDash(option.tco.beforeUsd))}${num(usdOrDash(option.tco.afterUsd))}${num(signedUsd(option.tco), changeClass(option.tco.changeUsd))}</tr>`,
    )
    .join('\n');
  const components = workload.options
    .filter((option) => option.components.length > 0)
    .map(
      (option) =>
        `<h3>Components: ${escapeHtml(optionName(option))}</h3>\n<div class="table-scroll" tabindex="0" role="region" aria-label="table (scrolls sideways)"><table><thead><tr><th>component</th><th class="num">before</th><th class="num">after</th><th class="num">change</th></tr></thead><tbody>${option.components
          .map(
            (component) =>
              `<tr><td>${escapeHtml(componentName(component))}${component.oneOff ? ' (one-off)' : ''}</td>${num(usdOrDash(component.monthly.beforeUsd))}${num(usdOrDash(component.monthly.afterUsd))}${num(signedUsd(component.monthly), changeClass(component.monthly.changeUsd))}</tr>`,
          )
          .join('')}</tbody></table></div>`,
    )
    .join('\n');
  return `<section class="workload-diff">
<h2>Workload: ${escapeHtml(workload.name)}</h2>
<p>${escapeHtml(
    recommendation.changed
      ? `Recommended: ${recommendation.before?.label ?? '—'} -> ${recommendation.after?.label ?? '—'}`
      : `Recommended (unchanged): ${recommendation.after?.label ?? '—'}`,
  )}</p>
<div class="table-scroll" tabindex="0" role="region" aria-label="table (scrolls sideways)"><table>
<thead><tr><th>option</th><th>status</th><th class="num">$/month before</th><th class="num">after</th><th class="num">change</th><th class="num">TCO ${horizonMonths} mo before</th><th class="num">after</th><th class="num">change</th></tr></thead>
<tbody>
${rows}
</tbody>
</table></div>
${components}
</section>`;
}

/** Renders the plan diff as one self-contained HTML page. Pure. */
export function renderPlanDiffHtml(diff: PlanDiff): string {
  const [first, ...rest] = diffHeadline(diff);
  const inputs =
    diff.inputs.length === 0
      ? '<p>None: the two plans have the same inputs.</p>'
      : `<div class="table-scroll" tabindex="0" role="region" aria-label="table (scrolls sideways)"><table><thead><tr><th>input</th><th>before</th><th>after</th></tr></thead><tbody>${diff.inputs
          .map(
            (input) =>
              `<tr><td><code>${escapeHtml(input.path)}</code></td><td>${escapeHtml(inputValue(input.before))}</td><td>${escapeHtml(inputValue(input.after))}</td></tr>`,
          )
          .join('')}</tbody></table></div>`;
  const title = `Switchyard plan diff: ${diff.before.name} -> ${diff.after.name}`;
  return htmlPage(
    title,
    `
td.worse { color: var(--bad); } td.better { color: var(--good); }
tr.unchanged td { color: var(--muted); }
`,
    `<h1>${escapeHtml(title)}</h1>
<section class="hero" id="diff-headline">
<p class="headline">${escapeHtml(first)}</p>
<ul>${rest.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>
</section>
<h2>Inputs that differ (${diff.inputs.length})</h2>
${inputs}
${diff.workloads.map((workload) => workloadSection(workload, diff.after.horizonMonths)).join('\n')}`,
  );
}
