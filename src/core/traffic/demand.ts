/**
 * Per-minute demand (tokens per minute, input + output) generated from a workload
 * profile: weekly shape x monthly growth x random bursts x request-count noise, then
 * rescaled month by month (bursts and noise move tokens within a month, never add any) so each month carries exactly the profile's volume
 * (`workloadVolume(workload, monthIndex).tokensPerMonth`).
 */
import { DAYS_PER_MONTH, MINUTES_PER_HOUR } from '../units/time.ts';
import { workloadVolume } from '../workload/volume.ts';
import type { Workload } from '../workload/schema.ts';
import { createRandom, deriveSeed, poissonSample, type RandomSource } from './random.ts';
import { MINUTES_PER_DAY, MINUTES_PER_WEEK, weeklyShape } from './shapes.ts';

/** A planning month is 30 days: 43,200 minutes. */
export const MINUTES_PER_MONTH = DAYS_PER_MONTH * MINUTES_PER_DAY;
/** Horizons longer than this are refused (10 years at one-minute resolution = 5.2M minutes). */
export const MAX_SIMULATION_MONTHS = 120;
/** Burst shape: a jump to (1 + height) x the normal level that decays linearly to 1. */
export const BURST_MIN_MINUTES = 5;
export const BURST_MAX_MINUTES = 30;
export const BURST_MIN_HEIGHT = 0.5;
export const BURST_MAX_HEIGHT = 2;

export interface GenerateDemandInput {
  workload: Workload;
  /** Horizon in planning months (30 days); fractions allowed (12.1667 months = 365 days). */
  months: number;
  seed: number;
  /** Only one-minute steps are supported. */
  minutesPerStep?: 1;
  /** Where the series starts in the week (0 = Monday 00:00 local). Default 0. */
  startMinuteOfWeek?: number;
  /** Draw each minute's request count from a Poisson distribution (default true). */
  requestNoise?: boolean;
}

/** Number of one-minute steps in a horizon. @example horizonMinutes(12) === 518_400 // 12 x 30 x 1440 */
export function horizonMinutes(months: number): number {
  if (!Number.isFinite(months) || months <= 0 || months > MAX_SIMULATION_MONTHS) {
    throw new RangeError(`months must be more than 0 and at most ${MAX_SIMULATION_MONTHS}; got ${months}`);
  }
  return Math.max(1, Math.round(months * MINUTES_PER_MONTH));
}

/** Multiplies `series` in place by random bursts: Poisson(burstsPerDay) a day, start uniform in the day. */
function applyBursts(series: Float64Array, burstsPerDay: number, random: RandomSource): void {
  if (burstsPerDay <= 0) return;
  const days = Math.ceil(series.length / MINUTES_PER_DAY);
  for (let day = 0; day < days; day += 1) {
    const count = poissonSample(random, burstsPerDay);
    for (let burst = 0; burst < count; burst += 1) {
      const start = day * MINUTES_PER_DAY + Math.floor(random() * MINUTES_PER_DAY);
      const duration = BURST_MIN_MINUTES + Math.floor(random() * (BURST_MAX_MINUTES - BURST_MIN_MINUTES + 1));
      const height = BURST_MIN_HEIGHT + random() * (BURST_MAX_HEIGHT - BURST_MIN_HEIGHT);
      const end = Math.min(series.length, start + duration);
      for (let minute = start; minute < end; minute += 1)
        series[minute] *= 1 + height * (1 - (minute - start) / duration);
    }
  }
}

/**
 * Generates the per-minute demand in tokens (input + output) for a workload.
 *
 * The mean is exact: month i of the series sums to `workloadVolume(workload, i).tokensPerMonth`
 * (pro rata for a partial last month). The busiest clock hour of a week (without growth)
 * is about `traffic.peakToMeanRatio` x the mean hour; bursts and noise add a little.
 *
 * @example
 * // 10,000 requests/day x 2,000 tokens = 20M tokens/day = 13,888.9 tokens/minute on average:
 * const demand = generateDemand({ workload, months: 1, seed: 1 });
 * demand.length === 43_200; sum(demand) === 600_000_000 // (to rounding)
 */
