/**
 * OpenTelemetry traces and metrics for the gateway, built from the request-log rows it
 * already writes: a `RequestLogSink` that hands each row to the real sink and then records
 * one CLIENT span per attempt (for the sampled requests) and the GenAI metric points (into
 * the gateway's own totals, telemetry-metrics.ts), exported over OTLP/HTTP (JSON) by the
 * official `@opentelemetry/*` SDK. Off by default; the SDK is loaded with `import()`
 * only when it is on, so a gateway without telemetry never loads it.
 *
 * Every attempt of one request shares a trace whose id is the request id (telemetry-attributes.ts);
 * there is no parent "request" span, since the log rows do not say when a request ended.
 * The spans are made after each attempt, with the attempt's own start and end times.
 */
import type { Span, SpanOptions } from '@opentelemetry/api';
import type { MetricData, MetricProducer } from '@opentelemetry/sdk-metrics';
import type { IdGenerator } from '@opentelemetry/sdk-trace-base';
import type { TelemetrySettings } from './config-file.ts';
import { timeOrderedRequestId } from './request-id.ts';
import type { RefusedRequest } from './server.ts';
import type { RequestLogRow, RequestLogSink } from '../store/types.ts';
import {
  attemptSpanId,
  parseTraceParent,
  type TraceParent,
  type TraceSampling,
  traceDecision,
} from './trace-parent.ts';
import { GenAiMetrics, type MetricTotals } from './telemetry-metrics.ts';
import {
  attemptFailed,
  attemptTimesMs,
  refusalSpanAttributes,
  refusalSpanName,
  spanAttributes,
  serverOfBaseUrl,
  spanName,
  type TelemetryAttributes,
} from './telemetry-attributes.ts';

export interface OpenTelemetryOptions {
  /** Base URL of the OTLP/HTTP receiver, e.g. `http://127.0.0.1:4318` (`/v1/traces`, `/v1/metrics` appended). */
  otlpEndpoint: string;
  serviceName: string;
  metricsIntervalMs: number;
  headers: Record<string, string>;
  /** Share of requests traced, 0 to 1 (`isTraceSampled`); metrics count every attempt. */
  traceSampleRatio: number;
  /**
   * When a client sends a W3C `traceparent`: trace its requests as its sampled flag says
   * (the `parentbased_` samplers and the default) rather than by `traceSampleRatio`.
   * Default true.
   */
  followParentSampling?: boolean;
  /** The most the final export at close may take (a collector that is down must not hold the shutdown). */
  shutdownTimeoutMs?: number;
  /** Where export failures are reported (at most one line a minute). */
  log?: (line: string) => void;
  /**
   * The base URL of a target in the routing being served, for `server.address` and
   * `server.port` (left out when this is not given or the target is not known).
   */
  targetBaseUrl?: (target: string) => string | undefined;
}

/** The OTEL_TRACES_SAMPLER values understood: the ratio each means for a trace the gateway starts. */
const samplerRatios: Record<string, 'argument' | number> = {
  always_on: 1,
  always_off: 0,
  traceidratio: 'argument',
  parentbased_always_on: 1,
  parentbased_always_off: 0,
  parentbased_traceidratio: 'argument',
};

/**
 * How traces are sampled, from the standard OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG,
 * else the file's ratio. `traceidratio` without an argument is 1, as the specification says.
 * The `parentbased_` samplers (and the default) follow a client's `traceparent` flag; the
 * others decide alone.
 *
 * Example: `{ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' }`
 * gives ratio 0.1 following the parent; `{ OTEL_TRACES_SAMPLER: 'always_off' }` gives 0, not
 * following it; neither gives the file's ratio, following it.
 */
