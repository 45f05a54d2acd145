/**
 * Evaluating an option: its running monthly cost at today's volume, its TCO over the
 * horizon (growth, one-offs, the build period), eligibility, latency against the SLO and
 * the GPU-price band.
 */
import { tco } from '../cost/tco.ts';
import type { CostComponent } from '../cost/types.ts';
import type { Organization, Workload } from '../workload/schema.ts';
import { workloadVolume } from '../workload/volume.ts';
import { ineligibleReasons } from './constraints.ts';
import type { OptionModel } from './options.ts';
import type { Ineligibility, OptionLatency, OptionResult } from './types.ts';

/** The components of `monthIndex`: the build-period costs before the fleet serves, the running costs after. */
export function componentsInMonth(model: OptionModel, workload: Workload, monthIndex: number): CostComponent[] {
  const volume = workloadVolume(workload, monthIndex);
  if (model.build && monthIndex < model.build.months) return model.build.componentsAt(volume);
  return model.costAt(volume).components;
}

function optionLatency(model: OptionModel, workload: Workload): OptionLatency {
  const sloTtftMs = workload.traffic.offline ? null : (workload.latency.ttftMs ?? null);
  const ttftMs = model.ttftP95Ms ?? null;
  return {
    percentile: workload.latency.percentile,
    ttftMs,
    sloTtftMs,
    meetsSlo: ttftMs === null || sloTtftMs === null ? null : ttftMs <= sloTtftMs,
  };
}

function tcoOf(model: OptionModel, workload: Workload, horizonMonths: number) {
  if (workload.traffic.monthlyGrowthRate !== 0)
    return tco((monthIndex) => componentsInMonth(model, workload, monthIndex), horizonMonths);
  // Without growth every build month costs the same and so does every running month: cost each once.
  const buildMonths = model.build?.months ?? 0;
  let building: CostComponent[] | undefined;
  let running: CostComponent[] | undefined;
  return tco((monthIndex) => {
    if (monthIndex < buildMonths) {
      building ??= componentsInMonth(model, workload, monthIndex);
      return building;
    }
    running ??= componentsInMonth(model, workload, monthIndex);
    return running;
  }, horizonMonths);
}

/** GPU-price variants of an option, for the uncertainty band. */
export interface PriceBand {
  low: OptionModel;
  high: OptionModel;
}

function bandFor(workload: Workload, horizonMonths: number, band: PriceBand): NonNullable<OptionResult['band']> {
  const lowTco = tcoOf(band.low, workload, horizonMonths);
  const highTco = tcoOf(band.high, workload, horizonMonths);
  return {
    lowTcoUsd: lowTco.tcoUsd,
    highTcoUsd: highTco.tcoUsd,
    months: lowTco.months.map((month, monthIndex) => ({
      monthIndex,
      lowCumulativeUsd: month.cumulativeUsd,
      highCumulativeUsd: highTco.months[monthIndex].cumulativeUsd,
    })),
  };
}

/** The low/high GPU-price variants of a GPU-based option, from its fleet's catalog range. */
export function priceBandOf(model: OptionModel): PriceBand | undefined {
  const range = model.facts.fleet?.usdPerGpuHourRange;
  if (!range || !model.withGpuPrice) return undefined;
  const band = capacityWidenedPriceRange(range, model.facts.fleet?.capacityRelativeError ?? 0);
  return { low: model.withGpuPrice(band.low), high: model.withGpuPrice(band.high) };
}

/**
 * The GPU price range widened by the capacity model's uncertainty: GPU-hours needed scale with
 * 1 / throughput, so a throughput within a factor (1 + u) either way prices like a GPU-hour
 * between low / (1 + u) and high x (1 + u) at the fleet's size.
 * @example capacityWidenedPriceRange({ low: 2, high: 4 }, 0.25) // { low: 1.6, high: 5 }
 */
export function capacityWidenedPriceRange(
  range: { low: number; high: number },
  capacityRelativeError: number,
): { low: number; high: number } {
  return { low: range.low / (1 + capacityRelativeError), high: range.high * (1 + capacityRelativeError) };
}

/** The hard constraints an option fails: nothing to run, the constraint rules, and what its builder found. */
export function optionFailures(model: OptionModel, workload: Workload, organization: Organization): Ineligibility[] {
  if (model.unavailable) return [model.unavailable];
  return [...ineligibleReasons(model.facts, workload, organization), ...(model.extraFailures ?? [])];
}

/**
 * Evaluates an option: the running monthly cost at today's volume, TCO over the horizon
 * with growth (a GPU option's build months cost its team plus the hosted option serving
 * meanwhile), eligibility, latency against the SLO, and (when given) the GPU-price band.
 * usdPerMillionTokens = the running monthly cost / today's tokens in millions.
 * @example
 * // GPT-4.1 ($2 / $0.50 cached / $8) at 600M tokens/month (1,500 in 20% cached + 500 out), no growth, 36 months:
 * // monthlyCostUsd $1,965, usdPerMillionTokens 1,965 / 600 = $3.275, tcoUsd 36 x 1,965 = $70,740
 * evaluateOption(frontierModel, workload, organization).tcoUsd === 70_740
 */
export function evaluateOption(
  model: OptionModel,
  workload: Workload,
  organization: Organization,
  band?: PriceBand,
): OptionResult {
  const firstVolume = workloadVolume(workload, 0);
  const first = model.costAt(firstVolume);
  const ineligible = optionFailures(model, workload, organization);
  const horizon = tcoOf(model, workload, organization.horizonMonths);
  let monthlyCostUsd = 0;
  let usageBasedMonthlyCostUsd = 0;
  for (const component of first.components) {
    monthlyCostUsd += component.monthlyCostUsd;
    if (component.usageBased) usageBasedMonthlyCostUsd += component.monthlyCostUsd;
  }
  const tokens = firstVolume.tokensPerMonth;
  return {
    id: model.id,
    key: model.key,
    kind: model.kind,
    parameters: model.parameters,
    eligible: ineligible.length === 0,
    ineligible,
    monthlyCostUsd,
    usageBasedMonthlyCostUsd,
    fixedMonthlyCostUsd: monthlyCostUsd - usageBasedMonthlyCostUsd,
    tcoUsd: horizon.tcoUsd,
    oneOffUsd: horizon.oneOffUsd,
    usdPerMillionTokens: tokens > 0 ? monthlyCostUsd / (tokens / 1e6) : 0,
    components: first.components,
    months: horizon.months,
    ttftP95Ms: model.ttftP95Ms,
    latency: optionLatency(model, workload),
    alternatives: [],
    ...(first.sizing ? { sizing: first.sizing } : {}),
    ...(band && first.sizing ? { band: bandFor(workload, organization.horizonMonths, band) } : {}),
  };
}
