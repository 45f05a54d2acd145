/**
 * End-to-end: the dashboard in a real browser (Debian's chromium via playwright-core).
 * Loads the dashboard, edits the profile, checks the recommendation and a chart update,
 * an invalid field's message (the last result stays), the HTML export (which must make no
 * network requests), the gateway view on a real SQLite log, a routing change with its
 * confirmation step, and clear messages for a corrupt profile and log database.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { profileTemplate } from '../../src/cli/profile-template.ts';
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
