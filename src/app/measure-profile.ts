/**
 * The measure use-case: request-log rows (or provider usage buckets) in, a workload profile
 * out, one workload per feature tag (per route where requests carry none), as YAML whose
 * every measured field carries a comment saying where it came from (source, window,
 * sample size) and whose unmeasurable fields are left to the user with a TODO. `plan`
 * reads the result unchanged. No fs: the CLI reads the files and passes the rows.
 */
import { Document, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Catalog } from '../catalog/catalog.ts';
import type { TokenPricedModel } from '../catalog/types.ts';
import {
  measureAttempts,
  measureBuckets,
  MS_PER_DAY,
  MS_PER_HOUR,
  MS_PER_MINUTE,
  type MeasuredAttempt,
  type MeasuredWorkload,
  type MeasureWindow,
  type UsageBucket,
} from '../core/measure/usage.ts';
import { fail, problem, succeed, type Outcome } from '../core/problem.ts';
import { parseProfile } from '../core/workload/parse.ts';
import type { Measured } from '../core/workload/measured.ts';
import type { WorkloadProfile } from '../core/workload/schema.ts';
import { DAYS_PER_MONTH } from '../core/units/time.ts';
import type { RequestLogRow } from '../store/types.ts';

/** Tokens per request assumed when a source counts tokens but not requests (Anthropic's usage report). */
export const ASSUMED_TOKENS_PER_REQUEST = 2000;

export interface MeasureSource {
  kind: 'gateway-log' | 'openai-usage' | 'anthropic-usage';
  /** The file it was read from (shown in comments and warnings). */
  name: string;
}

export interface MeasureInput {
  source: MeasureSource;
  rows?: ReadonlyArray<RequestLogRow>;
  buckets?: ReadonlyArray<UsageBucket>;
  /** Start of the window (`--since`); default: the first row. */
  sinceMs?: number;
  /** End of the window: now when `sinceMs` is given, else the last row. */
  nowMs: number;
}

export interface Measurement {
  source: MeasureSource;
  window: MeasureWindow;
  workloads: MeasuredWorkload[];
}

/** A log row in the units the measurement reads. */
export function attemptFromRow(row: RequestLogRow): MeasuredAttempt {
  return {
    requestId: row.requestId,
    timeMs: Date.parse(row.time),
    route: row.route,
    feature: row.feature,
    provider: row.provider,
    providerKind: row.providerKind,
    model: row.model,
    attempt: row.attempt,
    outcome: row.outcome,
    inputTokens: row.inputTokens,
    cachedInputTokens: row.cachedInputTokens,
    outputTokens: row.outputTokens,
    ttftMs: row.ttftMs,
    totalMs: row.totalMs,
    costUsd: row.costUsd,
  };
}

/**
 * Measures rows or buckets over the window: from `sinceMs` to now, or (without `sinceMs`)
 * from the first row's clock hour to the end of the last row's clock hour (for buckets:
 * the first bucket's start to the last one's end). A problem when there is nothing to measure.
 */
export function measureUsage(input: MeasureInput): Outcome<Measurement> {
  const attempts = (input.rows ?? []).map(attemptFromRow).filter((attempt) => Number.isFinite(attempt.timeMs));
  const buckets = input.buckets ?? [];
  const times =
    attempts.length > 0 ? attempts.map((attempt) => attempt.timeMs) : buckets.map((bucket) => bucket.startMs);
  if (times.length === 0)
    return fail(problem(input.source.name, undefined, 'no usage to measure (no log rows or buckets in the window)'));
  const firstMs = times.reduce((low, time) => Math.min(low, time), Number.POSITIVE_INFINITY);
  const lastMs = times.reduce((high, time) => Math.max(high, time), Number.NEGATIVE_INFINITY);
  let startMs = input.sinceMs ?? Math.floor(firstMs / MS_PER_HOUR) * MS_PER_HOUR;
  let endMs = input.nowMs;
  if (input.sinceMs === undefined)
    endMs =
      attempts.length > 0
        ? Math.floor(lastMs / MS_PER_HOUR) * MS_PER_HOUR + MS_PER_HOUR
        : buckets.reduce((high, bucket) => Math.max(high, bucket.endMs), Number.NEGATIVE_INFINITY);
  if (endMs <= startMs) startMs = endMs - MS_PER_MINUTE;
  const window = { startMs, endMs };
  const workloads = attempts.length > 0 ? measureAttempts(attempts, window) : measureBuckets(buckets, window);
  if (workloads.length === 0)
    return fail(problem('--since', new Date(startMs).toISOString(), 'no usage in the window'));
  return succeed({ source: input.source, window, workloads });
}

