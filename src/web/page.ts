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
  <h1 class="brand"><span class="logo" aria-hidden="true">⇌</span> Switchyard</h1>
  <nav class="tabs" role="tablist" aria-label="Dashboard pages">
    <button role="tab" type="button" id="tab-plan" data-tab="plan" aria-controls="panel-plan" aria-selected="true" class="active">Plan</button>
    <button role="tab" type="button" id="tab-compare" data-tab="compare" aria-controls="panel-compare" aria-selected="false" tabindex="-1">Compare</button>
    <button role="tab" type="button" id="tab-simulate" data-tab="simulate" aria-controls="panel-simulate" aria-selected="false" tabindex="-1">Simulate</button>
    <button role="tab" type="button" id="tab-capacity" data-tab="capacity" aria-controls="panel-capacity" aria-selected="false" tabindex="-1">Capacity</button>
    <button role="tab" type="button" id="tab-catalog" data-tab="catalog" aria-controls="panel-catalog" aria-selected="false" tabindex="-1">Catalog</button>
    <button role="tab" type="button" id="tab-gateway" data-tab="gateway" aria-controls="panel-gateway" aria-selected="false" tabindex="-1">Gateway</button>
  </nav>
  <div class="actions">
    <button class="button" type="button" id="load-yaml" title="Load a profile (YAML)">Load YAML</button>
    <input type="file" id="load-file" accept=".yaml,.yml,.json,text/yaml" hidden aria-hidden="true" tabindex="-1">
    <button class="button" id="save-yaml" title="Download this profile as YAML">Save YAML</button>
    <button class="button primary" id="export-report" title="Download the self-contained HTML report">Export report</button>
  </div>
</header>
<div id="banner" class="banner" hidden></div>
<main id="app"><noscript>The dashboard needs JavaScript; the same report is available with <code>switchyard plan PROFILE --format html</code>.</noscript><p class="loading" id="loading">Loading…</p></main>
</body>
</html>
`;
