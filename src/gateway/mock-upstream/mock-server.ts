/**
 * A real node:http mock upstream on 127.0.0.1 that speaks both wire formats:
 * `POST /v1/chat/completions` (OpenAI: JSON, or SSE with a usage chunk when
 * `stream_options.include_usage` is set), `POST /v1/messages` (Anthropic: JSON or event
 * stream; requires `anthropic-version` and `max_tokens` like the real API) and
 * `GET /v1/models`. Replies are deterministic (see mock-reply.ts); latency, chunking and
 * faults are configurable per server and per request through `x-mock-*` headers:
 * `x-mock-fault` (one of `MOCK_FAULTS`, see mock-options.ts), `x-mock-latency-ms`,
 * `x-mock-chunk-delay-ms`, `x-mock-chunks`. Used by gateway tests and by `npm run bench`,
 * so the hot path is a few string concatenations and one write.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  anthropicErrorBody,
  anthropicJsonBody,
  anthropicStreamEvents,
  readAnthropicRequest,
} from './anthropic-wire.ts';
import {
  MOCK_FAULTS,
  parseMockFault,
  type MockFault,
  type MockUpstream,
  type MockUpstreamOptions,
  type MockUpstreamStats,
} from './mock-options.ts';
import { mockTokenCount, planMockReply, type MockReplyPlan } from './mock-reply.ts';
import { openAIErrorBody, openAIJsonBody, openAIStreamEvents, readOpenAIRequest } from './openai-wire.ts';
import {
  completionsJsonBody,
  completionsStreamEvents,
  embeddingsJsonBody,
  readCompletionsRequest,
  readEmbeddingsRequest,
  readResponsesRequest,
  responsesJsonBody,
  responsesStreamEvents,
} from './openai-more-wire.ts';
import { errorMessage, errorStatuses, rateLimitHeaders } from './mock-errors.ts';
import { isUnboundedFault, sendUnboundedFault } from './unbounded-faults.ts';
import { isRecord, stringOr } from './wire-helpers.ts';

/** `openai` is chat completions; the other OpenAI endpoints are named by theirs. */
type WireFormat = 'openai' | 'anthropic' | 'embeddings' | 'completions' | 'responses';

const CHAT_PATH = '/v1/chat/completions';
const MESSAGES_PATH = '/v1/messages';
const MODELS_PATH = '/v1/models';
const formatByPath: Readonly<Record<string, WireFormat>> = {
  [CHAT_PATH]: 'openai',
  [MESSAGES_PATH]: 'anthropic',
  '/v1/embeddings': 'embeddings',
  '/v1/completions': 'completions',
  '/v1/responses': 'responses',
};
const pathByFormat: Readonly<Record<WireFormat, string>> = Object.fromEntries(
  Object.entries(formatByPath).map(([path, format]) => [format, path]),
) as Record<WireFormat, string>;

function emptyStats(): MockUpstreamStats {
  const faults = Object.fromEntries(MOCK_FAULTS.map((fault) => [fault, 0])) as Record<MockFault, number>;
  return {
    requests: 0,
    chatCompletions: 0,
    messages: 0,
    embeddings: 0,
    completions: 0,
    responses: 0,
    models: 0,
    streams: 0,
    faults,
    inFlight: 0,
    maxInFlight: 0,
    lastRequest: undefined,
  };
}

function headerNumber(request: IncomingMessage, name: string, fallback: number): number {
  const value = request.headers[name];
  if (typeof value !== 'string') return fallback;
  const parsed = Number(value);
  return Number.isFinite(parsed) && parsed >= 0 ? parsed : fallback;
}

