/**
 * One upstream attempt: build the vendor request, send it on the target's keep-alive pool,
 * and either answer the client (JSON or SSE) or report why not. Nothing is written to
 * the client before the first converted chunk, so any failure up to then can fall back.
 * After that, a failure is reported to the client as an SSE error event (never a silent
 * truncation).
 *
 * Bounds (docs/gateway.md, "Deadlines" and "Size caps"): the attempt's deadlines are one timer
 * (attempt-deadline.ts) whose abort undici turns into an error of the request or its body; a
 * JSON body is read up to `maxResponseBytes`; a stream counts its bytes against the same cap
 * (one addition per read) and its SSE parser caps each event at `maxEventBytes`.
 */
import { isUtf8 } from 'node:buffer';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { encodeSseChunks, encodeSseData, estimateUsage, ProviderRequestError, SSE_DONE } from '../providers/index.ts';
import type { ChatCompletionChunk, ChatCompletionRequest, ChatCompletionResponse } from '../providers/types.ts';
import {
  AttemptDeadline,
  type AttemptDeadlineSpec,
  type ClientAbort,
  DeadlineExceededError,
} from './attempt-deadline.ts';
import type { AttemptResult, BreakerEffect } from './attempt-result.ts';
import { GatewayHttpError } from './errors.ts';
import { readBoundedBody, ResponseTooLargeError } from './read-upstream-body.ts';
import type { UpstreamHandle } from './state.ts';
import { sendUpstreamRequest, type UpstreamBody, type UpstreamResponse } from './upstream-exchange.ts';
import {
  classifyTransportError,
  deadlineFailure,
  isSizeError,
  sizeErrorClass,
  sizeErrorMessage,
  sizeFailure,
  statusFailure,
  transportFailure,
} from './upstream-failure.ts';

export { ClientAbort } from './attempt-deadline.ts';
export type { AttemptResult, BreakerEffect } from './attempt-result.ts';

export interface AttemptInput {
  upstream: UpstreamHandle;
  request: ChatCompletionRequest;
  response: ServerResponse;
  /** Headers every answer carries (x-switchyard-*), as a flat name, value, name, value list. */
  answerHeaders: readonly string[];
  signal: ClientAbort;
  /** The attempt's deadlines, worked out by the executor. */
  deadline: AttemptDeadlineSpec;
  /** The client's trace headers, sent on to the upstream (undefined: none). */
  traceHeaders: Readonly<Record<string, string>> | undefined;
}

/** A target's fixed request headers, plus the client's trace headers when it sent some. */
export function withTraceHeaders(
  headers: Record<string, string>,
  traceHeaders: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  return traceHeaders === undefined ? headers : { ...headers, ...traceHeaders };
}

/** A failure before the first byte reached the client: the client left, a limit, or the transport. */
export function failureBeforeFirstByte(
  error: unknown,
  status: number | null,
  upstream: UpstreamHandle,
  signal: ClientAbort,
): AttemptResult {
  if (signal.aborted) return { kind: 'client-closed', status, ttftMs: null };
  if (error instanceof DeadlineExceededError) return deadlineFailure(error, status);
  if (status !== null && isSizeError(error)) return sizeFailure(error, upstream, status);
  return transportFailure(error, upstream);
}

/** The JSON text of a body, without a UTF-8 byte order mark (as undici's `body.json()` reads it). */
export function jsonText(bytes: Buffer): string {
  return hasByteOrderMark(bytes) ? bytes.toString('utf8', 3) : bytes.toString('utf8');
}

function hasByteOrderMark(bytes: Buffer): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/**
 * Whether the upstream's bytes can go to the client as they are, saving a JSON.stringify of
 * the whole body: the adapter returned the parsed body itself (OpenAI-compatible upstreams) and
 * the bytes are plain UTF-8 JSON, so they decode to exactly the value re-serializing would send.
 */
function canPassThrough(converted: ChatCompletionResponse, parsedBody: unknown, bytes: Buffer): boolean {
  return converted === parsedBody && !hasByteOrderMark(bytes) && isUtf8(bytes);
}

function responseText(response: ChatCompletionResponse): string {
  let text = '';
  for (const choice of response.choices) {
    text += choice.message.content ?? '';
    for (const call of choice.message.tool_calls ?? []) text += call.function.arguments;
  }
  return text;
}

