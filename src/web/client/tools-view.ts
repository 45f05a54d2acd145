/**
 * The Simulate and Capacity pages: the CLI's `simulate` (the current scenario's profile on
 * fleets you name, minute by minute) and `capacity` (what a model does on a GPU) through
 * POST /api/simulate and /api/capacity. Problems are shown next to the field they name.
 */
import type { EChartsOption } from 'echarts';
import type { Problem } from '../../core/problem.ts';
import type { ChartSpec } from '../../report/html/chart-base.ts';
import { baseOption, chartWidth, rightAxisStyle, xAxisStyle, yAxisStyle } from '../../report/html/chart-base.ts';
import { compactTokens, compactUsd, percent } from '../../report/html/format.ts';
import type { CatalogView } from '../catalog-view.ts';
import { api } from './api.ts';
import { chartCard, disposeDetached, drawCharts } from './charts.ts';
import { h } from './dom.ts';
import type { ProfileInput } from './form.ts';

interface ToolField {
  key: string;
  label: string;
  value: string;
  hint?: string;
  list?: string;
  numeric?: boolean;
  /** Problem paths that belong to this field (e.g. the CLI's `--fleet`). */
  paths?: string[];
}

function fieldElement(field: ToolField): HTMLElement {
  const id = `tool-${field.key}`;
  return h(
    'div',
    { class: 'field', 'data-tool-field': field.key },
    h('label', { for: id }, field.label),
    h('input', {
      id,
      name: field.key,
      type: 'text',
      value: field.value,
      inputmode: field.numeric ? 'decimal' : undefined,
      list: field.list,
      autocomplete: 'off',
      spellcheck: 'false',
    }),
    field.hint ? h('div', { class: 'hint' }, field.hint) : null,
    h('div', { class: 'error', 'aria-live': 'polite' }),
  );
}

/** Shows each problem next to the field whose key or path it names; the rest under the form. */
function showToolProblems(form: HTMLElement, fields: ToolField[], problems: ReadonlyArray<Problem>): void {
  for (const element of form.querySelectorAll('.field.invalid')) element.classList.remove('invalid');
  for (const element of form.querySelectorAll('.error')) element.textContent = '';
  for (const problem of problems) {
    const field = fields.find(
      (entry) => entry.key === problem.path || entry.paths?.some((path) => problem.path.startsWith(path)),
    );
    const target = field
      ? form.querySelector<HTMLElement>(`[data-tool-field="${field.key}"]`)
      : form.querySelector<HTMLElement>('.form-error');
    target?.classList.add('invalid');
    const error = field ? target?.querySelector('.error') : target;
    if (error)
      error.textContent = `${error.textContent ? `${error.textContent}; ` : ''}${field ? '' : `${problem.path}: `}${problem.message}`;
  }
}

function toolForm(title: string, intro: string, fields: ToolField[], action: string, id: string): HTMLFormElement {
  return h(
    'form',
    { class: 'card tool-form', id, novalidate: true },
    h('h2', {}, title),
    h('p', { class: 'meta' }, intro),
    h('div', { class: 'tool-fields' }, ...fields.map(fieldElement)),
    h('div', { class: 'error form-error' }),
    h('button', { class: 'button primary', type: 'submit' }, action),
  );
}

const fieldText = (form: HTMLElement, key: string) =>
  (form.querySelector<HTMLInputElement>(`[name="${key}"]`)?.value ?? '').trim();
const numberOrText = (text: string): number | string | undefined =>
  text === '' ? undefined : Number.isFinite(Number(text)) ? Number(text) : text;

function table(columns: string[], rows: string[][], numericFrom = 1): HTMLElement {
  return h(
    'div',
    { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'table (scrolls sideways)' },
    h(
      'table',
      { class: 'reflow' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          ...columns.map((column, index) => h('th', { class: index >= numericFrom ? 'num' : undefined }, column)),
        ),
      ),
      h(
        'tbody',
        {},
        ...rows.map((row) =>
          h(
            'tr',
            {},
            ...row.map((cell, index) =>
              h('td', { class: index >= numericFrom ? 'num' : undefined, 'data-label': columns[index] }, cell),
            ),
          ),
        ),
      ),
    ),
  );
}

interface SimulatedFleet {
  policy: string;
  description: string;
  meanUtilization: number;
  gpuHoursPaid: number;
  gpuHoursUsed: number;
  idleCostUsd: number;
  minutesOverCapacity: number;
  sloMissMinutes?: number;
  totalCostUsd?: number;
  gpuCostUsd?: number;
}

