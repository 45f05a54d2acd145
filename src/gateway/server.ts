/**
 * The gateway HTTP server (node:http): OpenAI-compatible endpoints, health, metrics and
 * admin endpoints. Routing is chosen by the pure planner and carried out by the executor.
 */
import { timeOrderedRequestId } from './request-id.ts';
import { type TraceSampling, traceHeadersOf } from './trace-parent.ts';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseYaml } from 'yaml';
import { resolveRoute, type CompiledRoute, type CompiledRouting } from '../core/routing/compile.ts';
import { planAttempts, type RequestFacts } from '../core/routing/plan.ts';
import { closestNames } from '../core/text/suggest.ts';
import { estimatePromptTokens, preloadTokenizer } from '../providers/index.ts';
import { contentText } from '../providers/provider-errors.ts';
import { withTranslationOptions } from '../providers/translation-options.ts';
import type { ChatCompletionRequest } from '../providers/types.ts';
import type { RequestLogSink } from '../store/types.ts';
import { bearerToken, KeyRing, matchesHash, type ClientKeyRecord } from './auth.ts';
import { clientKeyRecords, parseKeysText } from './keys-file.ts';
import { hasLimits, KeyLimiter } from './limits/key-limits.ts';
import type { LimitStore } from './limits/limit-store.ts';
import { MemoryLimitStore } from './limits/memory-limit-store.ts';
import { validateChatRequest } from './chat-request-schema.ts';
import { parseGatewayYaml, validateRouting } from './config-file.ts';
import { GatewayHttpError, sendError, sendJson } from './errors.ts';
import { type AttemptResult, ClientAbort, runAttempt } from './attempt.ts';
import type { PassThroughEndpoint } from './attempt-passthrough.ts';
import { type AttemptSpec, attemptInputOf, executePlan } from './executor.ts';
import { handlePassThrough, servingPlan } from './passthrough-endpoints.ts';
import { GatewayMetrics, labels } from './metrics.ts';
import type { SharedGatewayState } from './shared/types.ts';
import { GatewayState } from './state.ts';
import { watchConfigFile, type ConfigWatcher } from './watch.ts';

/**
 * A request to `/v1/` answered with an error before any upstream attempt: a missing or bad key,
 * a key over its limits, an invalid body, an unknown model, a body too large. It leaves no log
 * row; `switchyard_refused_requests_total` counts it and `onRefusedRequest` hears of it.
 */
export interface RefusedRequest {
  method: string;
  /** The path without its query string. */
  path: string;
  status: number;
  /** OpenAI's error `type` and `code` as answered (`invalid_request_error`, `invalid_api_key`, ...). */
  type: string;
  code: string | null;
  startMs: number;
  endMs: number;
  /** The client's `traceparent` header as it came, when it sent one. */
  traceParent: string | undefined;
}

