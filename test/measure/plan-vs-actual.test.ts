/** The dashboard's "plan vs actual" panel API over real HTTP: drift of a plan against the log since it was made. */
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { profileTemplate } from '../../src/cli/profile-template.ts';
import { SqliteLogBackend } from '../../src/store/sqlite.ts';
import type { PlanVsActualResult } from '../../src/web/plan-vs-actual-api.ts';
import { startDashboardServer, type DashboardServer } from '../../src/web/server.ts';
import { runCliInProcess } from '../cli/run-cli.ts';
import { tempDir } from '../gateway/harness.ts';
import { DAY_MS, HOUR_MS, syntheticRows, twoFeatures } from './synthetic-log.ts';

const servers: DashboardServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

describe('plan vs actual panel', () => {
  it('serves the drift of the --plan file against --db, and says what is missing without them', async () => {
    const directory = tempDir();
    const planMs = Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 28 * DAY_MS;
    const lastMonth = join(directory, 'last.db');
    const thisMonth = join(directory, 'this.db');
    for (const [path, start, factor] of [
      [lastMonth, planMs - 28 * DAY_MS, 1],
      [thisMonth, planMs, 2],
    ] as const) {
      const backend = new SqliteLogBackend(path);
      backend.writeBatch(syntheticRows(twoFeatures, start, 28, factor));
      backend.close();
    }
    const profilePath = join(directory, 'last.yaml');
    expect((await runCliInProcess(['profile', '--from-log', '--db', lastMonth, '--out', profilePath])).exitCode).toBe(
      0,
    );
    const planPath = join(directory, 'plan.json');
    process.env.SOURCE_DATE_EPOCH = String(planMs / 1000);
    const plan = await runCliInProcess(['plan', profilePath, '--format', 'json', '--out', planPath]);
    delete process.env.SOURCE_DATE_EPOCH;
    expect(plan.exitCode, plan.stderr).toBe(0);

    const dashboard = await startDashboardServer({
      exampleProfileText: profileTemplate,
      port: 0,
      dbPath: thisMonth,
      planPath,
    });
    const bare = await startDashboardServer({ exampleProfileText: profileTemplate, port: 0, dbPath: thisMonth });
    servers.push(dashboard, bare);
    const result = (await (await fetch(`${dashboard.url}api/gateway/plan-vs-actual`)).json()) as PlanVsActualResult;
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.workloads.map((workload) => workload.name).sort()).toEqual(['summarize', 'support-chat']);
    for (const workload of result.workloads) {
      expect(workload.volumeDrifted).toBe(true);
      expect(workload.volumeRatio).toBeGreaterThan(1.95);
      expect(workload.volumeRatio).toBeLessThan(2.05);
    }
    const missing = (await (await fetch(`${bare.url}api/gateway/plan-vs-actual`)).json()) as PlanVsActualResult;
    expect(missing).toEqual({ ok: false, error: expect.stringContaining('--plan') });
    const script = await (await fetch(`${dashboard.url}assets/app.js`)).text();
    expect(script).toContain('/api/gateway/plan-vs-actual');
  }, 90_000);
});
