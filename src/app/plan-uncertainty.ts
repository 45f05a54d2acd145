/**
 * `plan --uncertainty`: the Monte Carlo over a profile's ranges. Per workload, every draw
 * sets the uncertain fields (its own, the organisation's, the catalog's GPU price) to
 * sampled values, resolves catalog names again and re-runs the decision (`decide`).
 *
 * What a draw skips, to stay fast (docs/plan.md, "How a draw is computed"):
 * - the configuration search: each GPU option keeps the configuration the plan chose
 *   (GPU, TP, precision, engine, pricing tier, fleet policy), re-sized for the draw's
 *   volume and re-priced with its prices and staffing;
 * - repeated simulations: the minute-by-minute simulations (elastic fleets, the overflow
 *   hybrid) are cached and re-used across draws whose traffic is within 5% (the traffic
 *   is put on a 5% log grid through the central values for the simulation only; sizing and
 *   costs use the drawn values);
 * - the flip search, the cost curve, the price band and the report's simulations.
 * No fs, no process: pure given its dependencies.
 */
import { resolvePlanInputs } from '../catalog/resolve.ts';
import { decide, type DecideDetail, type DecisionSimulationCache } from '../core/decide/decision.ts';
import { optionSlot } from '../core/decide/option-id.ts';
import type { GpuOptionShape } from '../core/decide/options.ts';
import { planDemand } from '../core/decide/simulate-fleet.ts';
import type { FleetConfiguration, PlanResult, ResolvedFleet, ResolvedWorkload } from '../core/decide/types.ts';
import {
  DEFAULT_DRAWS,
  DEFAULT_UNCERTAINTY_SEED,
  GPU_PRICE_INPUT_ID,
  type DrawOutcome,
  runMonteCarlo,
  type UncertainInput,
  type UncertaintyResult,
} from '../core/uncertainty/monte-carlo.ts';
import type { SamplingMethod } from '../core/uncertainty/sampling.ts';
import { setAt } from '../core/workload/ranges.ts';
import type { Workload, WorkloadProfile } from '../core/workload/schema.ts';
import { workloadVolume } from '../core/workload/volume.ts';
import type { PlanReport } from '../report/plan-report.ts';
import { uncertaintySection, withUncertainty } from '../report/plan-uncertainty.ts';
import type { PlanDependencies } from './plan.ts';

export interface UncertaintyOptions {
  draws?: number;
  seed?: number;
  sampling?: SamplingMethod;
  /** Draws done so far, of the total over every workload. */
  onProgress?: (done: number, total: number) => void;
}

/** `plan --uncertainty` (`always`), or the HTML report and dashboard default (`when-ranged`: only with ranges). */
export interface UncertaintyRequest extends UncertaintyOptions {
  when: 'always' | 'when-ranged';
}

/** Per workload (same order as the plan's), its Monte Carlo result. */
export interface ProfileUncertainty {
  workloads: Array<{ name: string; result: UncertaintyResult }>;
}

/**
 * True when the profile has ranges (what turns the Monte Carlo on by default in the HTML
 * report and the dashboard; the catalog's GPU price ranges are always there, and without
 * profile ranges the report's GPU-price band shows them).
 */
export function hasProfileRanges(profile: WorkloadProfile): boolean {
  return (profile.uncertainInputs?.length ?? 0) > 0;
}

function hasGpuPriceRange(workload: PlanResult['workloads'][number]): boolean {
  return workload.options.some((option) => {
    if (!option.sizing) return false;
    const range = option.band;
    return range !== undefined && range.highTcoUsd > range.lowTcoUsd;
  });
}

function shapeOf(option: PlanResult['workloads'][number]['options'][number]): GpuOptionShape | undefined {
  if (option.kind === 'self-hosted' || option.kind === 'cloud-managed') return option.kind;
  if (option.kind === 'hybrid') return option.id.variant === 'overflow' ? 'hybrid-overflow' : 'hybrid-split';
  return undefined;
}

