/**
 * `switchyard ui`: the dashboard's HTTP server (node:http, 127.0.0.1 by default). Serves
 * the page, the bundled front end, ECharts from node_modules (offline), and a JSON API:
 * plan a profile, simulate its traffic, capacity and crossover (the CLI's use-cases), the
 * built-in example, the catalog, HTML export, and the gateway view.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { planDependenciesWithSolver } from '../app/plan.ts';
import { builtInCatalog, type Catalog } from '../catalog/catalog.ts';
import { renderHtmlReport } from '../report/html/render-html.ts';
import { bundleDashboardScript } from './bundle.ts';
import { catalogView } from './catalog-view.ts';
import { dashboardCss } from './client/dashboard-css.ts';
import { profileFormSpec } from './form-spec.ts';
import {
  changeRouteWeights,
  fetchRouting,
  readGatewaySummary,
  weightChangeProblem,
  type GatewayAdminSettings,
  type WeightChange,
} from './gateway-api.ts';
import { dashboardPage } from './page.ts';
import { readPlanVsActual } from './plan-vs-actual-api.ts';
import { initialProfile, planRequest, type PlanRequestBody } from './plan-api.ts';
import { capacityRequest, crossoverRequest, simulateRequest, type UseCaseResponse } from './use-case-api.ts';

export interface DashboardOptions {
  /** The built-in example profile (YAML), shown when no --profile is given: `profileTemplate` from the CLI. */
  exampleProfileText: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Profile file shown first (the built-in example otherwise). */
  profilePath?: string;
  /** Request-log database for the gateway view. */
  dbPath?: string;
  /** A plan JSON for the gateway view's "plan vs actual" panel (`--plan`). */
  planPath?: string;
  gatewayUrl?: string;
  adminKey?: string;
  adminKeyEnv?: string;
  catalog?: Catalog;
  engine?: string;
  /** Progress and request-failure lines (stderr in the CLI). */
  log?: (line: string) => void;
  /** Clock for the gateway view's time windows. */
  nowMs?: () => number;
}

export interface DashboardServer {
  url: string;
  server: Server;
  close(): Promise<void>;
}

