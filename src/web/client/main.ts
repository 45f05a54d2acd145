/**
 * The dashboard's front end: a form for every profile field, re-planned on the server
 * (debounced) on each change; charts and the recommendation update in place; invalid
 * fields show the schema's message and the last valid result stays on screen.
 */
import { stringify as stringifyYaml } from 'yaml';
import type { FormGroup } from '../form-spec.ts';
import type { CatalogView } from '../catalog-view.ts';
import { api } from './api.ts';
import { renderCatalog } from './catalog-browser.ts';
import { disposeDetached } from './charts.ts';
import { renderCompare, type Scenario } from './compare-view.ts';
import { byId, download, h, showBanner } from './dom.ts';
import { renderForm, showProblems, showWarnings, type ProfileInput } from './form.ts';
import { renderGateway } from './gateway-view.ts';
import { createPlanView } from './plan-view.ts';
import { renderCapacity, renderSimulate } from './tools-view.ts';

const debounceMs = 120;

interface State {
  spec: FormGroup;
  catalog: CatalogView;
  scenarios: { A: Scenario; B: Scenario | null };
  active: 'A' | 'B';
  tab: string;
}

function asInput(value: unknown): ProfileInput {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as ProfileInput) : {};
}

function datalists(catalog: CatalogView): { element: HTMLElement; ids: Record<string, string> } {
  const lists: Record<string, string[]> = {
    apiModel: catalog.tokenPriced.filter((entry) => entry.kind === 'frontier-api').map((entry) => entry.id),
    hostedOpenProvider: [
      ...new Set(catalog.tokenPriced.filter((entry) => entry.kind === 'hosted-open').map((entry) => entry.provider)),
    ],
    gpu: ['auto', ...catalog.gpuSpecs.map((spec) => spec.id)],
    engine: ['auto', 'vllm', 'sglang', 'tensorrt-llm', 'tgi'],
    openModels: catalog.openModels.map((model) => model.id),
  };
  const element = h('div', { hidden: true });
  const ids: Record<string, string> = {};
  for (const [key, values] of Object.entries(lists)) {
    ids[key] = `list-${key}`;
    element.append(h('datalist', { id: ids[key] }, ...values.map((value) => h('option', { value }))));
  }
  return { element, ids };
}