/** Renders the Simulate page into `root` (once); `profile` gives the scenario being edited. */
export function renderSimulate(root: HTMLElement, profile: () => ProfileInput): void {
  if (root.childElementCount > 0) return;
  const fields: ToolField[] = [
    {
      key: 'fleets',
      label: 'Fleets (comma-separated)',
      value: 'fixed:4, autoscale:1-8',
      hint: 'fixed:N, autoscale:MIN-MAX, spot:N or scheduled:HIGH/LOW, with options like ",delay=5"',
      paths: ['--fleet', 'fleets'],
    },
    { key: 'months', label: 'Months', value: '1', numeric: true, paths: ['--months'] },
    { key: 'seed', label: 'Seed', value: '1', numeric: true, paths: ['--seed'] },
  ];
  const form = toolForm(
    'Simulate the traffic on fleets you name',
    'Runs the profile you are editing (Plan tab) minute by minute on each fleet: utilization, idle cost, minutes over capacity. Same as `switchyard simulate`.',
    fields,
    'Simulate',
    'simulate-form',
  );
  const result = h('section', { class: 'card', id: 'simulate-result', 'aria-live': 'polite' });
  root.replaceChildren(form, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    // Commas also separate a fleet's options (",delay=5"): a new fleet starts at "kind:".
    const fleets = fieldText(form, 'fleets')
      .split(/,\s*(?=[a-z-]+:)/i)
      .map((entry) => entry.trim())
      .filter((entry) => entry !== '');
    const body = {
      profile: profile(),
      name: 'scenario',
      fleets,
      months: numberOrText(fieldText(form, 'months')),
      seed: numberOrText(fieldText(form, 'seed')),
    };
    result.replaceChildren(h('p', { class: 'meta' }, 'Simulating…'));
    const response = await api.simulate(body);
    showToolProblems(form, fields, response.ok ? [] : response.problems);
    if (!response.ok) {
      result.replaceChildren(h('p', { class: 'error' }, 'Fix the fields marked in red.'));
      return;
    }
    const report = response.report as { workload: string; fleets: SimulatedFleet[]; notes?: string[] };
    result.replaceChildren(
      h('h2', {}, `Workload: ${report.workload}`),
      table(
        [
          'fleet',
          'mean utilization',
          'GPU-hours paid',
          'GPU-hours used',
          'idle cost',
          'minutes over capacity',
          'total cost',
        ],
        report.fleets.map((fleet) => [
          fleet.description,
          percent(fleet.meanUtilization),
          Math.round(fleet.gpuHoursPaid).toLocaleString('en-US'),
          Math.round(fleet.gpuHoursUsed).toLocaleString('en-US'),
          compactUsd(fleet.idleCostUsd),
          Math.round(fleet.minutesOverCapacity).toLocaleString('en-US'),
          compactUsd(fleet.totalCostUsd ?? fleet.gpuCostUsd ?? 0),
        ]),
      ),
      ...(report.notes ?? []).map((note) => h('p', { class: 'small' }, note)),
    );
  });
}

interface CapacityResult {
  model: string;
  gpu: string;
  engine: string;
  fits: boolean;
  gpusPerReplica: number;
  precision: string;
  slo: { ttftP95Ms?: number };
  maxConcurrentSequences: number;
  operatingConcurrency: number;
  sloMet: boolean;
  ttftMs: number;
  tpotMs: number;
  tokensPerHourPerGpu: number;
  loadCurve: Array<{ concurrency: number; outputTokensPerSecond: number; ttftMs: number; tpotMs: number }>;
}

