/** The dashboard's stylesheet (served at /assets/dashboard.css). */
export const dashboardCss = `
:root { --ink:#0f172a; --muted:#475569; --line:#e2e8f0; --panel:#ffffff; --bg:#f1f5f9; --accent:#2563eb; --accent-soft:#eff6ff; --good:#15803d; --bad:#b91c1c; --warn:#a16207; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', sans-serif; color: var(--ink); background: var(--bg); }
.topbar { position: sticky; top: 0; z-index: 10; display: flex; align-items: center; gap: 24px; padding: 0 20px; height: 54px; background: #0f172a; color: #fff; box-shadow: 0 1px 0 rgba(0,0,0,.2); }
.brand { margin: 0; font-weight: 750; font-size: 17px; letter-spacing: .01em; white-space: nowrap; }
.brand .logo { color: #60a5fa; margin-right: 4px; }
.tabs { display: flex; gap: 4px; flex: 1; }
.tabs button { background: none; border: 0; color: #cbd5e1; font: inherit; font-weight: 600; padding: 8px 14px; border-radius: 8px; cursor: pointer; }
.tabs button:hover { color: #fff; background: rgba(255,255,255,.08); }
.tabs button.active { color: #fff; background: rgba(96,165,250,.22); }
.actions { display: flex; gap: 8px; }
.button { display: inline-flex; align-items: center; gap: 6px; font: inherit; font-weight: 600; font-size: 13px; padding: 7px 12px; border-radius: 8px; border: 1px solid #cbd5e1; background: #fff; color: var(--ink); cursor: pointer; }
.topbar .button { background: rgba(255,255,255,.08); color: #fff; border-color: rgba(255,255,255,.25); }
.button.primary, .topbar .button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
.button.small { padding: 4px 10px; font-size: 12px; }
.button:hover { filter: brightness(1.05); }
.link { background: none; border: 0; color: var(--accent); cursor: pointer; font: inherit; font-size: 12px; padding: 0 4px; }
.link.danger { color: var(--bad); }
.banner { margin: 12px 20px 0; padding: 10px 40px 10px 14px; border-radius: 8px; position: relative; }
.banner.error { background: #fef2f2; border: 1px solid #fecaca; color: #7f1d1d; }
.banner.info { background: var(--accent-soft); border: 1px solid #bfdbfe; }
.banner pre { margin: 0; white-space: pre-wrap; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.banner .close { position: absolute; right: 8px; top: 6px; border: 0; background: none; font-size: 18px; cursor: pointer; color: inherit; }
.loading { padding: 40px; color: var(--muted); }
.plan-layout { display: grid; grid-template-columns: 360px minmax(0, 1fr); min-height: calc(100vh - 54px); }
.sidebar { background: var(--panel); border-right: 1px solid var(--line); padding: 14px 16px 40px; overflow-y: auto; max-height: calc(100vh - 54px); position: sticky; top: 54px; }
.sidebar-head { display: flex; align-items: baseline; gap: 8px; flex-wrap: wrap; }
.sidebar-head h2 { font-size: 15px; margin: 0; }
.profile-name { color: var(--muted); font-size: 12px; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; max-width: 150px; }
.scenario-switch { display: flex; align-items: center; gap: 6px; margin: 10px 0; }
.chip { border: 1px solid #cbd5e1; background: #fff; border-radius: 999px; padding: 3px 11px; font: inherit; font-size: 12px; font-weight: 600; cursor: pointer; color: #334155; }
.chip.active { background: var(--accent); border-color: var(--accent); color: #fff; }
.chip:disabled { opacity: .45; cursor: default; }
.profile-form h3 { font-size: 12px; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 16px 0 6px; }
details.group { border: 1px solid var(--line); border-radius: 8px; margin: 8px 0; background: #fff; }
details.group > summary { cursor: pointer; padding: 7px 10px; font-weight: 650; font-size: 13px; list-style-position: inside; }
details.group[open] > summary { border-bottom: 1px solid var(--line); background: #f8fafc; border-radius: 8px 8px 0 0; }
details.group details.group { margin: 8px 8px; }
.group-fields { padding: 4px 10px 8px; display: grid; grid-template-columns: 1fr 1fr; gap: 2px 10px; }
.group-fields > details, .group-fields > section { grid-column: 1 / -1; }
.field { display: flex; flex-direction: column; padding: 4px 0; min-width: 0; }
.field label { font-size: 12px; font-weight: 600; color: #334155; margin-bottom: 2px; }
.field .required { color: var(--bad); }
.field input, .field select { font: inherit; font-size: 13px; padding: 5px 7px; border: 1px solid #cbd5e1; border-radius: 6px; background: #fff; min-width: 0; width: 100%; }
.field input::placeholder { color: #94a3b8; }
.field input:focus, .field select:focus { outline: 2px solid #93c5fd; border-color: var(--accent); }
.field .hint { font-size: 11px; color: var(--muted); margin-top: 1px; }
.field .error:empty, .group-error:empty, .form-error:empty { display: none; }
.error { color: var(--bad); font-size: 12px; font-weight: 600; white-space: pre-wrap; }
.group-error, .form-error { padding: 4px 10px; }
.field.invalid input, .field.invalid select { border-color: var(--bad); background: #fef2f2; }
.results { padding: 16px 22px 60px; min-width: 0; }
.status { font-size: 12px; color: #475569; margin: 0 0 10px; min-height: 18px; }
.status.ok::before { content: '● '; color: var(--good); }
.status.busy::before { content: '● '; color: #f59e0b; }
.status.stale { color: var(--warn); font-weight: 600; }
.status.stale::before { content: '▲ '; }
.status.error { color: var(--bad); font-weight: 600; }
.card, .hero { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 16px 20px; margin: 0 0 16px; }
.hero { border-color: #bfdbfe; background: linear-gradient(180deg,#eff6ff,#ffffff 70%); }
.hero .label { text-transform: uppercase; letter-spacing: .08em; font-size: 11px; font-weight: 700; color: var(--accent); }
.hero .choice, .compare-choice { font-size: 28px; font-weight: 780; margin: 0 0 8px; letter-spacing: -0.01em; }
.figures { display: flex; flex-wrap: wrap; gap: 10px 36px; margin: 6px 0 8px; }
.figure .value, .stat .value { font-size: 22px; font-weight: 720; font-variant-numeric: tabular-nums; }
.figure .what, .stat .what { font-size: 11px; color: var(--muted); text-transform: uppercase; letter-spacing: .05em; }
.hero ul { margin: 4px 0 0; padding-left: 20px; }
.hero .headline { font-size: 15px; font-weight: 600; margin: 0 0 10px; }
.hero.infeasible { border-color: #fecaca; background: linear-gradient(180deg,#fef2f2,#ffffff 70%); }
.hero.infeasible .label { color: #b91c1c; }
.hero.undecided { border-color: #fde68a; background: linear-gradient(180deg,#fefce8,#ffffff 70%); }
.hero.undecided .label { color: #a16207; }
h2 { font-size: 18px; margin: 0 0 6px; }
h3 { font-size: 14px; margin: 16px 0 6px; }
.meta { color: var(--muted); font-size: 13px; margin: 0 0 8px; }
.small { font-size: 12px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 13px; margin: 6px 0 10px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f8fafc; font-weight: 650; font-size: 12px; color: #334155; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.chosen td { background: var(--accent-soft); font-weight: 650; }
tr.ineligible td { color: #475569; }
tr.ineligible td .tag.no { color: var(--bad); }
tr.failed td { color: var(--bad); }
td.worse { color: var(--bad); } td.better { color: var(--good); }
.tag { display: inline-block; font-size: 11px; font-weight: 700; padding: 0 7px; border-radius: 999px; border: 1px solid currentColor; }
.tag.yes { color: var(--good); } .tag.no { color: var(--bad); } .tag.na { color: var(--muted); }
.workload-picker { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; margin: 0 0 12px; }
.workload-picker:empty { display: none; }
.picker-label { font-size: 12px; color: var(--muted); font-weight: 600; }
.charts { display: grid; grid-template-columns: minmax(0, 1fr); gap: 16px; margin-bottom: 16px; }
@media (min-width: 1500px) { .charts { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); } }
.charts.two { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
.chart-card { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 14px 16px 10px; margin: 0; min-width: 0; }
.chart-card h3 { margin: 0 0 6px; font-size: 14px; }
.chart-body { width: 100%; min-height: 120px; }
.chart-body.unavailable, .unavailable { min-height: 0; color: var(--muted); font-style: italic; background: #f8fafc; border: 1px dashed #cbd5e1; border-radius: 8px; padding: 14px; }
.chart-card figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
.callout { border-left: 4px solid var(--warn); background: #fefce8; padding: 6px 14px; border-radius: 0 8px 8px 0; margin: 10px 0; }
.callout.questions { border-left-color: var(--accent); background: var(--accent-soft); }
details.sources > summary { cursor: pointer; font-weight: 650; }
.panel[data-panel='compare'], .panel[data-panel='catalog'], .panel[data-panel='gateway'], .panel[data-panel='simulate'], .panel[data-panel='capacity'] { padding: 18px 22px 60px; }
.compare-grid { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; }
.compare-column .chart-card { margin-top: 12px; }
.compare-actions { display: flex; gap: 8px; margin-bottom: 12px; }
.card.empty { max-width: 640px; }
.catalog-toolbar, .gateway-toolbar { display: flex; gap: 12px; align-items: center; margin-bottom: 14px; flex-wrap: wrap; }
.filter { font: inherit; padding: 7px 10px; border: 1px solid #cbd5e1; border-radius: 8px; width: 340px; max-width: 100%; }
.table-scroll { overflow-x: auto; }
.catalog-section h2 .count { color: var(--muted); font-weight: 500; font-size: 14px; }
.stats { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin-bottom: 14px; }
.stat { background: var(--panel); border: 1px solid var(--line); border-radius: 12px; padding: 12px 16px; }
.notice { color: var(--warn); }
.notice.error h2 { color: var(--bad); }
.route-editor { border-top: 1px solid var(--line); padding: 8px 0; }
.route-editor .weights { display: flex; gap: 12px; align-items: flex-end; flex-wrap: wrap; margin: 6px 0; }
.route-editor label { display: flex; flex-direction: column; font-size: 12px; font-weight: 600; }
.route-editor input { width: 90px; font: inherit; padding: 4px 6px; border: 1px solid #cbd5e1; border-radius: 6px; }
.version { color: var(--accent); }
dialog.confirm { border: 1px solid var(--line); border-radius: 12px; padding: 18px 22px; max-width: 520px; box-shadow: 0 20px 50px rgba(15,23,42,.25); }
dialog.confirm pre { background: #f8fafc; padding: 10px; border-radius: 8px; font-size: 13px; }
.dialog-actions { display: flex; justify-content: flex-end; gap: 8px; }
.verdict { margin: 4px 0 10px; }
.verdict p { margin: 3px 0; }
.verdict-now { font-size: 16px; }
.verdict-workload { font-weight: 700; }
.verdict-ruled-out { color: #475569; }
details.sizing-breakdown { border: 1px solid var(--line); border-radius: 8px; margin: 6px 0; padding: 4px 10px; background: #fff; }
details.sizing-breakdown > summary { cursor: pointer; font-weight: 600; font-size: 13px; }
details.sizing-breakdown dl { display: grid; grid-template-columns: minmax(0, max-content) minmax(0, 1fr); gap: 2px 16px; margin: 8px 0; font-size: 13px; }
details.sizing-breakdown dt { color: var(--muted); }
details.sizing-breakdown dd { margin: 0; font-variant-numeric: tabular-nums; }
.sizing-line { margin-top: 2px; }
.tabs button:focus-visible, .button:focus-visible, .chip:focus-visible, .link:focus-visible, summary:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
.tool-fields { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 4px 14px; margin-bottom: 10px; }
.input-differences { margin: 4px 0 10px; padding-left: 20px; }
.input-differences code { font-size: 12px; }
.headline-change { margin: 4px 0 8px; padding-left: 20px; }
tr.unchanged td { color: #475569; }
tr.request-row { cursor: pointer; }
tr.request-row:hover td, tr.request-row.selected td { background: var(--accent-soft); }
tr.request-row:focus-visible { outline: 2px solid var(--accent); outline-offset: -2px; }
.request-detail dl { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 16px; font-size: 13px; margin: 0; }
.request-detail dt { color: var(--muted); }
.request-detail dd { margin: 0; overflow-wrap: anywhere; }
.gateway-filters label { font-size: 12px; font-weight: 600; color: #334155; }
.gateway-filters select, .gateway-filters input { font: inherit; font-size: 13px; padding: 4px 6px; border: 1px solid #cbd5e1; border-radius: 6px; }
.field.warning input, .field.warning select { border-color: var(--warn); }
.field .warning-text { color: var(--warn); font-size: 12px; font-weight: 600; }
.field .warning-text:empty { display: none; }
@media (max-width: 900px) {
  .plan-layout { grid-template-columns: 1fr; }
  /* The answer first: results above the form on narrow screens. */
  .results { order: -1; padding: 12px 12px 24px; }
  .sidebar { position: static; max-height: none; border-right: 0; border-top: 1px solid var(--line); }
  .compare-grid, .charts.two { grid-template-columns: 1fr; }
  .topbar { position: static; flex-wrap: wrap; height: auto; gap: 6px 12px; padding: 8px 12px; }
  .tabs { order: 3; flex: 1 1 100%; flex-wrap: wrap; }
  .tabs button { flex: 0 0 auto; padding: 8px 10px; }
  .actions { flex-wrap: wrap; margin-left: auto; }
  .sidebar { top: auto; }
  .panel[data-panel='compare'], .panel[data-panel='catalog'], .panel[data-panel='gateway'], .panel[data-panel='simulate'], .panel[data-panel='capacity'] { padding: 12px; }
  .banner { margin: 8px 12px 0; }
}
@media (max-width: 640px) {
  .card, .hero { padding: 12px 12px; }
  .hero .choice, .compare-choice { font-size: 22px; }
  .group-fields { grid-template-columns: 1fr; }
  /* Tables become one card per row: each cell with its column name. */
  table.reflow, table.reflow tbody, table.reflow tr, table.reflow td, table.cards, table.cards tbody, table.cards tr, table.cards td { display: block; width: 100%; }
  table.reflow thead, table.cards thead { display: none; }
  table.reflow tr, table.cards tr { border: 1px solid var(--line); border-radius: 8px; margin: 0 0 8px; padding: 4px 0; }
  table.reflow td, table.cards td { border: 0; padding: 3px 10px; text-align: left; white-space: normal; }
  table.reflow td[data-label]::before, table.cards td[data-label]::before { content: attr(data-label) ': '; font-weight: 650; color: #475569; font-size: 12px; }
  table.reflow td.num, table.cards td.num { text-align: left; }
  .chart-card { padding: 10px 8px 8px; }
}
@media print {
  .topbar, .sidebar, .status, .banner { display: none !important; }
  .plan-layout { display: block; }
}
`;
