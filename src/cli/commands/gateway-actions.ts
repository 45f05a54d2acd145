/**
 * What the gateway commands do (loaded only when one of them runs): `gateway` (from a config file or the quick start), `routing set|show`,
 * `logs` and `mock-upstream` (`keys` is keys-action.ts).
 */
import { existsSync, renameSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileRouting, type CompiledRouting } from '../../core/routing/compile.ts';
import { hashKey, type ClientKeyRecord } from '../../gateway/auth.ts';
import { ConfigEditError, editRoute } from '../../gateway/config-edit.ts';
import { keysPathFor, loadKeysFile } from '../../gateway/keys-file.ts';
import { isLoopbackHost, loadGatewayFile, type GatewayFile } from '../../gateway/config-file.ts';
import { startMockUpstream, parseMockFault } from '../../gateway/mock-upstream/index.ts';
import { parseUpstreamFlag, quickStartRouting } from '../../gateway/quick-start.ts';
import { startGateway, type RunningGateway } from '../../gateway/server.ts';
import { resolveTelemetryOptions, traceSamplingOf, withOpenTelemetry } from '../../gateway/telemetry.ts';
import { renderTextTable, formatUsd } from '../../report/text-table.ts';
import { toCsv, toJsonl } from '../../store/export.ts';
import { spendGroupings, summarizeSpend } from '../../store/spend-summary.ts';
import type { RequestLogRow } from '../../store/types.ts';
import { sinceToIso } from '../../store/since.ts';
import { openRequestLog } from '../../store/open-log.ts';
import { describeLogStore, readRequestLog } from '../../store/read-log.ts';
import { isRedisUrl, redactedRedisUrl } from '../../gateway/shared/redis-connection.ts';
import { RedisLimitStore } from '../../gateway/shared/redis-limit-store.ts';
import { RedisSharedState } from '../../gateway/shared/redis-state.ts';
import { UserError, valueOrThrow } from '../errors.ts';
import { cliIo } from '../io.ts';
import { checkFormat, positiveNumber } from '../output.ts';
import { tuneV8ForServing } from '../../gateway/serving-heap.ts';

function userErrorFrom<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
}

function readConfig(path: string): GatewayFile {
  return readConfigWithText(path).file;
}

/** The config and the text it was parsed from (read once: the gateway hands the text on for reloads). */
function readConfigWithText(path: string): { file: GatewayFile; text: string | undefined } {
  const loaded = loadGatewayFile(path);
  if (!loaded.ok) throw new UserError(`${path} is not a valid gateway config:\n  ${loaded.errors.join('\n  ')}`);
  return { file: loaded.file, text: loaded.text };
}

function writeAtomically(path: string, text: string): void {
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

function portNumber(flag: string, text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65_535)
    throw new UserError(`${flag}: '${text}' is not a port (0-65535)`);
  return port;
}

