/**
 * End-to-end: the dashboard in a real browser (Debian's chromium via playwright-core).
 * Loads the dashboard, edits the profile, checks the recommendation and a chart update,
 * an invalid field's message (the last result stays), the HTML export (which must make no
 * network requests), the gateway view on a real SQLite log, a routing change with its
 * confirmation step, and clear messages for a corrupt profile and log database. Then, on
 * the same browser: the verdict on the examples, compare with different GPUs, no
 * horizontal overflow at 390 px on any page, every control reachable by keyboard, and
 * axe-core (injected into the page) with no serious or critical violation.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planWithDefaults } from '../../src/app/plan.ts';
import { parseProfileText } from '../../src/cli/load-profile.ts';
import { profileTemplate } from '../../src/cli/profile-template.ts';
import { renderHtmlReport } from '../../src/report/html/render-html.ts';
import { describeWorkloadVerdict } from '../../src/report/plan-english.ts';
import { workloadVerdict } from '../../src/report/plan-verdict.ts';
import { SqliteLogBackend } from '../../src/store/sqlite.ts';
import type { RequestLogRow } from '../../src/store/types.ts';
import { startDashboardServer, type DashboardServer } from '../../src/web/server.ts';
import { launchChromium, type LaunchedBrowser } from './chromium.ts';

const folder = mkdtempSync(join(tmpdir(), 'switchyard-browser-'));
let launched: LaunchedBrowser;
let dashboard: DashboardServer;
let broken: DashboardServer;
let fakeGateway: Server;
const postedRouting: Array<{ version: number; routes: Record<string, { weights: Record<string, number> }> }> = [];

function logRow(index: number): RequestLogRow {
  return {
    id: `req-${index}.1`,
    requestId: `req-${index}`,
    time: new Date(Date.UTC(2025, 5, 2, 9, index * 3)).toISOString(),
    route: 'chat',
    routingVersion: 7,
    feature: index % 2 ? 'support' : 'search',
    keyId: 'team-a',
    provider: index % 4 === 0 ? 'openai' : 'vllm',
    providerKind: 'openai-compatible',
    model: 'llama-3.1-70b',
    attempt: 1,
    outcome: index === 5 ? 'error' : 'success',
    status: index === 5 ? 502 : 200,
    stream: false,
    inputTokens: 800 + index,
    outputTokens: 150,
    cachedInputTokens: 0,
    usageEstimated: false,
    ttftMs: 90 + index,
    totalMs: 700 + 15 * index,
    costUsd: index % 4 === 0 ? 0.004 : null,
    errorClass: index === 5 ? 'upstream_5xx' : null,
    prompt: null,
    team: null,
    endpoint: 'chat.completions' as const,
  };
}

async function chartSeriesData(page: Page, chartId: string): Promise<string> {
  return page.evaluate((id) => {
    const element = document.querySelector(`.chart-body[data-chart="${id}"]`);
    const echarts = (
      globalThis as unknown as {
        echarts: {
          getInstanceByDom(element: Element): { getOption(): { series: Array<{ data: unknown }> } } | undefined;
        };
      }
    ).echarts;
    const instance = element ? echarts.getInstanceByDom(element) : undefined;
    return instance ? JSON.stringify(instance.getOption().series.map((series) => series.data)) : 'no chart';
  }, chartId);
}

async function openDashboard(server: DashboardServer): Promise<Page> {
  const page = await launched.browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(server.url);
  await page.waitForSelector('#hero .choice');
  expect(errors).toEqual([]);
  return page;
}

beforeAll(async () => {
  launched = await launchChromium();
  const dbPath = join(folder, 'switchyard.db');
  const backend = new SqliteLogBackend(dbPath);
  backend.writeBatch(Array.from({ length: 16 }, (_, index) => logRow(index)));
  backend.close();
  let version = 7;
  fakeGateway = createServer(async (request, response) => {
    if (request.headers.authorization !== 'Bearer test-admin-key') return void response.writeHead(401).end('{}');
    if (request.method === 'POST') {
      let text = '';
      for await (const chunk of request) text += String(chunk);
      const body = JSON.parse(text) as (typeof postedRouting)[number];
      postedRouting.push(body);
      version = body.version;
      return void response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ version, previousVersion: version - 1 }));
    }
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        version,
        config: {
          version,
          targets: {},
          routes: {
            chat: {
              description: 'support chat',
              weights: { vllm: 70, openai: 30 },
              rules: [],
              fallbacks: ['openai'],
            },
          },
        },
      }),
    );
  });
  await new Promise<void>((resolve) => fakeGateway.listen(0, '127.0.0.1', resolve));
  const gatewayUrl = `http://127.0.0.1:${(fakeGateway.address() as AddressInfo).port}`;
  dashboard = await startDashboardServer({
    exampleProfileText: profileTemplate,
    port: 0,
    dbPath,
    gatewayUrl,
    adminKey: 'test-admin-key',
  });
  const corruptProfile = join(folder, 'corrupt.yaml');
  writeFileSync(corruptProfile, 'organization: {name: "unterminated\nworkloads: [');
  const corruptDb = join(folder, 'corrupt.db');
  writeFileSync(corruptDb, 'not a database '.repeat(500));
  broken = await startDashboardServer({
    exampleProfileText: profileTemplate,
    port: 0,
    dbPath: corruptDb,
    profilePath: corruptProfile,
  });
});

afterAll(async () => {
  await launched?.close();
  await dashboard?.close();
  await broken?.close();
  await new Promise((resolve) => fakeGateway?.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

describe('dashboard in chromium', () => {
  it('updates the recommendation and the charts when an input changes', async () => {
    const page = await openDashboard(dashboard);
    await expect.poll(() => page.textContent('#hero .choice')).toBe('Hosted open model');
    // The answer comes first, and every GPU option's sizing is on the page, not only the winner's.
    expect(await page.textContent('#hero .headline')).toMatch(/Recommend|Cost does not decide|No option meets/);
    expect(await page.locator('#workload-sizing tbody tr').count()).toBeGreaterThanOrEqual(4);
    const before = await chartSeriesData(page, 'cost-vs-volume');
    expect(before).not.toBe('no chart');
    const heroBefore = await page.textContent('#hero .figures');
    await page.fill('[data-path="workloads[0].volume.requestsPerDay"]', '200000');
    await expect.poll(() => page.textContent('#hero .figures')).not.toBe(heroBefore);
    await expect.poll(() => chartSeriesData(page, 'cost-vs-volume')).not.toBe(before);
    await page.click('details[data-group="workloads[0].requirements"] > summary');
    await page.selectOption('[data-path="workloads[0].requirements.minimumQuality"]', 'frontier');
    await expect.poll(() => page.textContent('#hero .choice')).toBe('Frontier API');
    expect(await page.textContent('#plan-status')).toContain('Up to date');
    await page.close();
  });

  it('shows the schema message next to an invalid field and keeps the last valid result', async () => {
    const page = await openDashboard(dashboard);
    await expect.poll(() => page.textContent('#plan-status')).toContain('Loaded');
    const hero = await page.textContent('#hero');
    await page.fill('[data-path="workloads[0].volume.requestsPerDay"]', '-5');
    const field = page.locator('[data-field="workloads[0].volume.requestsPerDay"]');
    await expect.poll(() => field.locator('.error').textContent()).toContain('requests per day must be greater than 0');
    expect(await field.getAttribute('class')).toContain('invalid');
    await expect.poll(() => page.textContent('#plan-status')).toContain('showing the last valid result');
    expect(await page.textContent('#hero')).toBe(hero);
    await page.fill('[data-path="workloads[0].tokens.inputPerRequest"]', 'lots');
    await expect
      .poll(() => page.locator('[data-field="workloads[0].tokens.inputPerRequest"] .error').textContent())
      .toContain('input tokens per request must be a number');
    await page.close();
  });

  it('exports an HTML report that opens without a single network request', async () => {
    const page = await openDashboard(dashboard);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-report')]);
    const path = join(folder, download.suggestedFilename());
    await download.saveAs(path);
    expect(readFileSync(path, 'utf8')).toContain('<svg role="img"');
    const report = await launched.browser.newPage();
    const requested: string[] = [];
    report.on('request', (request) => requested.push(request.url()));
    const fileUrl = pathToFileURL(path).href;
    await report.goto(fileUrl);
    await report.waitForLoadState('load');
    expect(await report.locator('figure.chart svg').count()).toBeGreaterThanOrEqual(4);
    expect(await report.textContent('#recommendation .choice')).toBe('Hosted open model');
    expect(requested.filter((url) => url !== fileUrl && !url.startsWith('data:'))).toEqual([]);
    await report.close();
    await page.close();
  });

  it('shows the gateway log and changes a route’s weights after confirmation', async () => {
    const page = await openDashboard(dashboard);
    await page.click('[data-tab="gateway"]');
    await page.waitForSelector('#recent-requests tbody tr');
    expect(await page.locator('#recent-requests tbody tr').count()).toBe(16);
    expect(await page.locator('table[data-group-by="provider"] tbody tr').allTextContents()).toEqual([
      expect.stringContaining('vllm'),
      expect.stringContaining('openai'),
    ]);
    expect(await page.textContent('#gateway-totals')).toContain('16');
    // Filters by provider (and back), a by-key table, and a request's detail on Enter.
    await page.selectOption('[data-filter="provider"]', 'openai');
    await expect.poll(() => page.locator('#recent-requests tbody tr').count()).toBe(4);
    expect(await page.locator('table[data-group-by="key"] tbody tr').allTextContents()).toEqual([
      expect.stringContaining('team-a'),
    ]);
    await page.focus('#recent-requests tbody tr');
    await page.keyboard.press('Enter');
    expect(await page.textContent('#request-detail')).toContain('openai');
    await page.selectOption('[data-filter="provider"]', '');
    await expect.poll(() => page.locator('#recent-requests tbody tr').count()).toBe(16);
    await page.waitForSelector('#routing-version');
    expect(await page.textContent('#routing-version')).toBe('version 7');
    await page.fill('[data-route="chat"] input[data-target="vllm"]', '40');
    await page.fill('[data-route="chat"] input[data-target="openai"]', '60');
    await page.click('button[data-route="chat"]');
    await page.waitForSelector('dialog.confirm[open]');
    expect(await page.textContent('dialog.confirm pre')).toContain('vllm: 70 -> 40');
    expect(postedRouting).toHaveLength(0);
    await page.click('#confirm-apply');
    await expect.poll(() => page.textContent('#routing-version')).toBe('version 8');
    expect(postedRouting[0]?.routes.chat.weights).toEqual({ vllm: 40, openai: 60 });
    await page.close();
  });

  it('explains a corrupt profile file and log database in the page', async () => {
    const page = await openDashboard(broken);
    expect(await page.textContent('#banner')).toMatch(/corrupt\.yaml:\d+:\d+: YAML syntax error/);
    expect(await page.textContent('#hero .choice')).toBe('Hosted open model');
    await page.click('[data-tab="gateway"]');
    await page.waitForSelector('#gateway-error');
    expect(await page.textContent('#gateway-error')).toContain('file is not a database');
    await page.close();
  });
});

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const pages = ['plan', 'compare', 'simulate', 'capacity', 'catalog', 'gateway'] as const;

/** axe-core's serious and critical violations on the page as it is now (rule, count, first targets). */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    type Violation = { id: string; impact: string | null; nodes: Array<{ target: unknown[] }> };
    const axe = (globalThis as unknown as { axe: { run(context: Document): Promise<{ violations: Violation[] }> } })
      .axe;
    const { violations } = await axe.run(document);
    return violations
      .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
      .map(
        (violation) =>
          `${violation.id} (${violation.nodes.length}): ${JSON.stringify(violation.nodes.slice(0, 3).map((node) => node.target))}`,
      );
  });
}