export function generateDemand(input: GenerateDemandInput): Float64Array {
  if (input.minutesPerStep !== undefined && input.minutesPerStep !== 1)
    throw new RangeError(`minutesPerStep must be 1; got ${String(input.minutesPerStep)}`);
  const { workload } = input;
  const minutes = horizonMinutes(input.months);
  // The shape is on the users' local clock; the series is on the fleet's (UTC) clock.
  const localStart = (input.startMinuteOfWeek ?? 0) + (workload.traffic.utcOffsetHours ?? 0) * 60;
  const startMinuteOfWeek = ((Math.round(localStart) % MINUTES_PER_WEEK) + MINUTES_PER_WEEK) % MINUTES_PER_WEEK;
  const shape = weeklyShape(workload.traffic).minuteMultipliers;
  const demand = new Float64Array(minutes);

  // 1. Expected requests per minute: shape x month-step growth.
  const baseRequestsPerMinute = workloadVolume(workload, 0).requestsPerMonth / MINUTES_PER_MONTH;
  let weekMinute = startMinuteOfWeek;
  let level = baseRequestsPerMinute;
  for (let minute = 0; minute < minutes; minute += 1) {
    if (minute > 0 && minute % MINUTES_PER_MONTH === 0) level *= 1 + workload.traffic.monthlyGrowthRate;
    demand[minute] = shape[weekMinute] * level;
    weekMinute += 1;
    if (weekMinute === MINUTES_PER_WEEK) weekMinute = 0;
  }
  // 2. Bursts (their own stream, so noise on/off does not move them).
  applyBursts(demand, workload.traffic.burstsPerDay, createRandom(deriveSeed(input.seed, 'bursts')));
  // 3. Request-count noise.
  if (input.requestNoise ?? true) {
    const random = createRandom(deriveSeed(input.seed, 'requests'));
    for (let minute = 0; minute < minutes; minute += 1) demand[minute] = poissonSample(random, demand[minute]);
  }
  // 4. Exact monthly volume.
  for (let monthStart = 0, month = 0; monthStart < minutes; monthStart += MINUTES_PER_MONTH, month += 1) {
    const monthEnd = Math.min(minutes, monthStart + MINUTES_PER_MONTH);
    const wantedTokens = workloadVolume(workload, month).tokensPerMonth * ((monthEnd - monthStart) / MINUTES_PER_MONTH);
    let requests = 0;
    for (let minute = monthStart; minute < monthEnd; minute += 1) requests += demand[minute];
    if (requests <= 0) {
      const even = wantedTokens / (monthEnd - monthStart);
      for (let minute = monthStart; minute < monthEnd; minute += 1) demand[minute] = even;
      continue;
    }
    const tokensPerUnit = wantedTokens / requests;
    for (let minute = monthStart; minute < monthEnd; minute += 1) demand[minute] *= tokensPerUnit;
  }
  return demand;
}

export interface DemandSummary {
  minutes: number;
  totalTokens: number;
  meanTokensPerHour: number;
  /** Tokens in the busiest clock hour (hours aligned to `startMinuteOfWeek`'s clock). */
  peakHourTokens: number;
  /** Busiest clock hour / mean hour. */
  peakToMeanRatio: number;
  peakMinuteTokens: number;
}

/**
 * Summary figures of a demand series.
 *
 * @example
 * // two hours: the first at 60 tokens/minute, the second at 180 -> mean 7,200 tokens/hour,
 * // peak hour 10,800 tokens, peak-to-mean 1.5
 * summarizeDemand(new Float64Array([...60 x 60, ...180 x 60])).peakToMeanRatio === 1.5
 */
export function summarizeDemand(demand: Float64Array, startMinuteOfWeek = 0): DemandSummary {
  let totalTokens = 0;
  let peakMinuteTokens = 0;
  let peakHourTokens = 0;
  let hourTokens = 0;
  let hourMinutes = 0;
  let minuteOfHour = ((Math.round(startMinuteOfWeek) % MINUTES_PER_HOUR) + MINUTES_PER_HOUR) % MINUTES_PER_HOUR;
  for (let minute = 0; minute < demand.length; minute += 1) {
    const tokens = demand[minute];
    totalTokens += tokens;
    if (tokens > peakMinuteTokens) peakMinuteTokens = tokens;
    hourTokens += tokens;
    hourMinutes += 1;
    minuteOfHour += 1;
    if (minuteOfHour === MINUTES_PER_HOUR || minute === demand.length - 1) {
      // A partial clock hour at either end counts only when the series is shorter than an hour.
      if (hourMinutes === MINUTES_PER_HOUR || demand.length < MINUTES_PER_HOUR) {
        const scaled = (hourTokens * MINUTES_PER_HOUR) / hourMinutes;
        if (scaled > peakHourTokens) peakHourTokens = scaled;
      }
      hourTokens = 0;
      hourMinutes = 0;
      minuteOfHour = 0;
    }
  }
  const meanTokensPerHour = demand.length > 0 ? (totalTokens / demand.length) * MINUTES_PER_HOUR : 0;
  return {
    minutes: demand.length,
    totalTokens,
    meanTokensPerHour,
    peakHourTokens,
    peakToMeanRatio: meanTokensPerHour > 0 ? peakHourTokens / meanTokensPerHour : 1,
    peakMinuteTokens,
  };
}
