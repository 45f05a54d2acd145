/**
 * Re-takes the screenshots in docs/screenshots with chromium:
 *   node bin/run-ts.mjs test/browser/screenshots.ts
 * dashboard.png (desktop) and dashboard-phone.png (390 px) show the built-in example;
 * report.png is the HTML report of the fixture (every chart shown) and report-print.png
 * its first printed page (print media, A4 width: the executive summary); report.pdf's
 * page count is printed so a blank first page shows up.
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

  const phone = await launched.browser.newPage({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
  });
  await phone.goto(dashboard.url);
  await phone.waitForFunction(() => document.querySelector('#plan-status')?.textContent?.includes('Loaded'));
  await phone.screenshot({ path: join(outputFolder, 'dashboard-phone.png') });

  const report = JSON.parse(readFileSync(join(root, 'test/fixtures/plan-report.json'), 'utf8')) as PlanReport;
  const reportPath = join(scratch, 'report.html');
  writeFileSync(reportPath, renderHtmlReport(report));
  const reportPage = await launched.browser.newPage({ viewport: { width: 1100, height: 1500 }, deviceScaleFactor: 1 });
  await reportPage.goto(pathToFileURL(reportPath).href);
  await reportPage.screenshot({ path: join(outputFolder, 'report.png') });

  // A4 at 96 dpi is 794 x 1123 px; with the print stylesheet, the top of the page is page 1.
  const printPage = await launched.browser.newPage({ viewport: { width: 794, height: 1123 }, deviceScaleFactor: 1 });
  await printPage.goto(pathToFileURL(reportPath).href);
  await printPage.emulateMedia({ media: 'print' });
  await printPage.screenshot({ path: join(outputFolder, 'report-print.png') });
  const pdf = await printPage.pdf({ format: 'A4' });
  const pageCount = (pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
  process.stderr.write(`wrote the screenshots to ${outputFolder}; the printed report has ${pageCount} A4 pages\n`);
} finally {
  await dashboard.close();
  await launched.close();
  rmSync(scratch, { recursive: true, force: true });
}
