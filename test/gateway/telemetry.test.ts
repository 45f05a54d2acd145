/**
 * OpenTelemetry export: a gateway with telemetry on, pointed at a tiny OTLP/HTTP receiver on
 * 127.0.0.1, answers a plain request, one whose first target fails (fallback) and a streamed
 * one; at close the receiver holds one span per attempt and the GenAI metrics.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseGatewayYaml } from '../../src/gateway/config-file.ts';
import type { RunningGateway } from '../../src/gateway/server.ts';
import { resolveTelemetryOptions, traceSamplingFrom, withOpenTelemetry } from '../../src/gateway/telemetry.ts';
import {
  attemptFailed,
  attemptTimesMs,
  isTraceSampled,
  refusalSpanAttributes,
  refusalSpanName,
  serverOfBaseUrl,
  spanAttributes,
  spanName,
  traceIdForRequest,
  upstreamCalled,
} from '../../src/gateway/telemetry-attributes.ts';
import { toJsonl } from '../../src/store/export.ts';
import { MemoryLogSink } from '../../src/store/memory-sink.ts';
import type { RequestLogRow } from '../../src/store/types.ts';
import { timeOrderedRequestId } from '../../src/gateway/request-id.ts';
import { chat, clientKey, gatewayFor, hello, mock, openAiTarget } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

interface ReceivedExport {
  path: string;
  headers: IncomingHttpHeaders;
  body: OtlpBody;
}

interface OtlpValue {
  stringValue?: string;
  intValue?: number | string;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpKeyValue {
  key: string;
  value: OtlpValue;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  startTimeUnixNano: string | number;
  endTimeUnixNano: string | number;
  attributes: OtlpKeyValue[];
  status?: { code?: number; message?: string };
}
interface OtlpDataPoint {
  attributes: OtlpKeyValue[];
  sum?: number;
  count?: number | string;
  asDouble?: number;
  explicitBounds?: number[];
}
interface OtlpMetric {
  name: string;
  unit?: string;
  histogram?: { dataPoints: OtlpDataPoint[] };
  sum?: { dataPoints: OtlpDataPoint[] };
}
interface OtlpBody {
  resourceSpans?: Array<{
    resource: { attributes: OtlpKeyValue[] };
    scopeSpans: Array<{ spans: OtlpSpan[] }>;
  }>;
  resourceMetrics?: Array<{
    resource: { attributes: OtlpKeyValue[] };
    scopeMetrics: Array<{ metrics: OtlpMetric[] }>;
  }>;
}

/** An OTLP/HTTP receiver that accepts JSON exports on /v1/traces and /v1/metrics. */
async function otlpReceiver(): Promise<{ url: string; received: ReceivedExport[]; close: () => Promise<void> }> {
  const received: ReceivedExport[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const known = request.method === 'POST' && (request.url === '/v1/traces' || request.url === '/v1/metrics');
      if (!known) {
        response.writeHead(404).end();
        return;
      }
      received.push({
        path: request.url ?? '',
        headers: request.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpBody,
      });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function attributeMap(attributes: OtlpKeyValue[]): Record<string, string | number | boolean | undefined> {
  return Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ??
        (value.intValue !== undefined ? Number(value.intValue) : undefined) ??
        value.doubleValue ??
        value.boolValue,
    ]),
  );
}

function spansOf(received: ReceivedExport[]): OtlpSpan[] {
  return received
    .filter((entry) => entry.path === '/v1/traces')
    .flatMap((entry) => entry.body.resourceSpans ?? [])
    .flatMap((resource) => resource.scopeSpans.flatMap((scope) => scope.spans));
}

/** The metrics of the last export (cumulative temporality: it holds the totals). */
function lastMetrics(received: ReceivedExport[]): Map<string, OtlpMetric> {
  const exports = received.filter((entry) => entry.path === '/v1/metrics');
  const last = exports[exports.length - 1];
  const metrics = (last?.body.resourceMetrics ?? []).flatMap((resource) =>
    resource.scopeMetrics.flatMap((scope) => scope.metrics),
  );
  return new Map(metrics.map((metric) => [metric.name, metric]));
}

/** The usage chunk of an OpenAI SSE answer. */
function streamedUsage(text: string): { prompt_tokens: number; completion_tokens: number } {
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const event = JSON.parse(line.slice(6)) as { usage?: { prompt_tokens: number; completion_tokens: number } };
    if (event.usage) return event.usage;
  }
  throw new Error('no usage chunk in the stream');
}

