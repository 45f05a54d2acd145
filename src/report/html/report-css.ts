/** The HTML report's stylesheet: screen and print, no web fonts, no external resources. */
export const reportCss = `
:root { --ink:#0f172a; --muted:#475569; --line:#e2e8f0; --accent:#2563eb; --good:#15803d; --bad:#b91c1c; --warn:#a16207; --panel:#f8fafc; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; color: var(--ink); background: #ffffff; }
main { max-width: 980px; margin: 0 auto; padding: 32px 28px 64px; }
h1 { font-size: 28px; line-height: 1.2; margin: 0 0 6px; letter-spacing: -0.01em; }
h2 { font-size: 21px; margin: 40px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--ink); }
h3 { font-size: 16px; margin: 26px 0 8px; }
p { margin: 6px 0 10px; }
.meta { color: var(--muted); font-size: 14px; margin: 0 0 22px; }
.hero { border: 1px solid #bfdbfe; background: linear-gradient(180deg,#eff6ff,#ffffff); border-radius: 12px; padding: 20px 24px; margin: 18px 0 8px; }
.hero .label { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; font-weight: 700; color: var(--accent); }
.hero .choice { font-size: 26px; font-weight: 750; margin: 2px 0 10px; }
.hero .headline { font-size: 16px; font-weight: 600; margin: 0 0 10px; }
.hero.infeasible { border-color: #fecaca; background: linear-gradient(180deg,#fef2f2,#ffffff); }
.hero.infeasible .label { color: var(--bad); }
.hero.undecided { border-color: #fde68a; background: linear-gradient(180deg,#fefce8,#ffffff); }
.hero.undecided .label { color: var(--warn); }
.figures { display: flex; flex-wrap: wrap; gap: 12px 36px; margin: 8px 0 12px; }
.figure .value { font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; }
.figure .what { font-size: 12px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
ul { margin: 6px 0 12px; padding-left: 22px; }
li { margin: 3px 0; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: var(--panel); font-weight: 650; color: #1e293b; border-bottom: 1px solid #cbd5e1; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.chosen td { background: #eff6ff; font-weight: 600; }
tr.ineligible td { color: #475569; }
.tag { display: inline-block; font-size: 11px; font-weight: 700; padding: 1px 7px; border-radius: 999px; border: 1px solid currentColor; }
.tag.yes { color: var(--good); } .tag.no { color: var(--bad); } .tag.na { color: var(--muted); }
figure.chart { margin: 18px 0 22px; padding: 14px 16px 10px; border: 1px solid var(--line); border-radius: 10px; break-inside: avoid; page-break-inside: avoid; }
figure.chart h3 { margin: 0 0 8px; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
figure.chart figcaption { color: var(--muted); font-size: 13px; margin-top: 6px; }
.unavailable { color: var(--muted); font-style: italic; background: var(--panel); border: 1px dashed #cbd5e1; border-radius: 8px; padding: 14px 16px; }
.callout { border-left: 4px solid var(--warn); background: #fefce8; padding: 8px 14px; border-radius: 0 8px 8px 0; margin: 10px 0; }
.callout.questions { border-left-color: var(--accent); background: #eff6ff; }
.small { font-size: 12px; color: var(--muted); }
footer { margin-top: 48px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 10px; }
.verdict { margin: 4px 0 12px; }
.verdict p { margin: 4px 0; }
.verdict-now { font-size: 17px; }
.verdict-workload { font-weight: 700; }
.verdict-ruled-out { color: #475569; }
details.sizing-breakdown { border: 1px solid var(--line); border-radius: 8px; margin: 6px 0; padding: 4px 10px; }
details.sizing-breakdown > summary { cursor: pointer; font-weight: 600; font-size: 13px; }
details.sizing-breakdown dl { display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: 2px 16px; margin: 8px 0; font-size: 13px; }
details.sizing-breakdown dt { color: var(--muted); }
details.sizing-breakdown dd { margin: 0; font-variant-numeric: tabular-nums; }
.sizing-line { margin-top: 2px; }
.table-scroll { overflow-x: auto; }
@media (max-width: 640px) {
  main { padding: 16px 12px 40px; }
  .hero { padding: 14px 14px; }
  table.reflow, table.reflow tbody, table.reflow tr, table.reflow td { display: block; width: 100%; }
  table.reflow thead { display: none; }
  table.reflow tr { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 8px; padding: 4px 0; }
  table.reflow td { border: 0; padding: 3px 10px; text-align: left; white-space: normal; }
  table.reflow td[data-label]::before { content: attr(data-label) ': '; font-weight: 650; color: var(--muted); font-size: 12px; }
}
@media print {
  @page { size: A4; margin: 14mm 12mm 16mm; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  /* Page 1 is the executive summary: verdict, savings, cost per year and the TCO chart. */
  .executive-summary h1 { font-size: 20pt; }
  .executive-summary .meta { margin-bottom: 8px; }
  .executive-summary .hero { padding: 10px 14px; margin-top: 6px; }
  .executive-summary .hero ul { font-size: 9pt; }
  .executive-summary figure.chart svg { max-height: 78mm; width: auto; }
  table { font-size: 8pt; }
  th, td { padding: 3px 4px; }
  td { overflow-wrap: anywhere; }
  td.num, th.num { overflow-wrap: normal; }
  .table-scroll { overflow: visible; }
  details.sizing-breakdown { display: none; }
  h2 { break-after: avoid; page-break-after: avoid; }
  h3 { break-after: avoid; page-break-after: avoid; }
  .workload { break-before: page; page-break-before: always; }
  .hero { background: none; }
  table, figure.chart, .callout { break-inside: avoid; page-break-inside: avoid; }
  tr { break-inside: avoid; }
}
`;
