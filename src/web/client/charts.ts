/**
 * Draws the shared chart option objects (src/report/html/chart-options.ts) with the
 * ECharts browser bundle served from node_modules (no CDN).
 */
import type { ChartSpec } from '../../report/html/chart-base.ts';
import { h } from './dom.ts';

type EChartsModule = typeof import('echarts');
type ChartInstance = ReturnType<EChartsModule['init']>;

function echartsGlobal(): EChartsModule {
  const found = (globalThis as unknown as { echarts?: EChartsModule }).echarts;
  if (!found) throw new Error('ECharts did not load (/assets/echarts.min.js); charts cannot be drawn');
  return found;
}

const instances = new Set<ChartInstance>();

window.addEventListener('resize', () => {
  for (const instance of instances) instance.resize();
});

/** A chart card: title, the chart (or why it is not available) and its caption. */
export function chartCard(spec: ChartSpec, key: string): HTMLElement {
  // The chart is a picture to a screen reader: its title and caption are its text alternative.
  const body = h('div', {
    class: 'chart-body',
    'data-chart': spec.id,
    'data-key': key,
    role: 'img',
    'aria-label': `${spec.title}. ${spec.caption}`.trim(),
  });
  const card = h(
    'figure',
    { class: 'chart-card', id: `chart-${key}` },
    h('h3', {}, spec.title),
    body,
    spec.caption ? h('figcaption', {}, spec.caption) : null,
  );
  if (spec.option === null || spec.unavailable !== null) {
    body.classList.add('unavailable');
    body.textContent = spec.unavailable ?? 'not available';
  } else {
    body.style.height = `${Math.round(spec.height * 0.92)}px`;
  }
  return card;
}

/** Draws (or redraws) every chart card inside `root` from its spec; call after the cards are in the document. */
export function drawCharts(root: HTMLElement, specs: ReadonlyArray<{ key: string; spec: ChartSpec }>): void {
  const echarts = echartsGlobal();
  for (const { key, spec } of specs) {
    const body = root.querySelector<HTMLElement>(`.chart-body[data-key="${CSS.escape(key)}"]`);
    if (!body || spec.option === null || spec.unavailable !== null) continue;
    let instance = echarts.getInstanceByDom(body);
    if (!instance) {
      instance = echarts.init(body, null, { renderer: 'canvas' });
      instances.add(instance);
    }
    instance.setOption(spec.option, { notMerge: true });
    // On a phone the legend would wrap over the plot and the axis names: one scrolling line instead.
    if (body.clientWidth < 560)
      instance.setOption({ legend: { type: 'scroll', top: 0, left: 0, right: 0 }, grid: { top: 48 } });
    body.dataset.revision = String(Number(body.dataset.revision ?? '0') + 1);
  }
}

/** Disposes charts whose elements left the page. */
export function disposeDetached(): void {
  for (const instance of [...instances]) {
    const element = instance.getDom();
    if (!element.isConnected) {
      instance.dispose();
      instances.delete(instance);
    }
  }
}
