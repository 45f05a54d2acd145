/**
 * Measured usage -> per-workload facts: volumes per month, tokens per request, peak-to-mean
 * at minute and hour resolution, the hour-of-week shape, growth, error and fallback rates
 * and latency percentiles per provider and model. Input is either attempts (the gateway's
 * request log, one row per attempt) or usage buckets (a provider's usage export: tokens
 * and requests per time bucket); both become a token series at the data's resolution.
 *
 * Conventions: times are epoch milliseconds, hours are UTC clock hours, hour-of-week 0 is
 * Monday 00:00 UTC (the simulator's minute 0 of the week), a month is 30 days.
 */
import { DAYS_PER_MONTH } from '../units/time.ts';
import { logLinearGrowth, percentileNearestRank, percentiles, type PercentileSummary } from './statistics.ts';

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
export const HOURS_PER_WEEK = 168;
/** The Unix epoch (1970-01-01) was a Thursday: its hour 0 is hour 72 of a Monday-first week. */
const EPOCH_HOUR_OF_WEEK = 72;
/** The hourly peak-to-mean is measured only over at least this many whole clock hours (a day). */
export const MIN_PEAK_HOURS = 24;
/** Growth is fitted only over at least this many whole days (shorter windows say "not measured"). */
export const MIN_GROWTH_FIT_DAYS = 14;

/** One gateway attempt, in the units the measurement reads (the app maps log rows to this). */
export interface MeasuredAttempt {
  requestId: string;
  timeMs: number;
  route: string;
  feature: string | null;
  provider: string;
  providerKind: string;
  model: string;
  attempt: number;
  outcome: 'success' | 'fallback' | 'retried' | 'error' | 'overflow' | 'circuit-open' | 'client-closed';
  inputTokens: number | null;
  cachedInputTokens: number | null;
  outputTokens: number | null;
  ttftMs: number | null;
  totalMs: number | null;
  costUsd: number | null;
}

/** Tokens and requests of one workload in one time bucket (a provider usage export's row). */
export interface UsageBucket {
  /** The workload it belongs to (model, project, feature: the grouping the export used). */
  key: string;
  startMs: number;
  endMs: number;
  /** Null when the export does not count requests (Anthropic's usage report). */
  requests: number | null;
  /** Every input token, cached ones included. */
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  costUsd: number | null;
}

export interface MeasureWindow {
  startMs: number;
  endMs: number;
}

export interface MeasuredLatency {
  /** Gateway target name (or the export's provider). */
  provider: string;
  providerKind: string;
  model: string;
  /** Attempts that answered, measured. */
  samples: number;
  ttftMs: PercentileSummary | null;
  totalMs: PercentileSummary | null;
}

export interface MeasuredWorkload {
  name: string;
  /** What the name is: a feature tag, a route (no feature tag), or the export's grouping. */
  groupedBy: 'feature' | 'route' | 'export';
  windowDays: number;
  /** True when the window is shorter than a month and monthly figures are scaled up from it. */
  extrapolated: boolean;
  /** Client requests (null when the source does not count them). */
  requests: number | null;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  requestsPerMonth: number | null;
  inputTokensPerMonth: number;
  cachedInputTokensPerMonth: number;
  outputTokensPerMonth: number;
  tokensPerMonth: number;
  /** Observed cost per month (attempts whose cost is known), null when none is known. */
  costUsdPerMonth: number | null;
  /** Per answered request; null for sources without requests. */
  tokensPerRequest: {
    inputMean: number;
    inputP95: number;
    outputMean: number;
    outputP95: number;
    /** Requests whose tokens were counted. */
    samples: number;
  } | null;
  /** Peak-to-mean of tokens: busiest minute / mean minute, busiest clock hour / mean hour (null: data too coarse, or under a day of whole hours). */
  peakToMean: { minute: number | null; hour: number | null };
  /** 168 multipliers with mean 1, Monday 00:00 UTC first (null: window under a week or data coarser than an hour). */
  hourOfWeek: number[] | null;
  /** Monthly growth fitted log-linearly on daily tokens (null: under MIN_GROWTH_FIT_DAYS whole days). */
  monthlyGrowthRate: number | null;
  growthFitDays: number;
  /** Requests that got no answer / requests; null without attempts. */
  errorRate: number | null;
  /** Requests answered by a later attempt than the first / requests. */
  fallbackRate: number | null;
  latency: MeasuredLatency[];
  /** Resolution of the token series, in minutes (1 for the gateway log). */
  resolutionMinutes: number;
}