const round = (value: number, digits: number) => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};
const clamp = (value: number, low: number, high: number) => Math.min(high, Math.max(low, value));
const count = (value: number) => Math.round(value).toLocaleString('en-US');

/** The catalog's frontier-API entry for a model name as a gateway or export writes it (dated snapshots included). */
function frontierEntryFor(catalog: Catalog, model: string): TokenPricedModel | undefined {
  const candidates = catalog.tokenPriced.filter(
    (entry) =>
      entry.kind === 'frontier-api' &&
      (entry.apiModelName === model || entry.id === model || model.startsWith(`${entry.apiModelName}-20`)),
  );
  return candidates.sort((left, right) => right.apiModelName.length - left.apiModelName.length)[0];
}

export interface MeasuredProfile {
  profile: WorkloadProfile;
  /** The profile as YAML with a comment on every measured field and TODOs for the rest. */
  yaml: string;
  warnings: string[];
  measurement: Measurement;
}

interface WorkloadDraft {
  object: Record<string, unknown>;
  comments: Array<{ path: Array<string | number>; text: string; place: 'before' | 'inline' }>;
}

function sourceLabel(source: MeasureSource): string {
  const kinds: Record<MeasureSource['kind'], string> = {
    'gateway-log': 'gateway log',
    'openai-usage': 'OpenAI usage export',
    'anthropic-usage': 'Anthropic usage export',
  };
  return `${kinds[source.kind]} ${source.name}`;
}

