/**
 * The plan results: the headline and recommendation, options, the sizing of every GPU
 * option (the same columns as the reports), the five charts and the text sections, for
 * one workload at a time. Updated in place on every re-plan so charts redraw without
 * flicker; the same section renderers as the HTML report.
 */
import { workloadCharts } from '../../report/html/chart-options.ts';
import { uncertaintySectionHtml } from '../../report/html/uncertainty-html.ts';
import { escapeHtml } from '../../report/html/format.ts';
import {
  alternativesSections,
  componentsTable,
  flipSection,
  headlineLines,
  kindName,
  list,
  notesSection,
  optionsTable,
  placementSection,
  recommendationHero,
  rulesSection,
  sizingSection,
  volumeLine,
  workloadAnswerHeading,
} from '../../report/html/html-sections.ts';
import type { PlanReport } from '../../report/plan-report.ts';
import { chartCard, drawCharts } from './charts.ts';
import { h } from './dom.ts';

export interface PlanView {
  element: HTMLElement;
  /** Shows a report (the last valid one when the form is invalid). */
  show(report: PlanReport): void;
  setStatus(text: string, kind: 'ok' | 'stale' | 'busy' | 'error'): void;
}

/** Where the portfolio placement put workload `index` (its kind), or null when nothing meets its constraints. */
function placedKind(report: PlanReport, index: number): string | null {
  const kind = report.placement.workloads[index]?.kind;
  return kind ? kindName(kind) : null;
}

export function createPlanView(): PlanView {
  const status = h('div', { class: 'status', id: 'plan-status', role: 'status' });
  const hero = h('div', { id: 'hero' });
  const picker = h('div', { class: 'workload-picker', id: 'workload-picker' });
  const summary = h('section', { id: 'workload-summary', class: 'card' });
  const charts = h('section', { class: 'charts', id: 'charts' });
  const details = h('section', { id: 'workload-details', class: 'card' });
  const footer = h('details', { class: 'card sources', id: 'sources' });
  const element = h('div', { class: 'plan-view' }, status, hero, picker, summary, charts, details, footer);
  let workloadIndex = 0;
  let current: PlanReport | null = null;

  const render = () => {
    const report = current;
    if (!report) return;
    if (workloadIndex >= report.workloads.length) workloadIndex = 0;
    const workload = report.workloads[workloadIndex];
    hero.innerHTML = recommendationHero(report) + (report.workloads.length > 1 ? `\n${placementSection(report)}` : '');
    picker.replaceChildren();
    if (report.workloads.length > 1) {
      picker.append(h('span', { class: 'picker-label' }, 'Workload:'));
      report.workloads.forEach((entry, index) => {
        const button = h(
          'button',
          { class: `chip${index === workloadIndex ? ' active' : ''}`, type: 'button' },
          `${entry.name} → ${placedKind(report, index) ?? 'no feasible option'}`,
        );
        button.addEventListener('click', () => {
          workloadIndex = index;
          render();
        });
        picker.append(button);
      });
    }
    const chosen = workload.options.find((option) => option.id === workload.recommendation.optionId);
    const horizonMonths = report.organization.horizonMonths;
    summary.innerHTML = `<h2>Workload: ${escapeHtml(workload.name)}</h2>
<p class="meta">${escapeHtml(volumeLine(workload))}</p>
${report.workloads.length > 1 ? headlineLines(workload.headline) : ''}
<h3 id="workload-recommendation">${escapeHtml(workloadAnswerHeading(workload))}</h3>
${report.workloads.length > 1 ? list(workload.recommendation.reasons) : ''}${chosen && chosen.notes.length > 0 ? list(chosen.notes, 'small') : ''}
${optionsTable(workload, horizonMonths)}${uncertaintySectionHtml(report, workload, '')}
<div id="workload-sizing">${sizingSection(workload)}</div>
${alternativesSections(workload, horizonMonths)}`;
    const specs = workloadCharts(report, workload).map((spec) => ({ key: spec.id, spec }));
    const existing = new Map([...charts.querySelectorAll<HTMLElement>('.chart-card')].map((card) => [card.id, card]));
    const cards = specs.map(({ key, spec }) => {
      const fresh = chartCard(spec, key);
      const old = existing.get(fresh.id);
      const oldBody = old?.querySelector<HTMLElement>('.chart-body');
      const freshBody = fresh.querySelector<HTMLElement>('.chart-body');
      if (
        old &&
        oldBody &&
        freshBody &&
        !oldBody.classList.contains('unavailable') &&
        !freshBody.classList.contains('unavailable')
      ) {
        old.querySelector('h3')?.replaceWith(fresh.querySelector('h3') ?? h('h3'));
        const caption = fresh.querySelector('figcaption');
        old.querySelector('figcaption')?.remove();
        if (caption) old.append(caption);
        oldBody.style.height = freshBody.style.height;
        return old;
      }
      return fresh;
    });
    charts.replaceChildren(...cards);
    drawCharts(charts, specs);
    details.innerHTML = [
      flipSection(workload),
      rulesSection(workload),
      chosen ? componentsTable(chosen) : '',
      notesSection(workload),
    ].join('\n');
    const catalog = report.catalog
      ? list([
          `Catalog: snapshot ${report.catalog.snapshot}, plan priced at ${report.catalog.planDate} (${report.catalog.age})`,
          ...report.catalog.sources.map((source) => `Catalog source: ${source}`),
        ])
      : '';
    footer.innerHTML = `<summary>Sources (${report.sources.length}) and assumptions</summary><h3>Sources</h3>${catalog}${list(report.sources.map((source) => `${source.name} (as of ${source.asOf})`))}<h3>Assumptions</h3>${list(report.assumptions)}`;
  };

  return {
    element,
    show(report) {
      current = report;
      render();
    },
    setStatus(text, kind) {
      status.textContent = text;
      status.className = `status ${kind}`;
    },
  };
}
