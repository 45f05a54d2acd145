/**
 * The gateway's GenAI metrics, aggregated here instead of by the OpenTelemetry SDK's
 * instruments. Recording a point through an SDK instrument hashes its whole attribute set
 * (sorted keys, JSON) every time: four points a row cost ~20 µs of the gateway's event loop,
 * half of what telemetry cost under load. Here a row's series is found by one short key of
 * the values that vary, and a point is a few increments; the SDK gets the totals at export
 * time (telemetry.ts hands `collect()` to the metric reader as a producer). Plain data, no
 * OpenTelemetry import.
 *
 * Temporality is cumulative (each point holds the totals since the series began), as the SDK's
 * default for OTLP. At most `maxSeriesPerMetric` attribute sets a metric; points beyond it go
 * to one series with `otel.metric.overflow: true`, as the SDK's cardinality limit does.
 */
import type { RequestLogRow } from '../store/types.ts';
import {
  baseAttributes,
  durationBucketsSeconds,
  type TelemetryAttributes,
  tokenUsageBuckets,
  upstreamCalled,
} from './telemetry-attributes.ts';

/** Attribute sets a metric keeps at most (the SDK's default cardinality limit). */
export const maxSeriesPerMetric = 2000;

export interface HistogramTotals {
  /** Inclusive upper bounds; `counts` has one more entry, for values above the last. */
  boundaries: readonly number[];
  counts: number[];
  sum: number;
  count: number;
  min: number;
  max: number;
}

export interface MetricSeries<Value> {
  attributes: TelemetryAttributes;
  /** Epoch milliseconds of the series' first point. */
  startMs: number;
  value: Value;
}

interface MetricDescription {
  name: string;
  unit: string;
  description: string;
  /** Whether the values are whole numbers (token counts) or not. */
  valueType: 'int' | 'double';
}

/** One metric's series and their totals: histograms, or a counter's sums. */
export type MetricTotals =
  | (MetricDescription & { kind: 'histogram'; series: ReadonlyArray<MetricSeries<HistogramTotals>> })
  | (MetricDescription & { kind: 'counter'; series: ReadonlyArray<MetricSeries<number>> });

