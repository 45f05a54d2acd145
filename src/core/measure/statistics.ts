/**
 * Small statistics the measuring use-cases share: percentiles of observed values, a
 * log-linear growth fit, the Wilson score interval for a share and the exact McNemar
 * (two-sided sign) test for paired pass/fail outcomes. Pure; no randomness.
 */

/**
 * The nearest-rank percentile of a list (share in 0..1): the smallest value with at least
 * `share` of the values at or below it. Null for an empty list.
 * @example percentileNearestRank([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.95) === 100 // rank ceil(9.5) = 10
 */
export function percentileNearestRank(values: ReadonlyArray<number>, share: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const rank = Math.max(1, Math.ceil(share * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

/** P50/P95/P99 of a list (nearest rank). */
export interface PercentileSummary {
  p50: number;
  p95: number;
  p99: number;
}

/**
 * P50, P95 and P99 of a list, or null when it is empty.
 * @example percentiles([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) // { p50: 5, p95: 10, p99: 10 }
 */
export function percentiles(values: ReadonlyArray<number>): PercentileSummary | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((left, right) => left - right);
  const at = (share: number) => sorted[Math.min(sorted.length, Math.max(1, Math.ceil(share * sorted.length))) - 1];
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99) };
}

/**
 * Least-squares fit of ln(y) = a + b x over the points with y > 0; returns the growth per
 * unit of x, e^b - 1 (null with fewer than two usable points or no spread in x).
 * @example logLinearGrowth([0, 1, 2, 3], [100, 110, 121, 133.1]) // ≈ 0.1 (10% per step)
 */
export function logLinearGrowth(xs: ReadonlyArray<number>, ys: ReadonlyArray<number>): number | null {
  const points: Array<[number, number]> = [];
  for (let index = 0; index < Math.min(xs.length, ys.length); index += 1)
    if (ys[index] > 0 && Number.isFinite(ys[index])) points.push([xs[index], Math.log(ys[index])]);
  if (points.length < 2) return null;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  let covariance = 0;
  let variance = 0;
  for (const [x, y] of points) {
    covariance += (x - meanX) * (y - meanY);
    variance += (x - meanX) ** 2;
  }
  if (variance === 0) return null;
  return Math.exp(covariance / variance) - 1;
}

/** A share with its confidence interval. */
export interface ShareInterval {
  share: number;
  low: number;
  high: number;
}

/**
 * Wilson score interval for `successes` out of `trials` (z = 1.96 for 95%).
 * @example wilsonInterval(180, 200) // { share: 0.9, low: ≈0.8506, high: ≈0.9343 }
 */
export function wilsonInterval(successes: number, trials: number, z = 1.96): ShareInterval {
  if (trials <= 0) return { share: 0, low: 0, high: 1 };
  const share = successes / trials;
  const zSquared = z * z;
  const denominator = 1 + zSquared / trials;
  const centre = (share + zSquared / (2 * trials)) / denominator;
  const halfWidth = (z * Math.sqrt((share * (1 - share)) / trials + zSquared / (4 * trials * trials))) / denominator;
  return { share, low: Math.max(0, centre - halfWidth), high: Math.min(1, centre + halfWidth) };
}

/** ln(n!) by summing logs (n is an item count, small enough to sum). */
function logFactorial(n: number): number {
  let total = 0;
  for (let value = 2; value <= n; value += 1) total += Math.log(value);
  return total;
}

/**
 * Exact two-sided McNemar test (a sign test on the discordant pairs): `onlyFirst` items
 * right on the first route only, `onlySecond` on the second only. Under "no difference"
 * each discordant pair is a fair coin; p = min(1, 2 x P(X <= min)) for X ~ Binomial(n, 1/2).
 * @example mcnemarExactPValue(12, 2) // ≈ 0.0129 (n = 14: 2 x (1 + 14 + 91) / 16,384)
 */
export function mcnemarExactPValue(onlyFirst: number, onlySecond: number): number {
  const discordant = onlyFirst + onlySecond;
  if (discordant === 0) return 1;
  const smaller = Math.min(onlyFirst, onlySecond);
  const logTotal = discordant * Math.log(2);
  const logN = logFactorial(discordant);
  let tail = 0;
  for (let count = 0; count <= smaller; count += 1)
    tail += Math.exp(logN - logFactorial(count) - logFactorial(discordant - count) - logTotal);
  return Math.min(1, 2 * tail);
}
