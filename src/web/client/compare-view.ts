/**
 * Two scenarios side by side: the recommendation, monthly cost and TCO of each, per-option
 * TCO differences, and each scenario's cost-vs-volume and TCO charts.
 */
import type { ValidationProblem } from '../../core/workload/parse.ts';
import { costVsVolumeChart, cumulativeTcoChart } from '../../report/html/chart-options.ts';
import { kindName } from '../../report/html/html-sections.ts';
import type { PlanReport } from '../../report/plan-report.ts';
import { formatUsd } from '../../report/text-table.ts';
import { chartCard, disposeDetached, drawCharts } from './charts.ts';
import { h } from './dom.ts';
import type { ProfileInput } from './form.ts';

export interface Scenario {
  label: 'A' | 'B';
  input: ProfileInput;
  report: PlanReport | null;
  problems: ValidationProblem[];
}

function scenarioColumn(scenario: Scenario): {
  element: HTMLElement;
  specs: Array<{ key: string; spec: ReturnType<typeof costVsVolumeChart> }>;
} {
  const report = scenario.report;
  if (!report)
    return {
      element: h(
        'div',
        { class: 'card compare-column' },
        h('h2', {}, `Scenario ${scenario.label}`),
        h('p', { class: 'unavailable' }, 'No valid plan yet: fix the fields marked in the form.'),
      ),
      specs: [],
    };
  const workload = report.workloads[0];
  const specs = [costVsVolumeChart(report, workload), cumulativeTcoChart(report, workload)].map((spec) => ({
    key: `compare-${scenario.label}-${spec.id}`,
    spec,
  }));
  const element = h(
    'div',
    { class: 'card compare-column', 'data-scenario': scenario.label },
    h('h2', {}, `Scenario ${scenario.label}`),
    h('div', { class: 'compare-choice' }, kindName(report.recommendation.option)),
    h(
      'div',
      { class: 'figures' },
      h(
        'div',
        { class: 'figure' },
        h('div', { class: 'value' }, formatUsd(report.recommendation.monthlyCostUsd)),
        h('div', { class: 'what' }, 'per month'),
      ),
      h(
        'div',
        { class: 'figure' },
        h('div', { class: 'value' }, formatUsd(report.recommendation.tcoUsd)),
        h('div', { class: 'what' }, `TCO ${report.organization.horizonMonths} months`),
      ),
    ),
    h('ul', {}, ...report.recommendation.reasons.map((reason) => h('li', {}, reason))),
    h('p', { class: 'meta' }, `Charts for workload ${workload.name}`),
    ...specs.map(({ key, spec }) => chartCard(spec, key)),
  );
  return { element, specs };
}

function differenceTable(first: PlanReport, second: PlanReport): HTMLElement {
  const rows = first.options.map((option) => {
    const other = second.options.find((candidate) => candidate.id === option.id);
    const difference = other ? other.tcoUsd - option.tcoUsd : null;
    return h(
      'tr',
      {},
      h('td', {}, option.label),
      h('td', { class: 'num' }, formatUsd(option.tcoUsd)),
      h('td', { class: 'num' }, other ? formatUsd(other.tcoUsd) : 'not in B'),
      h(
        'td',
        { class: `num ${difference === null ? '' : difference > 0 ? 'worse' : difference < 0 ? 'better' : ''}` },
        difference === null ? '' : `${difference > 0 ? '+' : ''}${formatUsd(difference)}`,
      ),
    );
  });
  return h(
    'table',
    { class: 'compare-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'option'),
        h('th', { class: 'num' }, `TCO A`),
        h('th', { class: 'num' }, `TCO B`),
        h('th', { class: 'num' }, 'B − A'),
      ),
    ),
    h('tbody', {}, ...rows),
  );
}

/** Renders the comparison into `root`; `createB` copies scenario A into B. */
export function renderCompare(
  root: HTMLElement,
  scenarios: { A: Scenario; B: Scenario | null },
  actions: { createB(): void; edit(label: 'A' | 'B'): void },
): void {
  root.replaceChildren();
  if (!scenarios.B) {
    const create = h('button', { class: 'button primary', type: 'button', id: 'create-b' }, 'Create scenario B from A');
    create.addEventListener('click', actions.createB);
    root.append(
      h(
        'div',
        { class: 'card empty' },
        h('h2', {}, 'Compare two scenarios'),
        h(
          'p',
          {},
          'Copy the current profile into scenario B, change what you want to test (volume, GPU, staffing, growth…) and see both plans side by side.',
        ),
        create,
      ),
    );
    disposeDetached();
    return;
  }
  const columns = [scenarioColumn(scenarios.A), scenarioColumn(scenarios.B)];
  const editButtons = (['A', 'B'] as const).map((label) => {
    const button = h('button', { class: 'button small', type: 'button' }, `Edit scenario ${label}`);
    button.addEventListener('click', () => actions.edit(label));
    return button;
  });
  root.append(h('div', { class: 'compare-actions' }, ...editButtons));
  if (scenarios.A.report && scenarios.B.report)
    root.append(
      h(
        'section',
        { class: 'card' },
        h('h2', {}, 'TCO by option'),
        differenceTable(scenarios.A.report, scenarios.B.report),
      ),
    );
  root.append(h('div', { class: 'compare-grid' }, ...columns.map((column) => column.element)));
  disposeDetached();
  drawCharts(
    root,
    columns.flatMap((column) => column.specs),
  );
}
