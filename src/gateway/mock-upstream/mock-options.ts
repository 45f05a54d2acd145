/**
 * Options, faults and statistics of the mock upstream (a test and benchmark double that
 * speaks the OpenAI chat-completions and Anthropic Messages wire formats on loopback).
 */

/**
 * A failure the mock can inject, per request (header `x-mock-fault`) or by configuration:
 * - `503`: the upstream is unavailable (a restart, an overloaded server; passing, worth a retry);
 * - `500` / `429`: an error status in the wire format's error shape (429 with `retry-after`
 *   (option `retryAfter`, default "1") and OpenAI's `x-ratelimit-*` headers);
 * - `400`: a bad request as OpenAI words a context overflow (`code: context_length_exceeded`,
 *   `param: messages`);
 * - `401` / `403`: the provider key is wrong / lacks permission; `404`: the model does not exist;
 * - `timeout`: the request is read and never answered (until the client gives up or the mock closes);
 * - `reset`: the connection is destroyed before any response byte;
 * - `cut-stream`: status 200, then the connection is destroyed half-way through the body;
 * - `no-usage`: a normal answer with no usage anywhere (as older OpenAI-compatible servers do);
 * - `keep-alive-only`: status 200, then only SSE comments (`: keep-alive`; a space for a JSON
 *   request) every tick, never data, never the end;
 * - `endless-body`: status 200, then a stream of content chunks (a JSON request: whitespace
 *   after `{`) every tick that never ends;
 * - `huge-line`: status 200 and one huge answer (`hugeLineBytes` of text): one SSE data line
 *   (OpenAI: the first event, with no role-only chunk before it), or a JSON body sent chunked
 *   without content-length.
 * Error answers carry `x-request-id: req_mock_N`. A tick is `x-mock-chunk-delay-ms`
 * (`chunkDelayMs`), or 20 ms when that is 0.
 */
export type MockFault =
  | '500'
  | '503'
  | '429'
  | '400'
  | '401'
  | '403'
  | '404'
  | 'timeout'
  | 'reset'
  | 'cut-stream'
  | 'no-usage'
  | 'keep-alive-only'
  | 'endless-body'
  | 'huge-line';

export const MOCK_FAULTS: readonly MockFault[] = [
  '500',
  '503',
  '429',
  '400',
  '401',
  '403',
  '404',
  'timeout',
  'reset',
  'cut-stream',
  'no-usage',
  'keep-alive-only',
  'endless-body',
  'huge-line',
];

export interface MockUpstreamOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Name reported in the `x-mock-upstream` response header (tells tests which mock answered). Default "mock". */
  name?: string;
  /** The reply: "echo" repeats the last user message's text (default); every other string is a fixed reply. */
  reply?: 'echo' | string;
  /**
   * A mock "model" for evals: given the model asked for and the last user message, the
   * answer text (undefined: the `reply` setting answers). Deterministic by design.
   */
  answer?: (request: { model: string; lastUserText: string }) => string | undefined;
  /** Milliseconds before the first response byte (header `x-mock-latency-ms` overrides). Default 0. */
  latencyMs?: number;
  /** Milliseconds between stream chunks (header `x-mock-chunk-delay-ms` overrides). Default 0: the whole body in one write. */
  chunkDelayMs?: number;
  /** Content pieces a streamed reply is split into (header `x-mock-chunks` overrides). Default 8. */
  chunkCount?: number;
  /** Prompt tokens reported as served from cache (capped at the prompt tokens). Default 0. */
  cachedInputTokens?: number;
  /** Fault applied to every request until changed with `setFault`. */
  fault?: MockFault;
  /** When set, requests must carry it (`authorization: Bearer KEY` or `x-api-key: KEY`), else 401. */
  apiKey?: string;
  /** Model ids listed by `GET /v1/models`. Default ["mock-model"]. */
  models?: string[];
  /** The `retry-after` value of a 429 (seconds or an HTTP date). Default "1". */
  retryAfter?: string;
  /** Characters of text in a `huge-line` answer. Default 4 MiB (4,194,304). */
  hugeLineBytes?: number;
}

export interface MockRequestRecord {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

export interface MockUpstreamStats {
  /** Every HTTP request received, whatever its path or outcome. */
  requests: number;
  chatCompletions: number;
  messages: number;
  /** Requests to /v1/embeddings, /v1/completions and /v1/responses. */
  embeddings: number;
  completions: number;
  responses: number;
  models: number;
  /** Requests that asked for a stream. */
  streams: number;
  /** Faults injected, by kind. */
  faults: Record<MockFault, number>;
  /** Requests being answered now, and the most at once since the start (or the last reset). */
  inFlight: number;
  maxInFlight: number;
  /** The last chat request (path, headers, parsed body), for asserting what a gateway sent. */
  lastRequest: MockRequestRecord | undefined;
}

export interface MockUpstream {
  /** Base URL including `/v1`, e.g. `http://127.0.0.1:41234/v1`. */
  url: string;
  port: number;
  close(): Promise<void>;
  stats(): MockUpstreamStats;
  resetStats(): void;
  /** Sets (or with undefined clears) the configured fault; with `count`, it applies to the next `count` requests only. */
  setFault(fault: MockFault | undefined, options?: { count?: number }): void;
}

/** Reads a fault name from a header value; throws naming the allowed values. */
export function parseMockFault(value: string): MockFault {
  const fault = MOCK_FAULTS.find((candidate) => candidate === value);
  if (fault === undefined)
    throw new Error(`x-mock-fault: unknown fault ${JSON.stringify(value)}; allowed: ${MOCK_FAULTS.join(', ')}`);
  return fault;
}
