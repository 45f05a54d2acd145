/**
 * Re-takes docs/screenshots/dashboard.png and docs/screenshots/report.png with chromium:
 *   node bin/run-ts.mjs test/browser/screenshots.ts
 * The dashboard shows the built-in example; the report is the HTML report of the same
 * example profile (with the fixture's simulation, so every chart is shown).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { profileTemplate } from '../../src/cli/profile-template.ts';
import { renderHtmlReport } from '../../src/report/html/render-html.ts';
import type { PlanReport } from '../../src/report/plan-report.ts';
import { startDashboardServer } from '../../src/web/server.ts';
import { launchChromium } from './chromium.ts';

const root = resolve(import.meta.dirname, '../..');
const outputFolder = join(root, 'docs/screenshots');
mkdirSync(outputFolder, { recursive: true });
const scratch = mkdtempSync(join(tmpdir(), 'switchyard-screenshots-'));
const launched = await launchChromium();
const dashboard = await startDashboardServer({ exampleProfileText: profileTemplate, port: 0 });
try {
  const page = await launched.browser.newPage({ viewport: { width: 1440, height: 1500 }, deviceScaleFactor: 1 });
  await page.goto(dashboard.url);
  await page.waitForSelector('#hero .choice');
  await page.waitForFunction(() => document.querySelector('#plan-status')?.textContent?.includes('Loaded'));
  await page.screenshot({ path: join(outputFolder, 'dashboard.png') });

  const report = JSON.parse(readFileSync(join(root, 'test/fixtures/plan-report.json'), 'utf8')) as PlanReport;
  const reportPath = join(scratch, 'report.html');
  writeFileSync(reportPath, renderHtmlReport(report));
  const reportPage = await launched.browser.newPage({ viewport: { width: 1100, height: 1500 }, deviceScaleFactor: 1 });
  await reportPage.goto(pathToFileURL(reportPath).href);
  await reportPage.screenshot({ path: join(outputFolder, 'report.png') });
  process.stderr.write(`wrote ${join(outputFolder, 'dashboard.png')} and ${join(outputFolder, 'report.png')}\n`);
} finally {
  await dashboard.close();
  await launched.close();
  rmSync(scratch, { recursive: true, force: true });
}
