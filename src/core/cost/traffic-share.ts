/**
 * How much of a workload's traffic lands above a capacity level, for a load that
 * follows a daily cycle with the profile's peak-to-mean ratio. Used by the
 * "self-hosted up to capacity, overflow to API" hybrid until a simulation gives a
 * measured figure.
 *
 * Shape: for peak-to-mean p <= 2, load(t) = mean x (1 + (p - 1) sin t) (a sinusoid).
 * For p > 2 a sinusoid would go negative, so the load is two-level: a base of half the
 * mean, and the peak p for a duty share d = 0.5 / (p - 0.5) of the time (so the mean
 * stays 1: d p + (1 - d) 0.5 = 1).
 */

/**
 * Share of all tokens above `capacityOverMean` (capacity as a multiple of the mean load).
 *
 * @example
 * // Sinusoid with peak-to-mean 2 (amplitude 1), capacity = the mean:
 * // overflow = (1/2pi) * integral over the upper half of sin = (1/2pi) * 2 = 1/pi = 0.3183 of the mean,
 * // i.e. 31.8% of all tokens overflow.
 * overflowShare(2, 1) === 1 / Math.PI
 */
export function overflowShare(peakToMeanRatio: number, capacityOverMean: number): number {
  const peak = peakToMeanRatio;
  const capacity = capacityOverMean;
  if (capacity >= peak) return 0;
  if (capacity <= 0) return 1;
  if (peak <= 2) {
    const amplitude = peak - 1;
    if (amplitude === 0) return capacity >= 1 ? 0 : 1 - capacity;
    if (capacity <= 1 - amplitude) return 1 - capacity;
    const phase = Math.asin((capacity - 1) / amplitude);
    return ((1 - capacity) * (Math.PI - 2 * phase) + 2 * amplitude * Math.cos(phase)) / (2 * Math.PI);
  }
  const base = 0.5;
  const duty = base / (peak - base);
  const aboveAtPeak = duty * (peak - capacity);
  const aboveAtBase = capacity < base ? (1 - duty) * (base - capacity) : 0;
  return aboveAtPeak + aboveAtBase;
}
