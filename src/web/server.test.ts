/**
 * The dashboard server over real HTTP on 127.0.0.1: planning with the CLI's messages, the
 * HTML export, the initial profile, the catalog, the gateway view on a real SQLite log,
 * and weight changes through a stand-in for the gateway's admin endpoint.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseProfileText } from '../cli/load-profile.ts';
import { profileTemplate } from '../cli/profile-template.ts';
import { SqliteLogBackend } from '../store/sqlite.ts';
import type { RequestLogRow } from '../store/types.ts';
import { leafPaths, profileFormSpec } from './form-spec.ts';
import { startDashboardServer, type DashboardServer } from './server.ts';

const folder = mkdtempSync(join(tmpdir(), 'switchyard-web-'));
let dashboard: DashboardServer;
let bare: DashboardServer;
let fakeGateway: Server;
let gatewayUrl = '';
const posted: unknown[] = [];
let gatewayVersion = 3;

function logRow(index: number, overrides: Partial<RequestLogRow> = {}): RequestLogRow {
  return {
    id: `r${index}.1`,
    requestId: `r${index}`,
    time: new Date(Date.UTC(2025, 5, 1, 10, index)).toISOString(),
    route: 'chat',
    routingVersion: 3,
    feature: index % 2 ? 'support' : 'search',
    keyId: 'team-a',
    provider: index % 3 ? 'vllm' : 'openai',
    providerKind: 'openai-compatible',
    model: 'llama-3.1-70b',
    attempt: 1,
    outcome: 'success',
    status: 200,
    stream: true,
    inputTokens: 1000 + index,
    outputTokens: 200,
    cachedInputTokens: 0,
    usageEstimated: false,
    ttftMs: 100 + index,
    totalMs: 1000 + 10 * index,
    costUsd: 0.002,
    errorClass: null,
    prompt: null,
    team: null,
    endpoint: 'chat.completions',
    ...overrides,
  };
}

async function readText(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += String(chunk);
  return text;
}

beforeAll(async () => {
  const dbPath = join(folder, 'log.db');
  const backend = new SqliteLogBackend(dbPath);
  backend.writeBatch(Array.from({ length: 12 }, (_, index) => logRow(index)));
  backend.close();
  fakeGateway = createServer(async (request, response) => {
    if (request.headers.authorization !== 'Bearer admin-secret') {
      response
        .writeHead(401, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: { message: 'admin endpoints need the admin key' } }));
      return;
    }
    if (request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          version: gatewayVersion,
          config: {
            version: gatewayVersion,
            targets: {},
            routes: { chat: { weights: { vllm: 70, openai: 30 }, rules: [], fallbacks: ['openai'] } },
          },
        }),
      );
      return;
    }
    const body = JSON.parse(await readText(request)) as { version: number };
    posted.push(body);
    gatewayVersion = body.version;
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ version: body.version, previousVersion: body.version - 1 }));
  });
  await new Promise<void>((resolve) => fakeGateway.listen(0, '127.0.0.1', resolve));
  gatewayUrl = `http://127.0.0.1:${(fakeGateway.address() as AddressInfo).port}`;
  const corruptProfile = join(folder, 'corrupt.yaml');
  writeFileSync(corruptProfile, 'workloads: [unclosed\n  name: x');
  dashboard = await startDashboardServer({
    exampleProfileText: profileTemplate,
    port: 0,
    dbPath,
    gatewayUrl,
    adminKey: 'admin-secret',
    profilePath: corruptProfile,
  });
  const corruptDb = join(folder, 'corrupt.db');
  writeFileSync(corruptDb, 'this is not a database at all, just text '.repeat(200));
  bare = await startDashboardServer({ exampleProfileText: profileTemplate, port: 0, dbPath: corruptDb });
});

afterAll(async () => {
  await dashboard?.close();
  await bare?.close();
  await new Promise((resolve) => fakeGateway?.close(resolve));
  rmSync(folder, { recursive: true, force: true });
});

async function post(base: DashboardServer, path: string, body: unknown): Promise<Response> {
  return fetch(new URL(path, base.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

function cliMessage(text: string, name: string): string {
  try {
    parseProfileText(text, name);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the CLI to reject the profile');
}

describe('dashboard server', () => {
  it('binds 127.0.0.1 and serves the page, the bundle and ECharts from node_modules', async () => {
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await (await fetch(dashboard.url)).text();
    expect(page).toContain('/assets/echarts.min.js');
    expect(page).not.toMatch(/https?:\/\//);
    const script = await fetch(new URL('/assets/app.js', dashboard.url));
    expect(script.headers.get('content-type')).toContain('javascript');
    expect((await script.text()).length).toBeGreaterThan(10_000);
    const echarts = await (await fetch(new URL('/assets/echarts.min.js', dashboard.url))).text();
    expect(echarts.length).toBeGreaterThan(500_000);
  });

  it('plans a profile sent as YAML or as an object', async () => {
    const fromYaml = (await (await post(dashboard, '/api/plan', { yaml: profileTemplate })).json()) as {
      ok: boolean;
      report: { recommendation: { option: string } };
    };
    expect(fromYaml.ok).toBe(true);
    const input = parseProfileText(profileTemplate, 'x');
    const fromObject = (await (await post(dashboard, '/api/plan', { profile: input })).json()) as typeof fromYaml;
    expect(fromObject.report.recommendation).toEqual(fromYaml.report.recommendation);
  });

  it('runs the Monte Carlo by default when the profile has ranges (500 draws), not without', async () => {
    const ranged = profileTemplate.replace(
      /requestsPerDay: (\d+)/,
      (_, count: string) => `requestsPerDay: ${Number(count) * 0.8}..${Number(count) * 1.2}`,
    );
    expect(ranged).not.toBe(profileTemplate);
    const body = (await (await post(dashboard, '/api/plan', { yaml: ranged })).json()) as {
      ok: boolean;
      report: { headline: string; uncertainty?: { draws: number; workloads: Array<{ howSure: string }> } };
    };
    expect(body.ok).toBe(true);
    expect(body.report.uncertainty?.draws).toBe(500);
    expect(body.report.headline).toContain(body.report.uncertainty?.workloads[0].howSure ?? 'missing');
    const plain = (await (await post(dashboard, '/api/plan', { yaml: profileTemplate })).json()) as typeof body;
    expect(plain.report.uncertainty).toBeUndefined();
  });

  it('rejects invalid fields with their paths and the very messages the CLI prints', async () => {
    const text = profileTemplate
      .replace('requestsPerDay: 20000', 'requestsPerDay: -5')
      .replace('cachedInputShare: 0.3', 'cachedInputShare: 2');
    const response = await post(dashboard, '/api/plan', { yaml: text, name: 'my.yaml' });
    expect(response.status).toBe(422);
    const body = (await response.json()) as {
      ok: boolean;
      problems: Array<{ path: string; message: string }>;
      message: string;
    };
    expect(body.problems.map((problem) => problem.path)).toEqual([
      'workloads[0].volume.requestsPerDay',
      'workloads[0].tokens.cachedInputShare',
    ]);
    expect(body.problems[0].message).toBe('requests per day must be greater than 0');
    expect(body.message).toBe(cliMessage(text, 'my.yaml'));
  });

  it('reports YAML syntax errors as the CLI does', async () => {
    const text = 'workloads: [unclosed\n  name: x';
    const body = (await (await post(dashboard, '/api/plan', { yaml: text, name: 'bad.yaml' })).json()) as {
      message: string;
      input: unknown;
    };
    expect(body.message).toBe(cliMessage(text, 'bad.yaml'));
    expect(body.input).toBeUndefined();
  });

  it('opens with the built-in example and a clear message when the --profile file is corrupt', async () => {
    const initial = (await (await fetch(new URL('/api/initial', dashboard.url))).json()) as {
      source: string;
      error: string;
      text: string;
    };
    expect(initial.source).toBe('example');
    expect(initial.error).toMatch(/corrupt\.yaml:\d+:\d+: YAML syntax error/);
    expect(initial.error).toContain('Showing the built-in example instead');
    expect(initial.text).toBe(profileTemplate);
  });

  it('runs simulate, capacity and crossover: the same use-cases and numbers as the CLI', async () => {
    const simulated = await post(dashboard, '/api/simulate', {
      yaml: 'workloads: [{name: x, volume: {requestsPerDay: 10000}, tokens: {inputPerRequest: 1500, outputPerRequest: 500}}]',
      fleets: ['fixed:2', 'autoscale:1-4'],
      months: 1,
    });
    expect(simulated.status).toBe(200);
    const simulation = (await simulated.json()) as { report: { minutes: number; fleets: Array<{ policy: string }> } };
    expect(simulation.report.minutes).toBe(43_200);
    expect(simulation.report.fleets.map((fleet) => fleet.policy)).toEqual(['fixed:2', 'autoscale:1-4']);

    const badFleet = await post(dashboard, '/api/simulate', { profile: { workloads: [] }, fleets: ['fixd:6'] });
    expect(badFleet.status).toBe(422);

    const capacity = await post(dashboard, '/api/capacity', {
      model: 'llama-3.1-70b',
      gpu: 'h100-sxm',
      precision: 'fp8',
      inputTokens: 2000,
      outputTokens: 500,
    });
    expect(capacity.status).toBe(200);
    const capacityReport = (await capacity.json()) as { report: { fits: boolean; tokensPerHourPerGpu: number } };
    expect(capacityReport.report.fits).toBe(true);
    expect(capacityReport.report.tokensPerHourPerGpu).toBeGreaterThan(0);
    const unknownGpu = (await (
      await post(dashboard, '/api/capacity', { model: 'llama-3.1-70b', gpu: 'h101', inputTokens: 1, outputTokens: 1 })
    ).json()) as { ok: boolean; problems: Array<{ path: string; message: string }> };
    expect(unknownGpu.ok).toBe(false);
    expect(unknownGpu.problems[0].path).toBe('--gpu');
    expect(unknownGpu.problems[0].message).toMatch(/unknown GPU 'h101'; did you mean/);

    const crossover = (await (
      await post(dashboard, '/api/crossover', {
        apiUsdPerMillionTokens: 0.3,
        gpuUsdPerHour: 2.5,
        tokensPerHourPerGpu: 4e6,
      })
    ).json()) as { report: { monthlyGpuCostUsd: number; crossoverMonthlyTokens: number | null; reason: string } };
    expect(crossover.report.monthlyGpuCostUsd).toBe(1800);
    expect(crossover.report.crossoverMonthlyTokens).toBeNull();
    expect(crossover.report.reason).toMatch(/^no crossover/);
    const wrongType = await post(dashboard, '/api/crossover', { apiUsdPerMillionTokens: 'cheap' });
    expect(wrongType.status).toBe(422);
    const body = (await wrongType.json()) as { problems: Array<{ path: string }> };
    expect(body.problems.map((entry) => entry.path)).toContain('apiUsdPerMillionTokens');
  });

  it('exports the self-contained HTML report as a download', async () => {
    const response = await post(dashboard, '/api/report.html', { yaml: profileTemplate });
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="acme-inc-switchyard-report.html"');
    const html = await response.text();
    expect(html).toContain('<svg role="img"');
    expect(html).not.toMatch(/https?:\/\//);
  });

  it('serves the catalog with sources and dates', async () => {
    const catalog = (await (await fetch(new URL('/api/catalog', dashboard.url))).json()) as {
      tokenPriced: Array<{ asOf: string; source: string }>;
      gpuSpecs: Array<{ id: string; asOf: string }>;
    };
    expect(catalog.tokenPriced.length).toBeGreaterThan(3);
    expect(
      catalog.tokenPriced.every((entry) => /^\d{4}-\d{2}-\d{2}$/.test(entry.asOf) && entry.source.length > 0),
    ).toBe(true);
    expect(catalog.gpuSpecs.map((spec) => spec.id)).toContain('h100-sxm');
  });

  it('summarises the request log by route, provider and feature', async () => {
    const result = (await (await fetch(new URL('/api/gateway/summary?window=all', dashboard.url))).json()) as {
      ok: boolean;
      summary: { rowCount: number; byProvider: Array<{ key: string; attempts: number }>; latestRoutingVersion: number };
    };
    expect(result.ok).toBe(true);
    expect(result.summary.rowCount).toBe(12);
    expect(result.summary.byProvider.map((group) => [group.key, group.attempts])).toEqual([
      ['vllm', 8],
      ['openai', 4],
    ]);
    expect(result.summary.latestRoutingVersion).toBe(3);
  });

  it('explains a corrupt log database instead of failing', async () => {
    const result = (await (await fetch(new URL('/api/gateway/summary', bare.url))).json()) as {
      ok: boolean;
      error: string;
    };
    expect(result.ok).toBe(false);
    expect(result.error).toMatch(/corrupt\.db: cannot read the request log: file is not a database/);
    const routing = (await (await fetch(new URL('/api/gateway/routing', bare.url))).json()) as { error: string };
    expect(routing.error).toContain('--gateway URL');
  });

  it('changes a route’s weights through the admin endpoint, refusing a stale version', async () => {
    const stale = await post(dashboard, '/api/gateway/routing', {
      route: 'chat',
      weights: { vllm: 50, openai: 50 },
      baseVersion: 2,
    });
    expect(stale.status).toBe(409);
    expect(posted).toHaveLength(0);
    const invalid = await post(dashboard, '/api/gateway/routing', {
      route: 'chat',
      weights: { vllm: -1 },
      baseVersion: 3,
    });
    expect(invalid.status).toBe(400);
    // The weights in force again: refused, nothing posted, the version does not move.
    const noOp = await post(dashboard, '/api/gateway/routing', {
      route: 'chat',
      weights: { vllm: 70, openai: 30 },
      baseVersion: 3,
    });
    expect(noOp.status).toBe(400);
    expect(((await noOp.json()) as { error: string }).error).toContain('no change');
    expect(posted).toHaveLength(0);
    const applied = (await (
      await post(dashboard, '/api/gateway/routing', {
        route: 'chat',
        weights: { vllm: 50, openai: 50 },
        baseVersion: 3,
      })
    ).json()) as { ok: boolean; body: { version: number } };
    expect(applied).toMatchObject({ ok: true, body: { version: 4 } });
    expect(posted).toEqual([
      {
        version: 4,
        targets: {},
        routes: { chat: { weights: { vllm: 50, openai: 50 }, rules: [], fallbacks: ['openai'] } },
      },
    ]);
  });
});

describe('profile form', () => {
  it('has an input for every field of a profile', () => {
    const paths = new Set(leafPaths(profileFormSpec()));
    const profile = parseProfileText(profileTemplate, 'template');
    const missing: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (Array.isArray(value) && value.some((item) => typeof item === 'object')) walk(value[0], `${path}[0]`);
      else if (value !== null && typeof value === 'object' && !Array.isArray(value))
        for (const [key, inner] of Object.entries(value)) walk(inner, path ? `${path}.${key}` : key);
      else if (!paths.has(path)) missing.push(path);
    };
    walk(profile, '');
    expect(missing).toEqual([]);
    expect(paths.has('workloads[0].checklist.qualityGapPoints')).toBe(true);
  });
});
