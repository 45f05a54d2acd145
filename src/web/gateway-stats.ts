/**
 * The gateway view's numbers, from request-log rows: requests, tokens, cost and latency
 * percentiles by route, provider and feature, a timeline, the routing versions seen and
 * the most recent attempts. Pure: rows in, summary out.
 */
import type { RequestLogRow } from '../store/types.ts';

export interface LatencyPercentiles {
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface GatewayGroupStats {
  key: string;
  /** Distinct client requests (a request with a fallback counts once). */
  requests: number;
  /** Attempts (log rows), fallbacks and skips included. */
  attempts: number;
  /** Attempts whose outcome was not success. */
  failedAttempts: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /** Attempts with tokens but no known price ("depends on usage"), not counted in costUsd. */
  unpricedAttempts: number;
  /** Total latency of successful attempts; null when there were none. */
  totalLatency: LatencyPercentiles | null;
  ttft: LatencyPercentiles | null;
}

export interface TimelineBucket {
  startIso: string;
  requests: number;
  tokens: number;
  costUsd: number;
  p95TotalMs: number | null;
  attemptsByProvider: Record<string, number>;
}

export interface GatewaySummary {
  rowCount: number;
  firstTimeIso: string | null;
  lastTimeIso: string | null;
  /** Routing version of the most recent attempt. */
  latestRoutingVersion: number | null;
  routingVersions: Array<{ version: number; attempts: number; firstTimeIso: string; lastTimeIso: string }>;
  totals: GatewayGroupStats;
  byRoute: GatewayGroupStats[];
  byProvider: GatewayGroupStats[];
  byFeature: GatewayGroupStats[];
  /** By API key (the gateway's key id; `(none)` without one). */
  byKey: GatewayGroupStats[];
  providers: string[];
  bucketMinutes: number;
  timeline: TimelineBucket[];
  /** Newest first, prompts removed. */
  recent: Array<Omit<RequestLogRow, 'prompt'>>;
}

/**
 * Nearest-rank percentile of a list of numbers (sorted or not); null for an empty list.
 * @example percentileOf([40, 10, 30, 20], 0.5) === 20; percentileOf([40, 10, 30, 20], 0.95) === 40
 */
export function percentileOf(values: ReadonlyArray<number>, share: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil(share * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

function percentiles(values: number[]): LatencyPercentiles | null {
  if (values.length === 0) return null;
  return {
    p50Ms: percentileOf(values, 0.5) ?? 0,
    p95Ms: percentileOf(values, 0.95) ?? 0,
    p99Ms: percentileOf(values, 0.99) ?? 0,
  };
}

/** Sums and latency percentiles of a set of rows. */
export function groupStats(key: string, rows: ReadonlyArray<RequestLogRow>): GatewayGroupStats {
  const requestIds = new Set<string>();
  const totals: number[] = [];
  const ttfts: number[] = [];
  let failedAttempts = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let costUsd = 0;
  let unpricedAttempts = 0;
  for (const row of rows) {
    requestIds.add(row.requestId);
    if (row.outcome !== 'success') failedAttempts += 1;
    inputTokens += row.inputTokens ?? 0;
    outputTokens += row.outputTokens ?? 0;
    if (row.costUsd !== null) costUsd += row.costUsd;
    else if ((row.inputTokens ?? 0) + (row.outputTokens ?? 0) > 0) unpricedAttempts += 1;
    if (row.outcome === 'success' && row.totalMs !== null) totals.push(row.totalMs);
    if (row.outcome === 'success' && row.ttftMs !== null) ttfts.push(row.ttftMs);
  }
  return {
    key,
    requests: requestIds.size,
    attempts: rows.length,
    failedAttempts,
    inputTokens,
    outputTokens,
    costUsd: Math.round(costUsd * 1e6) / 1e6,
    unpricedAttempts,
    totalLatency: percentiles(totals),
    ttft: percentiles(ttfts),
  };
}

function groupBy(rows: ReadonlyArray<RequestLogRow>, keyOf: (row: RequestLogRow) => string): GatewayGroupStats[] {
  const groups = new Map<string, RequestLogRow[]>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key);
    if (group) group.push(row);
    else groups.set(key, [row]);
  }
  return [...groups.entries()]
    .map(([key, group]) => groupStats(key, group))
    .sort((left, right) => right.attempts - left.attempts || left.key.localeCompare(right.key));
}

const bucketChoicesMinutes = [1, 5, 15, 60, 360, 1440];

/**
 * Bucket size for a timeline: the smallest of 1 min, 5 min, 15 min, 1 h, 6 h, 1 day that
 * covers the span in at most `maxBuckets` buckets.
 * @example bucketMinutesFor(3 * 3_600_000, 60) === 5 // 3 hours in 36 five-minute buckets
 */
export function bucketMinutesFor(spanMs: number, maxBuckets = 60): number {
  for (const minutes of bucketChoicesMinutes) if (spanMs / (minutes * 60_000) <= maxBuckets) return minutes;
  return bucketChoicesMinutes[bucketChoicesMinutes.length - 1];
}

/** The gateway view's summary of log rows (oldest first, as the store returns them). */
export function summarizeRequestLog(
  rows: ReadonlyArray<RequestLogRow>,
  options: { recentCount?: number } = {},
): GatewaySummary {
  const times = rows.map((row) => Date.parse(row.time)).filter((time) => Number.isFinite(time));
  const firstMs = times.length > 0 ? Math.min(...times) : null;
  const lastMs = times.length > 0 ? Math.max(...times) : null;
  const bucketMinutes = firstMs !== null && lastMs !== null ? bucketMinutesFor(lastMs - firstMs) : 60;
  const bucketMs = bucketMinutes * 60_000;
  const buckets = new Map<number, RequestLogRow[]>();
  for (const row of rows) {
    const time = Date.parse(row.time);
    if (!Number.isFinite(time)) continue;
    const start = Math.floor(time / bucketMs) * bucketMs;
    const bucket = buckets.get(start);
    if (bucket) bucket.push(row);
    else buckets.set(start, [row]);
  }
  const timeline: TimelineBucket[] = [];
  if (firstMs !== null && lastMs !== null) {
    for (let start = Math.floor(firstMs / bucketMs) * bucketMs; start <= lastMs; start += bucketMs) {
      const bucketRows = buckets.get(start) ?? [];
      const stats = groupStats('', bucketRows);
      const attemptsByProvider: Record<string, number> = {};
      for (const row of bucketRows) attemptsByProvider[row.provider] = (attemptsByProvider[row.provider] ?? 0) + 1;
      timeline.push({
        startIso: new Date(start).toISOString(),
        requests: stats.requests,
        tokens: stats.inputTokens + stats.outputTokens,
        costUsd: stats.costUsd,
        p95TotalMs: stats.totalLatency?.p95Ms ?? null,
        attemptsByProvider,
      });
    }
  }
  const versions = new Map<number, { version: number; attempts: number; firstTimeIso: string; lastTimeIso: string }>();
  for (const row of rows) {
    const seen = versions.get(row.routingVersion);
    if (!seen)
      versions.set(row.routingVersion, {
        version: row.routingVersion,
        attempts: 1,
        firstTimeIso: row.time,
        lastTimeIso: row.time,
      });
    else {
      seen.attempts += 1;
      if (row.time < seen.firstTimeIso) seen.firstTimeIso = row.time;
      if (row.time > seen.lastTimeIso) seen.lastTimeIso = row.time;
    }
  }
  const latest = rows.length > 0 ? rows.reduce((newest, row) => (row.time >= newest.time ? row : newest)) : null;
  const recentCount = options.recentCount ?? 50;
  return {
    rowCount: rows.length,
    firstTimeIso: firstMs !== null ? new Date(firstMs).toISOString() : null,
    lastTimeIso: lastMs !== null ? new Date(lastMs).toISOString() : null,
    latestRoutingVersion: latest?.routingVersion ?? null,
    routingVersions: [...versions.values()].sort((left, right) => right.version - left.version),
    totals: groupStats('all', rows),
    byRoute: groupBy(rows, (row) => row.route),
    byProvider: groupBy(rows, (row) => row.provider),
    byFeature: groupBy(rows, (row) => row.feature ?? '(none)'),
    byKey: groupBy(rows, (row) => row.keyId ?? '(none)'),
    providers: [...new Set(rows.map((row) => row.provider))].sort(),
    bucketMinutes,
    timeline,
    recent: rows
      .slice(-recentCount)
      .reverse()
      .map(({ prompt: _prompt, ...rest }) => rest),
  };
}

/** What the gateway view can filter the log by (every field optional; absent = all). */
export interface RequestLogFilter {
  route?: string;
  provider?: string;
  feature?: string;
  keyId?: string;
  /** `success`, `failed` (any other outcome), or an HTTP status code. */
  status?: string;
  /** ISO times, inclusive. */
  sinceIso?: string;
  untilIso?: string;
}

/** The values each filter can take in a set of rows (for the filter menus). */
export interface RequestLogFilterChoices {
  routes: string[];
  providers: string[];
  features: string[];
  keyIds: string[];
  statuses: string[];
}

/**
 * The rows that pass every filter given.
 * @example filterRequestLog(rows, { provider: 'vllm', status: 'failed' }) // the vllm attempts that did not succeed
 */
export function filterRequestLog(rows: ReadonlyArray<RequestLogRow>, filter: RequestLogFilter): RequestLogRow[] {
  return rows.filter((row) => {
    if (filter.route && row.route !== filter.route) return false;
    if (filter.provider && row.provider !== filter.provider) return false;
    if (filter.feature && (row.feature ?? '(none)') !== filter.feature) return false;
    if (filter.keyId && (row.keyId ?? '(none)') !== filter.keyId) return false;
    if (filter.status === 'success' && row.outcome !== 'success') return false;
    if (filter.status === 'failed' && row.outcome === 'success') return false;
    if (filter.status && /^\d+$/.test(filter.status) && String(row.status) !== filter.status) return false;
    if (filter.sinceIso && row.time < filter.sinceIso) return false;
    if (filter.untilIso && row.time > filter.untilIso) return false;
    return true;
  });
}

/** The filter menus' values, from the unfiltered rows. */
export function filterChoices(rows: ReadonlyArray<RequestLogRow>): RequestLogFilterChoices {
  const sorted = (values: Iterable<string>) => [...new Set(values)].sort();
  return {
    routes: sorted(rows.map((row) => row.route)),
    providers: sorted(rows.map((row) => row.provider)),
    features: sorted(rows.map((row) => row.feature ?? '(none)')),
    keyIds: sorted(rows.map((row) => row.keyId ?? '(none)')),
    statuses: [
      'success',
      'failed',
      ...sorted(rows.flatMap((row) => (row.status === null ? [] : [String(row.status)]))),
    ],
  };
}
