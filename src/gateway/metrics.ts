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
    for (const [labelText, value] of this.series)
      lines.push(`${this.name}${labelText ? `{${labelText}}` : ''} ${value}`);
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

/**
 * The label strings of one route/target pair, built once: a request adds to five or more
 * series of its pair, and building `route="..",provider="..",outcome=".."` each time (then
 * hashing the fresh string for the Map) was measurable on the hot path.
 */
export class RouteTargetSeries {
  /** `route="R",provider="P"`. */
  readonly base: string;
  readonly inputTokens: string;
  readonly outputTokens: string;
  readonly cachedInputTokens: string;
  private readonly byOutcome = new Map<string, string>();
  private readonly byStatus = new Map<number, string>();

  constructor(route: string, provider: string) {
    this.base = labels({ route, provider });
    this.inputTokens = `${this.base},type="input"`;
    this.outputTokens = `${this.base},type="output"`;
    this.cachedInputTokens = `${this.base},type="cached_input"`;
  }

  /** `route="R",provider="P",outcome="O"` (outcomes are a fixed handful). */
  outcome(outcome: string): string {
    let text = this.byOutcome.get(outcome);
    if (text === undefined) {
      text = `${this.base},outcome="${labelValue(outcome)}"`;
      this.byOutcome.set(outcome, text);
    }
    return text;
  }

  /** `route="R",provider="P",status="S"` (HTTP statuses: a bounded set). */
  status(status: number): string {
    let text = this.byStatus.get(status);
    if (text === undefined) {
      text = `${this.base},status="${status}"`;
      this.byStatus.set(status, text);
    }
    return text;
  }
}

const latencyBucketsSeconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** Every metric the gateway exposes on `/metrics`. */
export class GatewayMetrics {
  readonly requests = new CounterFamily(
    'switchyard_requests_total',
    'Client requests by route, the target that answered (or none) and HTTP status.',
  );
  readonly attempts = new CounterFamily(
    'switchyard_attempts_total',
    'Upstream attempts (and skipped targets) by route, target and outcome.',
  );
  readonly tokens = new CounterFamily(
    'switchyard_tokens_total',
    'Tokens by route, target and type (input, output, cached_input).',
  );
  readonly costUsd = new CounterFamily(
    'switchyard_cost_usd_total',
    'Cost in USD by route and target (targets with a known price).',
  );
  readonly duration = new HistogramFamily(
    'switchyard_request_duration_seconds',
    'Total time of successful requests by route and target.',
    latencyBucketsSeconds,
  );
  readonly ttft = new HistogramFamily(
    'switchyard_ttft_seconds',
    'Time to first byte sent to the client by route and target.',
    latencyBucketsSeconds,
  );
  readonly refusedRequests = new CounterFamily(
    'switchyard_refused_requests_total',
    'Requests to /v1/ answered with an error before any upstream attempt (no log row), by status and code: missing or bad key, key limits, invalid body, unknown model, body too large.',
  );
  readonly keyRefusals = new CounterFamily(
    'switchyard_key_refusals_total',
    'Requests refused at the door by code: invalid_api_key, key_revoked, key_expired, route_not_allowed, rate_limit_exceeded, insufficient_quota.',
  );
  readonly reloads = new CounterFamily(
    'switchyard_routing_reloads_total',
    'Routing config reloads by result (applied, rejected).',
  );
  readonly routingVersion = new CounterFamily(
    'switchyard_routing_version',
    'Routing config version being served.',
    'gauge',
  );
  readonly inFlight = new CounterFamily('switchyard_in_flight_requests', 'Requests in flight by target.', 'gauge');
  readonly circuitOpen = new CounterFamily(
    'switchyard_circuit_open',
    'Circuit breaker state by target (0 closed, 1 open or half-open).',
    'gauge',
  );
  readonly logDropped = new CounterFamily(
    'switchyard_log_rows_dropped_total',
    'Request-log rows dropped because the store was slow or down and the buffer was full.',
  );
  readonly logWritten = new CounterFamily(
    'switchyard_log_rows_written_total',
    'Request-log rows written to the store.',
  );
  readonly logBuffered = new CounterFamily(
    'switchyard_log_rows_buffered',
    'Request-log rows waiting in memory.',
    'gauge',
  );
  readonly logFailedBatches = new CounterFamily(
    'switchyard_log_failed_batches_total',
    'Request-log batches that failed to write (kept for retry).',
  );

  /** Route name -> target name -> its label strings (two lookups, no key string to build). */
  private readonly seriesCache = new Map<string, Map<string, RouteTargetSeries>>();
  private cachedSeries = 0;

  /** The label strings of a route/target pair, built once per pair (at most 10,000 pairs are kept). */
  series(route: string, provider: string): RouteTargetSeries {
    let byProvider = this.seriesCache.get(route);
    let found = byProvider?.get(provider);
    if (found === undefined) {
      found = new RouteTargetSeries(route, provider);
      if (this.cachedSeries < 10_000) {
        if (byProvider === undefined) {
          byProvider = new Map();
          this.seriesCache.set(route, byProvider);
        }
        byProvider.set(provider, found);
        this.cachedSeries += 1;
      }
    }
    return found;
  }

  /** `route="R",provider="P"`. */
  routeTargetLabels(route: string, provider: string): string {
    return this.series(route, provider).base;
  }

  render(): string {
    const lines: string[] = [];
    for (const family of [
      this.requests,
      this.attempts,
      this.tokens,
      this.costUsd,
      this.duration,
      this.ttft,
      this.keyRefusals,
      this.refusedRequests,
      this.reloads,
      this.routingVersion,
      this.inFlight,
      this.circuitOpen,
      this.logDropped,
      this.logWritten,
      this.logBuffered,
      this.logFailedBatches,
    ]) {
      family.render(lines);
    }
    return `${lines.join('\n')}\n`;
  }
}
