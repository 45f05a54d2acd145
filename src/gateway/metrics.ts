/**
 * Prometheus text-format metrics, hand-rolled to stay off the hot path's budget: series are
 * keyed by a prebuilt label string, histograms keep cumulative bucket counts on render.
 */

/** Escapes a label value per the exposition format (backslash, quote, newline). */
export function labelValue(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** `name="value",...` from pairs. @example labels({ route: 'a', status: '200' }) === 'route="a",status="200"' */
export function labels(pairs: Record<string, string>): string {
  return Object.entries(pairs)
    .map(([name, value]) => `${name}="${labelValue(value)}"`)
    .join(',');
}

class CounterFamily {
  readonly series = new Map<string, number>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly type: 'counter' | 'gauge' = 'counter',
  ) {}
  add(labelText: string, amount = 1): void {
    this.series.set(labelText, (this.series.get(labelText) ?? 0) + amount);
  }
  set(labelText: string, value: number): void {
    this.series.set(labelText, value);
  }
  render(lines: string[]): void {
    lines.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} ${this.type}`);
    for (const [labelText, value] of this.series) lines.push(`${this.name}${labelText ? `{${labelText}}` : ''} ${value}`);
  }
}

interface HistogramSeries {
  bucketCounts: number[];
  sum: number;
  count: number;
}

class HistogramFamily {
  readonly series = new Map<string, HistogramSeries>();
  constructor(
    readonly name: string,
    readonly help: string,
    readonly bucketsSeconds: ReadonlyArray<number>,
  ) {}
  observe(labelText: string, seconds: number): void {
    let entry = this.series.get(labelText);
    if (!entry) {
      entry = { bucketCounts: new Array<number>(this.bucketsSeconds.length).fill(0), sum: 0, count: 0 };
      this.series.set(labelText, entry);
    }
    for (let index = 0; index < this.bucketsSeconds.length; index += 1) {
      if (seconds <= this.bucketsSeconds[index]) {
        entry.bucketCounts[index] += 1;
        break;
      }
    }
    entry.sum += seconds;
    entry.count += 1;
  }
  render(lines: string[]): void {
    lines.push(`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`);
    for (const [labelText, entry] of this.series) {
      const prefix = labelText ? `${labelText},` : '';
      let cumulative = 0;
      this.bucketsSeconds.forEach((bound, index) => {
        cumulative += entry.bucketCounts[index];
        lines.push(`${this.name}_bucket{${prefix}le="${bound}"} ${cumulative}`);
      });
      lines.push(`${this.name}_bucket{${prefix}le="+Inf"} ${entry.count}`);
      lines.push(`${this.name}_sum${labelText ? `{${labelText}}` : ''} ${entry.sum}`);
      lines.push(`${this.name}_count${labelText ? `{${labelText}}` : ''} ${entry.count}`);
    }
  }
}

const latencyBucketsSeconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Every metric the gateway exposes on `/metrics`. */
export class GatewayMetrics {
  readonly requests = new CounterFamily('switchyard_requests_total', 'Client requests by route, the target that answered (or none) and HTTP status.');
  readonly attempts = new CounterFamily('switchyard_attempts_total', 'Upstream attempts (and skipped targets) by route, target and outcome.');
  readonly tokens = new CounterFamily('switchyard_tokens_total', 'Tokens by route, target and type (input, output, cached_input).');
  readonly costUsd = new CounterFamily('switchyard_cost_usd_total', 'Cost in USD by route and target (targets with a known price).');
  readonly duration = new HistogramFamily('switchyard_request_duration_seconds', 'Total time of successful requests by route and target.', latencyBucketsSeconds);
  readonly ttft = new HistogramFamily('switchyard_ttft_seconds', 'Time to first byte sent to the client by route and target.', latencyBucketsSeconds);
  readonly reloads = new CounterFamily('switchyard_routing_reloads_total', 'Routing config reloads by result (applied, rejected).');
  readonly routingVersion = new CounterFamily('switchyard_routing_version', 'Routing config version being served.', 'gauge');
  readonly inFlight = new CounterFamily('switchyard_in_flight_requests', 'Requests in flight by target.', 'gauge');
  readonly circuitOpen = new CounterFamily('switchyard_circuit_open', 'Circuit breaker state by target (0 closed, 1 open or half-open).', 'gauge');
  readonly logDropped = new CounterFamily('switchyard_log_rows_dropped_total', 'Request-log rows dropped because the store was slow or down and the buffer was full.');
  readonly logWritten = new CounterFamily('switchyard_log_rows_written_total', 'Request-log rows written to the store.');
  readonly logBuffered = new CounterFamily('switchyard_log_rows_buffered', 'Request-log rows waiting in memory.', 'gauge');
  readonly logFailedBatches = new CounterFamily('switchyard_log_failed_batches_total', 'Request-log batches that failed to write (kept for retry).');

  private readonly labelCache = new Map<string, string>();

  /** `route="R",provider="P"`, built once per pair (the hot path asks for it several times a request). */
  routeTargetLabels(route: string, provider: string): string {
    const key = `${route}\u0000${provider}`;
    let text = this.labelCache.get(key);
    if (text === undefined) {
      text = labels({ route, provider });
      if (this.labelCache.size < 10_000) this.labelCache.set(key, text);
    }
    return text;
  }

  render(): string {
    const lines: string[] = [];
    for (const family of [this.requests, this.attempts, this.tokens, this.costUsd, this.duration, this.ttft, this.reloads, this.routingVersion, this.inFlight, this.circuitOpen, this.logDropped, this.logWritten, this.logBuffered, this.logFailedBatches]) {
      family.render(lines);
    }
    return lines.join('\n') + '\n';
  }
}