/**
 * Hour of week (0 = Monday 00:00 UTC) of an epoch time.
 * @example hourOfWeekUtc(Date.UTC(2025, 5, 2, 14)) === 14 // Monday 2 June 2025, 14:00 UTC
 */
export function hourOfWeekUtc(timeMs: number): number {
  const epochHour = Math.floor(timeMs / MS_PER_HOUR);
  return (((epochHour + EPOCH_HOUR_OF_WEEK) % HOURS_PER_WEEK) + HOURS_PER_WEEK) % HOURS_PER_WEEK;
}

interface Series {
  /** Token totals per slot of `resolutionMinutes`, from `startMs`. */
  tokens: Float64Array;
  startMs: number;
  resolutionMinutes: number;
}

function seriesFor(window: MeasureWindow, resolutionMinutes: number): Series {
  const slotMs = resolutionMinutes * MS_PER_MINUTE;
  const startMs = Math.floor(window.startMs / slotMs) * slotMs;
  const slots = Math.max(1, Math.ceil((window.endMs - startMs) / slotMs));
  return { tokens: new Float64Array(slots), startMs, resolutionMinutes };
}

function addToSeries(series: Series, timeMs: number, tokens: number): void {
  const slot = Math.floor((timeMs - series.startMs) / (series.resolutionMinutes * MS_PER_MINUTE));
  if (slot >= 0 && slot < series.tokens.length) series.tokens[slot] += tokens;
}

/** Whole clock hours inside the window, with their tokens (series resolution at most an hour). */
function hourTotals(series: Series, window: MeasureWindow): Array<{ startMs: number; tokens: number }> {
  const slotMs = series.resolutionMinutes * MS_PER_MINUTE;
  const firstHourMs = Math.ceil(window.startMs / MS_PER_HOUR) * MS_PER_HOUR;
  const hours: Array<{ startMs: number; tokens: number }> = [];
  for (let hourMs = firstHourMs; hourMs + MS_PER_HOUR <= window.endMs; hourMs += MS_PER_HOUR) {
    let tokens = 0;
    const firstSlot = Math.floor((hourMs - series.startMs) / slotMs);
    const lastSlot = Math.floor((hourMs + MS_PER_HOUR - 1 - series.startMs) / slotMs);
    for (let slot = Math.max(0, firstSlot); slot <= lastSlot && slot < series.tokens.length; slot += 1)
      tokens += series.tokens[slot];
    hours.push({ startMs: hourMs, tokens });
  }
  return hours;
}

