/**
 * Total cost of ownership over the planning horizon, month by month, with growth.
 * Recurring costs are recomputed for each month's volume (so a GPU fleet steps up in
 * whole replicas as traffic grows); one-off costs land in the month they occur.
 */
import type { CostComponent } from './types.ts';
import { totalMonthlyUsd } from './types.ts';

export interface MonthCost {
  monthIndex: number;
  recurringUsd: number;
  oneOffUsd: number;
  totalUsd: number;
  cumulativeUsd: number;
}

export interface TcoResult {
  months: MonthCost[];
  tcoUsd: number;
  oneOffUsd: number;
  recurringUsd: number;
}

/**
 * One-off cost of the components that fall in `monthIndex`.
 * @example
 * // setup $30,000 at month 0; upgrade $15,000 at month 6 repeating every 6:
 * oneOffUsdInMonth(components, 0) === 30000; oneOffUsdInMonth(components, 12) === 15000; oneOffUsdInMonth(components, 7) === 0
 */
export function oneOffUsdInMonth(components: ReadonlyArray<CostComponent>, monthIndex: number): number {
  let total = 0;
  for (const component of components) {
    if (component.oneOffCostUsd === undefined || component.oneOffMonthIndex === undefined) continue;
    const first = component.oneOffMonthIndex;
    const repeat = component.repeatEveryMonths;
    const due =
      monthIndex === first ||
      (repeat !== undefined && repeat > 0 && monthIndex > first && (monthIndex - first) % repeat === 0);
    if (due) total += component.oneOffCostUsd;
  }
  return total;
}

/**
 * TCO over `horizonMonths`, given the components for each month.
 *
 * @example
 * // An API bill of $1,000/month with no growth over 36 months: TCO = $36,000
 * // (the seeds' 50M tokens/month at $20/M: $1,000/month, $12k/year, $36k over three years).
 * tco(() => [{ monthlyCostUsd: 1000, ... }], 36).tcoUsd === 36000
 */
export function tco(
  componentsForMonth: (monthIndex: number) => ReadonlyArray<CostComponent>,
  horizonMonths: number,
): TcoResult {
  const months: MonthCost[] = [];
  let cumulativeUsd = 0;
  let oneOffTotal = 0;
  let recurringTotal = 0;
  for (let monthIndex = 0; monthIndex < horizonMonths; monthIndex += 1) {
    const components = componentsForMonth(monthIndex);
    const recurringUsd = totalMonthlyUsd(components);
    const oneOffUsd = oneOffUsdInMonth(components, monthIndex);
    const totalUsd = recurringUsd + oneOffUsd;
    cumulativeUsd += totalUsd;
    oneOffTotal += oneOffUsd;
    recurringTotal += recurringUsd;
    months.push({ monthIndex, recurringUsd, oneOffUsd, totalUsd, cumulativeUsd });
  }
  return { months, tcoUsd: cumulativeUsd, oneOffUsd: oneOffTotal, recurringUsd: recurringTotal };
}
