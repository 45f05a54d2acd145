/**
 * A recorded trace (one row per request: when, input tokens, output tokens) turned into
 * a per-minute demand series over a horizon: binned per minute from the first record,
 * repeated end to end, optionally grown month by month.
 */
import { MINUTES_PER_HOUR } from '../units/time.ts';
import { MINUTES_PER_MONTH } from './demand.ts';
import { MINUTES_PER_DAY, MINUTES_PER_WEEK } from './shapes.ts';

export interface TraceRecord {
  /** Unix epoch milliseconds (UTC). */
  timestampMs: number;
  inputTokens: number;
  outputTokens: number;
}

const MS_PER_MINUTE = 60_000;
/** 1970-01-01 was a Thursday: index 3 with Monday = 0. */
const EPOCH_DAY_OF_WEEK = 3;

/**
 * Minute of the week (Monday 00:00 UTC = 0) of an epoch timestamp.
 * @example minuteOfWeekFromEpochMs(Date.UTC(2024, 0, 1, 9, 30)) === 570 // Monday 2024-01-01 09:30
 */
export function minuteOfWeekFromEpochMs(timestampMs: number): number {
  const minutes = Math.floor(timestampMs / MS_PER_MINUTE);
  const days = Math.floor(minutes / MINUTES_PER_DAY);
  const dayOfWeek = (((days + EPOCH_DAY_OF_WEEK) % 7) + 7) % 7;
  const minuteOfDay = minutes - days * MINUTES_PER_DAY;
  return (dayOfWeek * MINUTES_PER_DAY + minuteOfDay) % MINUTES_PER_WEEK;
}

export interface TraceDemand {
  demandTokensPerMinute: Float64Array;
  /** Minute of the week of the first record (UTC). */
  startMinuteOfWeek: number;
  /** Length of the recorded trace in minutes (first to last record, inclusive). */
  traceMinutes: number;
  traceTokens: number;
}

export interface TraceDemandInput {
  records: ReadonlyArray<TraceRecord>;
  /** Horizon length in minutes. */
  minutes: number;
  /** Compound growth applied per 30-day month of the horizon (month 0 = as recorded). Default 0. */
  monthlyGrowthRate?: number;
}

/**
 * Bins a trace per minute and repeats it over the horizon.
 *
 * @example
 * // records at 00:00:10 (100+50 tokens), 00:00:50 (10+0) and 00:02:00 (200+100):
 * // one trace period = 3 minutes [160, 0, 300]; over 7 minutes:
 * demandFromTrace({ records, minutes: 7 }).demandTokensPerMinute // [160, 0, 300, 160, 0, 300, 160]
 */
export function demandFromTrace(input: TraceDemandInput): TraceDemand {
  if (input.records.length === 0) throw new RangeError('the trace has no records');
  if (!Number.isInteger(input.minutes) || input.minutes <= 0)
    throw new RangeError(`minutes must be a positive whole number; got ${input.minutes}`);
  let firstMs = Infinity;
  let lastMs = -Infinity;
  for (const record of input.records) {
    if (record.timestampMs < firstMs) firstMs = record.timestampMs;
    if (record.timestampMs > lastMs) lastMs = record.timestampMs;
  }
  const firstMinute = Math.floor(firstMs / MS_PER_MINUTE);
  const traceMinutes = Math.floor(lastMs / MS_PER_MINUTE) - firstMinute + 1;
  const period = new Float64Array(traceMinutes);
  let traceTokens = 0;
  for (const record of input.records) {
    const tokens = record.inputTokens + record.outputTokens;
    period[Math.floor(record.timestampMs / MS_PER_MINUTE) - firstMinute] += tokens;
    traceTokens += tokens;
  }
  const growth = 1 + (input.monthlyGrowthRate ?? 0);
  const demand = new Float64Array(input.minutes);
  let periodMinute = 0;
  let factor = 1;
  for (let minute = 0; minute < input.minutes; minute += 1) {
    if (minute > 0 && minute % MINUTES_PER_MONTH === 0) factor *= growth;
    demand[minute] = period[periodMinute] * factor;
    periodMinute += 1;
    if (periodMinute === traceMinutes) periodMinute = 0;
  }
  return {
    demandTokensPerMinute: demand,
    startMinuteOfWeek: minuteOfWeekFromEpochMs(firstMs),
    traceMinutes,
    traceTokens,
  };
}

/** Mean tokens per hour of a trace over its own span. @example traceMeanTokensPerHour(3-minute trace of 460 tokens) === 9200 */
export function traceMeanTokensPerHour(trace: Pick<TraceDemand, 'traceMinutes' | 'traceTokens'>): number {
  return (trace.traceTokens / trace.traceMinutes) * MINUTES_PER_HOUR;
}
