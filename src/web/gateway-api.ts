/**
 * The dashboard's gateway view on the server side: reads the request log (read-only) and
 * talks to the gateway's admin endpoint. The admin key stays in this process; the page
 * never sees it.
 */
import { existsSync } from 'node:fs';
import { isPostgresUrl } from '../store/postgres-sink.ts';
import { describeLogStore, readRequestLog } from '../store/read-log.ts';
import {
  filterChoices,
  filterRequestLog,
  summarizeRequestLog,
  type GatewaySummary,
  type RequestLogFilter,
  type RequestLogFilterChoices,
} from './gateway-stats.ts';

export type GatewaySummaryResult =
  | {
      ok: true;
      dbPath: string;
      window: string;
      /** The summary of the rows that pass `filter`; `choices` from every row in the window. */
      summary: GatewaySummary;
      filter: RequestLogFilter;
      choices: RequestLogFilterChoices;
    }
  | { ok: false; error: string };

export const summaryWindows: Record<string, number | null> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
  all: null,
};

/**
 * Reads and summarises the log (a SQLite file or a `postgres://` URL), filtered; every
 * failure is a sentence for the page, never a throw.
 */
export async function readGatewaySummary(
  dbLocation: string | undefined,
  window: string,
  nowMs: number,
  filter: RequestLogFilter = {},
): Promise<GatewaySummaryResult> {
  if (!dbLocation)
    return {
      ok: false,
      error:
        'No request log configured: start the dashboard with --db FILE (the SQLite file the gateway logs to, e.g. --db ./switchyard.db).',
    };
  if (!(window in summaryWindows))
    return { ok: false, error: `window: '${window}' is not one of ${Object.keys(summaryWindows).join(', ')}` };
  const dbPath = describeLogStore(dbLocation);
  if (!isPostgresUrl(dbLocation) && !existsSync(dbLocation))
    return {
      ok: false,
      error: `${dbPath}: no such file. Start the gateway with this log path first, or pass the right --db.`,
    };
  const spanMs = summaryWindows[window];
  try {
    const rows = await readRequestLog(dbLocation, {
      sinceIso: spanMs === null ? undefined : new Date(nowMs - spanMs).toISOString(),
      limit: 200_000,
    });
    return {
      ok: true,
      dbPath,
      window,
      summary: summarizeRequestLog(filterRequestLog(rows, filter)),
      filter,
      choices: filterChoices(rows),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      ok: false,
      error: `${dbPath}: cannot read the request log: ${message}. Is it a Switchyard log database (table request_log)?`,
    };
  }
}

export interface GatewayAdminSettings {
  gatewayUrl?: string;
  adminKey?: string;
  adminKeyEnv: string;
}

export type AdminResult =
  | { ok: true; status: number; body: unknown }
  | { ok: false; status: number; error: string; body?: unknown };

function adminProblem(settings: GatewayAdminSettings): AdminResult | null {
  if (!settings.gatewayUrl)
    return {
      ok: false,
      status: 400,
      error:
        'No gateway configured: start the dashboard with --gateway URL (e.g. --gateway http://127.0.0.1:8787) to see and change routing.',
    };
  if (!settings.adminKey)
    return {
      ok: false,
      status: 400,
      error: `No admin key: set the environment variable ${settings.adminKeyEnv} (or name another with --admin-key-env) before starting the dashboard.`,
    };
  return null;
}

async function adminFetch(
  settings: GatewayAdminSettings,
  method: 'GET' | 'POST',
  body?: unknown,
): Promise<AdminResult> {
  const problem = adminProblem(settings);
  if (problem) return problem;
  const url = `${(settings.gatewayUrl ?? '').replace(/\/+$/, '')}/admin/routing`;
  try {
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${settings.adminKey}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    if (response.ok) return { ok: true, status: response.status, body: parsed };
    const message =
      typeof parsed === 'object' && parsed !== null && 'error' in parsed
        ? String((parsed as { error: { message?: string } }).error?.message ?? text)
        : text;
    return {
      ok: false,
      status: response.status,
      error: `gateway answered ${response.status}: ${message}`,
      body: parsed,
    };
  } catch (error) {
    const cause = error instanceof Error && error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return {
      ok: false,
      status: 502,
      error: `cannot reach the gateway at ${url}: ${error instanceof Error ? error.message : String(error)}${cause}`,
    };
  }
}

/** GET /admin/routing on the gateway: `{ version, config }`. */
export function fetchRouting(settings: GatewayAdminSettings): Promise<AdminResult> {
  return adminFetch(settings, 'GET');
}

export interface WeightChange {
  route: string;
  weights: Record<string, number>;
  /** The routing version the user saw; the change is refused when the gateway moved on. */
  baseVersion: number;
}

/** Checks a weight change request from the page; returns an error sentence or null. */
export function weightChangeProblem(input: unknown): string | null {
  if (typeof input !== 'object' || input === null) return 'body: expected { route, weights, baseVersion }';
  const change = input as Partial<WeightChange>;
  if (typeof change.route !== 'string' || change.route === '') return 'route: missing';
  if (typeof change.baseVersion !== 'number' || !Number.isInteger(change.baseVersion))
    return 'baseVersion: must be the integer routing version you saw';
  if (typeof change.weights !== 'object' || change.weights === null)
    return 'weights: expected an object of target -> weight';
  const entries = Object.entries(change.weights);
  if (entries.length === 0) return 'weights: give at least one target';
  for (const [target, weight] of entries) {
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0)
      return `weights.${target}: ${JSON.stringify(weight)} — a weight is a number >= 0`;
  }
  if (entries.every(([, weight]) => weight === 0)) return 'weights: at least one weight must be greater than 0';
  return null;
}

/**
 * Changes one route's weights: reads the running config, checks it is still `baseVersion`,
 * posts it back with the new weights and version + 1. The gateway validates it again. A
 * change to the weights the route already has is refused (400) without posting, so a
 * no-op never bumps the routing version.
 */
export async function changeRouteWeights(settings: GatewayAdminSettings, change: WeightChange): Promise<AdminResult> {
  const current = await fetchRouting(settings);
  if (!current.ok) return current;
  const body = current.body as {
    version: number;
    config: { version: number; routes: Record<string, { weights: Record<string, number> }> };
  };
  if (body.version !== change.baseVersion)
    return {
      ok: false,
      status: 409,
      error: `routing changed since you loaded it: the gateway now runs version ${body.version} (you edited version ${change.baseVersion}); reload and try again`,
    };
  const route = body.config.routes[change.route];
  if (!route)
    return {
      ok: false,
      status: 404,
      error: `route '${change.route}' does not exist in routing version ${body.version} (routes: ${Object.keys(body.config.routes).join(', ')})`,
    };
  const targets = new Set([...Object.keys(route.weights), ...Object.keys(change.weights)]);
  if ([...targets].every((target) => route.weights[target] === change.weights[target]))
    return {
      ok: false,
      status: 400,
      error: `no change: route '${change.route}' already has these weights in routing version ${body.version}; nothing was sent and the version stays ${body.version}`,
    };
  const config = {
    ...body.config,
    version: body.version + 1,
    routes: { ...body.config.routes, [change.route]: { ...route, weights: change.weights } },
  };
  return adminFetch(settings, 'POST', config);
}