function collectChunkText(chunks: ReadonlyArray<ChatCompletionChunk>, parts: string[]): void {
  for (const chunk of chunks) {
    for (const choice of chunk.choices) {
      if (typeof choice.delta.content === 'string') parts.push(choice.delta.content);
      for (const call of choice.delta.tool_calls ?? [])
        if (call.function?.arguments) parts.push(call.function.arguments);
    }
  }
}

/** Resolves when the client's socket drains, the client goes, or a deadline aborts the attempt. */
export function waitForDrain(response: ServerResponse, deadline: AttemptDeadline): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      deadline.abortWaiter = undefined;
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
    deadline.abortWaiter = done;
  });
}

/**
 * Writes the 200 head of a JSON answer. A flat header list goes to `writeHead` as it is: no
 * merged header object per request (node:http validates each header the same way).
 */
export function writeJsonHead(response: ServerResponse, contentLength: number, answerHeaders: readonly string[]): void {
  response.writeHead(200, [
    'content-type',
    'application/json',
    'content-length',
    String(contentLength),
    ...answerHeaders,
  ]);
}

export function writeSseHead(response: ServerResponse, answerHeaders: readonly string[]): void {
  response.writeHead(200, [
    'content-type',
    'text/event-stream; charset=utf-8',
    'cache-control',
    'no-cache',
    'x-accel-buffering',
    'no',
    ...answerHeaders,
  ]);
}

/** What the streaming path tracks while it forwards chunks. */
interface StreamProgress {
  readonly response: ServerResponse;
  readonly answerHeaders: readonly string[];
  readonly startMs: number;
  readonly textParts: string[];
  readonly deadline: AttemptDeadline;
  ttftMs: number | null;
}

/**
 * Sends converted chunks (the head first, once). Returns a promise only when the client's
 * socket is full, so the common case costs no promise or microtask per upstream read.
 */
function sendChunks(progress: StreamProgress, chunks: ReadonlyArray<ChatCompletionChunk>): Promise<void> | undefined {
  const response = progress.response;
  if (progress.ttftMs === null) {
    writeSseHead(response, progress.answerHeaders);
    progress.ttftMs = performance.now() - progress.startMs;
    progress.deadline.firstByteSent = true;
  }
  collectChunkText(chunks, progress.textParts);
  return response.write(encodeSseChunks(chunks)) ? undefined : waitForDrain(response, progress.deadline);
}

/**
 * Carries out one attempt against one target. Not `async`: it hands back sendUnderDeadline's
 * promise itself (an async function returning a promise costs two more microtask hops).
 */
export function runAttempt(input: AttemptInput): Promise<AttemptResult> {
  const { upstream, request, signal } = input;
  const startMs = performance.now();
  let built: ReturnType<typeof upstream.adapter.buildRequest>;
  try {
    built = upstream.adapter.buildRequest(
      request,
      upstream.upstreamTarget ?? { baseUrl: upstream.config.baseUrl, model: request.model, apiKey: upstream.apiKey },
    );
  } catch (error) {
    const field = error instanceof ProviderRequestError ? error.field : null;
    const message = error instanceof Error ? error.message : String(error);
    return Promise.resolve({
      kind: 'failed',
      retryable: false,
      breaker: 'none',
      status: null,
      errorClass: 'invalid_request',
      clientError: new GatewayHttpError(
        400,
        `cannot send this request to ${upstream.name}: ${message}`,
        'invalid_request_error',
        'invalid_request',
        field,
      ),
    });
  }
  return sendUnderDeadline(
    input.deadline,
    upstream,
    signal,
    startMs,
    request.stream === true,
    {
      path: built.url.slice(upstream.origin.length),
      headers: withTraceHeaders(built.headers, input.traceHeaders),
      body: built.body,
    },
    (upstreamResponse, deadline) =>
      request.stream !== true
        ? answerJson(input, upstreamResponse, startMs)
        : answerStream(input, upstreamResponse, startMs, deadline),
  );
}

/**
 * Sends one attempt's request under its deadline (first token, attempt, request): a failure
 * before the first byte or an error status is a failed attempt; otherwise `answer` reads the
 * response. Chat and the pass-through endpoints share it.
 */
