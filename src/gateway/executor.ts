/**
 * The executor: walks an attempt plan. Skipped targets (open circuit, saturated) and every
 * attempt get one log row each; failures before the first byte move on to the next
 * attempt; the breaker and in-flight counts are updated around each attempt.
 *
 * The request deadline (the route's `requestTimeoutMs`) starts here: each attempt gets the
 * sooner of its own deadline and what is left of the request's, and no attempt starts once the
 * request's has passed. When every target tried answered 429, the client gets one 429 whose
 * Retry-After is the soonest the targets gave.
 *
 * A target that fails with a passing fault is tried again after a backoff before the plan
 * moves on (attempt-retry.ts); each try is its own log row (`retried`, then its outcome).
 * The executor knows no endpoint: the caller hands it `runAttempt`, which speaks chat
 * completions (attempt.ts) or passes another endpoint through (attempt-passthrough.ts).
 */
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import {
  circuitOnAttemptStart,
  circuitOnFailure,
  circuitOnSuccess,
  circuitTrip,
  type CircuitSettings,
} from '../core/routing/circuit.ts';
import type { AttemptPlan } from '../core/routing/plan.ts';
import { attemptCostUsd } from '../core/routing/pricing.ts';
import type { Usage } from '../providers/types.ts';
import type { AttemptOutcome, RequestEndpoint, RequestLogRow, RequestLogSink } from '../store/types.ts';
import type { AttemptResult, ClientAbort } from './attempt.ts';
import type { AttemptDeadlineSpec } from './attempt-deadline.ts';
import { sameTargetRetryDelayMs } from './attempt-retry.ts';
import { GatewayHttpError, sendError } from './errors.ts';
import { retryAfterMs } from './upstream-failure.ts';
import type { GatewayMetrics, RouteTargetSeries } from './metrics.ts';
import type { GatewayState, UpstreamHandle } from './state.ts';
import { type TraceSampling, upstreamTraceHeaders } from './trace-parent.ts';

export interface ExecuteInput<Request = unknown> {
  state: GatewayState;
  metrics: GatewayMetrics;
  logSink: RequestLogSink;
  plan: AttemptPlan;
  /** Upstream handles of the routing version the request started on. */
  upstreams: ReadonlyMap<string, UpstreamHandle>;
  circuitSettings: CircuitSettings;
  routeName: string;
  routingVersion: number;
  endpoint: RequestEndpoint;
  /** The model the client asked for (logged when the target sets none). */
  requestModel: string;
  stream: boolean;
  /**
   * Carries out one attempt against one target for `request` (the spec carries the client's
   * response and abort signal). A module function and the request rather than a closure per
   * request: under tsx every named closure costs a `defineProperty` of its name (~1.3 µs here).
   */
  runAttempt(attempt: AttemptSpec, request: Request): Promise<AttemptResult>;
  request: Request;
  response: ServerResponse;
  signal: ClientAbort;
  requestId: string;
  /**
   * The client's valid `traceparent` (and its `tracestate`), when it sent one: passed on to
   * every upstream attempt, and telemetry continues that trace.
   */
  traceHeaders: Readonly<Record<string, string>> | undefined;
  /**
   * Set when telemetry is on: each upstream attempt is then sent a `traceparent` naming the
   * attempt's own span, with the sampling decision telemetry will make (trace-parent.ts).
   */
  tracing: TraceSampling | undefined;
  feature: string | null;
  keyId: string | null;
  team: string | null;
  /** Called with each attempt's tokens (input + output) and cost once known (limits and budgets). */
  onUsage?: (tokens: number, costUsd: number | null) => void;
  prompt: string | null;
  nowMs: () => number;
  /** Jitter of retry backoffs. */
  random: () => number;
}

/** What the executor hands `runAttempt`. */
export interface AttemptSpec {
  upstream: UpstreamHandle;
  /** Headers every answer carries (x-switchyard-*), as a flat name, value, name, value list. */
  answerHeaders: readonly string[];
  deadline: AttemptDeadlineSpec;
  /** The client's response and the signal that fires when the client leaves (from the input). */
  response: ServerResponse;
  signal: ClientAbort;
  /** Trace headers to send the upstream with the request (the client's), or undefined. */
  traceHeaders: Readonly<Record<string, string>> | undefined;
}