/** Resolves when SIGINT or SIGTERM arrives. */
function untilSignal(): Promise<string> {
  return new Promise((resolveSignal) => {
    const handler = (signal: string): void => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
      resolveSignal(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}

/** The virtual-keys file the gateway watches: its path, text at start and active keys (keys-file.ts). */
function readGatewayKeys(
  flags: GatewayFlags,
  server: GatewayFile['server'] | undefined,
): { path: string; text: string | undefined; activeKeys: number } {
  const path = resolve(
    flags.keys ??
      server?.keysFile ??
      keysPathFor(flags.db ?? process.env.SWITCHYARD_DB ?? server?.db ?? './switchyard.db'),
  );
  const loaded = loadKeysFile(path);
  if (!loaded.ok) throw new UserError(`${path} is not a valid keys file:\n  ${loaded.errors.join('\n  ')}`);
  const text = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  const nowMs = Date.now();
  const activeKeys = loaded.file.keys.filter(
    (key) => key.revokedAt === undefined && (key.expiresAt === undefined || Date.parse(key.expiresAt) > nowMs),
  ).length;
  return { path, text, activeKeys };
}

export interface GatewayFlags {
  config?: string;
  host?: string;
  port?: string;
  upstream?: string[];
  db?: string;
  redis?: string;
  /** Virtual-keys file (default: server.keysFile, else next to the SQLite log). */
  keys?: string;
  auth: boolean;
  keyEnv: string;
  logPrompts?: boolean;
  /** OTLP/HTTP base URL: turns on OpenTelemetry traces and metrics. */
  otelEndpoint?: string;
}

export async function runGateway(flags: GatewayFlags): Promise<void> {
  tuneV8ForServing();
  if (!flags.config && (!flags.upstream || flags.upstream.length === 0)) {
    throw new UserError('give --config gateway.yaml, or --upstream NAME=BASE_URL (one or more) for the quick start');
  }
  if (flags.config && flags.upstream && flags.upstream.length > 0)
    throw new UserError('--config and --upstream do not mix: put the upstreams in the config file');
  let routing: CompiledRouting;
  let file: GatewayFile | undefined;
  let configText: string | undefined;
  if (flags.config) {
    const loaded = readConfigWithText(flags.config);
    file = loaded.file;
    configText = loaded.text;
    routing = file.routing;
  } else {
    const config = userErrorFrom(() => quickStartRouting((flags.upstream ?? []).map(parseUpstreamFlag)));
    const compiled = compileRouting(config);
    if (!compiled.ok) throw new UserError(compiled.errors.join('\n'));
    routing = compiled.routing;
  }
  const server = file?.server;
  const host = flags.host ?? server?.host ?? '127.0.0.1';
  const port = flags.port !== undefined ? portNumber('--port', flags.port) : (server?.port ?? 8787);
  const authOn = flags.auth && (server?.auth ?? true);
  if (!authOn && !isLoopbackHost(host))
    throw new UserError(`--no-auth is allowed only on a loopback host (127.0.0.1, ::1, localhost), not '${host}'`);
  let clientKeys: ClientKeyRecord[] | null = null;
  const fixedClientKeys: ClientKeyRecord[] = [];
  const keys = authOn ? readGatewayKeys(flags, server) : undefined;
  if (authOn) {
    clientKeys = [...(file?.keys ?? [])];
    const envKey = process.env[flags.keyEnv];
    if (envKey) fixedClientKeys.push({ id: flags.keyEnv.toLowerCase(), sha256: hashKey(envKey) });
    if (clientKeys.length + fixedClientKeys.length + (keys?.activeKeys ?? 0) === 0) {
      throw new UserError(
        `no client keys: create one with \`switchyard keys create --name NAME\` (keys file ${keys?.path}), set ${flags.keyEnv}, or pass --no-auth (loopback only)`,
      );
    }
  }
  const adminKey = process.env[server?.adminKeyEnv ?? 'SWITCHYARD_ADMIN_KEY'];
  const dbLocation = flags.db ?? process.env.SWITCHYARD_DB ?? server?.db ?? './switchyard.db';
  const requestLog = await openRequestLog(dbLocation, {
    retentionDays: server?.retentionDays ?? 30,
    onStoreStateChange: (healthy, reason) =>
      cliIo().stderr.write(
        healthy
          ? `request log: store ${requestLog.description} writable again\n`
          : `request log: cannot write ${requestLog.description} (${reason}); rows are buffered, requests are still served\n`,
      ),
  });
  for (const line of requestLog.startLines) cliIo().stderr.write(`${line}\n`);
  const dbPath = requestLog.description;
  const telemetry = userErrorFrom(() => resolveTelemetryOptions(flags.otelEndpoint, process.env, file?.telemetry));
  let running: RunningGateway | undefined;
  const telemetrySink = telemetry
    ? await withOpenTelemetry(requestLog.sink, {
        ...telemetry,
        log: (line) => cliIo().stderr.write(`${new Date().toISOString()} ${line}\n`),
        targetBaseUrl: (target) => (running?.state.routing ?? routing).targets[target]?.baseUrl,
      })
    : undefined;
  const logSink = telemetrySink ?? requestLog.sink;
  if (telemetry)
    cliIo().stderr.write(
      `telemetry: OpenTelemetry spans and metrics to ${telemetry.otlpEndpoint} (OTLP/HTTP JSON; service ${telemetry.serviceName}; ${telemetry.traceSampleRatio >= 1 ? 'every request traced' : `${+(telemetry.traceSampleRatio * 100).toFixed(2)}% of requests traced`}; metrics every ${telemetry.metricsIntervalMs / 1000} s)\n`,
    );
  const redisUrl = flags.redis ?? process.env.SWITCHYARD_REDIS_URL ?? server?.redis;
  if (redisUrl !== undefined && !isRedisUrl(redisUrl))
    throw new UserError(`--redis: '${redisUrl}' is not a redis:// or rediss:// URL`);
  const shared = redisUrl === undefined ? undefined : new RedisSharedState(redisUrl);
  const limitStore =
    redisUrl === undefined
      ? undefined
      : new RedisLimitStore(redisUrl, {
          onStateChange: (healthy, reason) =>
            cliIo().stderr.write(
              healthy
                ? `key limits: shared counters in redis ${redactedRedisUrl(redisUrl)} reachable again\n`
                : `key limits: redis ${redactedRedisUrl(redisUrl)} unreachable (${reason}); counting on this instance only until it is back\n`,
            ),
        });
  const gateway = await startGateway({
    routing,
    host,
    port,
    clientKeys,
    fixedClientKeys,
    adminKeySha256: adminKey ? hashKey(adminKey) : undefined,
    logSink,
    onRefusedRequest: telemetrySink?.recordRefusal,
    bodyLimitBytes: server?.bodyLimitBytes,
    maxHeaderBytes: server?.maxHeaderBytes,
    logPrompts: flags.logPrompts ?? server?.logPrompts ?? false,
    preloadTokenizer: server?.preloadTokenizer ?? false,
    configPath: flags.config ? resolve(flags.config) : undefined,
    configText,
    log: (line) => cliIo().stderr.write(`${new Date().toISOString()} ${line}\n`),
    shared,
    limitStore,
    tracing: telemetry ? traceSamplingOf(telemetry) : undefined,
    keysPath: keys?.path,
    keysText: keys?.text,
  }).catch((error: unknown) => {
    throw new UserError(
      `cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`,
      1,
    );
  });
  running = gateway;
  cliIo().stdout.write(
    `switchyard gateway listening on ${gateway.url} (routing version ${routing.version}; routes: ${[...routing.routes.keys()].join(', ')}; log: ${dbPath}${shared ? `; shared state: ${shared.description}` : ''}${authOn ? '' : '; auth OFF'}${adminKey ? '' : '; admin endpoints off'})\n`,
  );
  const signal = await untilSignal();
  cliIo().stderr.write(`${signal}: draining in-flight requests and flushing the log ...\n`);
  await gateway.close();
  await limitStore?.close();
  const stats = logSink.stats();
  if (stats.spilledRows > 0 || stats.droppedRows > 0) {
    const lost = stats.droppedRows > 0 ? `; ${stats.droppedRows} lost (buffer full or spill failed)` : '';
    const spilled =
      stats.spilledRows > 0
        ? `${stats.spilledRows} spilled to ${requestLog.spillPath} (replayed at the next start)`
        : 'none spilled';
    cliIo().stderr.write(
      `request log: ${stats.spilledRows + stats.droppedRows} row(s) not written to ${dbPath}; ${spilled}${lost}${stats.lastError ? ` (last error: ${stats.lastError})` : ''}\n`,
    );
  }
  cliIo().stderr.write(`gateway stopped (${stats.writtenRows} log row(s) written)\n`);
}

function parseWeights(text: string): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const part of text.split(',')) {
    const match = /^\s*([A-Za-z0-9][A-Za-z0-9._:/-]*)\s*=\s*(\d+(?:\.\d+)?)\s*$/.exec(part);
    if (!match) throw new UserError(`--weights: '${part}' is not NAME=WEIGHT (e.g. --weights vllm=70,openai=30)`);
    weights[match[1]] = Number(match[2]);
  }
  return weights;
}

export function runRoutingSet(
  path: string,
  flags: { route: string; weights?: string; fallbacks?: string; overflow?: string },
): void {
  if (!flags.weights && flags.fallbacks === undefined && flags.overflow === undefined)
    throw new UserError('give --weights, --fallbacks or --overflow to change');
  const text = userErrorFrom(() => readFileSync(path, 'utf8'));
  let edited: ReturnType<typeof editRoute>;
  try {
    edited = editRoute(text, {
      route: flags.route,
      weights: flags.weights ? parseWeights(flags.weights) : undefined,
      fallbacks:
        flags.fallbacks === undefined
          ? undefined
          : flags.fallbacks
              .split(',')
              .map((name) => name.trim())
              .filter(Boolean),
      overflow: flags.overflow,
    });
  } catch (error) {
    if (error instanceof ConfigEditError) throw new UserError(error.message);
    throw error;
  }
  writeAtomically(path, edited.text);
  const weights = edited.file.routing.config.routes[flags.route].weights;
  cliIo().stdout.write(
    `${path}: route ${flags.route} now ${Object.entries(weights)
      .map(([name, weight]) => `${name}=${weight}`)
      .join(
        ',',
      )}; version ${edited.previousVersion} -> ${edited.file.routing.version} (a running gateway watching this file picks it up)\n`,
  );
}

export function runRoutingShow(path: string, flags: { format: string }): void {
  const format = checkFormat(flags.format, ['table', 'json'] as const);
  const file = readConfig(path);
  const config = file.routing.config;
  if (format === 'json') {
    cliIo().stdout.write(`${JSON.stringify(config, null, 2)}\n`);
    return;
  }
  const rows = Object.entries(config.routes).map(([name, route]) => {
    const total = Object.values(route.weights).reduce((sum, weight) => sum + weight, 0);
    return [
      name + (config.defaultRoute === name ? ' (default)' : ''),
      Object.entries(route.weights)
        .map(([target, weight]) => `${target} ${Math.round((weight / total) * 100)}%`)
        .join(', '),
      route.rules
        .map(
          (rule, index) =>
            `${rule.name ?? `rule ${index + 1}`} -> ${rule.target ?? Object.keys(rule.weights ?? {}).join('/')}`,
        )
        .join('; '),
      route.fallbacks.join(' > '),
      route.overflow ?? '',
    ];
  });
  const targets = Object.entries(config.targets).map(([name, target]) => [
    name,
    target.provider,
    target.baseUrl,
    target.model ?? '(client model)',
    target.maxConcurrency ?? '',
    target.timeoutMs,
    target.apiKeyEnv ?? '',
  ]);
  cliIo().stdout.write(
    `routing version ${config.version}\n\n${renderTextTable(['route', 'split', 'rules', 'fallbacks', 'overflow'], rows)}\n\n${renderTextTable(['target', 'provider', 'base URL', 'model', 'max concurrency', 'timeout ms', 'key env'], targets)}\n`,
  );
}

export interface LogsFlags {
  db?: string;
  config?: string;
  since?: string;
  route?: string;
  provider?: string;
  key?: string;
  team?: string;
  feature?: string;
  by?: string;
  keys?: string;
  limit?: string;
  format: string;
}

function usdText(costUsd: number): string {
  return costUsd < 0.01 ? `$${costUsd.toFixed(6)}` : formatUsd(costUsd);
}

/** Names of virtual keys by id, from the keys file next to the log (empty when there is none). */
function keyNames(flags: LogsFlags, dbLocation: string): Map<string, string> {
  const server = flags.config ? readConfig(flags.config).server : undefined;
  const loaded = loadKeysFile(resolve(flags.keys ?? server?.keysFile ?? keysPathFor(dbLocation)));
  return new Map(loaded.ok ? loaded.file.keys.map((key) => [key.id, key.name]) : []);
}

/** `logs --by key|team|feature|...`: spend and usage per group. */
function writeSpend(flags: LogsFlags, rows: RequestLogRow[], dbLocation: string, source: string): void {
  const by = checkFormat(flags.by ?? '', spendGroupings);
  const format = checkFormat(flags.format, ['table', 'jsonl'] as const);
  const groups = summarizeSpend(rows, by);
  if (format === 'jsonl') {
    cliIo().stdout.write(groups.map((group) => `${JSON.stringify({ by, ...group })}\n`).join(''));
    return;
  }
  const names = by === 'key' ? keyNames(flags, dbLocation) : new Map<string, string>();
  const table = groups.map((group) => [
    group.group === null
      ? '(none)'
      : names.has(group.group)
        ? `${group.group} (${names.get(group.group)})`
        : group.group,
    group.requests,
    group.attempts,
    group.inputTokens,
    group.outputTokens,
    // No priced attempt at all: the cost is unknown, not $0.
    group.costUsd === 0 && group.unpricedAttempts > 0 ? 'unknown' : usdText(group.costUsd),
    group.unpricedAttempts,
  ]);
  cliIo().stdout.write(
    `${renderTextTable([by, 'requests', 'attempts', 'in tok', 'out tok', 'cost', 'unpriced'], table)}\n${groups.length} ${by} group(s) over ${rows.length} row(s) from ${source}${flags.since ? ` since ${flags.since}` : ''}\n`,
  );
}

export async function runLogs(flags: LogsFlags): Promise<void> {
  if (flags.by === undefined) checkFormat(flags.format, ['table', 'jsonl', 'csv'] as const);
  const dbLocation =
    flags.db ??
    process.env.SWITCHYARD_DB ??
    (flags.config ? readConfig(flags.config).server.db : undefined) ??
    './switchyard.db';
  const dbPath = describeLogStore(dbLocation);
  const sinceIso = flags.since ? userErrorFrom(() => sinceToIso(flags.since ?? '', Date.now())) : undefined;
  const limit =
    flags.limit !== undefined
      ? positiveNumber('--limit', flags.limit)
      : flags.format === 'table' && flags.by === undefined
        ? 50
        : undefined;
  const rows = await readRequestLog(dbLocation, {
    sinceIso,
    route: flags.route,
    provider: flags.provider,
    keyId: flags.key,
    team: flags.team,
    feature: flags.feature,
    limit,
  }).catch((error: unknown) => {
    throw new UserError(`--db: cannot read ${dbPath} (${error instanceof Error ? error.message : String(error)})`);
  });
  if (flags.by !== undefined) return writeSpend(flags, rows, dbLocation, dbPath);
  if (flags.format === 'jsonl') return void cliIo().stdout.write(toJsonl(rows));
  if (flags.format === 'csv') return void cliIo().stdout.write(toCsv(rows));
  const table = rows.map((row) => [
    row.time.replace('T', ' ').slice(0, 23),
    row.route,
    row.routingVersion,
    row.provider,
    row.model,
    row.attempt,
    row.outcome,
    row.status ?? '',
    row.inputTokens ?? '',
    row.outputTokens ?? '',
    row.ttftMs === null ? '' : Math.round(row.ttftMs),
    row.totalMs === null ? '' : Math.round(row.totalMs),
    row.costUsd === null ? 'unknown' : usdText(row.costUsd),
  ]);
  cliIo().stdout.write(
    `${renderTextTable(['time (UTC)', 'route', 'ver', 'provider', 'model', 'try', 'outcome', 'status', 'in tok', 'out tok', 'ttft ms', 'total ms', 'cost'], table)}\n${rows.length} row(s) from ${dbPath}\n`,
  );
}

/** The mock eval model of `--eval-set FILE --accuracy SHARE` (app/eval.ts `mockEvalAnswerer`). */
async function mockEvalModel(path: string, accuracyText: string) {
  const { mockEvalAnswerer, parseEvalSet } = await import('../../app/eval.ts');
  const accuracy = Number(accuracyText);
  if (!Number.isFinite(accuracy) || accuracy < 0 || accuracy > 1)
    throw new UserError(`--accuracy: '${accuracyText}' must be a share between 0 and 1`);
  const text = userErrorFrom(() => readFileSync(path, 'utf8'));
  return mockEvalAnswerer(valueOrThrow(parseEvalSet(text, path)), accuracy);
}

export async function runMockUpstream(flags: {
  port: string;
  latencyMs: string;
  name: string;
  fault?: string;
  evalSet?: string;
  accuracy?: string;
}): Promise<void> {
  const fault = flags.fault ? userErrorFrom(() => parseMockFault(flags.fault ?? '')) : undefined;
  const answer = flags.evalSet ? await mockEvalModel(flags.evalSet, flags.accuracy ?? '1') : undefined;
  const latencyMs = Number(flags.latencyMs);
  if (!Number.isFinite(latencyMs) || latencyMs < 0)
    throw new UserError(`--latency-ms: '${flags.latencyMs}' must be a number, 0 or more`);
  const upstream = await startMockUpstream({
    port: portNumber('--port', flags.port),
    latencyMs,
    name: flags.name,
    fault,
    answer,
  });
  cliIo().stdout.write(
    `mock upstream '${flags.name}' listening on ${upstream.url} (OpenAI /chat/completions and Anthropic /messages)\n`,
  );
  await untilSignal();
  await upstream.close();
}