/** The configurations the plan chose per GPU option shape (draws keep them). */
function pinnedConfigurations(
  workload: PlanResult['workloads'][number],
): Partial<Record<GpuOptionShape, FleetConfiguration>> {
  const pinned: Partial<Record<GpuOptionShape, FleetConfiguration>> = {};
  for (const option of workload.options) {
    const shape = shapeOf(option);
    const configuration = option.sizing?.configuration;
    if (shape && configuration) pinned[shape] = configuration;
  }
  return pinned;
}

/** Traffic within this factor shares one simulation (a draw's sizing and costs use its own values). */
export const SIMULATION_GRID = 1.05;

/**
 * `value` on a log grid of `SIMULATION_GRID` steps through `reference` (simulation inputs
 * only), so the central draw simulates exactly the plan's traffic.
 */
function onGrid(value: number, reference: number): number {
  if (value <= 0 || reference <= 0) return value;
  const steps = Math.round(Math.log(value / reference) / Math.log(SIMULATION_GRID));
  return steps === 0 ? reference : Number((reference * SIMULATION_GRID ** steps).toPrecision(12));
}

/** Demand arrays and their simulation caches, by gridded traffic; cleared when it grows past `limit`. */
class SimulationStore {
  private readonly shapes = new Map<string, { demand: Float64Array; tokensPerMonth: number }>();
  private readonly entries = new Map<string, { demand: Float64Array; cache: DecisionSimulationCache }>();
  private readonly limit = 160;

  /** `central`: the workload at the central values (the grid passes through its traffic). */
  constructor(private readonly central: Workload) {}

  demandFor(workload: Workload): { demand: Float64Array; cache: DecisionSimulationCache } {
    const traffic = {
      ...workload.traffic,
      monthlyGrowthRate: 0,
      peakToMeanRatio: onGrid(workload.traffic.peakToMeanRatio, this.central.traffic.peakToMeanRatio),
      weekendFactor: onGrid(workload.traffic.weekendFactor, this.central.traffic.weekendFactor),
      burstsPerDay: onGrid(workload.traffic.burstsPerDay, this.central.traffic.burstsPerDay),
    };
    const shapeKey = JSON.stringify(traffic);
    const tokensPerMonth = onGrid(
      workloadVolume(workload, 0).tokensPerMonth,
      workloadVolume(this.central, 0).tokensPerMonth,
    );
    const key = [
      shapeKey,
      tokensPerMonth,
      workload.latency.percentile,
      workload.choices.redundancyReplicas,
      workload.choices.targetPeakUtilization,
    ].join('|');
    const found = this.entries.get(key);
    if (found) return found;
    if (this.entries.size >= this.limit) this.entries.clear();
    let shape = this.shapes.get(shapeKey);
    if (!shape) {
      const shapeWorkload = { ...workload, traffic };
      shape = { demand: planDemand(shapeWorkload), tokensPerMonth: workloadVolume(shapeWorkload, 0).tokensPerMonth };
      this.shapes.set(shapeKey, shape);
    }
    const factor = shape.tokensPerMonth > 0 ? tokensPerMonth / shape.tokensPerMonth : 0;
    const demand = shape.demand.map((tokens) => tokens * factor);
    const entry = { demand, cache: { elastic: new Map(), overflowShare: new Map() } };
    this.entries.set(key, entry);
    return entry;
  }
}

/** The fleet at quantile `probability` of its catalog price range (one market-wide quantile for every GPU and tier). */
function atGpuPrice(fleet: ResolvedFleet, probability: number): ResolvedFleet {
  const range = fleet.usdPerGpuHourRange;
  if (!range) return fleet;
  return { ...fleet, usdPerGpuHour: range.low + probability * (range.high - range.low) };
}

function withGpuPrice(resolved: ResolvedWorkload, probability: number): ResolvedWorkload {
  return {
    ...resolved,
    fleetCandidates: resolved.fleetCandidates.map((fleet) => atGpuPrice(fleet, probability)),
    ...(resolved.fleet ? { fleet: atGpuPrice(resolved.fleet, probability) } : {}),
  };
}

