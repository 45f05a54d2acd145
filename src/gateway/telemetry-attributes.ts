/**
 * What the OpenTelemetry export says about one request-log row, as plain data (no OTel
 * package is loaded here): the span name, ids, times and attributes, and the attributes of
 * the metric points, after the GenAI semantic conventions
 * (https://github.com/open-telemetry/semantic-conventions-genai, docs/gen-ai/gen-ai-spans.md
 * and gen-ai-metrics.md, read 2026-12-01; the gen_ai.* names are still "Development").
 */
import { createHash } from 'node:crypto';
import type { RequestEndpoint, RequestLogRow } from '../store/types.ts';
import type { RefusedRequest } from './server.ts';

export type TelemetryAttributes = Record<string, string | number | boolean>;

/** `gen_ai.operation.name` of each endpoint the gateway serves (the Responses API is a chat). */
export const operationNames: Record<RequestEndpoint, string> = {
  'chat.completions': 'chat',
  completions: 'text_completion',
  embeddings: 'embeddings',
  responses: 'chat',
};

/**
 * The trace id of a request: its request id without dashes when that is 32 hex digits (the
 * gateway's UUIDv7 ids are, with random bits at the right as W3C Trace Context asks), else
 * the first 32 hex digits of its SHA-256. So every attempt of one request lands in one trace,
 * and `x-request-id` finds the trace.
 */
export function traceIdForRequest(requestId: string): string {
  const hex = requestId.replaceAll('-', '').toLowerCase();
  if (/^[0-9a-f]{32}$/.test(hex) && !/^0+$/.test(hex)) return hex;
  return createHash('sha256').update(requestId).digest('hex').slice(0, 32);
}

/**
 * Whether a trace is kept at a sample ratio: its last 8 hex digits (random in the gateway's
 * UUIDv7 ids, and in any W3C trace id) read as a fraction of 2^32, kept when below the ratio.
 * The same trace id always gets the same answer, on every instance, so a request's attempts
 * are all traced or none; ratios of 0 and 1 keep none and all.
 *
 * Example: trace `019ad2a4c1e07a3f9b5e000040000000` ends in `40000000` = 0.25 of 2^32, so it
 * is kept at ratio 0.3 and dropped at 0.25 (kept means strictly below).
 */
export function isTraceSampled(traceId: string, ratio: number): boolean {
  if (ratio >= 1) return true;
  if (ratio <= 0) return false;
  return Number.parseInt(traceId.slice(-8), 16) / 2 ** 32 < ratio;
}

/** Start and end of the attempt, in epoch milliseconds (the row's time is when it started). */
export function attemptTimesMs(row: RequestLogRow): { startMs: number; endMs: number } {
  const startMs = Date.parse(row.time);
  return { startMs, endMs: startMs + Math.max(0, row.totalMs ?? 0) };
}

/**
 * `server.address` and `server.port` of a target's base URL (port from the scheme when the
 * URL has none); undefined for a URL that does not parse.
 *
 * @example
 * serverOfBaseUrl('https://api.openai.com/v1') // { 'server.address': 'api.openai.com', 'server.port': 443 }
 */
export function serverOfBaseUrl(baseUrl: string): TelemetryAttributes | undefined {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    return undefined;
  }
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  return { 'server.address': url.hostname.replace(/^\[(.*)\]$/, '$1'), 'server.port': port };
}

/** Span name: `{gen_ai.operation.name} {gen_ai.request.model}`, e.g. `chat llama-3.1-70b`. */
export function spanName(row: RequestLogRow): string {
  return `${operationNames[row.endpoint]} ${row.model}`;
}

/** The attributes every signal of a row carries (low cardinality: fit for metric points). */
export function baseAttributes(row: RequestLogRow): TelemetryAttributes {
  return {
    'gen_ai.operation.name': operationNames[row.endpoint],
    // The target's provider kind: the well-known `openai` and `anthropic`, or
    // `openai-compatible` (vLLM, SGLang, a hosted open model), a custom value the conventions allow.
    'gen_ai.provider.name': row.providerKind,
    'gen_ai.request.model': row.model,
    'switchyard.route': row.route,
    'switchyard.target': row.provider,
  };
}

