/**
 * Cost components: the unit of every cost model's output (after infracost's
 * resource -> cost components -> total pipeline). A component names its quantity,
 * unit and unit price, so each number in a report can be traced.
 */
export type CostCategory = 'tokens' | 'gpu' | 'people' | 'infra' | 'latency';

export interface PriceSource {
  /** Catalog entry or assumption, e.g. `openai/gpt-4.1` or `assumption:on-call`. */
  name: string;
  /** ISO date the price was read. */
  asOf: string;
}

export interface CostComponent {
  name: string;
  category: CostCategory;
  /** Unit of `quantity`, e.g. `1M input tokens`, `GPU-hour`, `FTE-month`. */
  unit: string;
  /** Quantity per month (or per occurrence for one-off components). */
  quantity: number;
  unitPriceUsd: number;
  /** quantity * unitPriceUsd for recurring components; 0 for one-off ones. */
  monthlyCostUsd: number;
  /** Grows with tokens (true) or fixed whatever the volume (false). */
  usageBased: boolean;
  /** One-off cost charged in `oneOffMonthIndex` (0 = first month), excluded from monthlyCostUsd. */
  oneOffCostUsd?: number;
  oneOffMonthIndex?: number;
  /** Repeating one-off (e.g. a model upgrade every 6 months). */
  repeatEveryMonths?: number;
  source: PriceSource;
}

/** Sum of recurring monthly costs. @example totalMonthlyUsd([{monthlyCostUsd: 10}, {monthlyCostUsd: 5.5}]) === 15.5 */
export function totalMonthlyUsd(components: ReadonlyArray<Pick<CostComponent, 'monthlyCostUsd'>>): number {
  let total = 0;
  for (const component of components) total += component.monthlyCostUsd;
  return total;
}
