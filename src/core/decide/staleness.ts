/**
 * How old the catalog's prices are on the plan's date, and which of them are stale (older
 * than six months): prices move (an H100-hour halved between 2024 and 2026), so a plan
 * should say when it leans on an old number. Dates are ISO calendar dates (YYYY-MM-DD);
 * the plan's date is passed in, never read from a clock.
 */

/** A price counts as stale when it was read more than this many months before the plan's date. */
export const STALE_AFTER_MONTHS = 6;

/** Days since 1970-01-01 of an ISO date (proleptic Gregorian), without a Date object. */
function dayNumber(isoDate: string): number {
  const [year, month, day] = isoDate.split('-').map(Number);
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/**
 * Whole days from `from` to `to` (negative when `to` is earlier).
 * @example daysBetween('2025-06-01', '2026-12-01') === 548
 */
export function daysBetween(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

/**
 * The date `months` calendar months before `date`, the day clamped to the month's length.
 * @example monthsBefore('2026-12-01', 6) === '2026-06-01'
 * @example monthsBefore('2026-08-31', 6) === '2026-02-28'
 */
export function monthsBefore(date: string, months: number): string {
  const [year, month, day] = date.split('-').map(Number);
  const index = year * 12 + (month - 1) - months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const leap = targetYear % 4 === 0 && (targetYear % 100 !== 0 || targetYear % 400 === 0);
  const lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const targetDay = Math.min(day, lengths[targetMonth - 1]);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${targetYear}-${pad(targetMonth)}-${pad(targetDay)}`;
}

/** A dated price the plan used. */
export interface DatedPrice {
  name: string;
  asOf: string;
}

/** A price older than the staleness limit on the plan's date. */
export interface StalePrice extends DatedPrice {
  ageDays: number;
}

/**
 * The prices read more than six months before `planDate` (oldest first, each name once).
 * @example
 * stalePrices([{ name: 'aws/l40s on-demand', asOf: '2025-06-01' }, { name: 'openai/gpt-5', asOf: '2026-12-01' }], '2026-12-01')
 * // [{ name: 'aws/l40s on-demand', asOf: '2025-06-01', ageDays: 548 }]
 */
export function stalePrices(prices: DatedPrice[], planDate: string): StalePrice[] {
  const limit = monthsBefore(planDate, STALE_AFTER_MONTHS);
  const byName = new Map<string, StalePrice>();
  for (const price of prices) {
    if (!(price.asOf < limit) || byName.has(price.name)) continue;
    byName.set(price.name, { ...price, ageDays: daysBetween(price.asOf, planDate) });
  }
  return [...byName.values()].sort(
    (left, right) => left.asOf.localeCompare(right.asOf) || left.name.localeCompare(right.name),
  );
}

/** The catalog's age on a date: its snapshot's, its oldest entry's, and its stale entries. */
export interface CatalogAge {
  /** The date the age is measured on (the plan's date, or the day a listing is made). */
  onDate: string;
  snapshot?: string;
  /** Days from the snapshot's date to `onDate` (negative: a plan dated before the snapshot was read). */
  snapshotAgeDays?: number;
  /** The oldest `asOf` among the entries (undefined: none). */
  oldestAsOf?: string;
  /** Entries older than six months on `onDate`. */
  stale: StalePrice[];
}

/**
 * The age of a set of dated entries on `onDate`.
 * @example
 * catalogAge([{ name: 'gcp/l4', asOf: '2025-06-01' }], '2026-12-01', '2026-12-01')
 * // { onDate: '2026-12-01', snapshot: '2026-12-01', snapshotAgeDays: 0, oldestAsOf: '2025-06-01', stale: [{ name: 'gcp/l4', asOf: '2025-06-01', ageDays: 548 }] }
 */
export function catalogAge(entries: DatedPrice[], onDate: string, snapshot: string | undefined): CatalogAge {
  const oldestAsOf = entries.map((entry) => entry.asOf).sort()[0];
  return {
    onDate,
    ...(snapshot !== undefined ? { snapshot, snapshotAgeDays: daysBetween(snapshot, onDate) } : {}),
    ...(oldestAsOf !== undefined ? { oldestAsOf } : {}),
    stale: stalePrices(entries, onDate),
  };
}
