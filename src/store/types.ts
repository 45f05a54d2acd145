/**
 * The request log: one row per attempt the gateway made (or skipped), and the sink
 * interface it is written through. Sinks buffer in memory and write in batches off the
 * request path; when the store is slow or down, rows wait in a bounded buffer and any
 * beyond the bound are counted as dropped (requests are still served).
 */

/** What happened to one attempt. */
export type AttemptOutcome =
  /** The attempt answered the client. */
  | 'success'
  /** It failed before the first byte reached the client; the next attempt was tried. */
  | 'fallback'
  /** It failed with a passing fault (connect error, 502/503/504, a short 429); the same target was tried again. */
  | 'retried'
  /** It failed and nothing was left to try, or it failed after bytes reached the client (a cut stream). */
  | 'error'
  /** Skipped: the target was at its max concurrency. */
  | 'overflow'
  /** Skipped: the target's circuit breaker was open. */
  | 'circuit-open'
  /** The client went away before the attempt finished. */
  | 'client-closed';

export interface RequestLogRow {
  /** Unique per row: `<requestId>.<attempt>`. */
  id: string;
  /** Shared by every attempt of one client request. */
  requestId: string;
  /** ISO 8601 UTC time the attempt started. */
  time: string;
  route: string;
  routingVersion: number;
  feature: string | null;
  /** Id of the client key that made the request (never the key). */
  keyId: string | null;
  /** Target name from the routing config (e.g. `vllm`, `openai`). */
  provider: string;
  /** Provider kind of the target: openai, openai-compatible, anthropic. */
  providerKind: string;
  /** Model name sent upstream. */
  model: string;
  /** 1-based position in the attempt plan. */
  attempt: number;
  outcome: AttemptOutcome;
  /** HTTP status the upstream answered (null when none: connection error, timeout, skipped). */
  status: number | null;
  stream: boolean;
  inputTokens: number | null;
  outputTokens: number | null;
  cachedInputTokens: number | null;
  /** True when the token counts come from our tokenizer, not the provider's usage. */
  usageEstimated: boolean;
  ttftMs: number | null;
  totalMs: number | null;
  /** Null when the target has no known price ("depends on usage"), never a made-up 0. */
  costUsd: number | null;
  /** Short machine-readable class: connect_error, timeout, upstream_5xx, rate_limited, stream_cut, ... */
  errorClass: string | null;
  /** Prompt text, only when the operator sets `logPrompts: true`. */
  prompt: string | null;
  /** Team label of the virtual key that made the request (null: no key, or a key without a team). */
  team: string | null;
  /** The endpoint called: one of `requestEndpoints`. */
  endpoint: RequestEndpoint;
  /**
   * The client's W3C `traceparent` header as it came, only when it sent one: OpenTelemetry
   * continues that trace. Not a column: the stores and exports leave it out.
   */
  traceParent?: string;
}

/** The OpenAI-compatible endpoints the gateway serves, as logged. */
export const requestEndpoints = ['chat.completions', 'completions', 'embeddings', 'responses'] as const;
export type RequestEndpoint = (typeof requestEndpoints)[number];

export interface LogSinkStats {
  /** Rows waiting in memory. */
  bufferedRows: number;
  /** Rows written to the store since start. */
  writtenRows: number;
  /** Rows dropped because the buffer was full (store slow or down). */
  droppedRows: number;
  /** Rows the store could not take at close, written to the spill file for the next start to replay. */
  spilledRows: number;
  /** Batches that failed to write (and were kept for a retry). */
  failedBatches: number;
  lastError: string | null;
}

export interface RequestLogSink {
  /** Queues a row; never blocks and never throws. */
  append(row: RequestLogRow): void;
  /** Writes everything buffered (resolves even when the store fails; check stats()). */
  flush(): Promise<void>;
  /** Flushes, stops timers and releases the store. */
  close(): Promise<void>;
  stats(): LogSinkStats;
}

/** A store that writes one batch (all rows or none). Throwing keeps the rows for a retry. */
export interface LogBatchBackend {
  writeBatch(rows: ReadonlyArray<RequestLogRow>): void | Promise<void>;
  /** Releases the store; awaited by the sink's close (a worker-thread store closes asynchronously). */
  close(): void | Promise<void>;
}

export const requestLogColumns = [
  'id',
  'requestId',
  'time',
  'route',
  'routingVersion',
  'feature',
  'keyId',
  'provider',
  'providerKind',
  'model',
  'attempt',
  'outcome',
  'status',
  'stream',
  'inputTokens',
  'outputTokens',
  'cachedInputTokens',
  'usageEstimated',
  'ttftMs',
  'totalMs',
  'costUsd',
  'errorClass',
  'prompt',
  'team',
  'endpoint',
] as const satisfies ReadonlyArray<keyof RequestLogRow>;