function draftWorkload(
  workload: MeasuredWorkload,
  measurement: Measurement,
  catalog: Catalog,
  warnings: string[],
): WorkloadDraft {
  const { window, source } = measurement;
  const from = new Date(window.startMs).toISOString();
  const to = new Date(window.endMs).toISOString();
  const days = round(workload.windowDays, 2);
  const where = `${sourceLabel(source)}, ${from.slice(0, 16)}Z..${to.slice(0, 16)}Z (${days} days)`;
  const scaled = workload.extrapolated
    ? `, extrapolated x${round(DAYS_PER_MONTH / workload.windowDays, 2)} to 30 days`
    : '';
  const comments: WorkloadDraft['comments'] = [];
  const samples =
    workload.requests === null ? 'requests not counted by the source' : `${count(workload.requests)} requests`;
  if (workload.extrapolated)
    warnings.push(
      `${workload.name}: the window is ${days} days, shorter than a month: monthly figures are extrapolated x${round(DAYS_PER_MONTH / workload.windowDays, 2)}`,
    );

  let volume: Record<string, number>;
  let tokens: Record<string, number>;
  const cachedShare = workload.inputTokens > 0 ? workload.cachedInputTokens / workload.inputTokens : 0;
  const perRequest = workload.tokensPerRequest;
  if (workload.requestsPerMonth !== null && perRequest && workload.requestsPerMonth > 0) {
    volume = { requestsPerDay: round(workload.requestsPerMonth / DAYS_PER_MONTH, 2) };
    tokens = {
      inputPerRequest: Math.max(0.1, round(perRequest.inputMean, 1)),
      outputPerRequest: Math.max(0.1, round(perRequest.outputMean, 1)),
      cachedInputShare: round(clamp(cachedShare, 0, 1), 4),
    };
    comments.push({
      path: ['volume', 'requestsPerDay'],
      text: ` measured: ${count(workload.requests ?? 0)} requests in ${days} days${scaled}`,
      place: 'inline',
    });
    comments.push({
      path: ['tokens', 'inputPerRequest'],
      text: ` measured mean over ${count(perRequest.samples)} answered requests (p95 ${count(perRequest.inputP95)})`,
      place: 'inline',
    });
    comments.push({
      path: ['tokens', 'outputPerRequest'],
      text: ` measured mean (p95 ${count(perRequest.outputP95)})`,
      place: 'inline',
    });
  } else if (workload.requestsPerMonth !== null && workload.requestsPerMonth > 0) {
    // An export with request counts: means per request from its totals.
    const requests = workload.requests ?? 1;
    volume = { requestsPerDay: round(workload.requestsPerMonth / DAYS_PER_MONTH, 2) };
    tokens = {
      inputPerRequest: Math.max(0.1, round(workload.inputTokens / requests, 1)),
      outputPerRequest: Math.max(0.1, round(workload.outputTokens / requests, 1)),
      cachedInputShare: round(clamp(cachedShare, 0, 1), 4),
    };
    comments.push({
      path: ['volume', 'requestsPerDay'],
      text: ` measured: ${count(requests)} requests in ${days} days${scaled}`,
      place: 'inline',
    });
    comments.push({
      path: ['tokens', 'inputPerRequest'],
      text: ` measured: input tokens / requests (the export has totals, no p95)`,
      place: 'inline',
    });
  } else {
    const total = workload.inputTokens + workload.outputTokens;
    const inputShare = total > 0 ? workload.inputTokens / total : 0.75;
    volume = { tokensPerMonth: Math.max(1, Math.round(workload.tokensPerMonth)) };
    tokens = {
      inputPerRequest: Math.max(1, Math.round(ASSUMED_TOKENS_PER_REQUEST * inputShare)),
      outputPerRequest: Math.max(1, Math.round(ASSUMED_TOKENS_PER_REQUEST * (1 - inputShare))),
      cachedInputShare: round(clamp(cachedShare, 0, 1), 4),
    };
    comments.push({
      path: ['volume', 'tokensPerMonth'],
      text: ` measured: ${count(total)} tokens in ${days} days${scaled}`,
      place: 'inline',
    });
    comments.push({
      path: ['tokens', 'inputPerRequest'],
      text: ` TODO: the source does not count requests; ${ASSUMED_TOKENS_PER_REQUEST} tokens per request assumed, split by the measured input:output ratio`,
      place: 'inline',
    });
    warnings.push(
      `${workload.name}: ${sourceLabel(source)} has no request counts: tokens per request assume ${ASSUMED_TOKENS_PER_REQUEST} in total (set tokens.inputPerRequest/outputPerRequest)`,
    );
  }
  comments.push({
    path: ['tokens', 'cachedInputShare'],
    text: ` measured: ${count(workload.cachedInputTokens)} cached of ${count(workload.inputTokens)} input tokens`,
    place: 'inline',
  });

  const traffic: Record<string, unknown> = {};
  const hourPeak = workload.peakToMean.hour;
  if (hourPeak !== null) {
    traffic.peakToMeanRatio = round(clamp(hourPeak, 1, 50), 3);
    comments.push({
      path: ['traffic', 'peakToMeanRatio'],
      text: ` measured: busiest clock hour / mean hour${workload.peakToMean.minute !== null ? ` (busiest minute / mean minute: ${round(workload.peakToMean.minute, 2)})` : ''}`,
      place: 'inline',
    });
  } else {
    traffic.peakToMeanRatio = 2;
    comments.push({
      path: ['traffic', 'peakToMeanRatio'],
      text: ` TODO: not measured (${workload.resolutionMinutes > 60 ? `${sourceLabel(source)} has ${workload.resolutionMinutes >= 1440 ? 'daily' : 'coarse'} buckets` : 'the window has under a day of whole hours'}); 2 is the default`,
      place: 'inline',
    });
    warnings.push(
      `${workload.name}: hourly peak-to-mean not measured (${workload.resolutionMinutes > 60 ? `buckets of ${workload.resolutionMinutes} minutes` : 'under a day of whole hours'}); default 2 kept`,
    );
  }
  if (workload.monthlyGrowthRate !== null) {
    const fitted = workload.monthlyGrowthRate;
    traffic.monthlyGrowthRate = round(clamp(fitted, -0.5, 2), 4);
    comments.push({
      path: ['traffic', 'monthlyGrowthRate'],
      text: ` measured: log-linear fit on rolling 7-day token sums over ${workload.growthFitDays} whole days${fitted !== traffic.monthlyGrowthRate && (fitted < -0.5 || fitted > 2) ? ` (fitted ${round(fitted, 3)}, clamped)` : ''}`,
      place: 'inline',
    });
  } else {
    traffic.monthlyGrowthRate = 0;
    comments.push({
      path: ['traffic', 'monthlyGrowthRate'],
      text: ` TODO: not measured (needs 14 whole days, the window has ${workload.growthFitDays}); 0 assumed`,
      place: 'inline',
    });
  }
  if (workload.hourOfWeek) {
    traffic.hourOfWeek = workload.hourOfWeek.map((level) => round(level, 3));
    comments.push({
      path: ['traffic', 'hourOfWeek'],
      text: ` measured: tokens per hour of week (UTC, Monday 00:00 first) / mean hour; the simulator uses this shape`,
      place: 'before',
    });
  } else {
    comments.push({
      path: ['traffic', 'peakToMeanRatio'],
      text: ` hour-of-week shape not measured (needs a week of data at hourly resolution or finer); the simulator uses traffic.pattern`,
      place: 'before',
    });
    warnings.push(
      `${workload.name}: no hour-of-week shape (the window is under a week or the data is coarser than an hour)`,
    );
  }

  const latency = workload.latency
    .filter((entry) => entry.ttftMs !== null || entry.totalMs !== null)
    .map((entry) => ({
      provider: entry.provider,
      providerKind: entry.providerKind,
      model: entry.model,
      samples: entry.samples,
      ttftMs: entry.ttftMs && {
        p50: round(entry.ttftMs.p50, 1),
        p95: round(entry.ttftMs.p95, 1),
        p99: round(entry.ttftMs.p99, 1),
      },
      totalMs: entry.totalMs && {
        p50: round(entry.totalMs.p50, 1),
        p95: round(entry.totalMs.p95, 1),
        p99: round(entry.totalMs.p99, 1),
      },
    }));
  const measured: Measured = {
    source: sourceLabel(source),
    window: { from, to, days },
    requests: workload.requests,
    tokensPerMonth: {
      input: Math.round(workload.inputTokensPerMonth),
      cachedInput: Math.round(workload.cachedInputTokensPerMonth),
      output: Math.round(workload.outputTokensPerMonth),
    },
    ...(perRequest
      ? {
          tokensPerRequest: {
            inputMean: round(perRequest.inputMean, 1),
            inputP95: perRequest.inputP95,
            outputMean: round(perRequest.outputMean, 1),
            outputP95: perRequest.outputP95,
          },
        }
      : {}),
    peakToMean: {
      minute: workload.peakToMean.minute === null ? null : round(workload.peakToMean.minute, 3),
      hour: workload.peakToMean.hour === null ? null : round(workload.peakToMean.hour, 3),
    },
    monthlyGrowthRate: workload.monthlyGrowthRate === null ? null : round(workload.monthlyGrowthRate, 4),
    errorRate: workload.errorRate === null ? null : round(workload.errorRate, 4),
    fallbackRate: workload.fallbackRate === null ? null : round(workload.fallbackRate, 4),
    costUsdPerMonth: workload.costUsdPerMonth === null ? null : round(workload.costUsdPerMonth, 2),
    ...(latency.length > 0 ? { latency } : {}),
  };
  comments.push({ path: ['measured'], text: ` measured: ${where}, ${samples}${scaled}`, place: 'before' });
  if (latency.length > 0)
    comments.push({
      path: ['measured', 'latency'],
      text: ' TTFT and total latency of answered attempts per target and model (ms); plan uses them in place of the catalog TTFT for matching API offers',
      place: 'before',
    });

  const frontier = [
    ...workload.latency.map((entry) => entry.model),
    ...(workload.groupedBy === 'export' ? [workload.name] : []),
  ]
    .map((model) => frontierEntryFor(catalog, model))
    .find((entry) => entry !== undefined);
  const object: Record<string, unknown> = {
    name: workload.name,
    description: `Measured ${workload.groupedBy === 'feature' ? 'feature' : workload.groupedBy === 'route' ? 'route' : 'usage'} "${workload.name}" from ${where}`,
    volume,
    tokens,
    traffic,
    data: { sensitivity: 'internal' },
    ...(frontier ? { choices: { apiModel: frontier.id } } : {}),
    measured,
  };
  comments.push({
    path: ['data', 'sensitivity'],
    text: ' TODO: public | internal | regulated: a log cannot tell what the prompts contain',
    place: 'inline',
  });
  comments.push({
    path: ['data'],
    text: ' TODO: also set residencyRequired / airGapped, latency.ttftMs (your SLO) and requirements.openModels',
    place: 'before',
  });
  if (frontier)
    comments.push({
      path: ['choices', 'apiModel'],
      text: ` measured: the frontier model this workload's traffic went to`,
      place: 'inline',
    });
  return { object, comments };
}