/**
 * The span's attributes: GenAI conventions first, then `switchyard.*` for what they lack.
 * Built by assignment onto one object: an object spread followed by more keys costs V8
 * about ten times as much (measured: 3.7 against 0.3 microseconds a row).
 */
export function spanAttributes(row: RequestLogRow): TelemetryAttributes {
  const attributes = baseAttributes(row);
  attributes['switchyard.request_id'] = row.requestId;
  attributes['switchyard.attempt'] = row.attempt;
  attributes['switchyard.outcome'] = row.outcome;
  attributes['switchyard.endpoint'] = row.endpoint;
  attributes['switchyard.stream'] = row.stream;
  attributes['switchyard.routing_version'] = row.routingVersion;
  if (row.inputTokens !== null) attributes['gen_ai.usage.input_tokens'] = row.inputTokens;
  if (row.outputTokens !== null) attributes['gen_ai.usage.output_tokens'] = row.outputTokens;
  if (row.cachedInputTokens !== null) attributes['gen_ai.usage.cache_read.input_tokens'] = row.cachedInputTokens;
  if (row.inputTokens !== null || row.outputTokens !== null)
    attributes['switchyard.usage_estimated'] = row.usageEstimated;
  if (row.stream && row.ttftMs !== null) attributes['gen_ai.response.time_to_first_chunk'] = row.ttftMs / 1000;
  if (row.status !== null) attributes['http.response.status_code'] = row.status;
  if (row.errorClass !== null) attributes['error.type'] = row.errorClass;
  if (row.costUsd !== null) attributes['switchyard.cost_usd'] = row.costUsd;
  if (row.keyId !== null) attributes['switchyard.key_id'] = row.keyId;
  if (row.team !== null) attributes['switchyard.team'] = row.team;
  if (row.feature !== null) attributes['switchyard.feature'] = row.feature;
  return attributes;
}

/**
 * The span of a request refused before any attempt (no model was called, so no gen_ai.*
 * attributes): named `{method} {path}` after the HTTP server conventions, with the status and
 * the error code answered.
 *
 * @example
 * refusalSpanName({ method: 'POST', path: '/v1/chat/completions', status: 401, code: 'invalid_api_key', ... })
 * // 'POST /v1/chat/completions'; its attributes: http.request.method POST, url.path /v1/chat/completions,
 * // http.response.status_code 401, error.type invalid_api_key, switchyard.refused true
 */
export function refusalSpanName(refusal: RefusedRequest): string {
  return `${refusal.method} ${refusal.path}`;
}

export function refusalSpanAttributes(refusal: RefusedRequest): TelemetryAttributes {
  return {
    'http.request.method': refusal.method,
    'url.path': refusal.path,
    'http.response.status_code': refusal.status,
    'error.type': refusal.code ?? refusal.type,
    'switchyard.refused': true,
  };
}

/** Whether the attempt failed (its span status is ERROR): every row with an error class. */
export function attemptFailed(row: RequestLogRow): boolean {
  return row.errorClass !== null;
}

/**
 * Whether an upstream call happened: skipped attempts (target saturated, circuit open) get
 * a span, so a trace shows why a fallback answered, but no duration point.
 */
export function upstreamCalled(row: RequestLogRow): boolean {
  return row.outcome !== 'overflow' && row.outcome !== 'circuit-open' && row.totalMs !== null;
}

/** ExplicitBucketBoundaries the conventions give for `gen_ai.client.token.usage`. */
export const tokenUsageBuckets = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];

/**
 * ExplicitBucketBoundaries (seconds) the conventions give for `gen_ai.client.operation.duration`
 * and `gen_ai.client.operation.time_to_first_chunk`.
 */
export const durationBucketsSeconds = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];
