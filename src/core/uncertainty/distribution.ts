/**
 * Uncertain inputs: a number the user knows only as a range or a distribution. Each kind
 * has a central value (what the deterministic plan uses) and a quantile function (what a
 * Monte Carlo draw uses: a uniform number in [0, 1) in, a value out).
 *
 * - `uniform` (`2.5..4`, `{ low, high }`): every value in the range equally likely; central = the midpoint.
 * - `triangular` (`{ triangular: [low, mode, high] }`): most likely at the mode; central = the mode.
 * - `p10-p90` (`{ p10, p90 }`): 10% of outcomes below p10 and 10% above p90. Lognormal when
 *   both are positive (central = the median, sqrt(p10 x p90)), normal otherwise (central =
 *   the midpoint); truncated to its 1st-99th percentile so a draw stays a sensible value.
 */

export type Uncertain =
  | { kind: 'uniform'; low: number; high: number }
  | { kind: 'triangular'; low: number; mode: number; high: number }
  | { kind: 'p10-p90'; p10: number; p90: number };

/** z of the 90th percentile of a standard normal. */
const Z90 = 1.2815515655446004;
/** The share cut off at each end of a p10-p90 distribution (the truncation). */
export const P10_P90_TRUNCATION = 0.01;

/**
 * The value the deterministic plan uses: the midpoint of a range, the mode of a
 * triangular distribution, the median of a p10-p90 one.
 * @example
 * centralValue({ kind: 'uniform', low: 2.5, high: 4 }) // 3.25
 * centralValue({ kind: 'triangular', low: 1, mode: 2, high: 6 }) // 2
 * centralValue({ kind: 'p10-p90', p10: 1, p90: 4 }) // 2 (sqrt(1 x 4), lognormal)
 */
export function centralValue(distribution: Uncertain): number {
  switch (distribution.kind) {
    case 'uniform':
      return (distribution.low + distribution.high) / 2;
    case 'triangular':
      return distribution.mode;
    case 'p10-p90':
      return distribution.p10 > 0
        ? Math.sqrt(distribution.p10 * distribution.p90)
        : (distribution.p10 + distribution.p90) / 2;
  }
}

/**
 * Inverse of the standard normal CDF (Acklam's rational approximation, relative error
 * below 1.2e-9), for `probability` in (0, 1).
 * @example standardNormalQuantile(0.5) // 0; standardNormalQuantile(0.9) // ≈ 1.28155
 */
export function standardNormalQuantile(probability: number): number {
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lowTail = 0.02425;
  if (probability < lowTail) {
    const q = Math.sqrt(-2 * Math.log(probability));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (probability > 1 - lowTail) return -standardNormalQuantile(1 - probability);
  const q = probability - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/**
 * The value at cumulative probability `probability` in [0, 1] (for p10-p90, of the
 * truncated distribution: 0 maps to its 1st percentile, 1 to its 99th).
 * @example
 * quantile({ kind: 'uniform', low: 2, high: 4 }, 0.25) // 2.5
 * quantile({ kind: 'triangular', low: 0, mode: 0, high: 2 }, 0.75) // 1 (1 - sqrt(0.25) of the way down from 2)
 * quantile({ kind: 'p10-p90', p10: -1, p90: 1 }, 0.5) // 0
 */
export function quantile(distribution: Uncertain, probability: number): number {
  const u = Math.min(1, Math.max(0, probability));
  switch (distribution.kind) {
    case 'uniform':
      return distribution.low + u * (distribution.high - distribution.low);
    case 'triangular': {
      const { low, mode, high } = distribution;
      if (high === low) return low;
      const split = (mode - low) / (high - low);
      if (u <= split) return low + Math.sqrt(u * (high - low) * (mode - low));
      return high - Math.sqrt((1 - u) * (high - low) * (high - mode));
    }
    case 'p10-p90': {
      const truncated = P10_P90_TRUNCATION + u * (1 - 2 * P10_P90_TRUNCATION);
      const z = standardNormalQuantile(truncated);
      const { p10, p90 } = distribution;
      if (p10 > 0) {
        const logMedian = (Math.log(p10) + Math.log(p90)) / 2;
        const logSigma = (Math.log(p90) - Math.log(p10)) / (2 * Z90);
        return Math.exp(logMedian + z * logSigma);
      }
      const sigma = (p90 - p10) / (2 * Z90);
      return (p10 + p90) / 2 + z * sigma;
    }
  }
}

/**
 * The value at a percentile of the (untruncated) distribution, e.g. 0.1 for its P10:
 * the tornado moves each input to its P10 and P90.
 * @example
 * percentileValue({ kind: 'uniform', low: 2, high: 4 }, 0.1) // 2.2
 * percentileValue({ kind: 'p10-p90', p10: 1, p90: 4 }, 0.9) // 4
 */
export function percentileValue(distribution: Uncertain, percentile: number): number {
  if (distribution.kind !== 'p10-p90') return quantile(distribution, percentile);
  const truncated = (percentile - P10_P90_TRUNCATION) / (1 - 2 * P10_P90_TRUNCATION);
  return quantile(distribution, truncated);
}

/**
 * The lowest and highest value a draw can take (the ends the profile schema checks).
 * @example drawEnds({ kind: 'triangular', low: 1, mode: 2, high: 6 }) // { low: 1, high: 6 }
 */
export function drawEnds(distribution: Uncertain): { low: number; high: number } {
  return { low: quantile(distribution, 0), high: quantile(distribution, 1) };
}