/** Starts the mock on 127.0.0.1 and resolves once it listens. */
export async function startMockUpstream(options: MockUpstreamOptions = {}): Promise<MockUpstream> {
  const name = options.name ?? 'mock';
  const reply = options.reply ?? 'echo';
  const defaultLatencyMs = options.latencyMs ?? 0;
  const defaultChunkDelayMs = options.chunkDelayMs ?? 0;
  const defaultChunkCount = options.chunkCount ?? 8;
  const cachedInputTokens = options.cachedInputTokens ?? 0;
  const retryAfter = options.retryAfter ?? '1';
  const hugeLineBytes = options.hugeLineBytes ?? 4_194_304;
  let configuredFault: MockFault | undefined = options.fault;
  let configuredFaultRemaining = Number.POSITIVE_INFINITY;
  let stats = emptyStats();
  let requestNumber = 0;
  let errorNumber = 0;
  const timers = new Set<NodeJS.Timeout>();

  const jsonHeaders = { 'content-type': 'application/json', 'x-mock-upstream': name };
  const sseHeaders = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-mock-upstream': name };
  const modelsBody = Buffer.from(
    JSON.stringify({
      object: 'list',
      data: (options.models ?? ['mock-model']).map((id) => ({
        id,
        object: 'model',
        created: 1_700_000_000,
        owned_by: name,
      })),
    }),
  );

  const later = (delayMs: number, action: () => void): void => {
    if (delayMs <= 0) {
      action();
      return;
    }
    const timer = setTimeout(() => {
      timers.delete(timer);
      action();
    }, delayMs);
    timers.add(timer);
  };

  const sendJson = (
    response: ServerResponse,
    status: number,
    body: string | Buffer,
    extraHeaders: Record<string, string> = {},
  ): void => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    response.writeHead(status, { ...jsonHeaders, 'content-length': String(bytes.length), ...extraHeaders });
    response.end(bytes);
  };

  const sendError = (
    response: ServerResponse,
    format: WireFormat,
    status: number,
    message: string,
    extraHeaders: Record<string, string> = {},
  ): void => {
    errorNumber += 1;
    sendJson(
      response,
      status,
      format === 'anthropic' ? anthropicErrorBody(status, message) : openAIErrorBody(status, message),
      { 'x-request-id': `req_mock_${errorNumber}`, ...extraHeaders },
    );
  };

  const takeConfiguredFault = (): MockFault | undefined => {
    if (configuredFault === undefined) return undefined;
    const fault = configuredFault;
    configuredFaultRemaining -= 1;
    if (configuredFaultRemaining <= 0) configuredFault = undefined;
    return fault;
  };

  const sendStream = (
    request: IncomingMessage,
    response: ServerResponse,
    events: string[],
    fault: MockFault | undefined,
  ): void => {
    const chunkDelayMs = headerNumber(request, 'x-mock-chunk-delay-ms', defaultChunkDelayMs);
    const sendCount = fault === 'cut-stream' ? Math.ceil(events.length / 2) : events.length;
    const cut = (): void => {
      response.socket?.destroy();
    };
    if (chunkDelayMs <= 0) {
      const text = events.slice(0, sendCount).join('');
      if (fault === 'cut-stream') {
        response.writeHead(200, sseHeaders);
        response.write(text, cut);
      } else {
        response.writeHead(200, { ...sseHeaders, 'content-length': String(Buffer.byteLength(text)) });
        response.end(text);
      }
      return;
    }
    response.writeHead(200, sseHeaders);
    let index = 0;
    const writeNext = (): void => {
      if (response.destroyed) return;
      if (index >= sendCount) {
        if (fault === 'cut-stream') cut();
        else response.end();
        return;
      }
      response.write(events[index]);
      index += 1;
      later(chunkDelayMs, writeNext);
    };
    writeNext();
  };

  const answer = (
    request: IncomingMessage,
    response: ServerResponse,
    format: WireFormat,
    body: Record<string, unknown>,
    fault: MockFault | undefined,
  ): void => {
    const chunkCount = Math.max(1, Math.floor(headerNumber(request, 'x-mock-chunks', defaultChunkCount)));
    requestNumber += 1;
    const settings = { reply, chunkCount, cachedInputTokens, withUsage: fault !== 'no-usage', requestNumber };
    if (format === 'embeddings') {
      sendJson(response, 200, embeddingsJsonBody(readEmbeddingsRequest(body)));
      return;
    }
    if (format === 'completions' || format === 'responses') {
      const read = format === 'completions' ? readCompletionsRequest(body) : readResponsesRequest(body);
      const textPlan = planMockReply(read.input, settings);
      const textId = format === 'completions' ? `cmpl-mock-${requestNumber}` : `resp_mock_${requestNumber}`;
      if (read.stream) {
        stats.streams += 1;
        const events =
          format === 'completions'
            ? completionsStreamEvents(textPlan, textId, read.includeUsage)
            : responsesStreamEvents(textPlan, textId);
        sendStream(request, response, events, fault);
      } else
        sendJson(
          response,
          200,
          format === 'completions' ? completionsJsonBody(textPlan, textId) : responsesJsonBody(textPlan, textId),
        );
      return;
    }
    let plan: MockReplyPlan;
    let stream: boolean;
    let includeUsage = false;
    if (format === 'openai') {
      const read = readOpenAIRequest(body);
      plan = planMockReply(read.input, { ...settings, reply: options.answer?.(read.input) ?? reply });
      stream = read.stream;
      includeUsage = read.includeUsage;
    } else {
      const read = readAnthropicRequest(body);
      if ('error' in read) {
        sendError(response, format, 400, read.error);
        return;
      }
      plan = planMockReply(read.input, { ...settings, reply: options.answer?.(read.input) ?? reply });
      stream = read.stream;
    }
    const id = format === 'openai' ? `chatcmpl-mock-${requestNumber}` : `msg_mock_${requestNumber}`;
    if (stream) stats.streams += 1;
    if (isUnboundedFault(fault)) {
      const planWithText = (text: string): MockReplyPlan => ({
        ...plan,
        text,
        textPieces: [text],
        toolCall: undefined,
        outputTokens: mockTokenCount(text.length),
      });
      const chunkDelayMs = headerNumber(request, 'x-mock-chunk-delay-ms', defaultChunkDelayMs);
      sendUnboundedFault({
        response,
        fault,
        stream,
        headers: stream ? sseHeaders : jsonHeaders,
        tickMs: chunkDelayMs > 0 ? chunkDelayMs : 20,
        hugeLineBytes,
        later,
        // OpenAI: a huge line comes first (no role-only chunk before it), as from a server that
        // sends a whole answer in one chunk.
        streamEvents: (text) =>
          format === 'openai'
            ? openAIStreamEvents(planWithText(text), id, includeUsage).slice(fault === 'huge-line' ? 1 : 0)
            : anthropicStreamEvents(planWithText(text), id),
        jsonBody: (text) =>
          format === 'openai' ? openAIJsonBody(planWithText(text), id) : anthropicJsonBody(planWithText(text), id),
      });
      return;
    }
    if (stream) {
      sendStream(
        request,
        response,
        format === 'openai' ? openAIStreamEvents(plan, id, includeUsage) : anthropicStreamEvents(plan, id),
        fault,
      );
      return;
    }
    const json = format === 'openai' ? openAIJsonBody(plan, id) : anthropicJsonBody(plan, id);
    if (fault === 'cut-stream') {
      const bytes = Buffer.from(json);
      response.writeHead(200, { ...jsonHeaders, 'content-length': String(bytes.length) });
      response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.socket?.destroy());
      return;
    }
    sendJson(response, 200, json);
  };

  const handleChat = (
    request: IncomingMessage,
    response: ServerResponse,
    format: WireFormat,
    rawBody: Buffer,
  ): void => {
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      sendError(response, format, 400, 'request body is not valid JSON');
      return;
    }
    if (!isRecord(body)) {
      sendError(response, format, 400, 'request body must be a JSON object');
      return;
    }
    stats.lastRequest = {
      path: pathByFormat[format],
      headers: { ...request.headers },
      body,
    };
    if (options.apiKey !== undefined) {
      const presented = format === 'anthropic' ? request.headers['x-api-key'] : request.headers.authorization;
      const expected = format === 'anthropic' ? options.apiKey : `Bearer ${options.apiKey}`;
      if (presented !== expected) {
        sendError(response, format, 401, format === 'anthropic' ? 'invalid x-api-key' : 'Incorrect API key provided');
        return;
      }
    }
    if (format === 'anthropic' && typeof request.headers['anthropic-version'] !== 'string') {
      sendError(response, format, 400, 'anthropic-version: header is required');
      return;
    }
    let fault: MockFault | undefined;
    const faultHeader = request.headers['x-mock-fault'];
    if (typeof faultHeader === 'string') {
      try {
        fault = parseMockFault(faultHeader);
      } catch (error) {
        sendError(response, format, 400, (error as Error).message);
        return;
      }
    } else {
      fault = takeConfiguredFault();
    }
    if (fault !== undefined) stats.faults[fault] += 1;
    if (fault === 'reset') {
      request.socket.destroy();
      return;
    }
    if (fault === 'timeout') return; // never answered; close() destroys the connection
    later(headerNumber(request, 'x-mock-latency-ms', defaultLatencyMs), () => {
      if (response.destroyed) return;
      const status = fault === undefined ? undefined : errorStatuses[fault];
      if (status === undefined) answer(request, response, format, body as Record<string, unknown>, fault);
      else
        sendError(
          response,
          format,
          status,
          errorMessage(status, stringOr(body.model, 'mock-model')),
          status === 429 ? rateLimitHeaders(retryAfter) : {},
        );
    });
  };

  const server = createServer({ noDelay: true, keepAlive: true }, (request, response) => {
    stats.requests += 1;
    stats.inFlight += 1;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    let counted = true;
    response.once('close', () => {
      if (counted) stats.inFlight -= 1;
      counted = false;
    });
    const queryStart = (request.url ?? '').indexOf('?');
    const path = queryStart === -1 ? (request.url ?? '') : (request.url ?? '').slice(0, queryStart);
    if (request.method === 'GET' && path === MODELS_PATH) {
      stats.models += 1;
      sendJson(response, 200, modelsBody);
      return;
    }
    const format = request.method === 'POST' ? formatByPath[path] : undefined;
    if (format !== undefined) {
      if (format === 'openai') stats.chatCompletions += 1;
      else if (format === 'anthropic') stats.messages += 1;
      else stats[format] += 1;
      const parts: Buffer[] = [];
      request.on('data', (part: Buffer) => parts.push(part));
      request.on('end', () =>
        handleChat(request, response, format, parts.length === 1 ? parts[0] : Buffer.concat(parts)),
      );
      return;
    }
    request.resume();
    sendError(
      response,
      'openai',
      404,
      `mock upstream: no route for ${request.method ?? '?'} ${path}; try POST ${Object.keys(formatByPath).join(', ')} or GET ${MODELS_PATH}`,
    );
  });
  server.keepAliveTimeout = 60_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/v1`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    stats: () => ({ ...stats, faults: { ...stats.faults } }),
    resetStats: () => {
      const inFlight = stats.inFlight;
      stats = emptyStats();
      stats.inFlight = inFlight;
      stats.maxInFlight = inFlight;
    },
    setFault: (fault, faultOptions = {}) => {
      configuredFault = fault;
      configuredFaultRemaining = faultOptions.count ?? Number.POSITIVE_INFINITY;
    },
  };
}
