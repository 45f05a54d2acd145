/**
 * Why an attempt failed before the first byte reached the client, as an `AttemptResult`:
 * transport errors, error statuses, deadlines and size caps. Who is at fault decides the
 * answer: an upstream 401/403 rejects the gateway's own provider key, so the client gets a
 * 502 naming the key's variable (not its own 401), the request falls back and the breaker
 * opens; a 404 falls back; other 4xx go back to the client with the upstream's `code` and
 * `param`; a 429 keeps its Retry-After and x-ratelimit-* headers; every error carries the
 * upstream's request id as `x-upstream-request-id`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { SseEventTooLargeError } from '../providers/sse.ts';
import type { AttemptResult, RateLimitHint } from './attempt-result.ts';
import type { DeadlineExceededError } from './attempt-deadline.ts';
import { GatewayHttpError, type OpenAiErrorType } from './errors.ts';
import { readErrorText, ResponseTooLargeError } from './read-upstream-body.ts';
import type { UpstreamHandle } from './state.ts';
import type { UpstreamBody } from './upstream-exchange.ts';

interface ErrorWithCode {
  code?: unknown;
  name?: unknown;
  cause?: unknown;
}

function errorCode(error: unknown): string {
  const record = (error ?? {}) as ErrorWithCode;
  if (typeof record.code === 'string') return record.code;
  const cause = (record.cause ?? {}) as ErrorWithCode;
  return typeof cause.code === 'string' ? cause.code : typeof record.name === 'string' ? record.name : 'unknown';
}

/** A short class for a transport error: timeout, connect_refused, connection_reset, connection_error. */
export function classifyTransportError(error: unknown): string {
  const code = errorCode(error);
  if (code.includes('TIMEOUT')) return 'timeout';
  if (code === 'ECONNREFUSED') return 'connect_refused';
  if (code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE') return 'connection_reset';
  return 'connection_error';
}

export function transportFailure(error: unknown, upstream: UpstreamHandle): AttemptResult {
  const errorClass = classifyTransportError(error);
  const detail =
    errorClass === 'timeout'
      ? `no answer within ${upstream.config.timeoutMs} ms (targets.${upstream.name}.timeoutMs)`
      : `${errorClass.replace('_', ' ')} (${errorCode(error)})`;
  const status = errorClass === 'timeout' ? 504 : 502;
  return {
    kind: 'failed',
    retryable: true,
    breaker: 'count',
    status: null,
    errorClass,
    clientError: new GatewayHttpError(status, `upstream ${upstream.name}: ${detail}`, 'upstream_error', errorClass),
  };
}

/**
 * A deadline passed before the first byte: the first-token and attempt limits are the
 * target's failure (fall back, count for the breaker); the request deadline ends the request.
 */
export function deadlineFailure(error: DeadlineExceededError, status: number | null): AttemptResult {
  const requestOver = error.kind === 'request_timeout';
  return {
    kind: 'failed',
    retryable: !requestOver,
    breaker: requestOver ? 'none' : 'count',
    status,
    errorClass: error.kind,
    clientError: new GatewayHttpError(504, error.message, 'upstream_error', error.kind),
  };
}

/** An upstream answer over a size cap: one SSE event, or the whole body. */
export type SizeError = SseEventTooLargeError | ResponseTooLargeError;

export function isSizeError(error: unknown): error is SizeError {
  return error instanceof SseEventTooLargeError || error instanceof ResponseTooLargeError;
}

export function sizeErrorClass(error: SizeError): 'event_too_large' | 'response_too_large' {
  return error instanceof SseEventTooLargeError ? 'event_too_large' : 'response_too_large';
}

/** The message of a size-cap error, naming the setting. */
export function sizeErrorMessage(error: SizeError, upstream: UpstreamHandle): string {
  return error instanceof SseEventTooLargeError
    ? `upstream ${upstream.name} sent an SSE event larger than ${error.maxEventBytes} bytes (targets.${upstream.name}.maxEventBytes)`
    : error.message;
}

/** The upstream answered more than a cap allows, before the first byte: fall back. */
export function sizeFailure(error: SizeError, upstream: UpstreamHandle, status: number): AttemptResult {
  const errorClass = sizeErrorClass(error);
  return {
    kind: 'failed',
    retryable: true,
    breaker: 'count',
    status,
    errorClass,
    clientError: new GatewayHttpError(502, sizeErrorMessage(error, upstream), 'upstream_error', errorClass),
  };
}

function errorTypeFor(status: number): OpenAiErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'upstream_error' : 'invalid_request_error';
}

/** What an upstream error body says: OpenAI's `{error: {message, code, param}}`, Anthropic's `{error: {message}}`, or text. */
export interface UpstreamErrorFields {
  message: string;
  code: string | null;
  param: string | null;
}

export function parseUpstreamError(text: string): UpstreamErrorFields {
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    if (typeof parsed.error === 'string') return { message: parsed.error, code: null, param: null };
    if (typeof parsed.error === 'object' && parsed.error !== null) {
      const error = parsed.error as { message?: unknown; code?: unknown; param?: unknown };
      return {
        message: typeof error.message === 'string' ? error.message : text.slice(0, 300),
        code: typeof error.code === 'string' && error.code.length > 0 ? error.code : null,
        param: typeof error.param === 'string' && error.param.length > 0 ? error.param : null,
      };
    }
    if (typeof parsed.message === 'string') return { message: parsed.message, code: null, param: null };
  } catch {
    // not JSON: use the text
  }
  return { message: text.slice(0, 300), code: null, param: null };
}