async function loadExample(page: Page, name: string): Promise<void> {
  await page.setInputFiles('#load-file', resolve(import.meta.dirname, '../../examples', `${name}.yaml`));
  await expect.poll(() => page.textContent('#plan-status')).toContain(`Loaded ${name}.yaml`);
}

function expectedVerdict(name: string) {
  const text = readFileSync(resolve(import.meta.dirname, '../../examples', `${name}.yaml`), 'utf8');
  const planned = planWithDefaults(parseProfileText(text, name));
  if (!planned.ok) throw new Error(JSON.stringify(planned.problems));
  const workload = planned.value.workloads[0];
  return describeWorkloadVerdict(workloadVerdict(workload, planned.value.organization.horizonMonths));
}

// The longer flows below get a 2-minute ceiling (a bound for a loaded 2-core machine, not a speed check).
describe('dashboard: verdict, compare, phone, keyboard, accessibility', () => {
  it('puts the verdict of each example on top: what to do, the savings, when it changes', async () => {
    const page = await openDashboard(dashboard);
    for (const name of ['early-stage-startup', 'regulated-enterprise', 'logistics-classification']) {
      await loadExample(page, name);
      const expected = expectedVerdict(name);
      expect(await page.textContent('#verdict .verdict-now')).toBe(expected.now);
      expect(await page.textContent('#verdict .verdict-changes')).toBe(expected.changes);
      if (expected.savings) expect(await page.textContent('#verdict .verdict-savings')).toBe(expected.savings);
      if (expected.ruledOut) expect(await page.textContent('#verdict .verdict-ruled-out')).toBe(expected.ruledOut);
    }
    // The growth example says the month the answer changes (from the growth, whichever catalog date).
    await loadExample(page, 'early-stage-startup');
    expect(await page.textContent('#verdict .verdict-changes')).toMatch(/(that is|becomes the cheapest in) month \d+/);
    // Every GPU option's sizing: a line in the options table and an expandable breakdown.
    expect(await page.locator('.sizing-line').count()).toBeGreaterThanOrEqual(3);
    const breakdown = page.locator('details.sizing-breakdown').first();
    await breakdown.locator('summary').click();
    expect(await breakdown.textContent()).toContain('tensor parallel (GPUs per replica)');
    await page.close();
  }, 120_000);

  it('compares scenarios with different GPUs: options matched by kind, the input that differs, shared axes', async () => {
    const page = await openDashboard(dashboard);
    await expect.poll(() => page.textContent('#plan-status')).toContain('Loaded');
    await page.click('[data-tab="compare"]');
    await page.click('#create-b');
    await page.click('button:has-text("Edit scenario B")');
    await page.fill('[data-path="workloads[0].choices.gpu"]', 'a100-80gb');
    await expect.poll(() => page.textContent('#plan-status')).toContain('Up to date');
    await page.click('[data-tab="compare"]');
    await page.waitForSelector('#compare-inputs');
    expect(await page.textContent('#compare-inputs')).toBe('workloads[0].choices.gpu: h100-sxm → a100-80gb');
    const table = page.locator('#compare-summary table');
    expect(await table.textContent()).not.toMatch(/not in [AB]/);
    const selfHosted = table.locator('tr[data-slot="self-hosted"]');
    expect(await selfHosted.textContent()).toContain('h100-sxm');
    expect(await selfHosted.textContent()).toContain('a100-80gb');
    const axis = (key: string) =>
      page.evaluate((chartKey) => {
        const element = document.querySelector(`.chart-body[data-key="${chartKey}"]`);
        const echarts = (
          globalThis as unknown as {
            echarts: {
              getInstanceByDom(element: Element): { getOption(): { yAxis: Array<{ max?: number }> } } | undefined;
            };
          }
        ).echarts;
        return element ? echarts.getInstanceByDom(element)?.getOption().yAxis[0].max : undefined;
      }, key);
    const maxA = await axis('compare-A-cumulative-tco');
    expect(maxA).toBeGreaterThan(0);
    expect(await axis('compare-B-cumulative-tco')).toBe(maxA);
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  }, 120_000);

  it('marks both fields of a cross-field error and warns next to a probable typo', async () => {
    const page = await openDashboard(dashboard);
    await expect.poll(() => page.textContent('#plan-status')).toContain('Loaded');
    await page.fill('[data-path="workloads[0].volume.tokensPerMonth"]', '5000000');
    const requests = page.locator('[data-field="workloads[0].volume.requestsPerDay"]');
    const tokens = page.locator('[data-field="workloads[0].volume.tokensPerMonth"]');
    await expect.poll(() => requests.locator('.error').textContent()).toContain('not both');
    expect(await tokens.locator('.error').textContent()).toContain('not both');
    expect(await requests.getAttribute('class')).toContain('invalid');
    expect(await tokens.getAttribute('class')).toContain('invalid');
    await page.fill('[data-path="workloads[0].volume.tokensPerMonth"]', '');
    await page.fill('[data-path="workloads[0].traffic.monthlyGrowthRate"]', '1');
    const growth = page.locator('[data-field="workloads[0].traffic.monthlyGrowthRate"]');
    await expect
      .poll(() => growth.locator('.warning-text').textContent())
      .toContain('if you meant 1% a month, enter 0.01');
    expect(await page.textContent('#plan-status')).toContain('Up to date');
    await page.close();
  });

  it('at 390 px: no page overflows sideways, the verdict is on the first screen, every tab can be tapped', async () => {
    const page = await launched.browser.newPage({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    page.setDefaultTimeout(10_000);
    await page.goto(dashboard.url);
    await page.waitForSelector('#verdict .verdict-now');
    const verdictBox = await page.locator('#verdict .verdict-now').boundingBox();
    expect(verdictBox?.y).toBeLessThan(844 - (verdictBox?.height ?? 0));
    for (const name of pages) {
      const tab = page.locator(`[data-tab="${name}"]`);
      const box = await tab.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390, `tab ${name} is on screen`).toBe(true);
      await tab.tap();
      await expect.poll(() => page.getAttribute(`[data-tab="${name}"]`, 'aria-selected')).toBe('true');
      if (name === 'gateway') await page.waitForSelector('#recent-requests');
      const widths = await page.evaluate(() => [
        document.documentElement.scrollWidth,
        document.documentElement.clientWidth,
      ]);
      expect(widths[0], `${name}: page width ${widths[0]} px in a ${widths[1]} px viewport`).toBeLessThanOrEqual(
        widths[1],
      );
    }
    await page.close();
  });

  it('reaches every control by keyboard on every page: Tab through it, arrow keys between tabs', async () => {
    const page = await openDashboard(dashboard);
    await expect.poll(() => page.textContent('#plan-status')).toContain('Loaded');
    /** Tabs through the page from the top; returns the visible controls Tab never reached. */
    const unreached = async (): Promise<{ candidates: number; missed: string[] }> => {
      const candidates = await page.evaluate(() => {
        for (const element of document.querySelectorAll('[data-probe]')) element.removeAttribute('data-probe');
        const selector = 'button, input, select, textarea, summary, a[href], [tabindex]';
        const visible = (element: Element) => {
          const box = element.getBoundingClientRect();
          return box.width > 0 && box.height > 0 && getComputedStyle(element).visibility !== 'hidden';
        };
        const found = [...document.querySelectorAll<HTMLElement>(selector)].filter(
          (element) =>
            visible(element) &&
            !(element as HTMLButtonElement).disabled &&
            element.tabIndex >= 0 &&
            !element.closest('[hidden], details:not([open]) > :not(summary)'),
        );
        for (const [index, element] of found.entries()) element.setAttribute('data-probe', String(index));
        return found.length;
      });
      const reached = new Set<string>();
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      for (let step = 0; step < candidates + 40 && reached.size < candidates; step += 1) {
        await page.keyboard.press('Tab');
        const probe = await page.evaluate(() => document.activeElement?.getAttribute('data-probe') ?? null);
        if (probe !== null) reached.add(probe);
      }
      const missed = await page.evaluate(
        (seen) =>
          [...document.querySelectorAll<HTMLElement>('[data-probe]')]
            .filter((element) => !seen.includes(element.dataset.probe ?? ''))
            .map((element) => element.outerHTML.slice(0, 80)),
        [...reached],
      );
      return { candidates, missed };
    };
    const plan = await unreached();
    expect(plan.candidates).toBeGreaterThan(20);
    expect(plan.missed).toEqual([]);
    // Load YAML is a button: Tab reaches it and Enter opens the file input (its chooser is held back here).
    expect(await page.getAttribute('#load-yaml', 'data-probe')).not.toBeNull();
    await page.evaluate(() => {
      document.getElementById('load-file')?.addEventListener('click', (event) => {
        event.preventDefault();
        document.body.dataset.fileInputOpened = 'yes';
      });
    });
    await page.focus('#load-yaml');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getAttribute('body', 'data-file-input-opened')).toBe('yes');
    for (const name of ['compare', 'simulate', 'capacity', 'catalog', 'gateway'] as const) {
      await page.click(`[data-tab="${name}"]`);
      if (name === 'gateway') await page.waitForSelector('#recent-requests');
      expect((await unreached()).missed, `${name} page`).toEqual([]);
    }
    await page.click('[data-tab="plan"]');
    await page.focus('[data-tab="plan"]');
    await page.keyboard.press('ArrowRight');
    expect(await page.getAttribute('[data-tab="compare"]', 'aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-tab'))).toBe('compare');
    await page.keyboard.press('End');
    expect(await page.getAttribute('[data-tab="gateway"]', 'aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    expect(await page.getAttribute('[data-tab="plan"]', 'aria-selected')).toBe('true');
    await page.close();
  }, 120_000);

  it('has no serious or critical axe-core violation on any page, nor in the HTML report', async () => {
    const page = await openDashboard(dashboard);
    await expect.poll(() => page.textContent('#plan-status')).toContain('Loaded');
    const found: Record<string, string[]> = {};
    for (const name of pages) {
      await page.click(`[data-tab="${name}"]`);
      if (name === 'gateway') await page.waitForSelector('#recent-requests');
      if (name === 'simulate') {
        await page.click('#simulate-form button[type="submit"]');
        await page.waitForSelector('#simulate-result table');
      }
      if (name === 'capacity') {
        await page.click('#capacity-form button[type="submit"]');
        await page.waitForSelector('#capacity-result table');
      }
      found[name] = await seriousViolations(page);
    }
    expect(found).toEqual(Object.fromEntries(pages.map((name) => [name, []])));
    const planned = planWithDefaults(parseProfileText(profileTemplate, 'template'));
    if (!planned.ok) throw new Error('template does not plan');
    const reportPath = join(folder, 'a11y-report.html');
    writeFileSync(reportPath, renderHtmlReport(planned.value, { generatedOn: '2026-01-01' }));
    const report = await launched.browser.newPage();
    await report.goto(pathToFileURL(reportPath).href);
    expect(await seriousViolations(report)).toEqual([]);
    await report.close();
    await page.close();
  }, 120_000);
  it('prints the HTML report with a summary first and the profile, date and page N of M on every page', async () => {
    const planned = planWithDefaults(parseProfileText(profileTemplate, 'template'));
    if (!planned.ok) throw new Error('template does not plan');
    const reportPath = join(folder, 'print-report.html');
    writeFileSync(reportPath, renderHtmlReport(planned.value, { generatedOn: '2026-01-01' }));
    const report = await launched.browser.newPage();
    await report.goto(pathToFileURL(reportPath).href);
    const pdfPath = join(folder, 'print-report.pdf');
    await report.pdf({ path: pdfPath, format: 'A4', printBackground: true });
    await report.close();
    // pdftotext (Debian's poppler-utils, installed by .ci/run) splits pages with a form feed.
    const pages = execFileSync('pdftotext', ['-layout', pdfPath, '-'], { encoding: 'utf8' })
      .split('\f')
      .filter((text) => text.trim().length > 0);
    expect(pages.length).toBeGreaterThan(1);
    pages.forEach((text, index) => {
      expect(text, `page ${index + 1}`).toContain(`Page ${index + 1} of ${pages.length}`);
      expect(text, `page ${index + 1}`).toContain('generated 2026-01-01');
    });
    // Page 1 is the executive summary: the verdict and the cost per year, not a blank page.
    expect(pages[0]).toContain('Do now:');
    expect(pages[0]).toMatch(/year/i);
  }, 120_000);
});