async function boot(): Promise<void> {
  const [spec, catalog, initial] = await Promise.all([api.schema(), api.catalog(), api.initial()]);
  if (initial.error) showBanner(initial.error);
  const state: State = {
    spec,
    catalog,
    scenarios: { A: { label: 'A', input: {}, report: null, problems: [] }, B: null },
    active: 'A',
    tab: 'plan',
  };
  const lists = datalists(catalog);
  const planView = createPlanView();
  const formHost = h('div', { class: 'form-host' });
  const scenarioSwitch = h('div', { class: 'scenario-switch', role: 'group', 'aria-label': 'scenario being edited' });
  const exampleButton = h(
    'button',
    { class: 'link', type: 'button', title: 'Replace this scenario with the built-in example' },
    'load example',
  );
  const profileName = h('span', { class: 'profile-name', id: 'profile-name' }, initial.name);
  const aside = h(
    'aside',
    { class: 'sidebar' },
    h('div', { class: 'sidebar-head' }, h('h2', {}, 'Workload profile'), profileName, exampleButton),
    scenarioSwitch,
    formHost,
    lists.element,
  );
  const planPanel = h(
    'div',
    { class: 'panel', 'data-panel': 'plan' },
    h(
      'div',
      { class: 'plan-layout' },
      aside,
      h('section', { class: 'results', 'aria-label': 'Plan results' }, planView.element),
    ),
  );
  const panel = (name: string) =>
    h('div', {
      class: 'panel',
      'data-panel': name,
      id: `panel-${name}`,
      role: 'tabpanel',
      'aria-labelledby': `tab-${name}`,
      hidden: true,
    });
  planPanel.id = 'panel-plan';
  planPanel.setAttribute('role', 'tabpanel');
  planPanel.setAttribute('aria-labelledby', 'tab-plan');
  const comparePanel = panel('compare');
  const simulatePanel = panel('simulate');
  const capacityPanel = panel('capacity');
  const catalogPanel = panel('catalog');
  const gatewayPanel = panel('gateway');
  byId('app').replaceChildren(planPanel, comparePanel, simulatePanel, capacityPanel, catalogPanel, gatewayPanel);

  const active = (): Scenario => (state.active === 'B' && state.scenarios.B ? state.scenarios.B : state.scenarios.A);
  let form: HTMLElement = h('form');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let sequence = 0;
  let controller: AbortController | undefined;

  const showScenario = () => {
    const scenario = active();
    if (scenario.report) planView.show(scenario.report);
    else planView.setStatus('No valid plan yet: fix the fields marked in red.', 'error');
    showProblems(form, scenario.problems);
  };

  const replan = async (scenario: Scenario) => {
    sequence += 1;
    const mine = sequence;
    controller?.abort();
    controller = new AbortController();
    const started = performance.now();
    planView.setStatus('Planning…', 'busy');
    try {
      const result = await api.plan({ profile: scenario.input, name: `scenario ${scenario.label}` }, controller.signal);
      if (mine !== sequence) return;
      if (result.ok) {
        scenario.report = result.report;
        scenario.problems = [];
        scenario.warnings = result.warnings;
        if (scenario === active()) {
          planView.show(result.report);
          showProblems(form, []);
          showWarnings(form, result.warnings);
          planView.setStatus(`Up to date · planned in ${Math.round(performance.now() - started)} ms`, 'ok');
        }
      } else {
        scenario.problems = result.problems;
        if (scenario === active()) {
          showProblems(form, result.problems);
          planView.setStatus(
            `${result.problems.length} field${result.problems.length === 1 ? '' : 's'} to fix — ${scenario.report ? 'showing the last valid result' : 'no valid plan yet'}.`,
            scenario.report ? 'stale' : 'error',
          );
        }
      }
      if (state.tab === 'compare') drawCompare();
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      planView.setStatus(
        `The dashboard server did not answer: ${error instanceof Error ? error.message : String(error)}. Is \`switchyard ui\` still running?`,
        'error',
      );
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    const scenario = active();
    timer = setTimeout(() => void replan(scenario), debounceMs);
  };

  const renderScenarioSwitch = () => {
    scenarioSwitch.replaceChildren(h('span', { class: 'meta' }, 'Editing'));
    for (const label of ['A', 'B'] as const) {
      const button = h(
        'button',
        {
          type: 'button',
          class: `chip${state.active === label ? ' active' : ''}`,
          disabled: label === 'B' && !state.scenarios.B,
          'data-scenario': label,
        },
        `Scenario ${label}`,
      );
      button.addEventListener('click', () => switchTo(label));
      scenarioSwitch.append(button);
    }
  };

  const drawForm = () => {
    form = renderForm(
      state.spec,
      active().input,
      {
        changed: schedule,
        restructured: () => {
          drawForm();
          schedule();
        },
      },
      lists.ids,
    );
    formHost.replaceChildren(form);
    showProblems(form, active().problems);
    showWarnings(form, active().warnings ?? []);
  };

  const switchTo = (label: 'A' | 'B') => {
    state.active = label;
    renderScenarioSwitch();
    drawForm();
    showScenario();
  };

  const drawCompare = () =>
    renderCompare(comparePanel, state.scenarios, {
      createB: () => {
        state.scenarios.B = {
          label: 'B',
          input: JSON.parse(JSON.stringify(state.scenarios.A.input)) as ProfileInput,
          report: state.scenarios.A.report,
          problems: [],
        };
        renderScenarioSwitch();
        drawCompare();
      },
      edit: (label) => {
        selectTab('plan');
        switchTo(label);
      },
    });

  const loadText = async (text: string, name: string) => {
    const result = await api.plan({ yaml: text, name });
    if (!result.ok && result.input === undefined) {
      showBanner(result.message);
      return;
    }
    showBanner('');
    const scenario = active();
    scenario.input = asInput(result.input);
    scenario.problems = result.ok ? [] : result.problems;
    if (result.ok) {
      scenario.report = result.report;
      scenario.warnings = result.warnings;
    }
    profileName.textContent = name;
    drawForm();
    showScenario();
    if (result.ok) planView.setStatus(`Loaded ${name}`, 'ok');
    else
      planView.setStatus(
        `${name}: ${result.problems.length} field(s) to fix${scenario.report ? ' — showing the last valid result' : ''}.`,
        scenario.report ? 'stale' : 'error',
      );
  };

  const selectTab = (tab: string) => {
    state.tab = tab;
    for (const button of document.querySelectorAll<HTMLButtonElement>('.tabs [data-tab]')) {
      const selected = button.dataset.tab === tab;
      button.classList.toggle('active', selected);
      button.setAttribute('aria-selected', String(selected));
      button.tabIndex = selected ? 0 : -1;
    }
    for (const element of document.querySelectorAll<HTMLElement>('.panel'))
      element.hidden = element.dataset.panel !== tab;
    if (tab === 'compare') drawCompare();
    if (tab === 'simulate') renderSimulate(simulatePanel, () => active().input);
    if (tab === 'capacity' && capacityPanel.childElementCount === 0) renderCapacity(capacityPanel, state.catalog);
    if (tab === 'catalog' && catalogPanel.childElementCount === 0) renderCatalog(catalogPanel, state.catalog);
    if (tab === 'gateway') void renderGateway(gatewayPanel);
    if (tab === 'plan') showScenario();
    disposeDetached();
    window.dispatchEvent(new Event('resize'));
  };
  const tabButtons = [...document.querySelectorAll<HTMLButtonElement>('.tabs [data-tab]')];
  for (const button of tabButtons) {
    button.addEventListener('click', () => selectTab(button.dataset.tab ?? 'plan'));
    // Arrow keys move between tabs (WAI-ARIA tabs pattern); Home and End jump to the ends.
    button.addEventListener('keydown', (event) => {
      const index = tabButtons.indexOf(button);
      const next =
        event.key === 'ArrowRight'
          ? (index + 1) % tabButtons.length
          : event.key === 'ArrowLeft'
            ? (index - 1 + tabButtons.length) % tabButtons.length
            : event.key === 'Home'
              ? 0
              : event.key === 'End'
                ? tabButtons.length - 1
                : -1;
      if (next < 0) return;
      event.preventDefault();
      selectTab(tabButtons[next].dataset.tab ?? 'plan');
      tabButtons[next].focus();
    });
  }
  byId('load-yaml').addEventListener('click', () => byId<HTMLInputElement>('load-file').click());

  byId('save-yaml').addEventListener('click', () => {
    const input = active().input;
    const organization = (input.organization ?? {}) as { name?: unknown };
    const base =
      typeof organization.name === 'string'
        ? organization.name.replace(/[^A-Za-z0-9._-]+/g, '-').toLowerCase()
        : 'profile';
    download(
      `${base || 'profile'}${state.active === 'B' ? '-b' : ''}.yaml`,
      `# Switchyard workload profile, saved from the dashboard\n${stringifyYaml(input)}`,
      'text/yaml',
    );
  });
  byId<HTMLInputElement>('load-file').addEventListener('change', async (event) => {
    const input = event.target as HTMLInputElement;
    const file = input.files?.[0];
    if (file) await loadText(await file.text(), file.name);
    input.value = '';
  });
  byId('export-report').addEventListener('click', async () => {
    const result = await api.reportHtml({ profile: active().input, name: `scenario ${state.active}` });
    if (result.ok) download(result.fileName, result.html, 'text/html');
    else showBanner(`Cannot export the report: the profile has problems.\n${result.message}`);
  });
  exampleButton.addEventListener('click', async () => {
    const example = await api.example();
    await loadText(example.text, example.name);
  });

  renderScenarioSwitch();
  await loadText(initial.text, initial.name);
  if (initial.error) showBanner(initial.error);
}

boot().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  document.getElementById('loading')?.remove();
  showBanner(`The dashboard could not start: ${message}`);
});
