/**
 * Two scenarios side by side: what changes from A to B (the plan diff: headline, the inputs
 * that differ, per-option TCO matched by kind and role), the recommendation, monthly cost
 * and TCO of each, and each scenario's cost-vs-volume and TCO charts on the same axes.
 */
import type { ValidationProblem } from '../../core/workload/parse.ts';
import { costVsVolumeChart, cumulativeTcoChart } from '../../report/html/chart-options.ts';
import { kindName } from '../../report/html/html-sections.ts';
import { withSharedAxes } from '../../report/html/chart-shared-axes.ts';
import { diffPlans, type PlanDiff } from '../../report/plan-diff.ts';
import { diffHeadline, inputValue, optionName, signedUsd } from '../../report/plan-diff-text.ts';
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
  /** Plausibility warnings of the last plan (probable typos), with field paths. */
  warnings?: Array<{ path: string; message: string }>;
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

/** Options matched by kind and role (the slot), never by an id that names the GPU or the offer. */
function differenceTable(diff: PlanDiff): HTMLElement {
  const rows = diff.workloads.flatMap((workload) =>
    workload.options.map((option) =>
      h(
        'tr',
        { 'data-slot': option.slot, class: option.status },
        h(
          'td',
          { 'data-label': 'option' },
          diff.workloads.length > 1 ? `${workload.name}: ` : '',
          optionName(option),
          option.beforeSizing !== option.afterSizing
            ? h('div', { class: 'small' }, `A: ${option.beforeSizing ?? '—'} · B: ${option.afterSizing ?? '—'}`)
            : null,
        ),
        h(
          'td',
          { class: 'num', 'data-label': 'TCO A' },
          option.tco.beforeUsd === null ? 'not in A' : formatUsd(option.tco.beforeUsd),
        ),
        h(
          'td',
          { class: 'num', 'data-label': 'TCO B' },
          option.tco.afterUsd === null ? 'not in B' : formatUsd(option.tco.afterUsd),
        ),
        h(
          'td',
          {
            class: `num ${option.tco.changeUsd === null ? '' : option.tco.changeUsd > 0 ? 'worse' : option.tco.changeUsd < 0 ? 'better' : ''}`,
            'data-label': 'B − A',
          },
          option.tco.changeUsd === null ? '' : signedUsd(option.tco),
        ),
      ),
    ),
  );
  return h(
    'table',
    { class: 'compare-table cards' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', {}, 'option'),
        h('th', { class: 'num' }, 'TCO A'),
        h('th', { class: 'num' }, 'TCO B'),
        h('th', { class: 'num' }, 'B − A'),
      ),
    ),
    h('tbody', {}, ...rows),
  );
}

/** The inputs that differ between the two scenarios, field by field. */
function inputsList(diff: PlanDiff): HTMLElement {
  if (diff.inputs.length === 0)
    return h('p', { class: 'meta', id: 'compare-inputs' }, 'The two scenarios have the same inputs.');
  return h(
    'ul',
    { id: 'compare-inputs', class: 'input-differences' },
    ...diff.inputs.map((input) =>
      h('li', {}, h('code', {}, input.path), `: ${inputValue(input.before)} → ${inputValue(input.after)}`),
    ),
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
  if (scenarios.A.report && scenarios.B.report) {
    const diff = diffPlans(
      { name: 'A', report: scenarios.A.report, profile: scenarios.A.input },
      { name: 'B', report: scenarios.B.report, profile: scenarios.B.input },
    );
    root.append(
      h(
        'section',
        { class: 'card', id: 'compare-summary' },
        h('h2', {}, 'What changes from A to B'),
        h('ul', { class: 'headline-change' }, ...diffHeadline(diff).map((line) => h('li', {}, line))),
        h('h3', {}, `Inputs that differ (${diff.inputs.length})`),
        inputsList(diff),
        h('h3', {}, 'TCO by option (matched by kind)'),
        h(
          'div',
          { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'table (scrolls sideways)' },
          differenceTable(diff),
        ),
      ),
    );
  }
  root.append(h('div', { class: 'compare-grid' }, ...columns.map((column) => column.element)));
  disposeDetached();
  // Both scenarios on the same axes, so the charts can be read against each other.
  const specs = columns.flatMap((column) => column.specs);
  const shared = withSharedAxes(specs.map((entry) => entry.spec));
  drawCharts(
    root,
    specs.map((entry, index) => ({ key: entry.key, spec: shared[index] })),
  );
}
