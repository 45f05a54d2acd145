/** The dashboard's HTML shell: everything else is drawn by the bundled script. */
export const dashboardPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchyard dashboard</title>
<link rel="stylesheet" href="/assets/dashboard.css">
<script src="/assets/echarts.min.js"></script>
<script type="module" src="/assets/app.js"></script>
</head>
<body>
<header class="topbar">
  <div class="brand"><span class="logo">⇌</span> Switchyard</div>
  <nav class="tabs" role="tablist">
    <button role="tab" data-tab="plan" class="active">Plan</button>
    <button role="tab" data-tab="compare">Compare</button>
    <button role="tab" data-tab="catalog">Catalog</button>
    <button role="tab" data-tab="gateway">Gateway</button>
  </nav>
  <div class="actions">
    <label class="button" title="Load a profile (YAML)">Load YAML<input type="file" id="load-file" accept=".yaml,.yml,.json,text/yaml" hidden></label>
    <button class="button" id="save-yaml" title="Download this profile as YAML">Save YAML</button>
    <button class="button primary" id="export-report" title="Download the self-contained HTML report">Export report</button>
  </div>
</header>
<div id="banner" class="banner" hidden></div>
<div id="app"><noscript>The dashboard needs JavaScript; the same report is available with <code>switchyard plan PROFILE --format html</code>.</noscript><p class="loading" id="loading">Loading…</p></div>
</body>
</html>
`;