/** An OTLP receiver and two mock upstreams (`primary`, `backup`), all closed after the test. */
async function receiverAndTwoUpstreams() {
  const receiver = await otlpReceiver();
  const primary = await mock({ name: 'primary' });
  const backup = await mock({ name: 'backup' });
  cleanups.push(
    () => receiver.close(),
    () => primary.close(),
    () => backup.close(),
  );
  return { receiver, primary, backup };
}

describe('OpenTelemetry export', () => {
  it('exports one GenAI span per attempt and token, duration and cost metrics over OTLP/HTTP JSON', async () => {
    const { receiver, primary, backup } = await receiverAndTwoUpstreams();
    const memory = new MemoryLogSink();
    let running: RunningGateway | undefined;
    const sink = await withOpenTelemetry(memory, {
      otlpEndpoint: receiver.url,
      serviceName: 'switchyard-test',
      metricsIntervalMs: 60_000,
      headers: { 'x-otlp-tenant': 'tests' },
      traceSampleRatio: 1,
      targetBaseUrl: (target) => running?.state.routing.targets[target]?.baseUrl,
    });
    const test = await gatewayFor(
      {
        version: 1,
        targets: {
          primary: openAiTarget(primary, { pricing: { usdPerMillionInputTokens: 1, usdPerMillionOutputTokens: 2 } }),
          backup: openAiTarget(backup),
        },
        routes: { chat: { weights: { primary: 1 }, fallbacks: ['backup'] } },
      },
      { logSink: sink },
    );
    running = test.gateway;
    let closed = false;
    cleanups.push(async () => {
      if (!closed) await test.gateway.close();
    });

    const plain = await chat(test.gateway.url, hello);
    expect(plain.status).toBe(200);
    primary.setFault('500', { count: 1 });
    const fellBack = await chat(test.gateway.url, hello);
    expect(fellBack.status).toBe(200);
    expect(fellBack.headers.get('x-switchyard-target')).toBe('backup');
    const streamed = await chat(test.gateway.url, {
      ...hello,
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(streamed.status).toBe(200);
    await test.gateway.close();
    closed = true;

    // Traces: one span per attempt, in the trace of its request.
    const traceExport = receiver.received.find((entry) => entry.path === '/v1/traces');
    expect(traceExport?.headers['content-type']).toContain('application/json');
    expect(traceExport?.headers['x-otlp-tenant']).toBe('tests');
    const resource = attributeMap(traceExport?.body.resourceSpans?.[0]?.resource.attributes ?? []);
    expect(resource['service.name']).toBe('switchyard-test');
    const spans = spansOf(receiver.received);
    const rows = memory.rows;
    expect(rows.map((row) => [row.provider, row.outcome])).toEqual([
      ['primary', 'success'],
      ['primary', 'fallback'],
      ['backup', 'success'],
      ['primary', 'success'],
    ]);
    expect(spans).toHaveLength(rows.length);
    const byRow = rows.map((row) => {
      const span = spans.find(
        (candidate) =>
          attributeMap(candidate.attributes)['switchyard.request_id'] === row.requestId &&
          attributeMap(candidate.attributes)['switchyard.attempt'] === row.attempt,
      );
      if (!span) throw new Error(`no span for row ${row.id}`);
      return { row, span, attributes: attributeMap(span.attributes) };
    });
    for (const { row, span, attributes } of byRow) {
      expect(span.name).toBe('chat mock-model');
      expect(span.kind).toBe(3); // SPAN_KIND_CLIENT
      expect(span.traceId).toBe(row.requestId.replaceAll('-', ''));
      expect(span.traceId).toBe(traceIdForRequest(row.requestId));
      expect(span.parentSpanId ?? '').toBe('');
      expect(attributes['gen_ai.operation.name']).toBe('chat');
      expect(attributes['gen_ai.provider.name']).toBe('openai-compatible');
      expect(attributes['gen_ai.request.model']).toBe('mock-model');
      expect(attributes['switchyard.route']).toBe('chat');
      expect(attributes['switchyard.target']).toBe(row.provider);
      expect(attributes['switchyard.outcome']).toBe(row.outcome);
      expect(attributes['switchyard.key_id']).toBe('team-a');
      expect(attributes['server.address']).toBe('127.0.0.1');
      expect(attributes['server.port']).toBe(
        Number(new URL(row.provider === 'primary' ? primary.url : backup.url).port),
      );
      expect(attributes['gen_ai.usage.input_tokens']).toBe(row.inputTokens ?? undefined);
      expect(attributes['gen_ai.usage.output_tokens']).toBe(row.outputTokens ?? undefined);
      const startMs = Number(BigInt(span.startTimeUnixNano) / 1_000_000n);
      expect(startMs).toBe(Date.parse(row.time));
      expect(BigInt(span.endTimeUnixNano) >= BigInt(span.startTimeUnixNano)).toBe(true);
    }
    const [first, failed, rescued, stream] = byRow;
    expect(failed.span.traceId).toBe(rescued.span.traceId);
    expect(new Set(byRow.map((entry) => entry.span.traceId)).size).toBe(3);
    expect(failed.span.status?.code).toBe(2); // STATUS_CODE_ERROR
    expect(failed.attributes['error.type']).toBe('upstream_5xx');
    expect(failed.attributes['http.response.status_code']).toBe(500);
    for (const entry of [first, rescued, stream]) {
      expect(entry.span.status?.code ?? 0).toBe(0);
      expect(entry.attributes['error.type']).toBeUndefined();
    }
    expect(first.attributes['switchyard.cost_usd']).toBeGreaterThan(0);
    expect(stream.attributes['switchyard.stream']).toBe(true);
    expect(stream.attributes['gen_ai.response.time_to_first_chunk']).toBeGreaterThanOrEqual(0);

    // Metrics: token sums equal the usage the clients were told.
    const usages = [
      plain.json.usage as { prompt_tokens: number; completion_tokens: number },
      fellBack.json.usage as { prompt_tokens: number; completion_tokens: number },
      streamedUsage(streamed.text),
    ];
    const metrics = lastMetrics(receiver.received);
    const tokenUsage = metrics.get('gen_ai.client.token.usage');
    expect(tokenUsage?.unit).toBe('{token}');
    const tokenPoints = tokenUsage?.histogram?.dataPoints ?? [];
    expect(tokenPoints[0]?.explicitBounds?.slice(0, 3)).toEqual([1, 4, 16]);
    const tokenSum = (type: string) =>
      tokenPoints
        .filter((point) => attributeMap(point.attributes)['gen_ai.token.type'] === type)
        .reduce((sum, point) => sum + (point.sum ?? 0), 0);
    expect(tokenSum('input')).toBe(usages.reduce((sum, usage) => sum + usage.prompt_tokens, 0));
    expect(tokenSum('output')).toBe(usages.reduce((sum, usage) => sum + usage.completion_tokens, 0));
    for (const point of tokenPoints) {
      const attributes = attributeMap(point.attributes);
      expect(attributes['server.address']).toBe('127.0.0.1');
      expect(attributes['gen_ai.operation.name']).toBe('chat');
      expect(attributes['gen_ai.provider.name']).toBe('openai-compatible');
      expect(attributes['gen_ai.request.model']).toBe('mock-model');
    }

    const duration = metrics.get('gen_ai.client.operation.duration');
    expect(duration?.unit).toBe('s');
    const durationPoints = duration?.histogram?.dataPoints ?? [];
    expect(durationPoints.reduce((sum, point) => sum + Number(point.count ?? 0), 0)).toBe(rows.length);
    const failedPoint = durationPoints.find((point) => attributeMap(point.attributes)['error.type'] === 'upstream_5xx');
    expect(Number(failedPoint?.count)).toBe(1);

    const firstChunk = metrics.get('gen_ai.client.operation.time_to_first_chunk');
    const chunkPoints = firstChunk?.histogram?.dataPoints ?? [];
    expect(chunkPoints.reduce((sum, point) => sum + Number(point.count ?? 0), 0)).toBe(1);

    const cost = metrics.get('switchyard.cost');
    const costUsd = (cost?.sum?.dataPoints ?? []).reduce((sum, point) => sum + (point.asDouble ?? 0), 0);
    const loggedCostUsd = rows.reduce((sum, row) => sum + (row.costUsd ?? 0), 0);
    expect(loggedCostUsd).toBeGreaterThan(0);
    expect(costUsd).toBeCloseTo(loggedCostUsd, 12);
  });
});

describe('OpenTelemetry trace sampling', () => {
  it('traces the sampled share of requests, every attempt of each or none, and counts all in metrics', async () => {
    const { receiver, primary, backup } = await receiverAndTwoUpstreams();
    const memory = new MemoryLogSink();
    // The standard variables, as an operator sets them: the SDK reads them too, and must not
    // sample a second time what the gateway already sampled.
    const saved = { sampler: process.env.OTEL_TRACES_SAMPLER, argument: process.env.OTEL_TRACES_SAMPLER_ARG };
    process.env.OTEL_TRACES_SAMPLER = 'traceidratio';
    process.env.OTEL_TRACES_SAMPLER_ARG = '0.5';
    cleanups.push(async () => {
      for (const [name, value] of [
        ['OTEL_TRACES_SAMPLER', saved.sampler],
        ['OTEL_TRACES_SAMPLER_ARG', saved.argument],
      ] as const)
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
    });
    const options = resolveTelemetryOptions(receiver.url, process.env, undefined);
    expect(options?.traceSampleRatio).toBe(0.5);
    if (options === undefined) throw new Error('telemetry should be on');
    const sink = await withOpenTelemetry(memory, { ...options, metricsIntervalMs: 60_000 });
    const test = await gatewayFor(
      {
        version: 1,
        targets: { primary: openAiTarget(primary), backup: openAiTarget(backup) },
        routes: { chat: { weights: { primary: 1 }, fallbacks: ['backup'] } },
      },
      { logSink: sink },
    );
    // 40 requests, every fourth falling back (two attempts in one trace).
    for (let index = 0; index < 40; index += 1) {
      if (index % 4 === 0) primary.setFault('500', { count: 1 });
      expect((await chat(test.gateway.url, hello)).status).toBe(200);
    }
    await test.gateway.close();

    const rows = memory.rows;
    expect(rows).toHaveLength(50);
    const sampledRequests = new Set(
      rows.filter((row) => isTraceSampled(traceIdForRequest(row.requestId), 0.5)).map((row) => row.requestId),
    );
    // The ids are random: about half, and certainly neither none nor all of 40.
    expect(sampledRequests.size).toBeGreaterThan(5);
    expect(sampledRequests.size).toBeLessThan(35);
    const spans = spansOf(receiver.received);
    const tracedRequests = new Set(spans.map((span) => String(attributeMap(span.attributes)['switchyard.request_id'])));
    expect(tracedRequests).toEqual(sampledRequests);
    // All the attempts of a traced request, and nothing of the others.
    expect(spans).toHaveLength(rows.filter((row) => sampledRequests.has(row.requestId)).length);
    const duration = lastMetrics(receiver.received).get('gen_ai.client.operation.duration');
    const counted = (duration?.histogram?.dataPoints ?? []).reduce((sum, point) => sum + Number(point.count ?? 0), 0);
    expect(counted).toBe(rows.length);
  });
});

describe('OpenTelemetry and a client trace (W3C traceparent)', () => {
  it("puts the attempts of a request inside the client's trace, sampled as the client says", async () => {
    const { receiver, primary, backup } = await receiverAndTwoUpstreams();
    const memory = new MemoryLogSink();
    // Ratio 0: only requests whose client trace is sampled are traced (parent-based).
    const sink = await withOpenTelemetry(memory, {
      otlpEndpoint: receiver.url,
      serviceName: 'switchyard-test',
      metricsIntervalMs: 60_000,
      headers: {},
      traceSampleRatio: 0,
    });
    const test = await gatewayFor(
      {
        version: 1,
        targets: { primary: openAiTarget(primary), backup: openAiTarget(backup) },
        routes: { chat: { weights: { primary: 1 }, fallbacks: ['backup'] } },
      },
      // As the CLI does with telemetry on: upstreams are told each attempt's own span.
      { logSink: sink, tracing: { traceSampleRatio: 0, followParentSampling: true } },
    );
    const clientTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpan = '00f067aa0ba902b7';
    primary.setFault('500', { count: 1 });
    const traced = await chat(test.gateway.url, hello, { traceparent: `00-${clientTrace}-${clientSpan}-01` });
    expect(traced.status).toBe(200);
    // The rescuing target was told its own attempt's span, in the client's trace, sampled.
    const rescueHeader = String(backup.stats().lastRequest?.headers.traceparent);
    expect(rescueHeader).toMatch(new RegExp(`^00-${clientTrace}-[0-9a-f]{16}-01$`));
    const unsampledTrace = '0af7651916cd43dd8448eb211c80319c';
    const notSampled = await chat(test.gateway.url, hello, {
      traceparent: `00-${unsampledTrace}-b7ad6b7169203331-00`,
    });
    expect(notSampled.status).toBe(200);
    expect(String(primary.stats().lastRequest?.headers.traceparent)).toMatch(
      new RegExp(`^00-${unsampledTrace}-[0-9a-f]{16}-00$`),
    );
    const invalid = await chat(test.gateway.url, hello, {
      traceparent: `00-${clientTrace.toUpperCase()}-${clientSpan}-01`,
    });
    expect(invalid.status).toBe(200);
    // An invalid client header: the gateway's own trace (the request id), not sampled at ratio 0.
    const ownTrace = traceIdForRequest(invalid.headers.get('x-request-id') ?? '');
    expect(String(primary.stats().lastRequest?.headers.traceparent)).toMatch(
      new RegExp(`^00-${ownTrace}-[0-9a-f]{16}-00$`),
    );
    await test.gateway.close();

    const spans = spansOf(receiver.received);
    // The fallback and the rescue: two attempts, both children of the client's span. The
    // unsampled client trace and the invalid header (a trace of the gateway's own, at ratio 0) give none.
    expect(spans.map((span) => attributeMap(span.attributes)['switchyard.outcome'])).toEqual(['fallback', 'success']);
    for (const span of spans) {
      expect(span.traceId).toBe(clientTrace);
      expect(span.parentSpanId).toBe(clientSpan);
      expect(attributeMap(span.attributes)['switchyard.request_id']).toBe(traced.headers.get('x-request-id'));
    }
    // The span the upstream was told is the span exported for that attempt: its spans nest under it.
    expect(rescueHeader.split('-')[2]).toBe(spans[1].spanId);
    expect(spans[0].spanId).not.toBe(spans[1].spanId);
    // Each row carries the valid header its request came with (telemetry reads it there); the
    // log's exports and stores leave it out.
    expect(memory.rows.map((row) => row.traceParent !== undefined)).toEqual([true, true, true, false]);
    expect(Object.keys(JSON.parse(toJsonl(memory.rows.slice(0, 1)))).includes('traceParent')).toBe(false);
  });
});

describe('OpenTelemetry and requests refused before any attempt', () => {
  it('records each as a SERVER span (in the client trace when it sent one) and counts it on /metrics', async () => {
    const { receiver, primary, backup } = await receiverAndTwoUpstreams();
    const sink = await withOpenTelemetry(new MemoryLogSink(), {
      otlpEndpoint: receiver.url,
      serviceName: 'switchyard-test',
      metricsIntervalMs: 60_000,
      headers: {},
      traceSampleRatio: 1,
    });
    const test = await gatewayFor(
      {
        version: 1,
        targets: { primary: openAiTarget(primary), backup: openAiTarget(backup) },
        routes: { chat: { weights: { primary: 1 } } },
      },
      { logSink: sink, onRefusedRequest: sink.recordRefusal },
    );
    const noKey = await chat(test.gateway.url, hello, { authorization: '' });
    expect(noKey.status).toBe(401);
    const clientTrace = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpan = '00f067aa0ba902b7';
    const badBody = await chat(
      test.gateway.url,
      { ...hello, messages: [null] },
      { traceparent: `00-${clientTrace}-${clientSpan}-01` },
    );
    expect(badBody.status).toBe(400);
    const served = await chat(test.gateway.url, hello);
    expect(served.status).toBe(200);
    const metricsText = await (await fetch(`${test.gateway.url}/metrics`)).text();
    await test.gateway.close();

    expect(metricsText).toContain('switchyard_refused_requests_total{status="401",code="missing_api_key"} 1');
    expect(metricsText).toContain('switchyard_refused_requests_total{status="400",code="invalid_type"} 1');
    const spans = spansOf(receiver.received);
    const refused = spans.filter((span) => attributeMap(span.attributes)['switchyard.refused'] === true);
    expect(refused.map((span) => attributeMap(span.attributes)['http.response.status_code']).sort()).toEqual([
      400, 401,
    ]);
    for (const span of refused) {
      expect(span.name).toBe('POST /v1/chat/completions');
      expect(span.kind).toBe(2); // SERVER in OTLP's numbering (CLIENT is 3)
      expect(span.status?.code ?? 0).toBe(0); // a 4xx leaves a server span's status unset
      expect(Number(span.endTimeUnixNano)).toBeGreaterThanOrEqual(Number(span.startTimeUnixNano));
    }
    const inClientTrace = refused.find((span) => span.traceId === clientTrace);
    expect(inClientTrace?.parentSpanId).toBe(clientSpan);
    expect(attributeMap(inClientTrace?.attributes ?? [])).toMatchObject({
      'http.request.method': 'POST',
      'url.path': '/v1/chat/completions',
      'error.type': 'invalid_type',
    });
    const withoutKey = refused.find((span) => span.traceId !== clientTrace);
    expect(attributeMap(withoutKey?.attributes ?? [])['error.type']).toBe('missing_api_key');
    expect(withoutKey?.parentSpanId ?? '').toBe('');
    // The served request is its attempt's GenAI span, as before; no refusal span for it.
    expect(spans.filter((span) => span.kind === 3).map((span) => span.name)).toEqual(['chat mock-model']);
  });
});

describe('trace headers without telemetry', () => {
  it("passes the client's traceparent and tracestate on to the upstream, and no others", async () => {
    const upstream = await mock({ name: 'local' });
    cleanups.push(() => upstream.close());
    const test = await gatewayFor({
      version: 1,
      targets: { local: openAiTarget(upstream) },
      routes: { chat: { weights: { local: 1 } } },
    });
    cleanups.push(() => test.gateway.close());
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    expect((await chat(test.gateway.url, hello, { traceparent, tracestate: 'vendor=abc' })).status).toBe(200);
    const sent = upstream.stats().lastRequest?.headers ?? {};
    expect([sent.traceparent, sent.tracestate]).toEqual([traceparent, 'vendor=abc']);
    expect((await chat(test.gateway.url, hello, { tracestate: 'vendor=abc' })).status).toBe(200);
    const alone = upstream.stats().lastRequest?.headers ?? {};
    expect([alone.traceparent, alone.tracestate]).toEqual([undefined, undefined]);
    // The pass-through endpoints too.
    const embedded = await fetch(`${test.gateway.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${clientKey}`, traceparent },
      body: JSON.stringify({ model: 'chat', input: 'hello' }),
    });
    expect(embedded.status).toBe(200);
    expect(upstream.stats().lastRequest?.path).toBe('/v1/embeddings');
    expect(upstream.stats().lastRequest?.headers.traceparent).toBe(traceparent);
  });
});