export async function sendUnderDeadline(
  deadlineSpec: AttemptDeadlineSpec,
  upstream: UpstreamHandle,
  signal: ClientAbort,
  startMs: number,
  stream: boolean,
  outgoing: { path: string; headers: Record<string, string>; body: string },
  answer: (response: UpstreamResponse, deadline: AttemptDeadline) => Promise<AttemptResult>,
): Promise<AttemptResult> {
  if (signal.aborted) return { kind: 'client-closed', status: null, ttftMs: null };
  const deadline = new AttemptDeadline(deadlineSpec, upstream.name, startMs, stream);
  signal.attempt = deadline;
  try {
    let upstreamResponse: UpstreamResponse;
    try {
      upstreamResponse = await sendUpstreamRequest(
        upstream.pool,
        {
          path: outgoing.path,
          method: 'POST',
          headers: outgoing.headers,
          body: outgoing.body,
          headersTimeout: upstream.config.timeoutMs,
          bodyTimeout: upstream.config.timeoutMs,
        },
        deadline,
      );
    } catch (error) {
      return failureBeforeFirstByte(error, null, upstream, signal);
    }
    // Headers are parsed only when read: an error status needs them, an answer does not.
    const statusCode = upstreamResponse.statusCode;
    if (statusCode >= 400)
      return await statusFailure(statusCode, upstreamResponse.headers, upstreamResponse.body, upstream);
    return await answer(upstreamResponse, deadline);
  } finally {
    deadline.stop();
    signal.attempt = undefined;
  }
}

export type { UpstreamResponse } from './upstream-exchange.ts';

async function answerJson(
  input: AttemptInput,
  upstreamResponse: UpstreamResponse,
  startMs: number,
): Promise<AttemptResult> {
  const { upstream, request, response, signal } = input;
  const { statusCode, body } = upstreamResponse;
  let bytes: Buffer;
  let parsedBody: unknown;
  try {
    bytes = await readBoundedBody(
      body,
      upstreamResponse.contentLength,
      upstream.limits.maxResponseBytes,
      upstream.name,
    );
    parsedBody = JSON.parse(jsonText(bytes));
  } catch (error) {
    if (!(error instanceof SyntaxError) || signal.aborted)
      return failureBeforeFirstByte(error, statusCode, upstream, signal);
    return {
      kind: 'failed',
      retryable: true,
      breaker: 'count',
      status: statusCode,
      errorClass: 'bad_response',
      clientError: new GatewayHttpError(
        502,
        `upstream ${upstream.name} sent a body that is not JSON`,
        'upstream_error',
        'bad_response',
      ),
    };
  }
  let converted: ReturnType<typeof upstream.adapter.parseResponse>;
  try {
    converted = upstream.adapter.parseResponse(parsedBody, request);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      kind: 'failed',
      retryable: true,
      breaker: 'count',
      status: statusCode,
      errorClass: 'bad_response',
      clientError: new GatewayHttpError(502, `upstream ${upstream.name}: ${message}`, 'upstream_error', 'bad_response'),
    };
  }
  const usage = converted.usage ?? estimateUsage(request, responseText(converted.response));
  const payload = canPassThrough(converted.response, parsedBody, bytes)
    ? bytes
    : Buffer.from(JSON.stringify(converted.response));
  const ttftMs = performance.now() - startMs;
  writeJsonHead(response, payload.length, input.answerHeaders);
  response.end(payload);
  return { kind: 'success', status: statusCode, usage, ttftMs };
}

/**
 * Reads a streamed upstream body chunk by chunk under the target's byte cap and hands each chunk
 * to `forward`, which returns a promise only when the client's socket is full. Stops when the
 * client leaves. Resolves with the error that ended the stream early (the cap, a deadline, a
 * cut connection), or undefined. Chat and the pass-through endpoints share it.
 */
