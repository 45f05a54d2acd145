/** The gateway view: what the request log says (by route, provider, feature, over time, recent attempts) and the routing in force. */
import { compactTokens, compactUsd } from '../../report/html/format.ts';
import type { GatewayGroupStats, GatewaySummary } from '../gateway-stats.ts';
import { api } from './api.ts';
import { chartCard, disposeDetached, drawCharts } from './charts.ts';
import { h } from './dom.ts';
import { costChart, trafficChart } from './gateway-charts.ts';
import { renderPlanVsActual } from './plan-vs-actual-panel.ts';
import { renderRoutingPanel } from './routing-panel.ts';

const ms = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${Math.round(value).toLocaleString('en-US')}`;

function statsTable(title: string, groups: GatewayGroupStats[]): HTMLElement {
  const columns = [
    title,
    'requests',
    'attempts',
    'failed',
    'input tokens',
    'output tokens',
    'cost',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'TTFT p95 ms',
  ];
  const rows = groups.map((group) =>
    h(
      'tr',
      {},
      h('td', {}, group.key),
      ...[
        group.requests.toLocaleString('en-US'),
        group.attempts.toLocaleString('en-US'),
        group.failedAttempts.toLocaleString('en-US'),
        compactTokens(group.inputTokens),
        compactTokens(group.outputTokens),
        compactUsd(group.costUsd) + (group.unpricedAttempts > 0 ? ` + ${group.unpricedAttempts} unpriced` : ''),
        ms(group.totalLatency?.p50Ms),
        ms(group.totalLatency?.p95Ms),
        ms(group.totalLatency?.p99Ms),
        ms(group.ttft?.p95Ms),
      ].map((text) => h('td', { class: 'num' }, text)),
    ),
  );
  return h(
    'section',
    { class: 'card' },
    h('h3', {}, `By ${title}`),
    h(
      'div',
      { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'table (scrolls sideways)' },
      h(
        'table',
        { class: 'stats-table', 'data-group-by': title },
        h(
          'thead',
          {},
          h('tr', {}, ...columns.map((column, index) => h('th', { class: index > 0 ? 'num' : undefined }, column))),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
  );
}

function recentTable(summary: GatewaySummary): HTMLElement {
  const columns = [
    'time (UTC)',
    'route',
    'v',
    'feature',
    'provider',
    'model',
    '#',
    'outcome',
    'status',
    'in',
    'out',
    'TTFT ms',
    'total ms',
    'cost',
    'error',
  ];
  const rows = summary.recent.map((row, index) =>
    h(
      'tr',
      {
        class: `request-row${row.outcome === 'success' ? '' : ' failed'}`,
        tabindex: 0,
        'data-index': index,
        'aria-label': `attempt ${row.id}: show details`,
      },
      ...[
        row.time.replace('T', ' ').slice(0, 19),
        row.route,
        String(row.routingVersion),
        row.feature ?? '—',
        row.provider,
        row.model,
        String(row.attempt),
        row.outcome,
        row.status === null ? '—' : String(row.status),
        row.inputTokens === null ? '—' : String(row.inputTokens),
        row.outputTokens === null ? '—' : String(row.outputTokens),
        ms(row.ttftMs),
        ms(row.totalMs),
        row.costUsd === null ? 'depends on usage' : `$${row.costUsd.toFixed(5)}`,
        row.errorClass ?? '',
      ].map((text) => h('td', {}, text)),
    ),
  );
  return h(
    'section',
    { class: 'card' },
    h('h3', {}, `Recent attempts (newest first, ${summary.recent.length})`),
    h(
      'div',
      { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'table (scrolls sideways)' },
      h(
        'table',
        { class: 'recent-table', id: 'recent-requests' },
        h('thead', {}, h('tr', {}, ...columns.map((column) => h('th', {}, column)))),
        h('tbody', {}, ...rows),
      ),
    ),
  );
}

function card(label: string, value: string): HTMLElement {
  return h('div', { class: 'stat' }, h('div', { class: 'value' }, value), h('div', { class: 'what' }, label));
}

/** Every field of one logged attempt (prompts are never sent to the page). */
function requestDetail(row: GatewaySummary['recent'][number]): HTMLElement {
  const entries = Object.entries(row).map(([key, value]) => [key, value === null ? '—' : String(value)] as const);
  return h(
    'section',
    { class: 'card request-detail', id: 'request-detail', 'aria-live': 'polite' },
    h('h3', {}, `Attempt ${row.id}`),
    h('dl', {}, ...entries.flatMap(([key, value]) => [h('dt', {}, key), h('dd', {}, value)])),
  );
}

const filterKeys = ['route', 'provider', 'feature', 'key', 'status', 'since', 'until'] as const;
type GatewayFilter = Partial<Record<(typeof filterKeys)[number], string>>;

/** Renders the gateway view into `root` (re-reads the log on every call), filtered by `filter`. */
export async function renderGateway(root: HTMLElement, window = 'all', filter: GatewayFilter = {}): Promise<void> {
  const select = h(
    'select',
    { id: 'gateway-window' },
    ...['1h', '24h', '7d', '30d', 'all'].map((value) =>
      h('option', { value, selected: value === window }, value === 'all' ? 'whole log' : `last ${value}`),
    ),
  );
  const refresh = h('button', { class: 'button small', type: 'button' }, 'Refresh');
  const current = (): GatewayFilter =>
    Object.fromEntries(
      filterKeys.map((key) => [
        key,
        root.querySelector<HTMLInputElement | HTMLSelectElement>(`[data-filter="${key}"]`)?.value ?? '',
      ]),
    );
  select.addEventListener('change', () => void renderGateway(root, select.value, current()));
  refresh.addEventListener('click', () => void renderGateway(root, select.value, current()));
  const routing = h('section', { class: 'card routing-panel', id: 'routing-panel' });
  const planVsActual = h('section', { class: 'card', id: 'plan-vs-actual' });
  const toolbar = h('div', { class: 'gateway-toolbar' }, h('label', {}, 'Window ', select), refresh);
  const result = await api.gatewaySummary(window, filter as Record<string, string>);
  if (!result.ok) {
    root.replaceChildren(
      toolbar,
      h(
        'div',
        { class: 'card notice error', id: 'gateway-error' },
        h('h2', {}, 'Request log unavailable'),
        h('p', {}, result.error),
      ),
      routing,
    );
    disposeDetached();
    void renderRoutingPanel(routing);
    return;
  }
  const summary = result.summary;
  const totals = summary.totals;
  const menu = (key: (typeof filterKeys)[number], label: string, values: string[]) => {
    const control = h(
      'select',
      { 'data-filter': key, id: `gateway-filter-${key}` },
      h('option', { value: '' }, 'all'),
      ...values.map((value) => h('option', { value, selected: filter[key] === value }, value)),
    );
    control.addEventListener('change', () => void renderGateway(root, select.value, current()));
    return h('label', { for: `gateway-filter-${key}` }, `${label} `, control);
  };
  const timeInput = (key: 'since' | 'until', label: string) => {
    const control = h('input', {
      'data-filter': key,
      id: `gateway-filter-${key}`,
      type: 'text',
      placeholder: 'YYYY-MM-DDTHH:MM',
      value: filter[key] ?? '',
      size: 16,
    });
    control.addEventListener('change', () => void renderGateway(root, select.value, current()));
    return h('label', { for: `gateway-filter-${key}` }, `${label} `, control);
  };
  const filters = h(
    'div',
    { class: 'gateway-toolbar gateway-filters', role: 'group', 'aria-label': 'Filter the request log' },
    menu('route', 'Route', result.choices.routes),
    menu('provider', 'Provider', result.choices.providers),
    menu('feature', 'Feature', result.choices.features),
    menu('key', 'Key', result.choices.keyIds),
    menu('status', 'Status', result.choices.statuses),
    timeInput('since', 'From'),
    timeInput('until', 'To'),
  );
  toolbar.append(
    h(
      'span',
      { class: 'meta' },
      `${result.dbPath}: ${summary.rowCount.toLocaleString('en-US')} attempts${summary.firstTimeIso ? `, ${summary.firstTimeIso.slice(0, 16).replace('T', ' ')} to ${summary.lastTimeIso?.slice(0, 16).replace('T', ' ')} UTC` : ''}`,
    ),
  );
  const specs = [trafficChart(summary), costChart(summary)].map((spec, index) => ({ key: `gateway-${index}`, spec }));
  const unpricedNote =
    totals.unpricedAttempts > 0
      ? h(
          'p',
          { class: 'meta' },
          `* ${totals.unpricedAttempts} attempts went to targets with no known price: their cost depends on usage and is not included.`,
        )
      : h('span');
  const detailHost = h('div', { id: 'request-detail-host' });
  root.replaceChildren(
    toolbar,
    filters,
    h(
      'div',
      { class: 'stats', id: 'gateway-totals' },
      card('requests', totals.requests.toLocaleString('en-US')),
      card('tokens (in + out)', compactTokens(totals.inputTokens + totals.outputTokens)),
      card('cost', compactUsd(totals.costUsd) + (totals.unpricedAttempts > 0 ? '*' : '')),
      card(
        'p50 / p95 / p99 ms',
        `${ms(totals.totalLatency?.p50Ms)} / ${ms(totals.totalLatency?.p95Ms)} / ${ms(totals.totalLatency?.p99Ms)}`,
      ),
      card('failed attempts', totals.failedAttempts.toLocaleString('en-US')),
      card('routing version (log)', summary.latestRoutingVersion === null ? '—' : String(summary.latestRoutingVersion)),
    ),
    unpricedNote,
    h('div', { class: 'charts two' }, ...specs.map(({ key, spec }) => chartCard(spec, key))),
    statsTable('route', summary.byRoute),
    statsTable('provider', summary.byProvider),
    statsTable('feature', summary.byFeature),
    statsTable('key', summary.byKey),
    h(
      'section',
      { class: 'card' },
      h('h3', {}, 'Routing versions seen in the log'),
      h(
        'ul',
        {},
        ...summary.routingVersions.map((version) =>
          h(
            'li',
            {},
            `version ${version.version}: ${version.attempts} attempts, ${version.firstTimeIso.slice(0, 19).replace('T', ' ')} to ${version.lastTimeIso.slice(0, 19).replace('T', ' ')}`,
          ),
        ),
      ),
    ),
    routing,
    planVsActual,
    recentTable(summary),
    detailHost,
  );
  const showDetail = (element: HTMLElement) => {
    const row = summary.recent[Number(element.dataset.index)];
    if (!row) return;
    for (const selected of root.querySelectorAll('tr.request-row.selected')) selected.classList.remove('selected');
    element.classList.add('selected');
    detailHost.replaceChildren(requestDetail(row));
  };
  for (const element of root.querySelectorAll<HTMLElement>('tr.request-row')) {
    element.addEventListener('click', () => showDetail(element));
    element.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        showDetail(element);
      }
    });
  }
  disposeDetached();
  drawCharts(root, specs);
  void renderRoutingPanel(routing);
  void renderPlanVsActual(planVsActual);
}