export function traceSamplingFrom(environment: Record<string, string | undefined>, fileRatio: number): TraceSampling {
  const sampler = environment.OTEL_TRACES_SAMPLER?.trim().toLowerCase();
  if (sampler === undefined || sampler === '') return { traceSampleRatio: fileRatio, followParentSampling: true };
  const meaning = samplerRatios[sampler];
  if (meaning === undefined)
    throw new Error(
      `OTEL_TRACES_SAMPLER '${sampler}' is not supported here (use ${Object.keys(samplerRatios).join(', ')})`,
    );
  const followParentSampling = sampler.startsWith('parentbased_');
  if (meaning !== 'argument') return { traceSampleRatio: meaning, followParentSampling };
  const argument = environment.OTEL_TRACES_SAMPLER_ARG?.trim();
  if (argument === undefined || argument === '') return { traceSampleRatio: 1, followParentSampling };
  const ratio = Number(argument);
  if (!Number.isFinite(ratio) || ratio < 0 || ratio > 1)
    throw new Error(
      `OTEL_TRACES_SAMPLER_ARG '${argument}' is not a ratio from 0 to 1 (e.g. 0.1 traces one request in ten)`,
    );
  return { traceSampleRatio: ratio, followParentSampling };
}

/**
 * The sampling telemetry applies, for the gateway to tell upstreams the same decision
 * (`GatewayOptions.tracing`); a client's sampled flag is followed unless the options say not.
 */
export function traceSamplingOf(options: OpenTelemetryOptions): TraceSampling {
  return { traceSampleRatio: options.traceSampleRatio, followParentSampling: options.followParentSampling ?? true };
}

/**
 * Whether telemetry is on, and how: `--otel-endpoint`, else OTEL_EXPORTER_OTLP_ENDPOINT,
 * else `telemetry.otlpEndpoint` of the file; none of them (or OTEL_SDK_DISABLED=true): off.
 * OTEL_SERVICE_NAME overrides `telemetry.serviceName`, OTEL_TRACES_SAMPLER(_ARG) the file's
 * `traceSampleRatio`.
 */
export function resolveTelemetryOptions(
  flagEndpoint: string | undefined,
  environment: Record<string, string | undefined>,
  file: TelemetrySettings | undefined,
): OpenTelemetryOptions | undefined {
  if (environment.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const environmentEndpoint = environment.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  const endpoint = flagEndpoint ?? (environmentEndpoint ? environmentEndpoint : undefined) ?? file?.otlpEndpoint;
  if (endpoint === undefined) return undefined;
  if (!/^https?:\/\/[^\s]+$/.test(endpoint))
    throw new Error(`OTLP endpoint '${endpoint}' is not an http:// or https:// URL (e.g. http://127.0.0.1:4318)`);
  return {
    otlpEndpoint: endpoint.replace(/\/+$/, ''),
    serviceName: environment.OTEL_SERVICE_NAME?.trim() || file?.serviceName || 'switchyard-gateway',
    metricsIntervalMs: file?.metricsIntervalMs ?? 10_000,
    headers: file?.headers ?? {},
    ...traceSamplingFrom(environment, file?.traceSampleRatio ?? 1),
  };
}

/** Epoch milliseconds (fractions kept) as OpenTelemetry's [seconds, nanoseconds]. */
function hrTimeOf(epochMs: number): [number, number] {
  let seconds = Math.floor(epochMs / 1000);
  let nanoseconds = Math.round((epochMs - seconds * 1000) * 1e6);
  if (nanoseconds >= 1e9) {
    seconds += 1;
    nanoseconds -= 1e9;
  }
  return [seconds, nanoseconds];
}

/**
 * Hands out the trace and span ids of the row being recorded (spans are made one at a time,
 * synchronously): the request's trace and the attempt's span id, the one the upstream was told.
 */
class RequestTraceIds implements IdGenerator {
  nextTraceId: string | undefined;
  nextSpanId: string | undefined;
  constructor(private readonly random: IdGenerator) {}
  generateTraceId(): string {
    return this.nextTraceId ?? this.random.generateTraceId();
  }
  generateSpanId(): string {
    return this.nextSpanId ?? this.random.generateSpanId();
  }
}

/** Rows waiting to be recorded at most (beyond: counted and reported, not recorded). */
const maxPendingRows = 10_000;

/** One argument of an SDK diagnostic as text: an error's message (the SDK passes some as JSON). */
function describeDiagnostic(part: unknown): string {
  if (part instanceof Error) return part.message;
  const text = String(part);
  if (text.startsWith('{"')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed !== null && typeof parsed === 'object' && 'message' in parsed && typeof parsed.message === 'string')
        return parsed.message;
    } catch {
      // not JSON after all: the text as it is
    }
  }
  return text;
}