/** The bucket a value falls in: the first boundary at or above it, else the last (overflow). */
export function bucketIndex(boundaries: readonly number[], value: number): number {
  let low = 0;
  let high = boundaries.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (boundaries[middle] < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

class SeriesTable<Value> {
  private readonly byKey = new Map<string, MetricSeries<Value>>();
  private overflow: MetricSeries<Value> | undefined;

  constructor(private readonly fresh: () => Value) {}

  /**
   * The series of `key`; the first time, made with the row's base attributes, the server's and
   * `extra` (built only then: a row whose series exists allocates nothing here).
   */
  get(
    key: string,
    row: RequestLogRow,
    server: TelemetryAttributes | undefined,
    extra: TelemetryAttributes | undefined,
    nowMs: number,
  ): MetricSeries<Value> {
    let series = this.byKey.get(key);
    if (series !== undefined) return series;
    if (this.byKey.size >= maxSeriesPerMetric) {
      this.overflow ??= { attributes: { 'otel.metric.overflow': true }, startMs: nowMs, value: this.fresh() };
      return this.overflow;
    }
    series = { attributes: Object.assign(baseAttributes(row), server, extra), startMs: nowMs, value: this.fresh() };
    this.byKey.set(key, series);
    return series;
  }

  all(): Array<MetricSeries<Value>> {
    const series = [...this.byKey.values()];
    if (this.overflow !== undefined) series.push(this.overflow);
    return series;
  }
}

function emptyHistogram(boundaries: readonly number[]): () => HistogramTotals {
  return () => ({
    boundaries,
    counts: new Array<number>(boundaries.length + 1).fill(0),
    sum: 0,
    count: 0,
    min: Number.POSITIVE_INFINITY,
    max: Number.NEGATIVE_INFINITY,
  });
}

/**
 * Adds one value to histogram totals.
 *
 * Example: boundaries `[10, 20, 30]` and the values 5, 30, 5, 40 give counts `[2, 0, 1, 1]`,
 * sum 80, count 4, min 5, max 40 (30 falls in the bucket whose upper bound it is).
 */
export function addToHistogram(totals: HistogramTotals, value: number): void {
  totals.counts[bucketIndex(totals.boundaries, value)] += 1;
  totals.sum += value;
  totals.count += 1;
  if (value < totals.min) totals.min = value;
  if (value > totals.max) totals.max = value;
}

const inputTokens: TelemetryAttributes = { 'gen_ai.token.type': 'input' };
const outputTokens: TelemetryAttributes = { 'gen_ai.token.type': 'output' };

/** The cost's extra attributes: who spent it. */
function costLabels(row: RequestLogRow): TelemetryAttributes {
  const labels: TelemetryAttributes = {};
  if (row.keyId !== null) labels['switchyard.key_id'] = row.keyId;
  if (row.team !== null) labels['switchyard.team'] = row.team;
  return labels;
}

/** The four GenAI metrics of the gateway's attempts, fed one log row at a time. */
export class GenAiMetrics {
  private readonly tokenUsage = new SeriesTable(emptyHistogram(tokenUsageBuckets));
  private readonly duration = new SeriesTable(emptyHistogram(durationBucketsSeconds));
  private readonly timeToFirstChunk = new SeriesTable(emptyHistogram(durationBucketsSeconds));
  private readonly cost = new SeriesTable<number>(() => 0);

  /**
   * Records a row's points: input and output tokens, the duration of an upstream call (with
   * `error.type` when it failed), the time to the first chunk of a streamed success, and the
   * cost (with the key and team). `server` is the target's address and port, when known.
   */
  record(row: RequestLogRow, server: TelemetryAttributes | undefined, nowMs: number): void {
    // The values that make a row's base attribute set (the server follows from the target).
    const baseKey = `${row.endpoint}\u0000${row.providerKind}\u0000${row.model}\u0000${row.route}\u0000${row.provider}`;
    if (row.inputTokens !== null)
      addToHistogram(
        this.tokenUsage.get(`${baseKey}\u0000input`, row, server, inputTokens, nowMs).value,
        row.inputTokens,
      );
    if (row.outputTokens !== null)
      addToHistogram(
        this.tokenUsage.get(`${baseKey}\u0000output`, row, server, outputTokens, nowMs).value,
        row.outputTokens,
      );
    if (upstreamCalled(row) && row.totalMs !== null) {
      const errorType = row.errorClass;
      const series =
        errorType === null
          ? this.duration.get(baseKey, row, server, undefined, nowMs)
          : this.duration.get(`${baseKey}\u0000${errorType}`, row, server, { 'error.type': errorType }, nowMs);
      addToHistogram(series.value, row.totalMs / 1000);
    }
    if (row.stream && row.ttftMs !== null && row.errorClass === null)
      addToHistogram(this.timeToFirstChunk.get(baseKey, row, server, undefined, nowMs).value, row.ttftMs / 1000);
    if (row.costUsd !== null && row.costUsd > 0) {
      const series = this.cost.get(
        `${baseKey}\u0000${row.keyId ?? ''}\u0000${row.team ?? ''}`,
        row,
        server,
        costLabels(row),
        nowMs,
      );
      series.value += row.costUsd;
    }
  }

  /** The totals of every series so far, metric by metric (metrics with no series left out). */
  totals(): MetricTotals[] {
    const metrics: MetricTotals[] = [
      {
        name: 'gen_ai.client.token.usage',
        unit: '{token}',
        valueType: 'int',
        description: 'Number of input and output tokens used.',
        kind: 'histogram',
        series: this.tokenUsage.all(),
      },
      {
        name: 'gen_ai.client.operation.duration',
        unit: 's',
        valueType: 'double',
        description: 'GenAI operation duration (one upstream attempt).',
        kind: 'histogram',
        series: this.duration.all(),
      },
      {
        name: 'gen_ai.client.operation.time_to_first_chunk',
        unit: 's',
        valueType: 'double',
        description: 'Time to receive the first chunk of a streamed answer.',
        kind: 'histogram',
        series: this.timeToFirstChunk.all(),
      },
      {
        name: 'switchyard.cost',
        unit: 'USD',
        valueType: 'double',
        description: 'Cost of the upstream attempts at the configured prices.',
        kind: 'counter',
        series: this.cost.all(),
      },
    ];
    return metrics.filter((metric) => metric.series.length > 0);
  }
}
