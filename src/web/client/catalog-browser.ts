/** The catalog browser: API and hosted-open prices, GPU rental offers, GPU specs and open models, each with source and date. */
import type { CatalogView } from '../catalog-view.ts';
import { h } from './dom.ts';

type Cell = string | number | null;

function table(title: string, note: string, columns: string[], rows: Cell[][], numeric: boolean[]): HTMLElement {
  const body = rows.map((row) =>
    h(
      'tr',
      {},
      ...row.map((cell, index) =>
        h('td', { class: numeric[index] ? 'num' : undefined }, cell === null ? '—' : String(cell)),
      ),
    ),
  );
  return h(
    'section',
    { class: 'card catalog-section' },
    h('h2', {}, title, h('span', { class: 'count' }, ` ${rows.length}`)),
    note ? h('p', { class: 'meta' }, note) : null,
    h(
      'div',
      { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': 'table (scrolls sideways)' },
      h(
        'table',
        { class: 'catalog-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...columns.map((column, index) => h('th', { class: numeric[index] ? 'num' : undefined }, column)),
          ),
        ),
        h('tbody', {}, ...body),
      ),
    ),
  );
}

const range = (value: { low: number; high: number } | undefined) => (value ? `${value.low}–${value.high}` : '—');

/** Renders the catalog with a filter box that hides rows not containing the text. */
export function renderCatalog(root: HTMLElement, catalog: CatalogView): void {
  const filter = h('input', {
    type: 'search',
    placeholder: 'Filter: model, GPU, provider, source…',
    class: 'filter',
    id: 'catalog-filter',
  });
  const sections = [
    table(
      'Per-token prices (frontier APIs and hosted open models)',
      'USD per million tokens; TTFT as the catalog records it.',
      [
        'id',
        'kind',
        '$/1M input',
        '$/1M cached input',
        '$/1M output',
        'TTFT p50 / p95 ms',
        'residency',
        'source',
        'as of',
      ],
      catalog.tokenPriced.map((entry) => [
        entry.id,
        entry.kind,
        entry.usdPerMillionInputTokens,
        entry.usdPerMillionCachedInputTokens,
        entry.usdPerMillionOutputTokens,
        `${entry.ttftP50Ms} / ${entry.ttftP95Ms}`,
        entry.residencyRegions.join(', ') || '—',
        entry.source,
        entry.asOf,
      ]),
      [false, false, true, true, true, true, false, false, false],
    ),
    table(
      'GPU rental offers',
      `USD per GPU-hour, low–high. Cloud-managed endpoints add ${Math.round(catalog.cloudManagedMarkup.low * 100)}–${Math.round(catalog.cloudManagedMarkup.high * 100)}% (${catalog.cloudManagedMarkup.source}, ${catalog.cloudManagedMarkup.asOf}).`,
      ['id', 'GPU', 'instance', 'on-demand', 'reserved', 'spot', 'on-demand mid', 'source', 'as of'],
      catalog.gpuOffers.map((offer) => [
        offer.id,
        offer.gpu,
        `${offer.instanceType} (${offer.gpusPerInstance} GPU)`,
        range(offer.usdPerGpuHour['on-demand']),
        range(offer.usdPerGpuHour.reserved),
        range(offer.usdPerGpuHour.spot),
        offer.onDemandMidUsdPerGpuHour === null ? '—' : offer.onDemandMidUsdPerGpuHour.toFixed(2),
        offer.source,
        offer.asOf,
      ]),
      [false, false, false, true, true, true, true, false, false],
    ),
    table(
      'GPU specs',
      'Dense tensor TFLOPS (no sparsity); — where the chip has no tensor path for that type.',
      [
        'id',
        'name',
        'memory GB',
        'bandwidth GB/s',
        'BF16 TFLOPS',
        'FP8 TFLOPS',
        'INT8 TOPS',
        'interconnect',
        'source',
        'as of',
      ],
      catalog.gpuSpecs.map((spec) => [
        spec.id,
        spec.name,
        spec.hbmGb,
        spec.memoryBandwidthGbPerSecond,
        spec.denseTflops.bf16,
        spec.denseTflops.fp8,
        spec.denseTflops.int8,
        `${spec.interconnect.kind} ${spec.interconnect.gbPerSecond} GB/s`,
        spec.source,
        spec.asOf,
      ]),
      [false, false, true, true, true, true, true, false, false, false],
    ),
    table(
      'Open models',
      'Architecture figures the capacity model uses.',
      ['id', 'name', 'params (B)', 'active (B)', 'layers', 'KV heads', 'context', 'source', 'as of'],
      catalog.openModels.map((model) => [
        model.id,
        model.name,
        model.totalParamsBillions,
        model.activeParamsBillions,
        model.layers,
        model.kvHeads,
        model.maxContextTokens.toLocaleString('en-US'),
        model.source,
        model.asOf,
      ]),
      [false, false, true, true, true, true, true, false, false],
    ),
  ];
  filter.addEventListener('input', () => {
    const wanted = filter.value.trim().toLowerCase();
    for (const row of root.querySelectorAll<HTMLTableRowElement>('tbody tr'))
      row.hidden = wanted !== '' && !(row.textContent ?? '').toLowerCase().includes(wanted);
  });
  root.replaceChildren(
    h(
      'div',
      { class: 'catalog-toolbar' },
      filter,
      h(
        'span',
        { class: 'meta' },
        'The catalog the planner uses; every number names its source and the date it was read.',
      ),
    ),
    ...sections,
  );
}