/** Peak-to-mean (minute, clock hour), hour-of-week shape and growth of a token series over a window. */
function seriesShape(
  series: Series,
  window: MeasureWindow,
): Pick<MeasuredWorkload, 'peakToMean' | 'hourOfWeek' | 'monthlyGrowthRate' | 'growthFitDays'> {
  const windowMinutes = (window.endMs - window.startMs) / MS_PER_MINUTE;
  let total = 0;
  let peakSlot = 0;
  for (const tokens of series.tokens) {
    total += tokens;
    if (tokens > peakSlot) peakSlot = tokens;
  }
  const meanPerMinute = windowMinutes > 0 ? total / windowMinutes : 0;
  const minute = series.resolutionMinutes <= 1 && meanPerMinute > 0 ? peakSlot / meanPerMinute : null;
  let hour: number | null = null;
  let hourOfWeek: number[] | null = null;
  if (series.resolutionMinutes <= 60) {
    const hours = hourTotals(series, window);
    const hourSum = hours.reduce((sum, entry) => sum + entry.tokens, 0);
    const meanHour = hours.length > 0 ? hourSum / hours.length : 0;
    // One clock hour has no peak to speak of: the hourly figure needs a day of whole hours.
    if (meanHour > 0 && hours.length >= MIN_PEAK_HOURS)
      hour = Math.max(...hours.map((entry) => entry.tokens)) / meanHour;
    const sums = new Array<number>(HOURS_PER_WEEK).fill(0);
    const counts = new Array<number>(HOURS_PER_WEEK).fill(0);
    for (const entry of hours) {
      const index = hourOfWeekUtc(entry.startMs);
      sums[index] += entry.tokens;
      counts[index] += 1;
    }
    if (counts.every((count) => count > 0) && hourSum > 0) {
      const averages = sums.map((sum, index) => sum / counts[index]);
      const meanAverage = averages.reduce((sum, value) => sum + value, 0) / HOURS_PER_WEEK;
      hourOfWeek = averages.map((value) => value / meanAverage);
    }
  }
  // Growth: whole UTC days inside the window; the fit runs on rolling 7-day sums, which take
  // the weekly cycle out (a rolling sum of a geometric series is geometric with the same rate).
  const dayTokens: number[] = [];
  const slotMs = series.resolutionMinutes * MS_PER_MINUTE;
  const firstDayMs = Math.ceil(window.startMs / MS_PER_DAY) * MS_PER_DAY;
  for (let dayMs = firstDayMs; dayMs + MS_PER_DAY <= window.endMs; dayMs += MS_PER_DAY) {
    if (slotMs > MS_PER_DAY) break;
    let tokens = 0;
    const firstSlot = Math.floor((dayMs - series.startMs) / slotMs);
    const lastSlot = Math.floor((dayMs + MS_PER_DAY - 1 - series.startMs) / slotMs);
    for (let slot = Math.max(0, firstSlot); slot <= lastSlot && slot < series.tokens.length; slot += 1)
      tokens += series.tokens[slot];
    dayTokens.push(tokens);
  }
  let monthlyGrowthRate: number | null = null;
  if (dayTokens.length >= MIN_GROWTH_FIT_DAYS) {
    const weekSums: number[] = [];
    for (let day = 0; day + 7 <= dayTokens.length; day += 1)
      weekSums.push(dayTokens.slice(day, day + 7).reduce((sum, tokens) => sum + tokens, 0));
    const daily = logLinearGrowth(
      weekSums.map((_, index) => index),
      weekSums,
    );
    if (daily !== null) monthlyGrowthRate = (1 + daily) ** DAYS_PER_MONTH - 1;
  }
  return { peakToMean: { minute, hour }, hourOfWeek, monthlyGrowthRate, growthFitDays: dayTokens.length };
}

function perMonth(value: number, windowDays: number): number {
  return windowDays > 0 ? (value * DAYS_PER_MONTH) / windowDays : 0;
}

function workloadKey(attempt: MeasuredAttempt): { name: string; groupedBy: 'feature' | 'route' } {
  return attempt.feature
    ? { name: attempt.feature, groupedBy: 'feature' }
    : { name: attempt.route, groupedBy: 'route' };
}

function latencyOf(attempts: ReadonlyArray<MeasuredAttempt>): MeasuredLatency[] {
  const groups = new Map<string, MeasuredAttempt[]>();
  for (const attempt of attempts) {
    if (attempt.outcome !== 'success') continue;
    const key = `${attempt.provider}\u0000${attempt.model}`;
    const group = groups.get(key);
    if (group) group.push(attempt);
    else groups.set(key, [attempt]);
  }
  return [...groups.values()]
    .map((group) => ({
      provider: group[0].provider,
      providerKind: group[0].providerKind,
      model: group[0].model,
      samples: group.length,
      ttftMs: percentiles(group.flatMap((attempt) => (attempt.ttftMs === null ? [] : [attempt.ttftMs]))),
      totalMs: percentiles(group.flatMap((attempt) => (attempt.totalMs === null ? [] : [attempt.totalMs]))),
    }))
    .sort((left, right) => right.samples - left.samples || left.provider.localeCompare(right.provider));
}