function headerText(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? value[0] : undefined;
}

/** Headers of an upstream 429 that reach the client: Retry-After and the rate-limit counters. */
function isRateLimitHeader(name: string): boolean {
  return (
    name === 'retry-after' ||
    name === 'retry-after-ms' ||
    name.startsWith('x-ratelimit-') ||
    name.startsWith('anthropic-ratelimit-')
  );
}

/** The headers an upstream error passes on: its request id, and for a 429 the rate-limit headers. */
function forwardedHeaders(status: number, headers: IncomingHttpHeaders): Record<string, string> {
  const forwarded: Record<string, string> = {};
  const requestId = headerText(headers, 'x-request-id') ?? headerText(headers, 'request-id');
  if (requestId !== undefined) forwarded['x-upstream-request-id'] = requestId;
  if (status === 429)
    for (const name of Object.keys(headers)) {
      const value = headerText(headers, name);
      if (value !== undefined && isRateLimitHeader(name)) forwarded[name] = value;
    }
  return forwarded;
}

function keyAdvice(upstream: UpstreamHandle): string {
  const variable = upstream.config.apiKeyEnv;
  return variable === undefined
    ? `the target sends no key: set targets.${upstream.name}.apiKeyEnv`
    : `check the key in the environment variable ${variable} (targets.${upstream.name}.apiKeyEnv)`;
}

/** An upstream error status, read (at most 64 KiB of its body) and mapped to what the client gets. */
export async function statusFailure(
  status: number,
  headers: IncomingHttpHeaders,
  body: UpstreamBody,
  upstream: UpstreamHandle,
): Promise<AttemptResult> {
  const upstreamError = parseUpstreamError(await readErrorText(body));
  const forwarded = forwardedHeaders(status, headers);
  const message = `upstream ${upstream.name} answered ${status}: ${upstreamError.message}`;
  if (status === 429) {
    const rateLimit: RateLimitHint = {
      retryAfterMs: headerText(headers, 'retry-after-ms'),
      retryAfter: headerText(headers, 'retry-after'),
    };
    return {
      kind: 'failed',
      retryable: true,
      breaker: 'none',
      status,
      errorClass: 'rate_limited',
      clientError: new GatewayHttpError(429, message, 'rate_limit_error', 'rate_limited', null, forwarded),
      rateLimit,
    };
  }
  if (status >= 500)
    return {
      kind: 'failed',
      retryable: true,
      breaker: 'count',
      status,
      errorClass: 'upstream_5xx',
      clientError: new GatewayHttpError(502, message, 'upstream_error', 'upstream_error', null, forwarded),
    };
  if (status === 401 || status === 403)
    return {
      kind: 'failed',
      retryable: true,
      breaker: 'open',
      status,
      errorClass: 'upstream_auth',
      clientError: new GatewayHttpError(
        502,
        `upstream ${upstream.name} rejected the gateway's credentials (${status}): ${upstreamError.message}; ${keyAdvice(upstream)}`,
        'upstream_error',
        status === 401 ? 'upstream_unauthorized' : 'upstream_forbidden',
        null,
        forwarded,
      ),
    };
  if (status === 404 && upstream.config.model !== undefined)
    return {
      kind: 'failed',
      retryable: true,
      breaker: 'count',
      status,
      errorClass: 'upstream_not_found',
      clientError: new GatewayHttpError(
        502,
        `upstream ${upstream.name} answered 404 for model '${upstream.config.model}': ${upstreamError.message}; check targets.${upstream.name}.model and baseUrl`,
        'upstream_error',
        'upstream_model_not_found',
        null,
        forwarded,
      ),
    };
  // The client's own model name went upstream (the target sets none): another target may have it.
  if (status === 404)
    return {
      kind: 'failed',
      retryable: true,
      breaker: 'none',
      status,
      errorClass: 'model_not_found',
      clientError: new GatewayHttpError(
        404,
        message,
        'not_found_error',
        upstreamError.code ?? 'model_not_found',
        upstreamError.param ?? 'model',
        forwarded,
      ),
    };
  return {
    kind: 'failed',
    retryable: false,
    breaker: 'none',
    status,
    errorClass: 'upstream_4xx',
    clientError: new GatewayHttpError(
      status,
      message,
      errorTypeFor(status),
      upstreamError.code ?? 'upstream_rejected',
      upstreamError.param,
      forwarded,
    ),
  };
}

/**
 * Milliseconds a 429 asks the client to wait: `retry-after-ms`, else `retry-after` in seconds
 * or as an HTTP date against `nowEpochMs`; undefined when neither is readable.
 * Example: `{ retryAfter: 'Thu, 01 Jan 2026 00:00:30 GMT' }` at 2026-01-01T00:00:00Z is 30000.
 */
export function retryAfterMs(hint: RateLimitHint, nowEpochMs: number): number | undefined {
  if (hint.retryAfterMs !== undefined) {
    const value = Number(hint.retryAfterMs);
    if (Number.isFinite(value) && value >= 0) return value;
  }
  if (hint.retryAfter === undefined) return undefined;
  const trimmed = hint.retryAfter.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed) * 1000;
  const dateMs = Date.parse(trimmed);
  return Number.isFinite(dateMs) ? Math.max(0, dateMs - nowEpochMs) : undefined;
}