/** The uncertain inputs of workload `index`: the organisation's fields, its own, and the GPU price. */
function inputsOf(profile: WorkloadProfile, plan: PlanResult, index: number) {
  const fields = (profile.uncertainInputs ?? []).filter(
    (field) => field.keys[0] === 'organization' || (field.keys[0] === 'workloads' && field.keys[1] === index),
  );
  const inputs: UncertainInput[] = fields.map((field) => ({
    id: field.path,
    distribution: field.distribution,
    wholeNumber: field.wholeNumber,
  }));
  const gpuPrice = hasGpuPriceRange(plan.workloads[index]);
  // The GPU price is the quantile of every fleet's catalog range: uniform from its low to its high end.
  if (gpuPrice)
    inputs.push({ id: GPU_PRICE_INPUT_ID, distribution: { kind: 'uniform', low: 0, high: 1 }, wholeNumber: false });
  return { fields, inputs, gpuPrice };
}

/**
 * Runs the Monte Carlo for every workload of a planned profile.
 * @example
 * // A profile whose GPU price range is wide and everything else narrow:
 * planUncertainty(profile, dependencies, plan, { draws: 2000, seed: 1 }).workloads[0].result.decisiveInputs // ['catalog.gpuPrice']
 */
export function planUncertainty(
  profile: WorkloadProfile,
  dependencies: PlanDependencies,
  plan: PlanResult,
  options: UncertaintyOptions = {},
): ProfileUncertainty {
  const draws = options.draws ?? DEFAULT_DRAWS;
  const seed = options.seed ?? DEFAULT_UNCERTAINTY_SEED;
  const sampling = options.sampling ?? 'latin-hypercube';
  const total = draws * plan.workloads.length;
  const workloads = plan.workloads.map((workloadPlan, index) => {
    const { fields, inputs, gpuPrice } = inputsOf(profile, plan, index);
    const pinned = pinnedConfigurations(workloadPlan);
    const store = new SimulationStore(profile.workloads[index]);
    const evaluate = (values: readonly number[]): DrawOutcome => {
      let sampled: unknown = profile;
      fields.forEach((field, at) => {
        sampled = setAt(sampled, field.keys, values[at]);
      });
      const drawn = sampled as WorkloadProfile;
      const single: WorkloadProfile = { ...drawn, workloads: [drawn.workloads[index]] };
      const resolved = resolvePlanInputs(single, dependencies.catalog, dependencies.estimator, {
        defaultEngine: dependencies.defaultEngine,
      });
      if (!resolved.ok)
        throw new Error(
          `a Monte Carlo draw did not resolve: ${resolved.problems.map((problem) => problem.message).join('; ')}`,
        );
      const base = resolved.inputs.workloads[0];
      const workload = gpuPrice ? withGpuPrice(base, values[values.length - 1]) : base;
      const { demand, cache } = store.demandFor(workload.workload);
      const detail: DecideDetail = { withBand: false, simulationCache: cache, pinned };
      const decision = decide(
        {
          resolved: workload,
          organization: resolved.inputs.organization,
          cloudManagedMarkup: resolved.inputs.cloudManagedMarkup,
          demandTokensPerMinute: demand,
        },
        1,
        detail,
      );
      return {
        options: decision.options.map((option) => ({
          slot: optionSlot(option.id),
          eligible: option.eligible,
          tcoUsd: option.tcoUsd,
          monthlyCostUsd: option.monthlyCostUsd,
          cumulativeUsd: option.months.map((month) => month.cumulativeUsd),
        })),
        chosen: decision.chosen.eligible ? optionSlot(decision.chosen.id) : null,
      };
    };
    const result = runMonteCarlo({
      inputs,
      draws,
      seed,
      sampling,
      evaluate,
      ...(options.onProgress
        ? { onProgress: (done: number) => options.onProgress?.(index * draws + done, total) }
        : {}),
    });
    return { name: workloadPlan.name, result };
  });
  return { workloads };
}

/**
 * The report with its uncertainty block and "how sure" lines, when requested: always, or
 * only where the profile has ranges.
 */
export function withProfileUncertainty(
  report: PlanReport,
  profile: WorkloadProfile,
  dependencies: PlanDependencies,
  plan: PlanResult,
  request: UncertaintyRequest,
): PlanReport {
  if (request.when === 'when-ranged' && !hasProfileRanges(profile)) return report;
  const uncertainty = planUncertainty(profile, dependencies, plan, request);
  return withUncertainty(report, uncertaintySection(plan, uncertainty.workloads));
}
