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