export interface GatewayOptions {
  routing: CompiledRouting;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Hashed client keys; null turns auth off (loopback only, checked by the CLI). */
  clientKeys: ReadonlyArray<ClientKeyRecord> | null;
  /** Keys that stay valid across reloads of the config file (e.g. one given by environment variable). */
  fixedClientKeys?: ReadonlyArray<ClientKeyRecord>;
  /** sha256 of the admin key; admin endpoints are disabled without it. */
  adminKeySha256?: string;
  logSink: RequestLogSink;
  /** Told of each request refused before any upstream attempt (telemetry records it as a span). */
  onRefusedRequest?: (refusal: RefusedRequest) => void;
  bodyLimitBytes?: number;
  /** Largest request line plus headers accepted, in bytes; larger requests get 431. Default 8 KiB (8,192). */
  maxHeaderBytes?: number;
  logPrompts?: boolean;
  /** Where `apiKeyEnv` names are looked up (defaults to process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** Gateway file to watch: its routing and keys reload when it changes. */
  configPath?: string;
  /** The file text the gateway started from (changes are compared against it). */
  configText?: string;
  reloadDebounceMs?: number;
  /** How long shutdown waits for in-flight requests. */
  drainTimeoutMs?: number;
  /** Operator log lines (reloads, store problems); never request content or secrets. */
  log?: (line: string) => void;
  random?: () => number;
  nowMs?: () => number;
  /**
   * Load the tokenizer (~130 MB, a second or two of CPU) before listening, so no request pays
   * for it. Default false: it loads the first time an upstream's answer carries no usage (or a
   * client closes a stream), keeping RSS at rest low when upstreams report usage.
   */
  preloadTokenizer?: boolean;
  /** Virtual-keys file (keys-file.ts), watched: keys, limits and revocations apply without a restart. */
  keysPath?: string;
  /** Its text at start (already validated by the caller); the watcher compares changes against it. */
  keysText?: string;
  /** Counters of the virtual keys' limits; default in-process (`MemoryLimitStore`). */
  limitStore?: LimitStore;
  /** Breakers, in-flight counts and routing versions shared with other instances (11B); default in-process. */
  shared?: SharedGatewayState;
  /**
   * The trace sampling of the telemetry wrapping `logSink`, when telemetry is on: upstreams are
   * then sent a `traceparent` naming each attempt's span. Without it, a client's trace headers
   * go to the upstream unchanged.
   */
  tracing?: TraceSampling;
}

export type ReloadResult =
  | { ok: true; version: number; previousVersion: number }
  | { ok: false; status: number; errors: string[] };

export interface RunningGateway {
  url: string;
  host: string;
  port: number;
  state: GatewayState;
  metrics: GatewayMetrics;
  /** Validates and applies a routing config given as data; the running version stays on error. */
  applyRouting(input: unknown, source: string): ReloadResult;
  /** Stops accepting, drains in-flight requests, flushes the log, closes pools. */
  close(): Promise<void>;
}

const chatPath = '/v1/chat/completions';

/** The pass-through endpoint of a path, if it is one. */
function passThroughEndpointOf(path: string): PassThroughEndpoint | undefined {
  if (path === '/v1/embeddings') return 'embeddings';
  if (path === '/v1/completions') return 'completions';
  if (path === '/v1/responses') return 'responses';
  return undefined;
}
const modelsPath = '/v1/models';
const modelPathPrefix = '/v1/models/';
export const defaultMaxHeaderBytes = 8_192;

function modelObject(id: string): Record<string, unknown> {
  return { id, object: 'model', created: 0, owned_by: 'switchyard' };
}