const mean = (values: ReadonlyArray<number>) =>
  values.length > 0 ? values.reduce((sum, value) => sum + value, 0) / values.length : 0;

/**
 * One measured workload per feature tag (per route for requests without one) from gateway
 * attempts inside the window. Tokens count the answering attempt of each request (what the
 * workload needs served); requests that got no answer count towards the error rate.
 * @example
 * // 43,200 requests over 30 days on feature "chat", each 1,000 in (200 cached) + 250 out:
 * measureAttempts(attempts, { startMs, endMs: startMs + 30 * 86_400_000 })[0]
 * // { name: 'chat', requestsPerMonth: 43_200, tokensPerMonth: 54_000_000, extrapolated: false, ... }
 */
export function measureAttempts(attempts: ReadonlyArray<MeasuredAttempt>, window: MeasureWindow): MeasuredWorkload[] {
  const inWindow = attempts.filter((attempt) => attempt.timeMs >= window.startMs && attempt.timeMs < window.endMs);
  const byWorkload = new Map<string, { groupedBy: 'feature' | 'route'; attempts: MeasuredAttempt[] }>();
  for (const attempt of inWindow) {
    const { name, groupedBy } = workloadKey(attempt);
    const entry = byWorkload.get(name) ?? { groupedBy, attempts: [] };
    entry.attempts.push(attempt);
    byWorkload.set(name, entry);
  }
  const windowDays = (window.endMs - window.startMs) / MS_PER_DAY;
  const results: MeasuredWorkload[] = [];
  for (const [name, entry] of [...byWorkload.entries()].sort(([left], [right]) => left.localeCompare(right))) {
    const requests = new Map<string, MeasuredAttempt[]>();
    for (const attempt of entry.attempts) {
      const group = requests.get(attempt.requestId);
      if (group) group.push(attempt);
      else requests.set(attempt.requestId, [attempt]);
    }
    const series = seriesFor(window, 1);
    const inputs: number[] = [];
    const outputs: number[] = [];
    let inputTokens = 0;
    let cachedInputTokens = 0;
    let outputTokens = 0;
    let failed = 0;
    let fellBack = 0;
    for (const requestAttempts of requests.values()) {
      const answer = requestAttempts.find((attempt) => attempt.outcome === 'success');
      if (!answer) {
        failed += 1;
        continue;
      }
      // A same-target retry ('retried') is not a fallback: only an earlier attempt on another target is.
      if (requestAttempts.some((attempt) => attempt.attempt < answer.attempt && attempt.outcome !== 'retried'))
        fellBack += 1;
      const input = answer.inputTokens ?? 0;
      const output = answer.outputTokens ?? 0;
      inputTokens += input;
      cachedInputTokens += answer.cachedInputTokens ?? 0;
      outputTokens += output;
      inputs.push(input);
      outputs.push(output);
      addToSeries(series, answer.timeMs, input + output);
    }
    const knownCosts = entry.attempts.flatMap((attempt) => (attempt.costUsd === null ? [] : [attempt.costUsd]));
    const requestCount = requests.size;
    results.push({
      name,
      groupedBy: entry.groupedBy,
      windowDays,
      extrapolated: windowDays < DAYS_PER_MONTH,
      requests: requestCount,
      inputTokens,
      cachedInputTokens,
      outputTokens,
      requestsPerMonth: perMonth(requestCount, windowDays),
      inputTokensPerMonth: perMonth(inputTokens, windowDays),
      cachedInputTokensPerMonth: perMonth(cachedInputTokens, windowDays),
      outputTokensPerMonth: perMonth(outputTokens, windowDays),
      tokensPerMonth: perMonth(inputTokens + outputTokens, windowDays),
      costUsdPerMonth:
        knownCosts.length > 0
          ? perMonth(
              knownCosts.reduce((sum, value) => sum + value, 0),
              windowDays,
            )
          : null,
      tokensPerRequest:
        inputs.length > 0
          ? {
              inputMean: mean(inputs),
              inputP95: percentileNearestRank(inputs, 0.95) ?? 0,
              outputMean: mean(outputs),
              outputP95: percentileNearestRank(outputs, 0.95) ?? 0,
              samples: inputs.length,
            }
          : null,
      ...seriesShape(series, window),
      errorRate: requestCount > 0 ? failed / requestCount : null,
      fallbackRate: requestCount > 0 ? fellBack / requestCount : null,
      latency: latencyOf(entry.attempts),
      resolutionMinutes: 1,
    });
  }
  return results;
}

