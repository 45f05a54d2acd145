/**
 * `POST /v1/embeddings`, `/v1/completions` and `/v1/responses`: the same door as chat
 * (client key, route, allowed routes, limits), the same plan (weights, rules on the feature
 * header, fallbacks, overflow, breaker, retries) and the same log, but the body is passed
 * through to targets that speak the endpoint (attempt-passthrough.ts). Targets that do not
 * (Anthropic, or `endpoints` leaving it out) are left out of the plan; a route with none
 * left answers 400 `endpoint_not_supported`.
 */
import { timeOrderedRequestId } from './request-id.ts';
import { type TraceSampling, traceHeadersOf } from './trace-parent.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CompiledRoute, CompiledRouting } from '../core/routing/compile.ts';
import { planAttempts, type AttemptPlan, type RequestFacts } from '../core/routing/plan.ts';
import { targetServes, type TargetEndpoint } from '../core/routing/schema.ts';
import { CHARACTERS_PER_TOKEN } from '../providers/tokenizer.ts';
import type { RequestLogSink } from '../store/types.ts';
import { type AttemptResult, ClientAbort } from './attempt.ts';
import { type PassThroughEndpoint, type PassThroughRequest, runPassThroughAttempt } from './attempt-passthrough.ts';
import type { ClientKeyRecord } from './auth.ts';
import { validatePassThroughRequest } from './chat-request-schema.ts';
import { GatewayHttpError } from './errors.ts';
import { type AttemptSpec, attemptInputOf, executePlan } from './executor.ts';
import type { GatewayMetrics } from './metrics.ts';
import type { GatewayState } from './state.ts';

/** What the server lends the pass-through handler. */
export interface PassThroughContext {
  state: GatewayState;
  metrics: GatewayMetrics;
  logSink: RequestLogSink;
  /** Telemetry's trace sampling, when it is on (see `GatewayOptions.tracing`). */
  tracing: TraceSampling | undefined;
  nowMs: () => number;
  random: () => number;
  logPrompts: boolean;
  authenticate: (request: IncomingMessage) => ClientKeyRecord | null;
  admitKey: (key: ClientKeyRecord | null, routeName: string) => Promise<void> | undefined;
  readJsonBody: (request: IncomingMessage) => Promise<unknown>;
  routeFor: (routing: CompiledRouting, model: string) => CompiledRoute;
  charge: (key: ClientKeyRecord, tokens: number, costUsd: number | null) => void;
}

const endpointPaths: Readonly<Record<TargetEndpoint, string>> = {
  'chat.completions': '/v1/chat/completions',
  completions: '/v1/completions',
  embeddings: '/v1/embeddings',
  responses: '/v1/responses',
};

/**
 * The plan without the targets that cannot serve the endpoint (the plan itself when every
 * target can: the common case allocates nothing); 400 when none is left.
 */
function targetServesName(routing: CompiledRouting, target: string, endpoint: TargetEndpoint): boolean {
  const config = routing.targets[target];
  return config === undefined || targetServes(config, endpoint);
}

export function servingPlan(
  plan: AttemptPlan,
  routing: CompiledRouting,
  routeName: string,
  endpoint: TargetEndpoint,
): AttemptPlan {
  // A plain loop first: on the hot path every target serves the endpoint, and this costs no closure.
  let servesAll = true;
  for (const attempt of plan.attempts)
    if (!targetServesName(routing, attempt.target, endpoint)) {
      servesAll = false;
      break;
    }
  if (servesAll) return plan;
  const attempts = plan.attempts.filter((attempt) => targetServesName(routing, attempt.target, endpoint));
  if (attempts.length === 0) {
    const targets = [...new Set(plan.attempts.map((attempt) => attempt.target))];
    throw new GatewayHttpError(
      400,
      `route '${routeName}' has no target that serves POST ${endpointPaths[endpoint]}: ${targets
        .map((target) => `${target} (${routing.targets[target]?.provider ?? 'unknown'})`)
        .join(
          ', ',
        )} cannot; Anthropic targets serve only chat completions, and targets.NAME.endpoints lists what a target serves`,
      'invalid_request_error',
      'endpoint_not_supported',
      'model',
    );
  }
  return { ...plan, attempts };
}

/** Characters of a prompt or input in any of its forms (a token counts as 4 characters). */
function promptCharacters(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (typeof value === 'number') return CHARACTERS_PER_TOKEN;
  if (Array.isArray(value)) {
    let characters = 0;
    for (const item of value) characters += promptCharacters(item);
    return characters;
  }
  if (typeof value === 'object' && value !== null) {
    const content = (value as { content?: unknown; text?: unknown }).content ?? (value as { text?: unknown }).text;
    return promptCharacters(content);
  }
  return 0;
}

function promptOf(endpoint: PassThroughEndpoint, body: Record<string, unknown>): unknown {
  return endpoint === 'completions' ? body.prompt : body.input;
}

/** A pass-through attempt: the executor's spec (target, deadlines, the client's response) with the request. */
function runPassThroughAttemptWith(attempt: AttemptSpec, request: PassThroughRequest): Promise<AttemptResult> {
  return runPassThroughAttempt(attemptInputOf(attempt, request));
}

export async function handlePassThrough(
  context: PassThroughContext,
  endpoint: PassThroughEndpoint,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const key = context.authenticate(request);
  const body = validatePassThroughRequest(endpoint, await context.readJsonBody(request));
  const model = body.model as string;
  const routing = context.state.routing;
  const upstreams = context.state.upstreams;
  const route = context.routeFor(routing, model);
  const admission = context.admitKey(key, route.name);
  if (admission !== undefined) await admission;
  const featureHeader = request.headers['x-switchyard-feature'];
  const feature = typeof featureHeader === 'string' && featureHeader.length > 0 ? featureHeader : null;
  const prompt = promptOf(endpoint, body);
  const characters = promptCharacters(prompt);
  const facts: RequestFacts = { feature: feature ?? undefined };
  if (route.needsPromptTokens) facts.promptTokens = Math.ceil(characters / CHARACTERS_PER_TOKEN);
  if (route.needsLastUserMessage && typeof prompt === 'string') facts.lastUserMessage = prompt;
  const plan = planAttempts({
    route,
    targets: routing.targets,
    facts,
    circuits: context.state.circuits,
    circuitSettings: routing.config.circuitBreaker,
    inFlight: context.state.inFlight,
    nowMs: context.nowMs(),
    random: context.random,
  });
  const served = servingPlan(plan, routing, route.name, endpoint);
  const stream = body.stream === true;
  const clientAbort = ClientAbort.watching(response);
  const passThroughRequest = { endpoint, body, stream, promptCharacters: characters };
  await executePlan({
    state: context.state,
    metrics: context.metrics,
    logSink: context.logSink,
    plan: served,
    upstreams,
    circuitSettings: routing.config.circuitBreaker,
    routeName: route.name,
    routingVersion: routing.version,
    endpoint,
    requestModel: model,
    stream,
    runAttempt: runPassThroughAttemptWith,
    request: passThroughRequest,
    random: context.random,
    response,
    signal: clientAbort,
    requestId: timeOrderedRequestId(Date.now()),
    traceHeaders: traceHeadersOf(request),
    tracing: context.tracing,
    feature,
    keyId: key?.id ?? null,
    team: key?.team ?? null,
    onUsage: key === null ? undefined : (tokens, costUsd) => context.charge(key, tokens, costUsd),
    prompt: context.logPrompts ? JSON.stringify(prompt ?? null) : null,
    nowMs: context.nowMs,
  });
}