/** Whether the work settled within the limit (it is left running when it did not). */
async function settledWithin(work: Promise<unknown>, limitMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), limitMs);
    timer.unref();
  });
  const settled = await Promise.race([work.then(() => true), expired]);
  clearTimeout(timer);
  return settled;
}

/**
 * Wraps a request-log sink so every row it takes also becomes an OpenTelemetry span and
 * metric points. `close()` records what is queued, then closes the inner sink while the
 * exporters send the last spans and metrics (waiting at most `shutdownTimeoutMs` for them).
 */
/** A request-log sink that also records, as spans, the requests refused before any attempt. */
export interface TelemetrySink extends RequestLogSink {
  recordRefusal(refusal: RefusedRequest): void;
}

export async function withOpenTelemetry(inner: RequestLogSink, options: OpenTelemetryOptions): Promise<TelemetrySink> {
  const [api, traceSdk, metricsSdk, resources, traceExporters, metricExporters] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/sdk-metrics'),
    import('@opentelemetry/resources'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/exporter-metrics-otlp-http'),
  ]);
  if (options.log) {
    const log = options.log;
    let lastReportMs = Number.NEGATIVE_INFINITY;
    const report = (...parts: unknown[]): void => {
      const nowMs = Date.now();
      if (nowMs - lastReportMs < 60_000) return;
      lastReportMs = nowMs;
      log(`telemetry: ${parts.map(describeDiagnostic).join(' ').slice(0, 400)}`);
    };
    const quiet = (): void => undefined;
    api.diag.setLogger(
      { error: report, warn: report, info: quiet, debug: quiet, verbose: quiet },
      api.DiagLogLevel.WARN,
    );
  }
  const resource = resources.resourceFromAttributes({ 'service.name': options.serviceName });
  // Each export, retries included, gives up after this; it also bounds how long a collector
  // that is down keeps a stopping gateway's process alive after the shutdown wait.
  const exportTimeoutMs = 5000;
  const traceIds = new RequestTraceIds(new traceSdk.RandomIdGenerator());
  const tracerProvider = new traceSdk.BasicTracerProvider({
    resource,
    idGenerator: traceIds,
    // The gateway decides which requests are traced (`isTraceSampled`, before building any
    // attribute); without this the SDK would read OTEL_TRACES_SAMPLER too and sample twice.
    sampler: new traceSdk.AlwaysOnSampler(),
    spanProcessors: [
      new traceSdk.BatchSpanProcessor(
        new traceExporters.OTLPTraceExporter({
          url: `${options.otlpEndpoint}/v1/traces`,
          headers: options.headers,
          timeoutMillis: exportTimeoutMs,
        }),
        // Batches of 512 go out as soon as they fill; the queue holds bursts of a few seconds.
        { maxQueueSize: 8192, maxExportBatchSize: 512 },
      ),
    ],
  });
  // The metrics are aggregated by the gateway (telemetry-metrics.ts) and handed to the reader
  // as a producer at each export: the SDK's instruments hash every point's attribute set.
  const genAiMetrics = new GenAiMetrics();
  const toMetricData = (metric: MetricTotals, endTime: [number, number]): MetricData => {
    const descriptor = {
      name: metric.name,
      description: metric.description,
      unit: metric.unit,
      valueType: metric.valueType === 'int' ? api.ValueType.INT : api.ValueType.DOUBLE,
    };
    const aggregationTemporality = metricsSdk.AggregationTemporality.CUMULATIVE;
    if (metric.kind === 'counter')
      return {
        descriptor,
        aggregationTemporality,
        dataPointType: metricsSdk.DataPointType.SUM,
        isMonotonic: true,
        dataPoints: metric.series.map((series) => ({
          startTime: hrTimeOf(series.startMs),
          endTime,
          attributes: series.attributes,
          value: series.value,
        })),
      };
    return {
      descriptor,
      aggregationTemporality,
      dataPointType: metricsSdk.DataPointType.HISTOGRAM,
      dataPoints: metric.series.map(({ startMs, attributes, value: totals }) => ({
        startTime: hrTimeOf(startMs),
        endTime,
        attributes,
        // Copies: the exporter serializes later, while rows keep adding to the totals.
        value: {
          buckets: { boundaries: [...totals.boundaries], counts: [...totals.counts] },
          sum: totals.sum,
          count: totals.count,
          min: totals.min,
          max: totals.max,
        },
      })),
    };
  };
  const producer: MetricProducer = {
    collect: async () => {
      const endTime = hrTimeOf(Date.now());
      return {
        resourceMetrics: {
          resource,
          scopeMetrics: [
            {
              scope: { name: 'switchyard-gateway' },
              metrics: genAiMetrics.totals().map((metric) => toMetricData(metric, endTime)),
            },
          ],
        },
        errors: [],
      };
    },
  };
  const meterProvider = new metricsSdk.MeterProvider({
    resource,
    readers: [
      new metricsSdk.PeriodicExportingMetricReader({
        exporter: new metricExporters.OTLPMetricExporter({
          url: `${options.otlpEndpoint}/v1/metrics`,
          headers: options.headers,
          timeoutMillis: exportTimeoutMs,
        }),
        exportIntervalMillis: options.metricsIntervalMs,
        exportTimeoutMillis: Math.min(exportTimeoutMs, options.metricsIntervalMs),
        metricProducers: [producer],
      }),
    ],
  });
  const tracer = tracerProvider.getTracer('switchyard-gateway');

  const sampling = traceSamplingOf(options);
  const serversByBaseUrl = new Map<string, TelemetryAttributes | undefined>();
  const serverOf = (target: string): TelemetryAttributes | undefined => {
    const baseUrl = options.targetBaseUrl?.(target);
    if (baseUrl === undefined) return undefined;
    if (!serversByBaseUrl.has(baseUrl)) serversByBaseUrl.set(baseUrl, serverOfBaseUrl(baseUrl));
    return serversByBaseUrl.get(baseUrl);
  };

  /** A span in the client's trace (a child of its span) when it sent one, else the root of `traceId`. */
  const startSpan = (
    name: string,
    spanOptions: SpanOptions,
    traceId: string,
    parent: TraceParent | undefined,
    spanId: string | undefined,
  ): Span => {
    traceIds.nextSpanId = spanId;
    try {
      if (parent === undefined) {
        traceIds.nextTraceId = traceId;
        return tracer.startSpan(name, { ...spanOptions, root: true });
      }
      const parentContext = api.trace.setSpanContext(api.ROOT_CONTEXT, {
        traceId: parent.traceId,
        spanId: parent.parentSpanId,
        traceFlags: api.TraceFlags.SAMPLED,
        isRemote: true,
      });
      return tracer.startSpan(name, spanOptions, parentContext);
    } finally {
      traceIds.nextTraceId = undefined;
      traceIds.nextSpanId = undefined;
    }
  };

  const recordSpan = (
    row: RequestLogRow,
    traceId: string,
    parent: TraceParent | undefined,
    server: TelemetryAttributes | undefined,
  ): void => {
    const { startMs, endMs } = attemptTimesMs(row);
    const spanOptions = {
      kind: api.SpanKind.CLIENT,
      startTime: hrTimeOf(startMs),
      attributes: server === undefined ? spanAttributes(row) : Object.assign(spanAttributes(row), server),
    };
    const span = startSpan(spanName(row), spanOptions, traceId, parent, attemptSpanId(row.requestId, row.attempt));
    if (attemptFailed(row)) span.setStatus({ code: api.SpanStatusCode.ERROR, message: row.errorClass ?? undefined });
    span.end(hrTimeOf(endMs));
  };

  /**
   * A request refused before any attempt: one SERVER span, sampled like a request (its trace is
   * the client's, else a new one). A 4xx leaves the span's status unset, as the HTTP server
   * conventions ask (the client's error, not the server's); a 5xx sets ERROR.
   */
  const recordRefusal = (refusal: RefusedRequest): void => {
    if (closed) return;
    try {
      const parent = parseTraceParent(refusal.traceParent);
      const { traceId, sampled } = traceDecision(parent, timeOrderedRequestId(refusal.startMs), sampling);
      if (!sampled) return;
      const span = startSpan(
        refusalSpanName(refusal),
        { kind: api.SpanKind.SERVER, startTime: hrTimeOf(refusal.startMs), attributes: refusalSpanAttributes(refusal) },
        traceId,
        parent,
        undefined,
      );
      if (refusal.status >= 500) span.setStatus({ code: api.SpanStatusCode.ERROR, message: refusal.code ?? undefined });
      span.end(hrTimeOf(refusal.endMs));
    } catch (error) {
      options.log?.(
        `telemetry: cannot record a refused request (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  };

  const record = (row: RequestLogRow): void => {
    try {
      const server = serverOf(row.provider);
      // Decided here, before any span attribute is built: an unsampled request costs nothing more.
      const parent = parseTraceParent(row.traceParent);
      const { traceId, sampled } = traceDecision(parent, row.requestId, sampling);
      if (sampled) recordSpan(row, traceId, parent, server);
      genAiMetrics.record(row, server, Date.now());
    } catch (error) {
      // Telemetry never fails a request; the row is in the log either way.
      options.log?.(
        `telemetry: cannot record row ${row.id} (${error instanceof Error ? error.message : String(error)})`,
      );
    }
  };
  // Rows wait here and are recorded in a batch on the next turn of the event loop: the SDK's
  // work (tens of microseconds a row) never sits between an attempt and the request's next step.
  const pending: RequestLogRow[] = [];
  let skippedRows = 0;
  let drainScheduled = false;
  let closed = false;
  const drain = (): void => {
    drainScheduled = false;
    for (const row of pending.splice(0, pending.length)) record(row);
    if (skippedRows > 0) {
      options.log?.(`telemetry: ${skippedRows} row(s) not recorded (over ${maxPendingRows} waiting)`);
      skippedRows = 0;
    }
  };

  return {
    append(row: RequestLogRow): void {
      inner.append(row);
      if (closed) return;
      if (pending.length >= maxPendingRows) {
        skippedRows += 1;
        return;
      }
      pending.push(row);
      if (!drainScheduled) {
        drainScheduled = true;
        setImmediate(drain);
      }
    },
    flush: () => inner.flush(),
    async close(): Promise<void> {
      closed = true;
      drain();
      const limitMs = options.shutdownTimeoutMs ?? 5000;
      const exported = settledWithin(
        Promise.allSettled([tracerProvider.shutdown(), meterProvider.shutdown()]),
        limitMs,
      );
      await inner.close();
      if (!(await exported))
        options.log?.(
          `telemetry: ${options.otlpEndpoint} did not take the last spans and metrics within ${limitMs} ms; stopped without them`,
        );
    },
    stats: () => inner.stats(),
    recordRefusal,
  };
}
