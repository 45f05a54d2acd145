/**
 * One attempt of a pass-through endpoint (`/v1/embeddings`, `/v1/completions`,
 * `/v1/responses`) against an OpenAI-compatible target: the client's body goes upstream as
 * it is (only `model` replaced by the target's, and `stream_options.include_usage` forced on
 * for streamed completions so the gateway can count tokens), and the answer comes back as
 * the upstream sent it. The gateway reads only what it needs: the usage (for cost, limits
 * and the log) and, for streams, whether the stream reached its end.
 *
 * The same bounds as chat (attempt.ts): deadlines, `maxResponseBytes`, `maxEventBytes`;
 * nothing reaches the client before the first event, so failures up to then fall back; a
 * stream cut after that ends with an error event in the endpoint's own shape.
 */
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { CHARACTERS_PER_TOKEN } from '../providers/tokenizer.ts';
import { joinUrl } from '../providers/provider-errors.ts';
import { SseParser, type SseEvent } from '../providers/sse.ts';
import type { Usage } from '../providers/types.ts';
import type { RequestEndpoint } from '../store/types.ts';
import {
  failureBeforeFirstByte,
  jsonText,
  pumpStream,
  sendUnderDeadline,
  streamFailure,
  type UpstreamResponse,
  waitForDrain,
  writeJsonHead,
  withTraceHeaders,
  writeSseHead,
} from './attempt.ts';
import type { AttemptDeadline, AttemptDeadlineSpec, ClientAbort } from './attempt-deadline.ts';
import type { AttemptResult } from './attempt-result.ts';
import { GatewayHttpError } from './errors.ts';
import { readBoundedBody } from './read-upstream-body.ts';
import type { UpstreamHandle } from './state.ts';

export type PassThroughEndpoint = Exclude<RequestEndpoint, 'chat.completions'>;

/** The upstream path of each pass-through endpoint, relative to the target's base URL. */
export const passThroughPaths: Readonly<Record<PassThroughEndpoint, string>> = {
  embeddings: '/embeddings',
  completions: '/completions',
  responses: '/responses',
};

export interface PassThroughRequest {
  endpoint: PassThroughEndpoint;
  /** The client's body, parsed (checked to be an object with a string `model`). */
  body: Record<string, unknown>;
  stream: boolean;
  /** Characters of the prompt, for an estimate when the upstream reports no usage. */
  promptCharacters: number;
}

export interface PassThroughAttemptInput {
  upstream: UpstreamHandle;
  request: PassThroughRequest;
  response: ServerResponse;
  answerHeaders: readonly string[];
  signal: ClientAbort;
  deadline: AttemptDeadlineSpec;
  /** The client's trace headers, sent on to the upstream (undefined: none). */
  traceHeaders: Readonly<Record<string, string>> | undefined;
}

function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Token counts of an upstream `usage` object, in either of OpenAI's shapes:
 * `prompt_tokens`/`completion_tokens` (embeddings, completions) or
 * `input_tokens`/`output_tokens` (responses); undefined when there is none.
 * Example: `{ input_tokens: 36, output_tokens: 87, input_tokens_details: { cached_tokens: 4 } }`
 * reads as 36 input (4 of them cached) and 87 output tokens.
 */
export function passThroughUsage(usageValue: unknown): Usage | undefined {
  const usage = record(usageValue);
  if (usage === undefined) return undefined;
  const responsesShape = typeof usage.input_tokens === 'number';
  if (!responsesShape && typeof usage.prompt_tokens !== 'number') return undefined;
  const inputTokens = numberOr(responsesShape ? usage.input_tokens : usage.prompt_tokens, 0);
  const outputTokens = numberOr(responsesShape ? usage.output_tokens : usage.completion_tokens, 0);
  const details = record(responsesShape ? usage.input_tokens_details : usage.prompt_tokens_details);
  return {
    inputTokens,
    outputTokens,
    cachedInputTokens: numberOr(details?.cached_tokens, 0),
    estimated: false,
  };
}

function estimatedUsage(promptCharacters: number, outputCharacters: number): Usage {
  return {
    inputTokens: Math.ceil(promptCharacters / CHARACTERS_PER_TOKEN),
    outputTokens: Math.ceil(outputCharacters / CHARACTERS_PER_TOKEN),
    cachedInputTokens: 0,
    estimated: true,
  };
}

/** The upstream body: the client's, `model` set to the target's, usage asked for in completion streams. */
function upstreamBody(request: PassThroughRequest, upstream: UpstreamHandle): string {
  const body: Record<string, unknown> = { ...request.body };
  if (upstream.config.model !== undefined) body.model = upstream.config.model;
  if (request.endpoint === 'completions' && request.stream)
    body.stream_options = { ...record(request.body.stream_options), include_usage: true };
  return JSON.stringify(body);
}

