/**
 * One upstream attempt: build the vendor request, send it on the target's keep-alive pool,
 * and either answer the client (JSON or SSE) or report why not. Nothing is written to
 * the client before the first converted chunk, so any failure up to then can fall back.
 * After that, a failure is reported to the client as an SSE error event (never a silent
 * truncation).
 */
import { isUtf8 } from 'node:buffer';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { encodeSseChunks, encodeSseData, estimateUsage, ProviderRequestError, SSE_DONE } from '../providers/index.ts';
import type { ChatCompletionChunk, ChatCompletionRequest, ChatCompletionResponse, Usage } from '../providers/types.ts';
import { GatewayHttpError, type OpenAiErrorType } from './errors.ts';
import type { UpstreamHandle } from './state.ts';

export type AttemptResult =
  | { kind: 'success'; status: number; usage: Usage; ttftMs: number }
  /** Nothing reached the client. `retryable`: the next target may be tried. */
  | {
      kind: 'failed';
      retryable: boolean;
      breakerFailure: boolean;
      status: number | null;
      errorClass: string;
      clientError: GatewayHttpError;
    }
  /** The stream broke after bytes reached the client; the client got an error event. */
  | { kind: 'cut'; status: number; errorClass: string; message: string; usage: Usage; ttftMs: number }
  | { kind: 'client-closed'; status: number | null; ttftMs: number | null };

/**
 * Client-gone signal for undici (it accepts any emitter of 'abort'); cheaper than an
 * AbortController per request on the hot path.
 */
export class ClientAbort extends EventEmitter {
  aborted = false;
  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.emit('abort');
  }
}

export interface AttemptInput {
  upstream: UpstreamHandle;
  request: ChatCompletionRequest;
  response: ServerResponse;
  /** Headers every answer carries (x-switchyard-*), as a flat name, value, name, value list. */
  answerHeaders: readonly string[];
  signal: ClientAbort;
}

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

function transportFailure(error: unknown, upstream: UpstreamHandle): AttemptResult {
  const errorClass = classifyTransportError(error);
  const detail =
    errorClass === 'timeout'
      ? `no answer within ${upstream.config.timeoutMs} ms`
      : `${errorClass.replace('_', ' ')} (${errorCode(error)})`;
  const status = errorClass === 'timeout' ? 504 : 502;
  return {
    kind: 'failed',
    retryable: true,
    breakerFailure: true,
    status: null,
    errorClass,
    clientError: new GatewayHttpError(status, `upstream ${upstream.name}: ${detail}`, 'upstream_error', errorClass),
  };
}

function errorTypeFor(status: number): OpenAiErrorType {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'upstream_error' : 'invalid_request_error';
}

function upstreamMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } | string; message?: unknown };
    if (typeof parsed.error === 'string') return parsed.error;
    if (parsed.error && typeof parsed.error.message === 'string') return parsed.error.message;
    if (typeof parsed.message === 'string') return parsed.message;
  } catch {
    // not JSON: use the text
  }
  return text.slice(0, 300);
}

async function statusFailure(
  status: number,
  body: { text(): Promise<string> },
  upstream: UpstreamHandle,
): Promise<AttemptResult> {
  let text = '';
  try {
    text = await body.text();
  } catch {
    // body lost: the status says enough
  }
  const message = `upstream ${upstream.name} answered ${status}: ${upstreamMessage(text)}`;
  if (status === 429)
    return {
      kind: 'failed',
      retryable: true,
      breakerFailure: false,
      status,
      errorClass: 'rate_limited',
      clientError: new GatewayHttpError(429, message, 'rate_limit_error', 'rate_limited'),
    };
  if (status >= 500)
    return {
      kind: 'failed',
      retryable: true,
      breakerFailure: true,
      status,
      errorClass: 'upstream_5xx',
      clientError: new GatewayHttpError(502, message, 'upstream_error', 'upstream_error'),
    };
  return {
    kind: 'failed',
    retryable: false,
    breakerFailure: false,
    status,
    errorClass: 'upstream_4xx',
    clientError: new GatewayHttpError(status, message, errorTypeFor(status), 'upstream_rejected'),
  };
}

/** The JSON text of a body, without a UTF-8 byte order mark (as undici's `body.json()` reads it). */
function jsonText(bytes: Buffer): string {
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

function waitForDrain(response: ServerResponse): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      response.off('drain', done);
      response.off('close', done);
      resolve();
    };
    response.on('drain', done);
    response.on('close', done);
  });
}

/**
 * Writes the 200 head of a JSON answer. A flat header list goes to `writeHead` as it is: no
 * merged header object per request (node:http validates each header the same way).
 */
function writeJsonHead(response: ServerResponse, contentLength: number, answerHeaders: readonly string[]): void {
  response.writeHead(200, [
    'content-type',
    'application/json',
    'content-length',
    String(contentLength),
    ...answerHeaders,
  ]);
}