/** The spec and the request as one attempt input (the chat and pass-through runners take this shape). */
export function attemptInputOf<Request>(attempt: AttemptSpec, request: Request) {
  return {
    upstream: attempt.upstream,
    answerHeaders: attempt.answerHeaders,
    deadline: attempt.deadline,
    response: attempt.response,
    signal: attempt.signal,
    traceHeaders: attempt.traceHeaders,
    request,
  };
}

interface RowFacts {
  upstream: UpstreamHandle | undefined;
  target: string;
  attempt: number;
  outcome: AttemptOutcome;
  status: number | null;
  usage?: Usage;
  ttftMs: number | null;
  totalMs: number | null;
  errorClass: string | null;
  startedAtMs: number;
}

function logRow(input: ExecuteInput, facts: RowFacts): RequestLogRow {
  const usage = facts.usage;
  const rates = facts.upstream?.rates;
  const row: RequestLogRow = {
    id: `${input.requestId}.${facts.attempt}`,
    requestId: input.requestId,
    time: isoTime(facts.startedAtMs),
    route: input.routeName,
    routingVersion: input.routingVersion,
    feature: input.feature,
    keyId: input.keyId,
    provider: facts.target,
    providerKind: facts.upstream?.config.provider ?? 'unknown',
    model: facts.upstream?.config.model ?? input.requestModel,
    attempt: facts.attempt,
    outcome: facts.outcome,
    status: facts.status,
    stream: input.stream,
    inputTokens: usage ? usage.inputTokens : null,
    outputTokens: usage ? usage.outputTokens : null,
    cachedInputTokens: usage ? usage.cachedInputTokens : null,
    usageEstimated: usage ? usage.estimated : false,
    ttftMs: facts.ttftMs === null ? null : Math.round(facts.ttftMs * 1000) / 1000,
    totalMs: facts.totalMs === null ? null : Math.round(facts.totalMs * 1000) / 1000,
    costUsd: usage && rates ? attemptCostUsd(usage, rates) : null,
    errorClass: facts.errorClass,
    prompt: input.prompt,
    team: input.team,
    endpoint: input.endpoint,
  };
  if (input.traceHeaders !== undefined) row.traceParent = input.traceHeaders.traceparent;
  return row;
}

/** Waits `delayMs`, or less when the client leaves. */
function backoff(delayMs: number, signal: ClientAbort): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.abortWaiter = undefined;
      resolve();
    };
    const timer = setTimeout(done, delayMs);
    signal.abortWaiter = done;
  });
}

function recordUsage(input: ExecuteInput, series: RouteTargetSeries, row: RequestLogRow): void {
  if (row.inputTokens !== null) {
    input.metrics.tokens.add(series.inputTokens, row.inputTokens);
    input.metrics.tokens.add(series.outputTokens, row.outputTokens ?? 0);
    input.metrics.tokens.add(series.cachedInputTokens, row.cachedInputTokens ?? 0);
  }
  if (row.costUsd !== null) input.metrics.costUsd.add(series.base, row.costUsd);
  if (input.onUsage !== undefined && row.inputTokens !== null)
    input.onUsage(row.inputTokens + (row.outputTokens ?? 0), row.costUsd);
}

/** Whether an attempt after `index` will actually be tried (a loop: this runs on every request). */
function hasLaterTry(attempts: AttemptPlan['attempts'], index: number): boolean {
  for (let later = index + 1; later < attempts.length; later += 1) if (attempts[later].skip === undefined) return true;
  return false;
}

let lastIsoMs = Number.NaN;
let lastIso = '';

/** ISO time of a millisecond clock value; requests in the same millisecond share one string. */
function isoTime(epochMs: number): string {
  if (epochMs !== lastIsoMs) {
    lastIsoMs = epochMs;
    lastIso = new Date(epochMs).toISOString();
  }
  return lastIso;
}

function outcomeOf(result: AttemptResult, isLast: boolean): AttemptOutcome {
  switch (result.kind) {
    case 'success':
      return 'success';
    case 'cut':
      return 'error';
    case 'client-closed':
      return 'client-closed';
    case 'failed':
      return result.retryable && !isLast ? 'fallback' : 'error';
  }
}

/** A target that answered 429, and how long it asked to wait (undefined: it did not say). */
interface RateLimitedTarget {
  target: string;
  retryAfterMs: number | undefined;
}

function secondsText(milliseconds: number): string {
  return `${Math.round(milliseconds) / 1000} s`;
}