function decodedModelId(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

function readBody(request: IncomingMessage, limitBytes: number): Promise<Buffer | 'too-large'> {
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > limitBytes) return Promise.resolve('too-large');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        request.removeAllListeners('data');
        request.pause();
        resolve('too-large');
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function lastUserMessage(request: ChatCompletionRequest): string {
  for (let index = request.messages.length - 1; index >= 0; index -= 1) {
    const message = request.messages[index];
    if (message?.role === 'user') return contentText(message.content);
  }
  return '';
}

/** A canonical JSON text (object keys sorted), so equal configs compare equal whatever their key order. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) =>
    entry !== null && typeof entry === 'object' && !Array.isArray(entry)
      ? Object.fromEntries(Object.entries(entry as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : entry,
  );
}

/**
 * True when a posted routing equals the one in force except for its version: a no-op that
 * must not bump the version (every instance would switch for nothing).
 */
function sameRoutingApartFromVersion(posted: CompiledRouting, running: CompiledRouting): boolean {
  const { version: _postedVersion, ...postedConfig } = posted.config;
  const { version: _runningVersion, ...current } = running.config;
  return canonicalJson(postedConfig) === canonicalJson(current);
}

/** A chat attempt: the executor's spec (target, deadlines, the client's response) with the request. */
function runChatAttempt(attempt: AttemptSpec, request: ChatCompletionRequest): Promise<AttemptResult> {
  return runAttempt(attemptInputOf(attempt, request));
}

export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const env = options.env ?? process.env;
  const nowMs = options.nowMs ?? Date.now;
  const random = options.random ?? Math.random;
  const bodyLimitBytes = options.bodyLimitBytes ?? 1_048_576;
  const state = new GatewayState(options.routing, env, log);
  const metrics = new GatewayMetrics();
  const fixedKeys = options.fixedClientKeys ?? [];
  let configKeys: ReadonlyArray<ClientKeyRecord> = options.clientKeys ?? [];
  let virtualKeys: ReadonlyArray<ClientKeyRecord> = [];
  if (options.keysText !== undefined) {
    const parsedKeys = parseKeysText(options.keysText);
    if (parsedKeys.ok) virtualKeys = clientKeyRecords(parsedKeys.file);
    else log(`keys file ${options.keysPath ?? ''} rejected: ${parsedKeys.errors.join('; ')}`);
  }
  const buildKeyRing = (): KeyRing | null =>
    options.clientKeys === null ? null : new KeyRing([...configKeys, ...fixedKeys, ...virtualKeys]);
  let keyRing = buildKeyRing();
  const limitStore = options.limitStore ?? new MemoryLimitStore(nowMs);
  const limiter = new KeyLimiter(limitStore, nowMs, log);
  const logSink = options.logSink;
  let activeRequests = 0;
  let draining = false;
  let drained: (() => void) | undefined;
  if (options.preloadTokenizer === true) preloadTokenizer();

  const applyRouting = (input: unknown, source: string): ReloadResult =>
    applyValidatedRouting(validateRouting(input), source);

  const applyValidatedRouting = (validated: ReturnType<typeof validateRouting>, source: string): ReloadResult => {
    const previousVersion = state.routing.version;
    const reject = (status: number, errors: string[]): ReloadResult => {
      metrics.reloads.add('result="rejected"');
      log(`routing from ${source} rejected, still serving version ${previousVersion}: ${errors.join('; ')}`);
      return { ok: false, status, errors };
    };
    if (!validated.ok) return reject(400, validated.errors);
    if (validated.routing.version <= previousVersion)
      return reject(409, [
        `version: ${validated.routing.version} must be greater than the running version ${previousVersion}`,
      ]);
    state.replaceRouting(validated.routing);
    metrics.reloads.add('result="applied"');
    log(`routing version ${validated.routing.version} applied from ${source} (was ${previousVersion})`);
    return { ok: true, version: validated.routing.version, previousVersion };
  };

  const checkAdmin = (request: IncomingMessage): void => {
    if (!options.adminKeySha256)
      throw new GatewayHttpError(
        403,
        'admin endpoints are disabled: start the gateway with an admin key (environment variable named by server.adminKeyEnv, SWITCHYARD_ADMIN_KEY by default)',
        'permission_error',
        'admin_disabled',
      );
    const token = bearerToken(request.headers);
    if (!token || !matchesHash(token, options.adminKeySha256))
      throw new GatewayHttpError(
        401,
        'admin endpoints need the admin key as `Authorization: Bearer <key>`',
        'authentication_error',
        'invalid_admin_key',
      );
  };

  const refuse = (error: GatewayHttpError): GatewayHttpError => {
    metrics.keyRefusals.add(`code="${error.code ?? 'unknown'}"`);
    return error;
  };

  const authenticate = (request: IncomingMessage): ClientKeyRecord | null => {
    if (keyRing === null) return null;
    const token = bearerToken(request.headers);
    if (!token)
      throw new GatewayHttpError(
        401,
        'no API key: send a Switchyard client key as `Authorization: Bearer <key>` (create one with `switchyard keys create`)',
        'authentication_error',
        'missing_api_key',
      );
    const key = keyRing.identify(token);
    if (key === undefined)
      throw refuse(
        new GatewayHttpError(
          401,
          'incorrect API key: it matches no client key of this gateway',
          'authentication_error',
          'invalid_api_key',
        ),
      );
    if (key.revokedAtMs !== undefined)
      throw refuse(
        new GatewayHttpError(
          401,
          `API key ${key.id} was revoked at ${new Date(key.revokedAtMs).toISOString()}`,
          'authentication_error',
          'key_revoked',
        ),
      );
    if (key.expiresAtMs !== undefined && nowMs() >= key.expiresAtMs)
      throw refuse(
        new GatewayHttpError(
          401,
          `API key ${key.id} expired at ${new Date(key.expiresAtMs).toISOString()}`,
          'authentication_error',
          'key_expired',
        ),
      );
    return key;
  };

  /**
   * The key may call this route (403 otherwise) and is within its limits (429 otherwise).
   * Returns a promise only when the limit store answers with one (Redis); keys without
   * limits and the in-process store cost no microtask.
   */
  const admitKey = (key: ClientKeyRecord | null, routeName: string): Promise<void> | undefined => {
    if (key === null) return undefined;
    if (key.routes !== undefined && !key.routes.includes(routeName))
      throw refuse(
        new GatewayHttpError(
          403,
          `API key ${key.id} may not use route '${routeName}' (allowed: ${key.routes.join(', ')})`,
          'permission_error',
          'route_not_allowed',
          'model',
        ),
      );
    if (!hasLimits(key)) return undefined;
    const admitted = limiter.admit(key);
    if (admitted instanceof Promise)
      return admitted.then((refused) => {
        if (refused !== undefined) throw refuse(refused);
      });
    if (admitted !== undefined) throw refuse(admitted);
    return undefined;
  };

  const readJsonBody = async (request: IncomingMessage): Promise<unknown> => {
    const raw = await readBody(request, bodyLimitBytes);
    if (raw === 'too-large')
      throw new GatewayHttpError(
        413,
        `request body is larger than the limit of ${bodyLimitBytes} bytes (server.bodyLimitBytes)`,
        'invalid_request_error',
        'request_too_large',
      );
    try {
      return JSON.parse(raw.toString('utf8'));
    } catch (error) {
      throw new GatewayHttpError(
        400,
        `request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
        'invalid_request_error',
        'invalid_json',
      );
    }
  };

  const routeFor = (routing: CompiledRouting, model: string): CompiledRoute => {
    const route = resolveRoute(routing, model);
    if (!route) {
      const known = [...routing.routes.keys()];
      const suggestion = closestNames(model, known, 1)[0];
      throw new GatewayHttpError(
        404,
        `unknown model '${model}': this gateway serves the routes ${known.join(', ')}${suggestion ? `; did you mean '${suggestion}'?` : ''}`,
        'invalid_request_error',
        'model_not_found',
        'model',
      );
    }
    return route;
  };

  const handleChat = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const key = authenticate(request);
    let chatRequest = validateChatRequest(await readJsonBody(request));
    const routing = state.routing;
    const upstreams = state.upstreams;
    const route = routeFor(routing, chatRequest.model);
    const admission = admitKey(key, route.name);
    if (admission !== undefined) await admission;
    const featureHeader = request.headers['x-switchyard-feature'];
    const feature = typeof featureHeader === 'string' && featureHeader.length > 0 ? featureHeader : null;
    const facts: RequestFacts = { feature: feature ?? undefined };
    if (chatRequest.metadata !== undefined) {
      const { metadata, ...rest } = chatRequest;
      if (metadata !== null && typeof metadata === 'object') facts.metadata = metadata as Record<string, unknown>;
      chatRequest = rest as ChatCompletionRequest;
    }
    if (routing.config.routes[route.name]?.dropUnsupportedParams === true)
      chatRequest = withTranslationOptions(chatRequest, { dropUnsupportedParams: true });
    if (route.needsPromptTokens) facts.promptTokens = estimatePromptTokens(chatRequest);
    if (route.needsLastUserMessage) facts.lastUserMessage = lastUserMessage(chatRequest);
    const startedAtMs = nowMs();
    const plan = planAttempts({
      route,
      targets: routing.targets,
      facts,
      circuits: state.circuits,
      circuitSettings: routing.config.circuitBreaker,
      inFlight: state.inFlight,
      nowMs: startedAtMs,
      random,
    });
    const clientAbort = ClientAbort.watching(response);
    await executePlan({
      state,
      metrics,
      logSink,
      plan: servingPlan(plan, routing, route.name, 'chat.completions'),
      upstreams,
      circuitSettings: routing.config.circuitBreaker,
      routeName: route.name,
      routingVersion: routing.version,
      endpoint: 'chat.completions',
      requestModel: chatRequest.model,
      stream: chatRequest.stream === true,
      runAttempt: runChatAttempt,
      request: chatRequest,
      random,
      response,
      signal: clientAbort,
      requestId: timeOrderedRequestId(Date.now()),
      traceHeaders: traceHeadersOf(request),
      tracing: options.tracing,
      feature,
      keyId: key?.id ?? null,
      team: key?.team ?? null,
      onUsage: key === null ? undefined : (tokens, costUsd) => limiter.charge(key, tokens, costUsd),
      prompt: options.logPrompts ? JSON.stringify(chatRequest.messages) : null,
      nowMs,
    });
  };

  const passThroughContext = {
    state,
    metrics,
    logSink,
    tracing: options.tracing,
    nowMs,
    random,
    logPrompts: options.logPrompts === true,
    authenticate,
    admitKey,
    readJsonBody,
    routeFor,
    charge: (key: ClientKeyRecord, tokens: number, costUsd: number | null) => limiter.charge(key, tokens, costUsd),
  };

  const renderMetrics = (): string => {
    const stats = logSink.stats();
    metrics.logDropped.set('', stats.droppedRows);
    metrics.logWritten.set('', stats.writtenRows);
    metrics.logBuffered.set('', stats.bufferedRows);
    metrics.logFailedBatches.set('', stats.failedBatches);
    metrics.routingVersion.set('', state.routing.version);
    for (const name of state.upstreams.keys()) {
      metrics.inFlight.set(labels({ provider: name }), state.localInFlight.get(name) ?? 0);
      metrics.circuitOpen.set(labels({ provider: name }), state.circuit(name).phase === 'closed' ? 0 : 1);
    }
    return metrics.render();
  };

  const handleAdminPost = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    checkAdmin(request);
    const raw = await readBody(request, bodyLimitBytes);
    if (raw === 'too-large')
      throw new GatewayHttpError(
        413,
        `request body is larger than ${bodyLimitBytes} bytes`,
        'invalid_request_error',
        'request_too_large',
      );
    let input: unknown;
    try {
      input = /yaml/.test(String(request.headers['content-type']))
        ? parseYaml(raw.toString('utf8'))
        : JSON.parse(raw.toString('utf8'));
    } catch (error) {
      throw new GatewayHttpError(
        400,
        `routing body does not parse: ${error instanceof Error ? error.message : String(error)}`,
        'invalid_request_error',
        'invalid_json',
      );
    }
    const validated = validateRouting(input);
    if (validated.ok && sameRoutingApartFromVersion(validated.routing, state.routing)) {
      metrics.reloads.add('result="rejected"');
      sendJson(response, 409, {
        error: {
          message: `routing unchanged: apart from its version it equals the routing in force (version ${state.routing.version}); nothing applied, the version stays`,
          type: 'invalid_request_error',
          code: 'routing_unchanged',
          param: null,
        },
      });
      return;
    }
    const result = applyValidatedRouting(validated, 'POST /admin/routing');
    if (result.ok) sendJson(response, 200, { version: result.version, previousVersion: result.previousVersion });
    else
      sendJson(response, result.status, {
        error: {
          message: `routing rejected, still serving version ${state.routing.version}: ${result.errors.join('; ')}`,
          type: 'invalid_request_error',
          code: 'invalid_routing_config',
          param: null,
        },
        errors: result.errors,
      });
  };

  const sendHealth = (response: ServerResponse): void =>
    sendJson(response, draining ? 503 : 200, {
      status: draining ? 'draining' : 'ok',
      routingVersion: state.routing.version,
    });

  /**
   * Routes one request. Not `async`: the chat and pass-through handlers' promises come back
   * as they are (an async function returning a promise adds two microtask hops), and a
   * synchronous throw is caught by the caller like a rejection.
   */
  const dispatch = (request: IncomingMessage, response: ServerResponse): Promise<void> | void => {
    const url = request.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    const method = request.method ?? 'GET';
    if (path === chatPath && method === 'POST') return handleChat(request, response);
    const passThrough = method === 'POST' ? passThroughEndpointOf(path) : undefined;
    if (passThrough !== undefined) return handlePassThrough(passThroughContext, passThrough, request, response);
    if (path === modelsPath && method === 'GET') {
      authenticate(request);
      return sendJson(response, 200, { object: 'list', data: [...state.routing.routes.keys()].map(modelObject) });
    }
    if (path.startsWith(modelPathPrefix) && method === 'GET') {
      authenticate(request);
      const id = decodedModelId(path.slice(modelPathPrefix.length));
      if (!state.routing.routes.has(id))
        throw new GatewayHttpError(
          404,
          `The model '${id}' does not exist: this gateway serves the routes ${[...state.routing.routes.keys()].join(', ')}`,
          'invalid_request_error',
          'model_not_found',
          'model',
        );
      return sendJson(response, 200, modelObject(id));
    }
    if (path === '/healthz' && method === 'GET') return sendHealth(response);
    if (path === '/metrics' && method === 'GET') {
      const text = renderMetrics();
      response.writeHead(200, {
        'content-type': 'text/plain; version=0.0.4',
        'content-length': Buffer.byteLength(text),
      });
      response.end(text);
      return;
    }
    if (path === '/admin/routing' && method === 'GET') {
      checkAdmin(request);
      return sendJson(response, 200, { version: state.routing.version, config: state.routing.config });
    }
    if (path === '/admin/routing' && method === 'POST') return handleAdminPost(request, response);
    throw new GatewayHttpError(
      404,
      `no such endpoint: ${method} ${path} (this gateway serves POST ${chatPath}, /v1/completions, /v1/embeddings, /v1/responses, GET /v1/models, /v1/models/{id}, /healthz, /metrics, /admin/routing)`,
      'invalid_request_error',
      'unknown_url',
    );
  };

  /** A request that threw: its GatewayHttpError as it is, anything else as a logged 500. */
  /** Counts a refusal of a `/v1/` request and tells `onRefusedRequest` (which may not throw into the answer). */
  const noteRefusal = (error: GatewayHttpError, request: IncomingMessage, startMs: number): void => {
    const url = request.url ?? '/';
    if (!url.startsWith('/v1/')) return;
    metrics.refusedRequests.add(`status="${error.status}",code="${error.code ?? 'none'}"`);
    if (options.onRefusedRequest === undefined) return;
    const query = url.indexOf('?');
    const traceParent = request.headers.traceparent;
    try {
      options.onRefusedRequest({
        method: request.method ?? 'GET',
        path: query < 0 ? url : url.slice(0, query),
        status: error.status,
        type: error.type,
        code: error.code,
        startMs,
        endMs: nowMs(),
        traceParent: typeof traceParent === 'string' ? traceParent : undefined,
      });
    } catch (listenerError) {
      log(
        `refused-request listener failed: ${listenerError instanceof Error ? listenerError.message : String(listenerError)}`,
      );
    }
  };

  const failRequest = (error: unknown, request: IncomingMessage, response: ServerResponse, startMs: number): void => {
    if (error instanceof GatewayHttpError) {
      noteRefusal(error, request, startMs);
      sendError(response, error, {}, !request.complete);
      return;
    }
    log(
      `internal error on ${request.method} ${request.url}: ${error instanceof Error ? error.message : String(error)}`,
    );
    sendError(
      response,
      new GatewayHttpError(500, 'internal gateway error', 'api_error', 'internal_error'),
      {},
      !request.complete,
    );
  };

  const maxHeaderBytes = options.maxHeaderBytes ?? defaultMaxHeaderBytes;
  // One listener for every response (not a closure per request).
  const onResponseClose = (): void => {
    activeRequests -= 1;
    if (activeRequests === 0 && drained) drained();
  };
  const server: Server = createServer(
    { keepAliveTimeout: 65_000, maxHeaderSize: maxHeaderBytes },
    (request, response) => {
      activeRequests += 1;
      response.on('close', onResponseClose);
      if (draining) {
        // Still listening while in-flight requests finish: health checks see 503, new work is refused.
        response.setHeader('connection', 'close');
        if (request.url === '/healthz' && request.method === 'GET') return sendHealth(response);
        sendError(
          response,
          new GatewayHttpError(503, 'the gateway is shutting down', 'api_error', 'shutting_down'),
          {},
          true,
        );
        return;
      }
      let pending: Promise<void> | void;
      // Only a refusal listener needs the arrival time; the metric does not.
      const startMs = options.onRefusedRequest === undefined ? 0 : nowMs();
      try {
        pending = dispatch(request, response);
      } catch (error) {
        failRequest(error, request, response, startMs);
        return;
      }
      if (pending !== undefined) pending.catch((error: unknown) => failRequest(error, request, response, startMs));
    },
  );

  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      const body = JSON.stringify({
        error: {
          message: `request headers are larger than the limit of ${maxHeaderBytes} bytes`,
          type: 'invalid_request_error',
          code: 'headers_too_large',
          param: null,
        },
      });
      socket.end(
        `HTTP/1.1 431 Request Header Fields Too Large\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
      return;
    }
    socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });

  let watcher: ConfigWatcher | undefined;
  if (options.configPath) {
    const configPath = options.configPath;
    watcher = watchConfigFile(
      configPath,
      options.configText,
      (text) => {
        const parsed = parseGatewayYaml(text);
        if (!parsed.ok) {
          metrics.reloads.add('result="rejected"');
          log(
            `routing from ${configPath} rejected, still serving version ${state.routing.version}: ${parsed.errors.join('; ')}`,
          );
          return;
        }
        configKeys = parsed.file.keys;
        keyRing = buildKeyRing();
        const sameVersion = parsed.file.routing.version === state.routing.version;
        if (!sameVersion) applyRouting(parsed.file.routing.config, configPath);
        else if (JSON.stringify(parsed.file.routing.config) !== JSON.stringify(state.routing.config)) {
          metrics.reloads.add('result="rejected"');
          log(
            `routing from ${configPath} rejected, still serving version ${state.routing.version}: the routing changed but version was not increased`,
          );
        }
      },
      options.reloadDebounceMs,
    );
  }
  let keysWatcher: ConfigWatcher | undefined;
  if (options.keysPath !== undefined && options.clientKeys !== null) {
    const keysPath = options.keysPath;
    try {
      keysWatcher = watchConfigFile(
        keysPath,
        options.keysText,
        (text) => {
          const parsedKeys = parseKeysText(text);
          if (!parsedKeys.ok) {
            log(`keys file ${keysPath} rejected, the previous keys stay: ${parsedKeys.errors.join('; ')}`);
            return;
          }
          virtualKeys = clientKeyRecords(parsedKeys.file);
          keyRing = buildKeyRing();
          log(`keys file ${keysPath} applied (${virtualKeys.length} virtual key(s))`);
        },
        options.reloadDebounceMs,
      );
    } catch (error) {
      log(
        `keys file ${keysPath} cannot be watched (${error instanceof Error ? error.message : String(error)}); key changes need a restart`,
      );
    }
  }

  await options.shared?.attach({ state, applyRouting, log });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8787, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      draining = true;
      watcher?.close();
      keysWatcher?.close();
      server.closeIdleConnections();
      // Keep listening during the drain so `/healthz` answers 503 (load balancers take the
      // instance out); stop accepting once in-flight requests are done or the timeout passes.
      if (activeRequests > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          setTimeout(resolve, options.drainTimeoutMs ?? 30_000).unref();
        });
      }
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await logSink.close();
      await options.shared?.close();
      await state.close();
      if (options.limitStore === undefined) await limitStore.close();
    })();
    return closing;
  };

  return { url: `http://${urlHost}:${address.port}`, host, port: address.port, state, metrics, applyRouting, close };
}