export async function pumpStream(
  body: UpstreamBody,
  upstream: UpstreamHandle,
  signal: ClientAbort,
  forward: (bytes: Uint8Array) => Promise<void> | undefined,
): Promise<unknown> {
  const maxResponseBytes = upstream.limits.maxResponseBytes;
  let receivedBytes = 0;
  try {
    for await (const bytes of body) {
      receivedBytes += bytes.length;
      if (receivedBytes > maxResponseBytes) throw new ResponseTooLargeError(upstream.name, maxResponseBytes);
      const drained = forward(bytes);
      if (drained !== undefined) await drained;
      if (signal.aborted) break;
    }
    return undefined;
  } catch (error) {
    return error;
  }
}

/** How a stream that did not complete is classed and worded. */
export function streamFailure(
  streamError: unknown,
  converterError: string | undefined,
  upstream: UpstreamHandle,
): { errorClass: string; reason: string; breaker: BreakerEffect; ownLimit: boolean } {
  if (streamError instanceof DeadlineExceededError)
    return {
      errorClass: streamError.kind,
      reason: streamError.message,
      breaker: streamError.kind === 'request_timeout' ? 'none' : 'count',
      ownLimit: true,
    };
  if (isSizeError(streamError))
    return {
      errorClass: sizeErrorClass(streamError),
      reason: sizeErrorMessage(streamError, upstream),
      breaker: 'count',
      ownLimit: true,
    };
  const timedOut = streamError !== undefined && classifyTransportError(streamError) === 'timeout';
  return {
    errorClass: timedOut ? 'stream_timeout' : 'stream_cut',
    reason: converterError ?? (streamError instanceof Error ? streamError.message : 'upstream stream ended early'),
    breaker: 'count',
    ownLimit: false,
  };
}

async function answerStream(
  input: AttemptInput,
  upstreamResponse: UpstreamResponse,
  startMs: number,
  deadline: AttemptDeadline,
): Promise<AttemptResult> {
  const { upstream, request, response, signal } = input;
  const { statusCode, body } = upstreamResponse;
  const converter = upstream.adapter.createStreamConverter(request, upstream.converterOptions);
  const progress: StreamProgress = {
    response,
    answerHeaders: input.answerHeaders,
    startMs,
    textParts: [],
    deadline,
    ttftMs: null,
  };
  const streamError = await pumpStream(body, upstream, signal, (bytes) => {
    const chunks = converter.push(bytes);
    return chunks.length > 0 ? sendChunks(progress, chunks) : undefined;
  });
  if (signal.aborted || response.destroyed) {
    body.destroy();
    // Content reached the client: count it (estimated from the text sent) rather than log nothing.
    const usage = progress.ttftMs === null ? undefined : estimateUsage(request, progress.textParts.join(''));
    return { kind: 'client-closed', status: statusCode, ttftMs: progress.ttftMs, usage };
  }
  const finished = converter.finish();
  const failure = streamError === undefined ? undefined : streamFailure(streamError, finished.error, upstream);
  // Chunks only the end of input completed; not sent once a limit cut the stream.
  if (failure?.ownLimit !== true && finished.chunks && finished.chunks.length > 0)
    await sendChunks(progress, finished.chunks);
  const usage = finished.usage ?? estimateUsage(request, progress.textParts.join(''));
  if (streamError === undefined && finished.complete) {
    if (progress.ttftMs === null) {
      writeSseHead(response, input.answerHeaders);
      progress.ttftMs = performance.now() - startMs;
    }
    response.end(SSE_DONE);
    return { kind: 'success', status: statusCode, usage, ttftMs: progress.ttftMs };
  }
  const { errorClass, reason, breaker, ownLimit } = failure ?? streamFailure(undefined, finished.error, upstream);
  const ttftMs = progress.ttftMs;
  if (ttftMs === null) {
    if (ownLimit) return failureBeforeFirstByte(streamError, statusCode, upstream, signal);
    return {
      kind: 'failed',
      retryable: true,
      breaker,
      status: statusCode,
      errorClass,
      clientError: new GatewayHttpError(502, `upstream ${upstream.name}: ${reason}`, 'upstream_error', errorClass),
    };
  }
  const message = ownLimit ? reason : `upstream ${upstream.name} stream was interrupted: ${reason}`;
  response.end(encodeSseData({ error: { message, type: 'upstream_error', code: errorClass, param: null } }));
  return { kind: 'cut', status: statusCode, errorClass, message, usage, ttftMs, breaker };
}