/**
 * The answer when every target tried answered 429: a 429 whose Retry-After (and
 * retry-after-ms) is the soonest any target gave, so a client's retry lands when the first
 * target is free again; none when no target gave one.
 */
function allRateLimitedError(routeName: string, limited: readonly RateLimitedTarget[]): GatewayHttpError {
  let soonestMs: number | undefined;
  for (const entry of limited)
    if (entry.retryAfterMs !== undefined && (soonestMs === undefined || entry.retryAfterMs < soonestMs))
      soonestMs = entry.retryAfterMs;
  const each = limited
    .map((entry) =>
      entry.retryAfterMs === undefined
        ? `${entry.target}: no retry hint`
        : `${entry.target}: retry after ${secondsText(entry.retryAfterMs)}`,
    )
    .join(', ');
  const headers: Record<string, string> =
    soonestMs === undefined
      ? {}
      : { 'retry-after': String(Math.ceil(soonestMs / 1000)), 'retry-after-ms': String(Math.ceil(soonestMs)) };
  return new GatewayHttpError(
    429,
    `every target of route '${routeName}' is rate limited (${each})`,
    'rate_limit_error',
    'rate_limited',
    null,
    headers,
  );
}

function requestDeadlineError(input: ExecuteInput, lastError: GatewayHttpError | undefined): GatewayHttpError {
  const limitMs = input.plan.deadlines.requestTimeoutMs;
  const last = lastError === undefined ? '' : `; last error: ${lastError.message}`;
  return new GatewayHttpError(
    504,
    `route '${input.routeName}' did not finish within ${limitMs} ms (routes.${input.routeName}.requestTimeoutMs)${last}`,
    'upstream_error',
    'request_timeout',
  );
}