function writeSseHead(response: ServerResponse, answerHeaders: readonly string[]): void {
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
  }
  collectChunkText(chunks, progress.textParts);
  return response.write(encodeSseChunks(chunks)) ? undefined : waitForDrain(response);
}

/** Carries out one attempt against one target. */
export async function runAttempt(input: AttemptInput): Promise<AttemptResult> {
  const { upstream, request, response, signal } = input;
  const startMs = performance.now();
  let built: ReturnType<typeof upstream.adapter.buildRequest>;
  try {
    built = upstream.adapter.buildRequest(request, {
      baseUrl: upstream.config.baseUrl,
      model: upstream.config.model ?? request.model,
      apiKey: upstream.apiKey,
    });
  } catch (error) {
    const field = error instanceof ProviderRequestError ? error.field : null;
    const message = error instanceof Error ? error.message : String(error);
    return {
      kind: 'failed',
      retryable: false,
      breakerFailure: false,
      status: null,
      errorClass: 'invalid_request',
      clientError: new GatewayHttpError(
        400,
        `cannot send this request to ${upstream.name}: ${message}`,
        'invalid_request_error',
        'invalid_request',
        field,
      ),
    };
  }
  let upstreamResponse: Awaited<ReturnType<typeof upstream.pool.request>>;
  try {
    upstreamResponse = await upstream.pool.request({
      path: built.url.slice(upstream.origin.length),
      method: 'POST',
      headers: built.headers,
      body: built.body,
      headersTimeout: upstream.config.timeoutMs,
      bodyTimeout: upstream.config.timeoutMs,
      signal,
    });
  } catch (error) {
    if (signal.aborted) return { kind: 'client-closed', status: null, ttftMs: null };
    return transportFailure(error, upstream);
  }
  const { statusCode, body } = upstreamResponse;
  if (statusCode >= 400) return statusFailure(statusCode, body, upstream);

  if (request.stream !== true) {
    let bytes: Buffer;
    let parsedBody: unknown;
    try {
      bytes = Buffer.from(await body.arrayBuffer());
      parsedBody = JSON.parse(jsonText(bytes));
    } catch (error) {
      if (signal.aborted) return { kind: 'client-closed', status: statusCode, ttftMs: null };
      const cause = error instanceof SyntaxError ? 'bad_response' : classifyTransportError(error);
      if (cause !== 'bad_response') return transportFailure(error, upstream);
      return {
        kind: 'failed',
        retryable: true,
        breakerFailure: true,
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
        breakerFailure: true,
        status: statusCode,
        errorClass: 'bad_response',
        clientError: new GatewayHttpError(
          502,
          `upstream ${upstream.name}: ${message}`,
          'upstream_error',
          'bad_response',
        ),
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

  const converter = upstream.adapter.createStreamConverter(request);
  const progress: StreamProgress = {
    response,
    answerHeaders: input.answerHeaders,
    startMs,
    textParts: [],
    ttftMs: null,
  };
  let streamError: unknown;
  try {
    for await (const bytes of body) {
      const chunks = converter.push(bytes as Uint8Array);
      if (chunks.length > 0) {
        const drained = sendChunks(progress, chunks);
        if (drained !== undefined) await drained;
      }
      if (signal.aborted) break;
    }
  } catch (error) {
    streamError = error;
  }
  if (signal.aborted || response.destroyed) {
    body.destroy();
    return { kind: 'client-closed', status: statusCode, ttftMs: progress.ttftMs };
  }
  const finished = converter.finish();
  if (finished.chunks && finished.chunks.length > 0) await sendChunks(progress, finished.chunks);
  const usage = finished.usage ?? estimateUsage(request, progress.textParts.join(''));
  if (streamError === undefined && finished.complete) {
    if (progress.ttftMs === null) {
      writeSseHead(response, input.answerHeaders);
      progress.ttftMs = performance.now() - startMs;
    }
    response.end(SSE_DONE);
    return { kind: 'success', status: statusCode, usage, ttftMs: progress.ttftMs };
  }
  const ttftMs = progress.ttftMs;
  const errorClass =
    streamError !== undefined
      ? classifyTransportError(streamError) === 'timeout'
        ? 'stream_timeout'
        : 'stream_cut'
      : 'stream_cut';
  const reason = finished.error ?? (streamError instanceof Error ? streamError.message : 'upstream stream ended early');
  if (ttftMs === null) {
    return {
      kind: 'failed',
      retryable: true,
      breakerFailure: true,
      status: statusCode,
      errorClass,
      clientError: new GatewayHttpError(502, `upstream ${upstream.name}: ${reason}`, 'upstream_error', errorClass),
    };
  }
  const message = `upstream ${upstream.name} stream was interrupted: ${reason}`;
  response.end(encodeSseData({ error: { message, type: 'upstream_error', code: errorClass, param: null } }));
  return { kind: 'cut', status: statusCode, errorClass, message, usage, ttftMs };
}
