/**
 * Traffic shapes: the deterministic part of a demand series (daily cycle x day of week),
 * calibrated so that the busiest clock hour of the week carries the profile's
 * peak-to-mean ratio.
 *
 * Conventions: minute 0 of the week is Monday 00:00 in the workload's local time;
 * Saturday and Sunday are the weekend.
 */
import type { Workload } from '../workload/schema.ts';

export const MINUTES_PER_DAY = 1440;
export const MINUTES_PER_WEEK = 10_080;
export const HOURS_PER_WEEK = 168;
/** Clock hour (local) at which the sinusoid pattern peaks. */
export const SINUSOID_PEAK_HOUR = 14;
/** Business hours: full traffic from 09:00 to 18:00 with one-hour linear ramps either side. */
export const BUSINESS_START_HOUR = 9;
export const BUSINESS_END_HOUR = 18;
export const BUSINESS_RAMP_MINUTES = 60;
/** Business-hours traffic rises gently towards 13:30, so a high peak-to-mean can sharpen it. */
export const BUSINESS_MIDDAY_HOUR = 13.5;

export type TrafficPattern = Workload['traffic']['pattern'];

/** Largest shape intensity tried by the calibration (a very narrow daily peak). */
const MAX_INTENSITY = 10_000_000;

/**
 * The raw daily pattern in [0, 1] (1 at the busiest minute), before calibration.
 *
 * @example
 * dailyPatternValue('sinusoid', 14 * 60) === 1   // peak at 14:00
 * dailyPatternValue('sinusoid', 2 * 60)  === 0   // trough 12 hours later
 * dailyPatternValue('business-hours', 3 * 60) === 0 // night
 * dailyPatternValue('flat', 123) === 1
 */
export function dailyPatternValue(pattern: TrafficPattern, minuteOfDay: number): number {
  const hour = minuteOfDay / 60;
  if (pattern === 'flat') return 1;
  if (pattern === 'sinusoid') {
    const value = (1 + Math.cos((2 * Math.PI * (hour - SINUSOID_PEAK_HOUR)) / 24)) / 2;
    return value < 1e-12 ? 0 : value;
  }
  const start = BUSINESS_START_HOUR * 60;
  const end = BUSINESS_END_HOUR * 60;
  let plateau: number;
  if (minuteOfDay >= start && minuteOfDay < end) plateau = 1;
  else if (minuteOfDay >= start - BUSINESS_RAMP_MINUTES && minuteOfDay < start)
    plateau = (minuteOfDay - (start - BUSINESS_RAMP_MINUTES)) / BUSINESS_RAMP_MINUTES;
  else if (minuteOfDay >= end && minuteOfDay < end + BUSINESS_RAMP_MINUTES)
    plateau = 1 - (minuteOfDay - end) / BUSINESS_RAMP_MINUTES;
  else plateau = 0;
  const hump = (1 + Math.cos((2 * Math.PI * (hour - BUSINESS_MIDDAY_HOUR)) / 24)) / 2;
  return plateau * (0.8 + 0.2 * hump);
}

/**
 * Day-of-week multipliers, Monday first: weekdays 1, Saturday and Sunday `weekendFactor`.
 * @example dayOfWeekFactors(0.5) // [1, 1, 1, 1, 1, 0.5, 0.5]
 */
export function dayOfWeekFactors(weekendFactor: number): number[] {
  return [1, 1, 1, 1, 1, weekendFactor, weekendFactor];
}

/**
 * Peak-to-mean of the busiest clock hour of a per-minute daily shape (1440 values).
 * @example hourlyPeakToMean(a shape that is 2 from 00:00 to 11:59 and 0 after) === 2
 */
export function hourlyPeakToMean(dailyShape: ArrayLike<number>): number {
  let total = 0;
  let peakHour = 0;
  for (let hour = 0; hour < 24; hour += 1) {
    let hourTotal = 0;
    for (let minute = hour * 60; minute < hour * 60 + 60; minute += 1) hourTotal += dailyShape[minute];
    total += hourTotal;
    if (hourTotal > peakHour) peakHour = hourTotal;
  }
  return total > 0 ? (peakHour * 24) / total : 1;
}

/** Intensity x: 0 = flat, 1 = the raw pattern, above 1 = the pattern raised to x (sharper peak). */
function shapeAt(pattern: TrafficPattern, intensity: number, minuteOfDay: number): number {
  const value = dailyPatternValue(pattern, minuteOfDay);
  return intensity <= 1 ? 1 - intensity + intensity * value : value ** intensity;
}

function fillDailyShape(pattern: TrafficPattern, intensity: number, target: Float64Array): void {
  for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) target[minute] = shapeAt(pattern, intensity, minute);
}

export interface CalibratedDailyShape {
  /** 1440 per-minute multipliers with mean 1. */
  shape: Float64Array;
  /** 0 = flat, 1 = raw pattern, >1 = sharpened. */
  intensity: number;
  /** Hourly peak-to-mean this shape achieves (may differ from the target when out of reach). */
  peakToMeanRatio: number;
}

/**
 * Finds the intensity whose daily shape has the wanted hourly peak-to-mean (bisection on
 * a monotone scale: x in [0, 1] blends flat into the pattern, above 1 the pattern is
 * raised to the power x). A 'flat' pattern stays flat (ratio 1) whatever the target.
 *
 * @example
 * // intensity x <= 1 blends: shape = 1 - x + x * p, mean 1 - x/2, minute peak 1; so
 * // peak/mean = 1 / (1 - x/2) = 1.5 at x = 2/3; hourly averaging flattens the peak a little:
 * calibrateDailyShape('sinusoid', 1.5).intensity // ≈ 0.6716 (peakToMeanRatio 1.5)
 * calibrateDailyShape('sinusoid', 1).intensity === 0
 * calibrateDailyShape('flat', 3).peakToMeanRatio === 1 // flat stays flat
 */