const bodyLimitBytes = 2 * 1024 * 1024;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > bodyLimitBytes) throw new HttpProblem(413, `request body is larger than ${bodyLimitBytes} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const text = await readBody(request);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpProblem(
      400,
      `request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Buffer,
  extraHeaders: Record<string, string> = {},
): void {
  response.writeHead(status, {
    'content-type': contentType,
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...extraHeaders,
  });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

function sendUseCase(response: ServerResponse, result: UseCaseResponse): void {
  sendJson(response, result.ok ? 200 : 422, result);
}

/** Starts the dashboard server; resolves once it listens. */
export async function startDashboardServer(options: DashboardOptions): Promise<DashboardServer> {
  const log = options.log ?? (() => undefined);
  const nowMs = options.nowMs ?? Date.now;
  const catalog = options.catalog ?? builtInCatalog;
  const dependencies = await planDependenciesWithSolver({ catalog, engine: options.engine });
  if (!dependencies.ok)
    throw new Error(dependencies.problems.map((entry) => `${entry.path}: ${entry.message}`).join('\n'));
  const planOptions = dependencies.value;
  const started = performance.now();
  const script = await bundleDashboardScript();
  log(`bundled the dashboard front end in ${Math.round(performance.now() - started)} ms`);
  const echartsScript = readFileSync(createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js'));
  const formSpec = JSON.stringify(profileFormSpec());
  const catalogJson = JSON.stringify(catalogView(catalog));
  const adminSettings: GatewayAdminSettings = {
    gatewayUrl: options.gatewayUrl,
    adminKey: options.adminKey,
    adminKeyEnv: options.adminKeyEnv ?? 'SWITCHYARD_ADMIN_KEY',
  };

  const dispatch = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://dashboard.invalid');
    const route = `${request.method ?? 'GET'} ${url.pathname}`;
    switch (route) {
      case 'GET /':
      case 'GET /index.html':
        return send(response, 200, 'text/html; charset=utf-8', dashboardPage);
      case 'GET /favicon.ico':
        response.writeHead(204, { 'cache-control': 'max-age=86400' });
        response.end();
        return;
      case 'GET /assets/app.js':
        return send(response, 200, 'text/javascript; charset=utf-8', script);
      case 'GET /assets/echarts.min.js':
        return send(response, 200, 'text/javascript; charset=utf-8', echartsScript);
      case 'GET /assets/dashboard.css':
        return send(response, 200, 'text/css; charset=utf-8', dashboardCss);
      case 'GET /api/schema':
        return send(response, 200, 'application/json; charset=utf-8', formSpec);
      case 'GET /api/catalog':
        return send(response, 200, 'application/json; charset=utf-8', catalogJson);
      case 'GET /api/example':
        return sendJson(response, 200, initialProfile(undefined, options.exampleProfileText));
      case 'GET /api/initial':
        return sendJson(response, 200, initialProfile(options.profilePath, options.exampleProfileText));
      case 'POST /api/plan': {
        const result = planRequest((await readJson(request)) as PlanRequestBody, planOptions);
        return sendJson(response, result.ok ? 200 : 422, result);
      }
      case 'POST /api/report.html': {
        const result = planRequest((await readJson(request)) as PlanRequestBody, planOptions);
        if (!result.ok) return sendJson(response, 422, result);
        const fileName = `${
          result.report.organization.name
            .replace(/[^A-Za-z0-9._-]+/g, '-')
            .replace(/^-+|-+$/g, '')
            .toLowerCase() || 'plan'
        }-switchyard-report.html`;
        const generatedOn = new Date(nowMs()).toISOString().slice(0, 10);
        return send(response, 200, 'text/html; charset=utf-8', renderHtmlReport(result.report, { generatedOn }), {
          'content-disposition': `attachment; filename="${fileName}"`,
        });
      }
      case 'POST /api/simulate':
        return sendUseCase(response, simulateRequest(await readJson(request), planOptions));
      case 'POST /api/capacity':
        return sendUseCase(response, capacityRequest(await readJson(request)));
      case 'POST /api/crossover':
        return sendUseCase(response, crossoverRequest(await readJson(request)));
      case 'GET /api/gateway/summary': {
        const parameter = (name: string) => url.searchParams.get(name) || undefined;
        const result = await readGatewaySummary(options.dbPath, url.searchParams.get('window') ?? 'all', nowMs(), {
          route: parameter('route'),
          provider: parameter('provider'),
          feature: parameter('feature'),
          keyId: parameter('key'),
          status: parameter('status'),
          sinceIso: parameter('since'),
          untilIso: parameter('until'),
        });
        return sendJson(response, 200, result);
      }
      case 'GET /api/gateway/plan-vs-actual':
        return sendJson(
          response,
          200,
          await readPlanVsActual(options.planPath, options.dbPath, nowMs(), planOptions, catalog),
        );
      case 'GET /api/gateway/routing': {
        const result = await fetchRouting(adminSettings);
        return sendJson(response, result.ok ? 200 : result.status, result);
      }
      case 'POST /api/gateway/routing': {
        const input = await readJson(request);
        const problem = weightChangeProblem(input);
        if (problem) return sendJson(response, 400, { ok: false, status: 400, error: problem });
        const result = await changeRouteWeights(adminSettings, input as WeightChange);
        if (result.ok)
          log(`routing weights of '${(input as WeightChange).route}' changed through the gateway admin endpoint`);
        return sendJson(response, result.ok ? 200 : result.status, result);
      }
      default:
        throw new HttpProblem(404, `no such page or endpoint: ${route}`);
    }
  };

  const server = createServer((request, response) => {
    dispatch(request, response).catch((error: unknown) => {
      const status = error instanceof HttpProblem ? error.status : 500;
      const message = error instanceof Error ? error.message : String(error);
      if (status === 500) log(`${request.method} ${request.url}: ${message}`);
      if (!response.headersSent) sendJson(response, status, { ok: false, error: message });
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8788, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}/`,
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
