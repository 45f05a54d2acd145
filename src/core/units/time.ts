/**
 * Time conventions used by every cost calculation.
 *
 * A planning month is 30 days = 720 hours, the convention the seed articles use
 * (`usd_per_hour * 24 * 30`). Cloud bills use 730 h; the 1.4% difference is
 * documented in docs/assumptions.md and kept constant so totals cross-check:
 * monthly x 12 = yearly (without growth).
 */
export const DAYS_PER_MONTH = 30;
export const HOURS_PER_DAY = 24;
export const HOURS_PER_MONTH = DAYS_PER_MONTH * HOURS_PER_DAY; // 720
export const MINUTES_PER_HOUR = 60;
export const MONTHS_PER_YEAR = 12;
export const TOKENS_PER_MILLION = 1_000_000;

/**
 * Monthly cost of something billed per hour, running all month.
 * @example hourlyToMonthlyUsd(2.5) === 1800 // 2.5 * 720
 */
export function hourlyToMonthlyUsd(usdPerHour: number): number {
  return usdPerHour * HOURS_PER_MONTH;
}

/**
 * Monthly share of a yearly amount.
 * @example yearlyToMonthlyUsd(180_000) === 15_000
 */
export function yearlyToMonthlyUsd(usdPerYear: number): number {
  return usdPerYear / MONTHS_PER_YEAR;
}

/**
 * Cost of a token volume at a price per million tokens.
 * @example tokensCostUsd(50_000_000, 20) === 1000 // 50M tokens at $20/M
 */
export function tokensCostUsd(tokens: number, usdPerMillionTokens: number): number {
  return (tokens / TOKENS_PER_MILLION) * usdPerMillionTokens;
}

/**
 * Rounds money to cents for display and golden files (never inside calculations).
 * @example roundUsd(1234.5678) === 1234.57
 */
export function roundUsd(usd: number): number {
  return Math.round(usd * 100) / 100;
}