/** Throughput on the left axis; latency (TTFT, TPOT) on its own log axis on the right, with the SLO on it. */
function capacityLoadChart(result: CapacityResult): ChartSpec {
  const slo = result.slo.ttftP95Ms;
  const option: EChartsOption = {
    ...baseOption(),
    legend: { top: 0, left: 0, right: 0, type: 'scroll', textStyle: { fontSize: 11 } },
    grid: { left: 16, right: 16, top: 56, bottom: 44, containLabel: true },
    tooltip: {
      trigger: 'axis',
      valueFormatter: (value) =>
        typeof value === 'number' ? Math.round(value).toLocaleString('en-US') : String(value),
    },
    xAxis: {
      type: 'log',
      logBase: 2,
      name: 'concurrent requests per replica',
      nameLocation: 'middle',
      nameGap: 28,
      ...xAxisStyle,
    },
    yAxis: [
      { type: 'value', name: 'output tokens/s', ...yAxisStyle },
      { type: 'log', name: 'latency (ms)', ...rightAxisStyle, splitLine: { show: false } },
    ],
    series: [
      {
        type: 'line',
        name: 'output tokens/s per replica',
        yAxisIndex: 0,
        color: '#0d9488',
        data: result.loadCurve.map((point) => [point.concurrency, point.outputTokensPerSecond]),
      },
      {
        type: 'line',
        name: 'TTFT p95 ms',
        yAxisIndex: 1,
        color: '#ea580c',
        data: result.loadCurve.map((point) => [point.concurrency, point.ttftMs]),
        markLine:
          slo !== undefined
            ? {
                symbol: 'none',
                silent: true,
                lineStyle: { color: '#dc2626', width: 1.5 },
                label: { formatter: `TTFT SLO ${slo} ms`, color: '#b91c1c', position: 'insideEndTop' },
                data: [{ yAxis: slo }],
              }
            : undefined,
      },
      {
        type: 'line',
        name: 'TPOT p95 ms',
        yAxisIndex: 1,
        color: '#7c3aed',
        lineStyle: { type: 'dashed' },
        data: result.loadCurve.map((point) => [point.concurrency, point.tpotMs]),
      },
    ],
  };
  return {
    id: 'capacity',
    title: 'Throughput and latency vs concurrency',
    caption: `Throughput (left axis) rises with concurrent requests until the GPU saturates; latency (right axis, log scale) then climbs.${slo !== undefined ? ` Red line: the ${slo} ms TTFT SLO on the latency axis.` : ''}`,
    option,
    unavailable: null,
    width: chartWidth,
    height: 360,
  };
}

/** Renders the Capacity page into `root`. */
export function renderCapacity(root: HTMLElement, catalog: CatalogView): void {
  const fields: ToolField[] = [
    { key: 'model', label: 'Open model', value: catalog.openModels[0]?.id ?? 'llama-3.1-70b', list: 'list-openModels' },
    { key: 'gpu', label: 'GPU', value: 'h100-sxm', list: 'list-gpu' },
    { key: 'engine', label: 'Engine', value: 'vllm', list: 'list-engine' },
    { key: 'precision', label: 'Precision (optional)', value: '' },
    { key: 'inputTokens', label: 'Input tokens per request', value: '1000', numeric: true },
    { key: 'outputTokens', label: 'Output tokens per request', value: '200', numeric: true },
    { key: 'ttftP95Ms', label: 'TTFT p95 SLO (ms, optional)', value: '500', numeric: true },
  ];
  const form = toolForm(
    'What a model does on a GPU',
    'Memory fit, throughput and latency at load from the capacity model. Same as `switchyard capacity`.',
    fields,
    'Estimate',
    'capacity-form',
  );
  const result = h('section', { class: 'card', id: 'capacity-result', 'aria-live': 'polite' });
  root.replaceChildren(form, result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body: Record<string, unknown> = {};
    for (const field of fields) {
      const text = fieldText(form, field.key);
      if (text === '') continue;
      body[field.key] = field.numeric ? numberOrText(text) : text;
    }
    result.replaceChildren(h('p', { class: 'meta' }, 'Estimating…'));
    const response = await api.capacity(body);
    showToolProblems(form, fields, response.ok ? [] : response.problems);
    if (!response.ok) {
      result.replaceChildren(h('p', { class: 'error' }, 'Fix the fields marked in red.'));
      return;
    }
    const report = response.report as CapacityResult;
    const spec = capacityLoadChart(report);
    result.replaceChildren(
      h(
        'h2',
        {},
        `${report.model} on ${report.gpusPerReplica} x ${report.gpu} (${report.precision}, ${report.engine})`,
      ),
      h(
        'p',
        { class: 'verdict-now', id: 'capacity-summary' },
        report.fits
          ? `${compactTokens(report.tokensPerHourPerGpu)} tokens/hour per GPU at ${report.operatingConcurrency} concurrent requests: TTFT p95 ${Math.round(report.ttftMs)} ms, TPOT p95 ${Math.round(report.tpotMs)} ms${report.slo.ttftP95Ms !== undefined ? (report.sloMet ? ', meets the SLO' : ', misses the SLO') : ''}.`
          : 'The model does not fit on this GPU at this precision.',
      ),
      chartCard(spec, 'capacity-tool'),
      table(
        ['concurrent requests', 'output tokens/s', 'TTFT p95 ms', 'TPOT p95 ms'],
        report.loadCurve.map((point) => [
          String(point.concurrency),
          Math.round(point.outputTokensPerSecond).toLocaleString('en-US'),
          Math.round(point.ttftMs).toLocaleString('en-US'),
          Math.round(point.tpotMs).toLocaleString('en-US'),
        ]),
        0,
      ),
    );
    disposeDetached();
    drawCharts(result, [{ key: 'capacity-tool', spec }]);
  });
}