function upstreamHeaders(upstream: UpstreamHandle, stream: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: stream ? 'text/event-stream' : 'application/json',
  };
  if (upstream.apiKey !== undefined && upstream.apiKey !== '') headers.authorization = `Bearer ${upstream.apiKey}`;
  return headers;
}

/** Carries out one pass-through attempt. */
export async function runPassThroughAttempt(input: PassThroughAttemptInput): Promise<AttemptResult> {
  const { upstream, request, signal } = input;
  const startMs = performance.now();
  return sendUnderDeadline(
    input.deadline,
    upstream,
    signal,
    startMs,
    request.stream,
    {
      path: joinUrl(upstream.config.baseUrl, passThroughPaths[request.endpoint]).slice(upstream.origin.length),
      headers: withTraceHeaders(upstreamHeaders(upstream, request.stream), input.traceHeaders),
      body: upstreamBody(request, upstream),
    },
    (upstreamResponse, deadline) =>
      request.stream
        ? answerStream(input, upstreamResponse, startMs, deadline)
        : answerJson(input, upstreamResponse, startMs),
  );
}

function badResponse(upstream: UpstreamHandle, status: number, message: string): AttemptResult {
  return {
    kind: 'failed',
    retryable: true,
    breaker: 'count',
    status,
    errorClass: 'bad_response',
    clientError: new GatewayHttpError(502, `upstream ${upstream.name}: ${message}`, 'upstream_error', 'bad_response'),
  };
}

/** Characters of the generated text of a JSON answer (for an estimate when it carries no usage). */
function outputCharacters(endpoint: PassThroughEndpoint, parsed: Record<string, unknown>): number {
  let characters = 0;
  if (endpoint === 'completions' && Array.isArray(parsed.choices))
    for (const choice of parsed.choices) characters += String(record(choice)?.text ?? '').length;
  if (endpoint === 'responses' && Array.isArray(parsed.output))
    for (const item of parsed.output) {
      const content = record(item)?.content;
      if (Array.isArray(content)) for (const part of content) characters += String(record(part)?.text ?? '').length;
    }
  return characters;
}

async function answerJson(
  input: PassThroughAttemptInput,
  upstreamResponse: UpstreamResponse,
  startMs: number,
): Promise<AttemptResult> {
  const { upstream, request, response, signal } = input;
  const { statusCode, body } = upstreamResponse;
  let bytes: Buffer;
  let parsed: Record<string, unknown> | undefined;
  try {
    bytes = await readBoundedBody(
      body,
      upstreamResponse.contentLength,
      upstream.limits.maxResponseBytes,
      upstream.name,
    );
    parsed = record(JSON.parse(jsonText(bytes)));
  } catch (error) {
    if (!(error instanceof SyntaxError) || signal.aborted)
      return failureBeforeFirstByte(error, statusCode, upstream, signal);
    return badResponse(upstream, statusCode, 'sent a body that is not JSON');
  }
  if (parsed === undefined) return badResponse(upstream, statusCode, 'sent a JSON body that is not an object');
  const usage =
    passThroughUsage(parsed.usage) ??
    estimatedUsage(request.promptCharacters, outputCharacters(request.endpoint, parsed));
  const ttftMs = performance.now() - startMs;
  writeJsonHead(response, bytes.length, input.answerHeaders);
  response.end(bytes);
  return { kind: 'success', status: statusCode, usage, ttftMs };
}

/** One event as the client gets it: the upstream's fields, re-framed. */
function encodeEvent(event: SseEvent): string {
  const name = event.event === undefined ? '' : `event: ${event.event}\n`;
  return `${name}data: ${event.data.includes('\n') ? event.data.split('\n').join('\ndata: ') : event.data}\n\n`;
}

/** What a stream's events say, as they pass. */
interface StreamReading {
  usage: Usage | undefined;
  outputCharacters: number;
  /** `[DONE]` (completions) or a terminal `response.*` event (responses) arrived. */
  complete: boolean;
  /** The client asked for the usage chunk of a completions stream (else it is not forwarded). */
  clientWantsUsage: boolean;
}

const terminalResponseEvents = new Set(['response.completed', 'response.failed', 'response.incomplete']);