/** Runs the plan to completion: the client gets an answer or an OpenAI-style error. */
export async function executePlan<Request>(input: ExecuteInput<Request>): Promise<void> {
  const { state, metrics, plan } = input;
  const settings = input.circuitSettings;
  const routingVersion = String(input.routingVersion);
  const deadlines = plan.deadlines;
  const requestEndsAtMs = performance.now() + deadlines.requestTimeoutMs;
  let lastError: GatewayHttpError | undefined;
  let finalStatus = 503;
  let finalTarget = 'none';
  let failedAttempts = 0;
  let rateLimited: RateLimitedTarget[] | undefined;
  const attempts = plan.attempts;
  let rowNumber = 0;
  let retriesDone = 0;
  for (let index = 0; index < attempts.length; index += 1) {
    if (input.signal.aborted) return;
    const planned = attempts[index];
    rowNumber += 1;
    const upstream = input.upstreams.get(planned.target);
    const startedAtMs = input.nowMs();
    const maxConcurrency = upstream?.config.maxConcurrency;
    const skip =
      planned.skip ??
      (maxConcurrency !== undefined && (state.inFlight.get(planned.target) ?? 0) >= maxConcurrency
        ? 'saturated'
        : undefined);
    if (!upstream || skip) {
      const outcome: AttemptOutcome = skip === 'circuit-open' ? 'circuit-open' : 'overflow';
      input.logSink.append(
        logRow(input, {
          upstream,
          target: planned.target,
          attempt: rowNumber,
          outcome,
          status: null,
          ttftMs: null,
          totalMs: null,
          errorClass: skip ?? 'unknown_target',
          startedAtMs,
        }),
      );
      metrics.attempts.add(metrics.series(input.routeName, planned.target).outcome(outcome));
      continue;
    }
    const startMs = performance.now();
    if (retriesDone === 0 && startMs >= requestEndsAtMs) {
      lastError = requestDeadlineError(input, lastError);
      finalStatus = 504;
      rateLimited = undefined;
      break;
    }
    state.circuits.set(planned.target, circuitOnAttemptStart(state.circuit(planned.target), startedAtMs, settings));
    state.addInFlight(planned.target, 1);
    const deadline: AttemptDeadlineSpec = {
      firstTokenTimeoutMs: deadlines.firstTokenTimeoutMs ?? upstream.limits.firstTokenTimeoutMs,
      attemptTimeoutMs: deadlines.attemptTimeoutMs ?? upstream.limits.attemptTimeoutMs,
      requestEndsAtMs,
      routeName: input.routeName,
      routeDeadlines: deadlines,
    };
    let result: AttemptResult;
    try {
      // A flat list: it goes to writeHead as it is (no header object merged per request).
      const answerHeaders = [
        'x-request-id',
        input.requestId,
        'x-switchyard-route',
        input.routeName,
        'x-switchyard-routing-version',
        routingVersion,
        'x-switchyard-target',
        planned.target,
      ];
      result = await input.runAttempt(
        {
          upstream,
          answerHeaders,
          deadline,
          response: input.response,
          signal: input.signal,
          traceHeaders: upstreamTraceHeaders(input.traceHeaders, input.requestId, rowNumber, input.tracing),
        },
        input.request,
      );
    } finally {
      state.addInFlight(planned.target, -1);
    }
    const totalMs = performance.now() - startMs;
    if (result.kind === 'success') state.circuits.set(planned.target, circuitOnSuccess(state.circuit(planned.target)));
    else if (result.kind === 'failed' || result.kind === 'cut') {
      if (result.breaker === 'count')
        state.circuits.set(planned.target, circuitOnFailure(state.circuit(planned.target), input.nowMs(), settings));
      else if (result.breaker === 'open') state.circuits.set(planned.target, circuitTrip(input.nowMs()));
    }
    // No retry once this failure opened the target's circuit (or a half-open probe failed).
    // Only a failure may be retried: a success builds no retry context (this runs on every request).
    const retryDelayMs =
      result.kind !== 'failed' || input.signal.aborted || state.circuit(planned.target).phase !== 'closed'
        ? undefined
        : sameTargetRetryDelayMs(result, {
            upstream,
            retriesDone,
            remainingMs: requestEndsAtMs - performance.now(),
            nowEpochMs: input.nowMs(),
            random: input.random,
          });
    const isLast = retryDelayMs === undefined && !hasLaterTry(attempts, index);
    const outcome: AttemptOutcome = retryDelayMs === undefined ? outcomeOf(result, isLast) : 'retried';
    const row = logRow(input, {
      upstream,
      target: planned.target,
      attempt: rowNumber,
      outcome,
      status: result.status,
      usage: result.kind === 'failed' ? undefined : result.usage,
      ttftMs: result.kind === 'failed' ? null : result.ttftMs,
      totalMs,
      errorClass:
        result.kind === 'failed' || result.kind === 'cut'
          ? result.errorClass
          : result.kind === 'client-closed'
            ? 'client_closed'
            : null,
      startedAtMs,
    });
    input.logSink.append(row);
    const series = metrics.series(input.routeName, planned.target);
    metrics.attempts.add(series.outcome(outcome));
    recordUsage(input, series, row);
    if (result.kind === 'success' || result.kind === 'cut' || result.kind === 'client-closed') {
      const status = result.kind === 'success' ? 200 : result.kind === 'cut' ? 502 : 499;
      metrics.requests.add(series.status(status));
      if (result.kind === 'success') {
        metrics.duration.observe(series.base, totalMs / 1000);
        metrics.ttft.observe(series.base, result.ttftMs / 1000);
      }
      return;
    }
    if (retryDelayMs !== undefined) {
      await backoff(retryDelayMs, input.signal);
      retriesDone += 1;
      index -= 1; // the same planned target again
      continue;
    }
    retriesDone = 0;
    lastError = result.clientError;
    finalStatus = result.clientError.status;
    finalTarget = planned.target;
    failedAttempts += 1;
    if (result.rateLimit !== undefined) {
      rateLimited ??= [];
      rateLimited.push({ target: planned.target, retryAfterMs: retryAfterMs(result.rateLimit, input.nowMs()) });
    }
    if (!result.retryable) break;
  }
  // The upstream's own 429 (with its headers) when one target answered it; one computed for all.
  if (rateLimited !== undefined && rateLimited.length > 1 && rateLimited.length === failedAttempts)
    lastError = allRateLimitedError(input.routeName, rateLimited);
  const error =
    lastError ??
    new GatewayHttpError(
      503,
      `no target of route '${input.routeName}' is available: every target is at its max concurrency or its circuit is open`,
      'upstream_error',
      'no_target_available',
    );
  metrics.requests.add(metrics.series(input.routeName, finalTarget).status(lastError ? finalStatus : 503));
  sendError(input.response, error, {
    'x-request-id': input.requestId,
    'x-switchyard-route': input.routeName,
    'x-switchyard-routing-version': routingVersion,
  });
}
