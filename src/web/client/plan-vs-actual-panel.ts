/** The gateway view's "plan vs actual" panel: the plan's volumes and choice against the log since, and the re-plan. */
import { compactTokens } from '../../report/html/format.ts';
import type { PlanVsActualResult } from '../plan-vs-actual-api.ts';
import { h } from './dom.ts';

/** Fills `panel` from `/api/gateway/plan-vs-actual`. */
export async function renderPlanVsActual(panel: HTMLElement): Promise<void> {
  panel.replaceChildren(
    h('h3', {}, 'Plan vs actual'),
    h('p', { class: 'meta' }, 'Re-planning on the measured numbers…'),
  );
  let result: PlanVsActualResult;
  try {
    result = (await (await fetch('/api/gateway/plan-vs-actual')).json()) as PlanVsActualResult;
  } catch (error) {
    result = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (!result.ok) {
    panel.replaceChildren(h('h3', {}, 'Plan vs actual'), h('p', { class: 'meta' }, result.error));
    return;
  }
  const rows = result.workloads.map((workload) =>
    h(
      'tr',
      { class: workload.flipped ? 'flipped' : undefined },
      h('td', {}, workload.name),
      h('td', { class: 'num' }, compactTokens(workload.plannedTokensPerMonth)),
      h(
        'td',
        { class: 'num' },
        workload.measuredTokensPerMonth === null ? '—' : compactTokens(workload.measuredTokensPerMonth),
      ),
      h('td', { class: 'num' }, workload.volumeRatio === null ? '—' : `${workload.volumeRatio.toFixed(2)}x`),
      h(
        'td',
        {},
        workload.latency
          .map(
            (entry) =>
              `${entry.provider} ${entry.model}: ${Math.round(entry.measuredTtftP95Ms)} ms${entry.plannedTtftMs === null ? '' : ` (planned ${Math.round(entry.plannedTtftMs)})`}`,
          )
          .join('; ') || '—',
      ),
      h('td', {}, workload.plannedChoice),
      h('td', {}, workload.flipped ? `→ ${workload.replannedChoice ?? '—'}` : 'holds'),
    ),
  );
  panel.replaceChildren(
    h('h3', {}, 'Plan vs actual'),
    h(
      'p',
      { class: 'meta' },
      `${result.planPath}, made ${result.planGeneratedAt?.slice(0, 16).replace('T', ' ')} UTC: ${result.recommendationChanged ? 'the recommendation changes on the measured numbers' : 'the recommendation holds on the measured numbers'}`,
    ),
    h(
      'div',
      { class: 'table-scroll' },
      h(
        'table',
        { class: 'stats-table', id: 'plan-vs-actual-table' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...[
              'workload',
              'planned tokens/month',
              'measured',
              'ratio',
              'TTFT p95 measured',
              'plan chose',
              're-plan',
            ].map((column, index) => h('th', { class: index > 0 && index < 4 ? 'num' : undefined }, column)),
          ),
        ),
        h('tbody', {}, ...rows),
      ),
    ),
  );
}
