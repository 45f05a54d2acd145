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

/** What a cost component is made of; its cost is derived, never given. */
export interface CostComponentSpec {
  name: string;
  category: CostCategory;
  unit: string;
  quantity: number;
  unitPriceUsd: number;
  usageBased: boolean;
  source: PriceSource;
  /** A one-off cost (setup, upgrade) charged in `monthIndex`, repeating every `repeatEveryMonths` if given. */
  oneOff?: { monthIndex: number; repeatEveryMonths?: number };
}

/**
 * Builds a cost component whose cost is quantity x unit price, so the two can never
 * disagree: recurring components carry it as `monthlyCostUsd`, one-off ones as
 * `oneOffCostUsd` (with `monthlyCostUsd` 0).
 * @example
 * // 150 busy GPU-hours at $4: monthlyCostUsd 600
 * costComponent({ name: 'busy', category: 'gpu', unit: 'GPU-hour', quantity: 150, unitPriceUsd: 4, usageBased: false, source }).monthlyCostUsd === 600
 * // 2 engineer-months of setup at $15,000, once in month 0: oneOffCostUsd 30,000, monthlyCostUsd 0
 * costComponent({ ..., quantity: 2, unitPriceUsd: 15_000, oneOff: { monthIndex: 0 } }).oneOffCostUsd === 30_000
 */
export function costComponent(spec: CostComponentSpec): CostComponent {
  const costUsd = spec.quantity * spec.unitPriceUsd;
  const { name, category, unit, quantity, unitPriceUsd, usageBased, source, oneOff } = spec;
  if (!oneOff) return { name, category, unit, quantity, unitPriceUsd, monthlyCostUsd: costUsd, usageBased, source };
  const timing =
    oneOff.repeatEveryMonths === undefined
      ? { oneOffMonthIndex: oneOff.monthIndex }
      : { oneOffMonthIndex: oneOff.monthIndex, repeatEveryMonths: oneOff.repeatEveryMonths };
  return {
    name,
    category,
    unit,
    quantity,
    unitPriceUsd,
    monthlyCostUsd: 0,
    usageBased,
    oneOffCostUsd: costUsd,
    ...timing,
    source,
  };
}
