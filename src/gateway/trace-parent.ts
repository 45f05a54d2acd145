import { isTraceSampled, traceIdForRequest } from './telemetry-attributes.ts';

/**
 * The W3C Trace Context `traceparent` header (https://www.w3.org/TR/trace-context/, section
 * 3.2): `VERSION-TRACEID-PARENTID-FLAGS`, all lowercase hex. A client that sends one gets the
 * gateway's attempt spans inside its own trace.
 */

export interface TraceParent {
  /** 32 lowercase hex digits, not all zero. */
  traceId: string;
  /** The caller's span: 16 lowercase hex digits, not all zero. */
  parentSpanId: string;
  /** Whether the caller recorded its span (flag bit 0). */
  sampled: boolean;
}

const allZero = /^0+$/;
const fields = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;

/**
 * Reads a `traceparent` header, or undefined when there is none or it is not valid, in which
 * case the gateway starts a trace of its own, as the specification asks. Version `ff` is
 * invalid; version `00` has exactly four fields; a later version may add fields after the
 * flags, which are ignored. Upper-case hex is invalid.
 *
 * Example: `00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01` gives trace
 * `4bf92f3577b34da6a3ce929d0e0e4736`, parent `00f067aa0ba902b7`, sampled; the same with flags
 * `00` is not sampled.
 */
export function parseTraceParent(header: string | undefined): TraceParent | undefined {
  if (header === undefined) return undefined;
  const match = fields.exec(header.trim());
  if (match === null) return undefined;
  const [, version, traceId, parentSpanId, flags, rest] = match;
  if (version === 'ff' || (version === '00' && rest !== undefined)) return undefined;
  if (allZero.test(traceId) || allZero.test(parentSpanId)) return undefined;
  return { traceId, parentSpanId, sampled: (Number.parseInt(flags, 16) & 1) === 1 };
}

/**
 * The trace headers of a client request to pass on to the upstream: its `traceparent` when
 * valid, with its `tracestate` if it sent one (the specification forwards `tracestate` only
 * with a valid `traceparent`); undefined when it sent no valid `traceparent`.
 *
 * Example: headers `{ traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
 * tracestate: 'vendor=x' }` give both back; `{ traceparent: 'garbage', tracestate: 'vendor=x' }`
 * gives undefined.
 */
export function traceHeadersOf(request: {
  headers: Record<string, string | string[] | undefined>;
}): Readonly<Record<string, string>> | undefined {
  const traceparent = request.headers.traceparent;
  if (typeof traceparent !== 'string' || parseTraceParent(traceparent) === undefined) return undefined;
  const tracestate = request.headers.tracestate;
  return typeof tracestate === 'string'
    ? { traceparent: traceparent.trim(), tracestate }
    : { traceparent: traceparent.trim() };
}

/** How requests are chosen for tracing (telemetry.ts resolves it from the file and OTEL_TRACES_SAMPLER). */
export interface TraceSampling {
  traceSampleRatio: number;
  /** With a client `traceparent`: its sampled flag decides (the `parentbased_` samplers, the default). */
  followParentSampling: boolean;
}

/**
 * The trace a request's attempts belong to and whether they are traced: the client's trace
 * when it sent a valid `traceparent`, else the request's own (`traceIdForRequest`); sampled as
 * the client says under parent-based sampling, else by the ratio on the trace id. Telemetry
 * (for the spans) and the executor (for the upstream's `traceparent`) both ask this, so they agree.
 *
 * Example: no client trace, request `019ad2a4-c1e0-7a3f-9b5e-000040000000`, ratio 0.3: trace
 * `019ad2a4c1e07a3f9b5e000040000000`, sampled (its last 8 hex digits are 0.25 of 2^32).
 */
export function traceDecision(
  parent: TraceParent | undefined,
  requestId: string,
  sampling: TraceSampling,
): { traceId: string; sampled: boolean } {
  const traceId = parent?.traceId ?? traceIdForRequest(requestId);
  const sampled =
    parent !== undefined && sampling.followParentSampling
      ? parent.sampled
      : isTraceSampled(traceId, sampling.traceSampleRatio);
  return { traceId, sampled };
}

/**
 * The span id of a request's attempt: 14 hex digits from the random end of the request's trace
 * id and the attempt number in 2, so the executor can name it to the upstream before the
 * attempt and telemetry can give the span the same id after it, without storing it.
 *
 * Example: request `019ad2a4-c1e0-7a3f-9b5e-7c1d2e3f4a5b`, attempt 2: `9b5e7c1d2e3f4a02`.
 */
export function attemptSpanId(requestId: string, attempt: number): string {
  return traceIdForRequest(requestId).slice(16, 30) + (attempt % 256).toString(16).padStart(2, '0');
}

/**
 * The trace headers an upstream attempt is sent. Without telemetry (`sampling` undefined): the
 * client's, unchanged. With it: a `traceparent` naming the attempt's own span (`attemptSpanId`)
 * in the request's trace with the sampling decision as its flag, and the client's `tracestate`.
 *
 * Example: telemetry on, no client trace, request `019ad2a4-c1e0-7a3f-9b5e-7c1d2e3f4a5b`, ratio 1,
 * attempt 1: `{ traceparent: '00-019ad2a4c1e07a3f9b5e7c1d2e3f4a5b-9b5e7c1d2e3f4a01-01' }`.
 */
export function upstreamTraceHeaders(
  clientHeaders: Readonly<Record<string, string>> | undefined,
  requestId: string,
  attempt: number,
  sampling: TraceSampling | undefined,
): Readonly<Record<string, string>> | undefined {
  if (sampling === undefined) return clientHeaders;
  const { traceId, sampled } = traceDecision(parseTraceParent(clientHeaders?.traceparent), requestId, sampling);
  const traceparent = `00-${traceId}-${attemptSpanId(requestId, attempt)}-${sampled ? '01' : '00'}`;
  const tracestate = clientHeaders?.tracestate;
  return tracestate === undefined ? { traceparent } : { traceparent, tracestate };
}
