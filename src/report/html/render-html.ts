import type { PlanReport } from '../plan-report.ts';
import { renderPlanText } from '../plan-text.ts';

/** Placeholder until the HTML report lands: Markdown inside a minimal page. */
export function renderHtmlReport(report: PlanReport): string {
  const escaped = renderPlanText(report, 'markdown').replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${report.title}</title></head><body><pre>${escaped}</pre></body></html>\n`;
}