function pairAt(document: Document, path: ReadonlyArray<string | number>): Pair<Node, Node> | undefined {
  const parent = path.length > 1 ? document.getIn(path.slice(0, -1), true) : document.contents;
  if (!isMap(parent)) return undefined;
  const key = path[path.length - 1];
  return (parent as YAMLMap<Node, Node>).items.find((pair) => isScalar(pair.key) && pair.key.value === key);
}

/**
 * The measured workloads as a profile: validated (so `plan` accepts it) and written as YAML
 * with comments. Frontier API choice: the catalog model the traffic went to, where one matches.
 */
export function measuredProfile(measurement: Measurement, catalog: Catalog): Outcome<MeasuredProfile> {
  const warnings: string[] = [];
  const drafts = measurement.workloads.map((workload) => draftWorkload(workload, measurement, catalog, warnings));
  const input = {
    version: 1,
    organization: { mlOpsCapacity: 'limited' },
    workloads: drafts.map((draft) => draft.object),
  };
  const parsed = parseProfile(input);
  if (!parsed.ok) return fail(...parsed.problems);
  const document = new Document(input);
  document.commentBefore = [
    ` Workload profile measured by switchyard profile from ${sourceLabel(measurement.source)}`,
    ` window ${new Date(measurement.window.startMs).toISOString()} .. ${new Date(measurement.window.endMs).toISOString()} (${round((measurement.window.endMs - measurement.window.startMs) / MS_PER_DAY, 2)} days)`,
    ' Comments say where each number came from; TODO marks what a log cannot measure.',
  ].join('\n');
  const organization = pairAt(document, ['organization', 'mlOpsCapacity']);
  if (organization && isScalar(organization.value))
    organization.value.comment = ' TODO: none | limited | dedicated: who would run GPUs (not in any log)';
  drafts.forEach((draft, index) => {
    for (const comment of draft.comments) {
      const pair = pairAt(document, ['workloads', index, ...comment.path]);
      if (!pair) continue;
      if (comment.place === 'before') {
        if (isScalar(pair.key))
          pair.key.commentBefore = pair.key.commentBefore ? `${pair.key.commentBefore}\n${comment.text}` : comment.text;
      } else if (pair.value && isScalar(pair.value)) pair.value.comment = comment.text;
    }
    const hourOfWeek = document.getIn(['workloads', index, 'traffic', 'hourOfWeek'], true);
    if (isSeq(hourOfWeek)) hourOfWeek.flow = true;
  });
  return succeed({
    profile: parsed.value,
    yaml: document.toString({ lineWidth: 0 }),
    warnings,
    measurement,
  });
}