export function calibrateDailyShape(pattern: TrafficPattern, targetPeakToMean: number): CalibratedDailyShape {
  const shape = new Float64Array(MINUTES_PER_DAY);
  const ratioAt = (intensity: number) => {
    fillDailyShape(pattern, intensity, shape);
    return hourlyPeakToMean(shape);
  };
  // scale u in [0, 8]: u <= 1 -> x = u; u > 1 -> x = 10^(u - 1) (up to MAX_INTENSITY).
  const intensityOf = (scale: number) => (scale <= 1 ? scale : 10 ** (scale - 1));
  let intensity = 0;
  if (pattern !== 'flat' && targetPeakToMean > 1) {
    let low = 0;
    let high = 1 + Math.log10(MAX_INTENSITY);
    if (ratioAt(intensityOf(high)) <= targetPeakToMean) low = high;
    else {
      for (let iteration = 0; iteration < 60; iteration += 1) {
        const middle = (low + high) / 2;
        if (ratioAt(intensityOf(middle)) < targetPeakToMean) low = middle;
        else high = middle;
      }
    }
    intensity = intensityOf(low);
  }
  fillDailyShape(pattern, intensity, shape);
  let total = 0;
  for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) total += shape[minute];
  const mean = total / MINUTES_PER_DAY;
  for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1) shape[minute] /= mean;
  return { shape, intensity, peakToMeanRatio: hourlyPeakToMean(shape) };
}

export interface WeeklyShape {
  /** 10,080 per-minute multipliers (Monday 00:00 first) with mean 1. */
  minuteMultipliers: Float64Array;
  /** Busiest clock hour of the week / mean hour, without bursts or noise. */
  peakToMeanRatio: number;
  /** The daily shape intensity found by calibration. */
  dailyIntensity: number;
}

/**
 * The weekly shape for a workload's `traffic` section. The target peak-to-mean is split
 * into a weekly part (max day factor / mean day factor) and a daily part calibrated by
 * `calibrateDailyShape`, so that week peak-to-mean = weekly part x daily part.
 *
 * @example
 * // weekendFactor 0.5 -> weekly part = 1 / (6/7) = 1.1667; peakToMeanRatio 2 -> daily part 1.714
 * weeklyShape({ pattern: 'sinusoid', peakToMeanRatio: 2, weekendFactor: 0.5, ... }).peakToMeanRatio // ≈ 2
 */
export function weeklyShape(
  traffic: Pick<Workload['traffic'], 'pattern' | 'peakToMeanRatio' | 'weekendFactor'> &
    Partial<Pick<Workload['traffic'], 'hourOfWeek'>>,
): WeeklyShape {
  if (traffic.hourOfWeek) return hourOfWeekShape(traffic.hourOfWeek);
  const days = dayOfWeekFactors(traffic.weekendFactor);
  const meanDay = days.reduce((sum, value) => sum + value, 0) / days.length;
  const maxDay = Math.max(...days);
  const weeklyRatio = meanDay > 0 ? maxDay / meanDay : 1;
  const daily = calibrateDailyShape(traffic.pattern, traffic.peakToMeanRatio / weeklyRatio);
  const minuteMultipliers = new Float64Array(MINUTES_PER_WEEK);
  for (let day = 0; day < 7; day += 1) {
    const factor = meanDay > 0 ? days[day] / meanDay : 1;
    for (let minute = 0; minute < MINUTES_PER_DAY; minute += 1)
      minuteMultipliers[day * MINUTES_PER_DAY + minute] = factor * daily.shape[minute];
  }
  return { minuteMultipliers, peakToMeanRatio: weeklyRatio * daily.peakToMeanRatio, dailyIntensity: daily.intensity };
}

/**
 * The weekly shape of a measured hour-of-week profile (`traffic.hourOfWeek`): each minute
 * of hour h gets level h / mean level, so the week has mean 1 and its busiest clock hour
 * is the largest level over the mean.
 * @example
 * // levels 2 on Monday 09:00 and 1 elsewhere: mean 169/168, peak-to-mean 2 x 168/169 ≈ 1.988
 * hourOfWeekShape(levels).peakToMeanRatio // ≈ 1.988
 */
export function hourOfWeekShape(levels: ReadonlyArray<number>): WeeklyShape {
  if (levels.length !== HOURS_PER_WEEK)
    throw new RangeError(`hourOfWeek needs ${HOURS_PER_WEEK} values; got ${levels.length}`);
  const meanLevel = levels.reduce((sum, level) => sum + level, 0) / HOURS_PER_WEEK;
  if (!(meanLevel > 0)) throw new RangeError('hourOfWeek needs at least one level above 0');
  const minuteMultipliers = new Float64Array(MINUTES_PER_WEEK);
  for (let hour = 0; hour < HOURS_PER_WEEK; hour += 1)
    minuteMultipliers.fill(levels[hour] / meanLevel, hour * 60, hour * 60 + 60);
  return { minuteMultipliers, peakToMeanRatio: Math.max(...levels) / meanLevel, dailyIntensity: 1 };
}
