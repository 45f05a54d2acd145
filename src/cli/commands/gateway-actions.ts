/**
 * What the gateway commands do (loaded only when one of them runs): `gateway` (from a config file or the quick start), `routing set|show`,
 * `logs`, `keys create` and `mock-upstream`.
 */
import { renameSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { compileRouting, type CompiledRouting } from '../../core/routing/compile.ts';
import { generateKey, hashKey, type ClientKeyRecord } from '../../gateway/auth.ts';
import { addClientKey, ConfigEditError, editRoute } from '../../gateway/config-edit.ts';
import { isLoopbackHost, loadGatewayFile, type GatewayFile } from '../../gateway/config-file.ts';
import { startMockUpstream, parseMockFault } from '../../gateway/mock-upstream/index.ts';
import { parseUpstreamFlag, quickStartRouting } from '../../gateway/quick-start.ts';
import { startGateway } from '../../gateway/server.ts';
import { renderTextTable, formatUsd } from '../../report/text-table.ts';
import { toCsv, toJsonl } from '../../store/export.ts';
import { sinceToIso } from '../../store/since.ts';
import { createSqliteLogSink, queryRequestLog, replaySpilledRows, spillPathFor } from '../../store/sqlite.ts';
import { UserError, valueOrThrow } from '../errors.ts';
import { cliIo } from '../io.ts';
import { checkFormat, positiveNumber } from '../output.ts';

function userErrorFrom<T>(action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(error instanceof Error ? error.message : String(error));
  }
}

function readConfig(path: string): GatewayFile {
  const loaded = loadGatewayFile(path);
  if (!loaded.ok) throw new UserError(`${path} is not a valid gateway config:\n  ${loaded.errors.join('\n  ')}`);
  return loaded.file;
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

export interface GatewayFlags {
  config?: string;
  host?: string;
  port?: string;
  upstream?: string[];
  db?: string;
  auth: boolean;
  keyEnv: string;
  logPrompts?: boolean;
}

export async function runGateway(flags: GatewayFlags): Promise<void> {
  if (!flags.config && (!flags.upstream || flags.upstream.length === 0)) {
    throw new UserError('give --config gateway.yaml, or --upstream NAME=BASE_URL (one or more) for the quick start');
  }
  if (flags.config && flags.upstream && flags.upstream.length > 0)
    throw new UserError('--config and --upstream do not mix: put the upstreams in the config file');
  let routing: CompiledRouting;
  let file: GatewayFile | undefined;
  let configText: string | undefined;
  if (flags.config) {
    file = readConfig(flags.config);
    configText = readFileSync(flags.config, 'utf8');
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
  if (authOn) {
    clientKeys = [...(file?.keys ?? [])];
    const envKey = process.env[flags.keyEnv];
    if (envKey) fixedClientKeys.push({ id: flags.keyEnv.toLowerCase(), sha256: hashKey(envKey) });
    if (clientKeys.length + fixedClientKeys.length === 0) {
      throw new UserError(
        `no client keys: set ${flags.keyEnv}, add keys with \`switchyard keys create --config FILE --id NAME\`, or pass --no-auth (loopback only)`,
      );
    }
  }
  const adminKey = process.env[server?.adminKeyEnv ?? 'SWITCHYARD_ADMIN_KEY'];
  const dbPath = resolve(flags.db ?? server?.db ?? './switchyard.db');
  const replay = replaySpilledRows(dbPath);
  if (replay !== null) {
    const skipped = replay.skippedLines > 0 ? ` (${replay.skippedLines} unreadable line(s) skipped)` : '';
    cliIo().stderr.write(
      replay.error === null
        ? `request log: replayed ${replay.replayedRows} spilled row(s) from ${replay.spillPath} into ${dbPath}${skipped}\n`
        : `request log: cannot replay ${replay.spillPath} into ${dbPath} (${replay.error}); kept for the next start\n`,
    );
  }
  const logSink = createSqliteLogSink(dbPath, {
    retentionDays: server?.retentionDays ?? 30,
    onStoreStateChange: (healthy, reason) =>
      cliIo().stderr.write(
        healthy
          ? `request log: store ${dbPath} writable again\n`
          : `request log: cannot write ${dbPath} (${reason}); rows are buffered, requests are still served\n`,
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
    bodyLimitBytes: server?.bodyLimitBytes,
    maxHeaderBytes: server?.maxHeaderBytes,
    logPrompts: flags.logPrompts ?? server?.logPrompts ?? false,
    configPath: flags.config ? resolve(flags.config) : undefined,
    configText,
    log: (line) => cliIo().stderr.write(`${new Date().toISOString()} ${line}\n`),
  }).catch((error: unknown) => {
    throw new UserError(
      `cannot listen on ${host}:${port}: ${error instanceof Error ? error.message : String(error)}`,
      1,
    );
  });
  cliIo().stdout.write(
    `switchyard gateway listening on ${gateway.url} (routing version ${routing.version}; routes: ${[...routing.routes.keys()].join(', ')}; log: ${dbPath}${authOn ? '' : '; auth OFF'}${adminKey ? '' : '; admin endpoints off'})\n`,
  );
  const signal = await untilSignal();
  cliIo().stderr.write(`${signal}: draining in-flight requests and flushing the log ...\n`);
  await gateway.close();
  const stats = logSink.stats();
  if (stats.spilledRows > 0 || stats.droppedRows > 0) {
    const lost = stats.droppedRows > 0 ? `; ${stats.droppedRows} lost (buffer full or spill failed)` : '';
    const spilled =
      stats.spilledRows > 0
        ? `${stats.spilledRows} spilled to ${spillPathFor(dbPath)} (replayed at the next start)`
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
  limit?: string;
  format: string;
}

export function runLogs(flags: LogsFlags): void {
  const format = checkFormat(flags.format, ['table', 'jsonl', 'csv'] as const);
  const dbPath = flags.db ?? (flags.config ? readConfig(flags.config).server.db : './switchyard.db');
  const sinceIso = flags.since ? userErrorFrom(() => sinceToIso(flags.since ?? '', Date.now())) : undefined;
  const limit =
    flags.limit !== undefined ? positiveNumber('--limit', flags.limit) : format === 'table' ? 50 : undefined;
  const rows = userErrorFrom(() => {
    try {
      return queryRequestLog(dbPath, { sinceIso, route: flags.route, provider: flags.provider, limit });
    } catch (error) {
      throw new UserError(`--db: cannot read ${dbPath} (${error instanceof Error ? error.message : String(error)})`);
    }
  });
  if (format === 'jsonl') return void cliIo().stdout.write(toJsonl(rows));
  if (format === 'csv') return void cliIo().stdout.write(toCsv(rows));
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
    row.costUsd === null ? 'unknown' : row.costUsd < 0.01 ? `$${row.costUsd.toFixed(6)}` : formatUsd(row.costUsd),
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

export function runKeysCreate(flags: { config: string; id: string }): void {
  const text = userErrorFrom(() => readFileSync(flags.config, 'utf8'));
  const key = generateKey();
  let edited: ReturnType<typeof addClientKey>;
  try {
    edited = addClientKey(text, { id: flags.id, sha256: hashKey(key), createdAt: new Date().toISOString() });
  } catch (error) {
    if (error instanceof ConfigEditError) throw new UserError(error.message);
    throw error;
  }
  writeAtomically(flags.config, edited.text);
  cliIo().stdout.write(`${key}\n`);
  cliIo().stderr.write(
    `key '${flags.id}' added to ${flags.config} (only its sha256 is stored; this is the only time the key is shown)\n`,
  );
}