describe('OpenTelemetry export when the collector is down', () => {
  it('still serves and logs, reports the failed export and closes', async () => {
    const receiver = await otlpReceiver();
    await receiver.close(); // nothing listens on its port now: exports are refused
    const upstream = await mock({ name: 'local' });
    cleanups.push(() => upstream.close());
    const memory = new MemoryLogSink();
    const lines: string[] = [];
    const sink = await withOpenTelemetry(memory, {
      otlpEndpoint: receiver.url,
      serviceName: 'switchyard-test',
      metricsIntervalMs: 60_000,
      headers: {},
      traceSampleRatio: 1,
      shutdownTimeoutMs: 300,
      log: (line) => lines.push(line),
    });
    const test = await gatewayFor(
      { version: 1, targets: { local: openAiTarget(upstream) }, routes: { chat: { weights: { local: 1 } } } },
      { logSink: sink },
    );
    expect((await chat(test.gateway.url, hello)).status).toBe(200);
    await test.gateway.close();
    expect(memory.rows.map((row) => row.outcome)).toEqual(['success']);
    expect(lines.some((line) => line.startsWith('telemetry: '))).toBe(true);
  });
});

describe('telemetry attributes', () => {
  const row = (overrides: Partial<RequestLogRow>): RequestLogRow => ({
    id: '01a22ee6-b000-7abc-8def-0123456789ab.1',
    requestId: '01a22ee6-b000-7abc-8def-0123456789ab',
    time: '2026-12-01T00:00:00.000Z',
    route: 'embed',
    routingVersion: 3,
    feature: null,
    keyId: null,
    provider: 'claude',
    providerKind: 'anthropic',
    model: 'claude-sonnet-4',
    attempt: 1,
    outcome: 'success',
    status: 200,
    stream: false,
    inputTokens: 12,
    outputTokens: 0,
    cachedInputTokens: null,
    usageEstimated: false,
    ttftMs: null,
    totalMs: 250.5,
    costUsd: null,
    errorClass: null,
    prompt: 'never exported',
    team: null,
    endpoint: 'chat.completions',
    ...overrides,
  });

  it('refusalSpanName and refusalSpanAttributes check the doc example', () => {
    const refusal = {
      method: 'POST',
      path: '/v1/chat/completions',
      status: 401,
      type: 'authentication_error',
      code: 'invalid_api_key',
      startMs: 1,
      endMs: 2,
      traceParent: undefined,
    };
    expect(refusalSpanName(refusal)).toBe('POST /v1/chat/completions');
    expect(refusalSpanAttributes(refusal)).toEqual({
      'http.request.method': 'POST',
      'url.path': '/v1/chat/completions',
      'http.response.status_code': 401,
      'error.type': 'invalid_api_key',
      'switchyard.refused': true,
    });
    // Without a code, the error type names the error.
    expect(refusalSpanAttributes({ ...refusal, code: null })['error.type']).toBe('authentication_error');
  });

  it('names operations after the endpoint and the provider after the target kind', () => {
    expect(spanName(row({ endpoint: 'embeddings', model: 'text-embedding-3-small' }))).toBe(
      'embeddings text-embedding-3-small',
    );
    expect(spanName(row({ endpoint: 'completions' }))).toBe('text_completion claude-sonnet-4');
    expect(spanName(row({ endpoint: 'responses' }))).toBe('chat claude-sonnet-4');
    const attributes = spanAttributes(row({}));
    expect(attributes['gen_ai.provider.name']).toBe('anthropic');
    expect(attributes['gen_ai.usage.output_tokens']).toBe(0);
    expect(Object.values(attributes)).not.toContain('never exported');
    expect(attemptTimesMs(row({}))).toEqual({
      startMs: Date.parse('2026-12-01T00:00:00.000Z'),
      endMs: Date.parse('2026-12-01T00:00:00.000Z') + 250.5,
    });
  });

  it('isTraceSampled keeps a trace when its last 8 hex digits are below the ratio of 2^32', () => {
    expect(isTraceSampled('019ad2a4c1e07a3f9b5e000040000000', 0.3)).toBe(true);
    expect(isTraceSampled('019ad2a4c1e07a3f9b5e000040000000', 0.25)).toBe(false);
    expect(isTraceSampled('019ad2a4c1e07a3f9b5effffffffffff', 1)).toBe(true);
    expect(isTraceSampled('019ad2a4c1e07a3f9b5e000000000000', 0)).toBe(false);
    // Over many of the gateway's own request ids the kept share is the ratio.
    const ids = Array.from({ length: 20_000 }, (_, index) => traceIdForRequest(timeOrderedRequestId(1e12 + index)));
    const share = ids.filter((id) => isTraceSampled(id, 0.1)).length / ids.length;
    expect(share).toBeGreaterThan(0.09);
    expect(share).toBeLessThan(0.11);
  });

  it('serverOfBaseUrl takes the host and the port, from the scheme when the URL has none', () => {
    expect(serverOfBaseUrl('https://api.openai.com/v1')).toEqual({
      'server.address': 'api.openai.com',
      'server.port': 443,
    });
    expect(serverOfBaseUrl('http://[::1]:8000/v1')).toEqual({ 'server.address': '::1', 'server.port': 8000 });
    expect(serverOfBaseUrl('http://vllm.internal/v1')?.['server.port']).toBe(80);
    expect(serverOfBaseUrl('not a url')).toBeUndefined();
  });

  it('marks skipped attempts as failed but not as upstream calls', () => {
    const skipped = row({ outcome: 'overflow', status: null, totalMs: null, errorClass: 'saturated' });
    expect(attemptFailed(skipped)).toBe(true);
    expect(upstreamCalled(skipped)).toBe(false);
    expect(spanAttributes(skipped)['error.type']).toBe('saturated');
    expect(upstreamCalled(row({}))).toBe(true);
  });
});