/** Reads one event; returns false when it is not forwarded (a usage chunk the client did not ask for). */
function readEvent(endpoint: PassThroughEndpoint, event: SseEvent, reading: StreamReading): boolean {
  if (event.data === '[DONE]') {
    reading.complete = true;
    return true;
  }
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed = record(JSON.parse(event.data));
  } catch {
    return true; // not JSON: forwarded as it came, the client's parser decides
  }
  if (parsed === undefined) return true;
  if (endpoint === 'completions') {
    const choices = Array.isArray(parsed.choices) ? parsed.choices : [];
    for (const choice of choices) reading.outputCharacters += String(record(choice)?.text ?? '').length;
    const usage = passThroughUsage(parsed.usage);
    if (usage !== undefined) {
      reading.usage = usage;
      if (choices.length === 0 && !reading.clientWantsUsage) return false;
    }
    return true;
  }
  const type = typeof parsed.type === 'string' ? parsed.type : event.event;
  if (type === 'response.output_text.delta' && typeof parsed.delta === 'string')
    reading.outputCharacters += parsed.delta.length;
  if (type !== undefined && terminalResponseEvents.has(type)) {
    reading.complete = true;
    reading.usage = passThroughUsage(record(parsed.response)?.usage) ?? reading.usage;
  }
  return true;
}

function cutEvent(endpoint: PassThroughEndpoint, errorClass: string, message: string): string {
  return endpoint === 'responses'
    ? `event: error\ndata: ${JSON.stringify({ type: 'error', code: errorClass, message, param: null })}\n\n`
    : `data: ${JSON.stringify({ error: { message, type: 'upstream_error', code: errorClass, param: null } })}\n\n`;
}

async function answerStream(
  input: PassThroughAttemptInput,
  upstreamResponse: UpstreamResponse,
  startMs: number,
  deadline: AttemptDeadline,
): Promise<AttemptResult> {
  const { upstream, request, response, signal } = input;
  const { statusCode, body } = upstreamResponse;
  const parser = new SseParser({ maxEventBytes: upstream.limits.maxEventBytes });
  const streamOptions = record(request.body.stream_options);
  const reading: StreamReading = {
    usage: undefined,
    outputCharacters: 0,
    complete: false,
    clientWantsUsage: streamOptions?.include_usage === true,
  };
  let ttftMs: number | null = null;
  const send = (events: ReadonlyArray<SseEvent>): Promise<void> | undefined => {
    let text = '';
    for (const event of events) if (readEvent(request.endpoint, event, reading)) text += encodeEvent(event);
    if (text === '') return undefined;
    if (ttftMs === null) {
      writeSseHead(response, input.answerHeaders);
      ttftMs = performance.now() - startMs;
      deadline.firstByteSent = true;
    }
    return response.write(text) ? undefined : waitForDrain(response, deadline);
  };
  const streamError = await pumpStream(body, upstream, signal, (bytes) => {
    const events = parser.push(bytes);
    return events.length > 0 ? send(events) : undefined;
  });
  const usageNow = (): Usage => reading.usage ?? estimatedUsage(request.promptCharacters, reading.outputCharacters);
  if (signal.aborted || response.destroyed) {
    body.destroy();
    return {
      kind: 'client-closed',
      status: statusCode,
      ttftMs,
      usage: ttftMs === null ? undefined : usageNow(),
    };
  }
  if (streamError === undefined) {
    const finished = parser.finish();
    const drained = send(finished.events);
    if (drained !== undefined) await drained;
  }
  if (streamError === undefined && reading.complete) {
    if (ttftMs === null) {
      writeSseHead(response, input.answerHeaders);
      ttftMs = performance.now() - startMs;
    }
    response.end();
    return { kind: 'success', status: statusCode, usage: usageNow(), ttftMs };
  }
  const failure = streamFailure(
    streamError,
    streamError === undefined ? 'upstream stream ended early' : undefined,
    upstream,
  );
  if (ttftMs === null) {
    if (failure.ownLimit) return failureBeforeFirstByte(streamError, statusCode, upstream, signal);
    return {
      kind: 'failed',
      retryable: true,
      breaker: failure.breaker,
      status: statusCode,
      errorClass: failure.errorClass,
      clientError: new GatewayHttpError(
        502,
        `upstream ${upstream.name}: ${failure.reason}`,
        'upstream_error',
        failure.errorClass,
      ),
    };
  }
  const message = failure.ownLimit
    ? failure.reason
    : `upstream ${upstream.name} stream was interrupted: ${failure.reason}`;
  response.end(cutEvent(request.endpoint, failure.errorClass, message));
  return {
    kind: 'cut',
    status: statusCode,
    errorClass: failure.errorClass,
    message,
    usage: usageNow(),
    ttftMs,
    breaker: failure.breaker,
  };
}