/**
 * One measured workload per bucket key (a provider export's model or project) inside the
 * window, at the export's bucket width (1 minute, 1 hour or 1 day). Latency, error and
 * fallback rates are not in usage exports: they stay null.
 * @example
 * // 30 daily buckets of 1M input (400k cached) + 200k output tokens and 500 requests each:
 * measureBuckets(buckets, window)[0] // { requestsPerMonth: 15_000, tokensPerMonth: 36_000_000, peakToMean: { minute: null, hour: null }, ... }
 */
export function measureBuckets(buckets: ReadonlyArray<UsageBucket>, window: MeasureWindow): MeasuredWorkload[] {
  const inWindow = buckets.filter((bucket) => bucket.startMs >= window.startMs && bucket.startMs < window.endMs);
  const windowDays = (window.endMs - window.startMs) / MS_PER_DAY;
  const keys = [...new Set(inWindow.map((bucket) => bucket.key))].sort();
  return keys.map((key) => {
    const mine = inWindow.filter((bucket) => bucket.key === key);
    const widestMinutes = Math.max(
      1,
      ...mine.map((bucket) => Math.max(1, (bucket.endMs - bucket.startMs) / MS_PER_MINUTE)),
    );
    const series = seriesFor(window, widestMinutes);
    let inputTokens = 0;
    let cachedInputTokens = 0;
    let outputTokens = 0;
    let requests: number | null = 0;
    let costUsd: number | null = null;
    for (const bucket of mine) {
      inputTokens += bucket.inputTokens;
      cachedInputTokens += bucket.cachedInputTokens;
      outputTokens += bucket.outputTokens;
      requests = requests === null || bucket.requests === null ? null : requests + bucket.requests;
      if (bucket.costUsd !== null) costUsd = (costUsd ?? 0) + bucket.costUsd;
      addToSeries(series, bucket.startMs, bucket.inputTokens + bucket.outputTokens);
    }
    return {
      name: key,
      groupedBy: 'export' as const,
      windowDays,
      extrapolated: windowDays < DAYS_PER_MONTH,
      requests,
      inputTokens,
      cachedInputTokens,
      outputTokens,
      requestsPerMonth: requests === null ? null : perMonth(requests, windowDays),
      inputTokensPerMonth: perMonth(inputTokens, windowDays),
      cachedInputTokensPerMonth: perMonth(cachedInputTokens, windowDays),
      outputTokensPerMonth: perMonth(outputTokens, windowDays),
      tokensPerMonth: perMonth(inputTokens + outputTokens, windowDays),
      costUsdPerMonth: costUsd === null ? null : perMonth(costUsd, windowDays),
      tokensPerRequest: null,
      ...seriesShape(series, window),
      errorRate: null,
      fallbackRate: null,
      latency: [],
      resolutionMinutes: widestMinutes,
    };
  });
}