describe('telemetry settings', () => {
  it('is off unless an endpoint is given, and the flag beats the environment beats the file', () => {
    const file = parseGatewayYaml(
      'version: 1\ntargets: { a: { provider: openai-compatible, baseUrl: "http://127.0.0.1:9/v1" } }\nroutes: { chat: { weights: { a: 1 } } }\ntelemetry: { otlpEndpoint: "http://collector:4318/", serviceName: gw-eu, metricsIntervalMs: 5000 }\n',
    );
    if (!file.ok) throw new Error(file.errors.join('\n'));
    expect(resolveTelemetryOptions(undefined, {}, undefined)).toBeUndefined();
    expect(resolveTelemetryOptions(undefined, {}, file.file.telemetry)).toEqual({
      otlpEndpoint: 'http://collector:4318',
      serviceName: 'gw-eu',
      metricsIntervalMs: 5000,
      headers: {},
      traceSampleRatio: 1,
      followParentSampling: true,
    });
    const fromEnvironment = resolveTelemetryOptions(
      undefined,
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318', OTEL_SERVICE_NAME: 'from-env' },
      file.file.telemetry,
    );
    expect([fromEnvironment?.otlpEndpoint, fromEnvironment?.serviceName]).toEqual(['http://env:4318', 'from-env']);
    expect(
      resolveTelemetryOptions('http://flag:4318', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://env:4318' }, undefined)
        ?.otlpEndpoint,
    ).toBe('http://flag:4318');
    expect(resolveTelemetryOptions(undefined, { OTEL_SDK_DISABLED: 'true' }, file.file.telemetry)).toBeUndefined();
    expect(() => resolveTelemetryOptions('collector:4318', {}, undefined)).toThrow(/not an http/);
  });

  it('takes the trace sample ratio from OTEL_TRACES_SAMPLER(_ARG), else the file, and refuses bad ones', () => {
    const file = parseGatewayYaml(
      'version: 1\ntargets: { a: { provider: openai-compatible, baseUrl: "http://127.0.0.1:9/v1" } }\nroutes: { chat: { weights: { a: 1 } } }\ntelemetry: { otlpEndpoint: "http://collector:4318", traceSampleRatio: 0.25 }\n',
    );
    if (!file.ok) throw new Error(file.errors.join('\n'));
    expect(resolveTelemetryOptions(undefined, {}, file.file.telemetry)?.traceSampleRatio).toBe(0.25);
    expect(resolveTelemetryOptions('http://flag:4318', {}, undefined)?.traceSampleRatio).toBe(1);
    const samplingOf = (environment: Record<string, string>) => {
      const sampling = traceSamplingFrom(environment, 0.25);
      return [sampling.traceSampleRatio, sampling.followParentSampling];
    };
    const ratioOf = (environment: Record<string, string>) => samplingOf(environment)[0];
    expect(samplingOf({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' })).toEqual([
      0.1,
      true,
    ]);
    expect(samplingOf({ OTEL_TRACES_SAMPLER: 'traceidratio' })).toEqual([1, false]);
    expect(samplingOf({ OTEL_TRACES_SAMPLER: 'always_off' })).toEqual([0, false]);
    expect(samplingOf({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' })).toEqual([0, true]);
    expect(ratioOf({ OTEL_TRACES_SAMPLER: 'ALWAYS_ON' })).toBe(1);
    expect(samplingOf({})).toEqual([0.25, true]);
    expect(() => ratioOf({ OTEL_TRACES_SAMPLER: 'jaeger_remote' })).toThrow(/'jaeger_remote' is not supported here/);
    expect(() => ratioOf({ OTEL_TRACES_SAMPLER: 'traceidratio', OTEL_TRACES_SAMPLER_ARG: '10%' })).toThrow(
      /not a ratio from 0 to 1/,
    );
    const tooHigh = parseGatewayYaml(
      'version: 1\ntargets: { a: { provider: openai-compatible, baseUrl: "http://127.0.0.1:9/v1" } }\nroutes: { chat: { weights: { a: 1 } } }\ntelemetry: { traceSampleRatio: 1.5 }\n',
    );
    expect(tooHigh.ok).toBe(false);
    if (!tooHigh.ok) expect(tooHigh.errors.join('\n')).toMatch(/telemetry\.traceSampleRatio/);
  });

  it('rejects an unknown telemetry setting with its path', () => {
    const parsed = parseGatewayYaml(
      'version: 1\ntargets: { a: { provider: openai-compatible, baseUrl: "http://127.0.0.1:9/v1" } }\nroutes: { chat: { weights: { a: 1 } } }\ntelemetry: { endpoint: "http://collector:4318" }\n',
    );
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.errors.join('\n')).toMatch(/telemetry\./);
  });

  it('traceIdForRequest turns a UUID request id into its 32 hex digits and hashes anything else', () => {
    expect(traceIdForRequest('01a22ee6-b000-7abc-8def-0123456789ab')).toBe('01a22ee6b0007abc8def0123456789ab');
    const hashed = traceIdForRequest('not-a-uuid');
    expect(hashed).toMatch(/^[0-9a-f]{32}$/);
    expect(traceIdForRequest('not-a-uuid')).toBe(hashed);
  });
});
