/**
 * The one decision function: at a volume, search every option's configuration, price it
 * over the horizon (growth, build period), gate it on the hard constraints (the SLO
 * among them), and choose (cost, then the ML-ops rule). The recommendation and the flip
 * points both call it, so "what would flip it" does not depend on the starting volume.
 */
import { optionSlot } from './option-id.ts';
import {
  evaluateOption,
  tokenOption,
  type GpuOptionContext,
  type GpuOptionShape,
  type OptionModel,
} from './options.ts';
import { chooseOption } from './recommend.ts';
import { searchGpuOption } from './search.ts';
import { planDemand, simulatePlannedFleet } from './simulate-fleet.ts';
import type { FleetConfiguration, FlipPoint, OptionResult, Reason, ResolvedFleet, ResolvedWorkload } from './types.ts';
import { sizeFleetForPeak } from '../capacity/fleet.ts';
import type { Organization, Workload } from '../workload/schema.ts';
import { workloadVolume } from '../workload/volume.ts';

export interface DecisionInput {
  resolved: ResolvedWorkload;
  organization: Organization;
  cloudManagedMarkup: number;
  /** The first month's traffic at today's volume, per minute (scaled for other volumes). */
  demandTokensPerMinute: Float64Array;
}

export interface Decision {
  workload: Workload;
  /** The chosen model per option slot, in the report's order. */
  models: OptionModel[];
  options: OptionResult[];
  chosen: OptionResult;
  reasons: Reason[];
}

/**
 * How much work one decision does. `withBand: false` skips the GPU-price band (flip search,
 * Monte Carlo draws). `simulationCache` lets many decisions on the same demand array reuse
 * the minute-by-minute simulations (elastic fleets, the overflow hybrid): their results
 * depend on the demand, the fleet's throughput and its size, never on prices or staffing.
 * The caller owns the cache and must give a fresh one for a different demand array.
 */
export interface DecideDetail {
  withBand?: boolean;
  simulationCache?: DecisionSimulationCache;
  /**
   * Per GPU option shape, the configuration to keep (GPU, TP, precision, engine, pricing
   * tier, fleet policy) instead of searching every candidate: Monte Carlo draws keep the
   * plan's configuration and re-size and re-price it. A shape whose configuration is not
   * among the candidates is searched as usual.
   */
  pinned?: Partial<Record<GpuOptionShape, FleetConfiguration>>;
}

/** Simulation results of decisions on one demand array (see `DecideDetail`). */
export interface DecisionSimulationCache {
  elastic: Map<string, { paidShare: number; extraSloMissMinutes: number }>;
  overflowShare: Map<string, number>;
}

const gpuShapes: GpuOptionShape[] = ['cloud-managed', 'self-hosted', 'hybrid-split', 'hybrid-overflow'];

/**
 * The workload at `factor` x today's volume (requests or tokens per month), everything else equal.
 * @example scaledWorkload(workload /* 10,000 requests/day *\/, 2).volume.requestsPerDay === 20_000
 */
export function scaledWorkload(workload: Workload, factor: number): Workload {
  if (factor === 1) return workload;
  const volume =
    workload.volume.requestsPerDay !== undefined
      ? { requestsPerDay: workload.volume.requestsPerDay * factor }
      : { tokensPerMonth: (workload.volume.tokensPerMonth ?? 0) * factor };
  return { ...workload, volume };
}

function scaledDemand(demand: Float64Array, factor: number): Float64Array {
  if (factor === 1) return demand;
  const scaled = new Float64Array(demand.length);
  for (let minute = 0; minute < demand.length; minute += 1) scaled[minute] = demand[minute] * factor;
  return scaled;
}

/**
 * Decides a workload at `volumeFactor` x today's volume.
 * @example
 * // 600M tokens/month, frontier $3.275 per 1M, hosted-open $0.88 per 1M, an H100 fleet with
 * // ~$13k/month of people costs: hosted-open wins at 1x; at 1000x a GPU option does.
 * decide(input).chosen.kind === 'hosted-open'
 */
export function decide(input: DecisionInput, volumeFactor = 1, detail: DecideDetail = {}): Decision {
  const { resolved, organization, cloudManagedMarkup } = input;
  const workload = scaledWorkload(resolved.workload, volumeFactor);
  const demand = scaledDemand(input.demandTokensPerMinute, volumeFactor);
  const frontierModel = tokenOption(workload, 'frontier-api', resolved.frontier, resolved.frontierProblem);
  const hostedModel = tokenOption(workload, 'hosted-open', resolved.hostedOpen, resolved.hostedOpenProblem);
  const tokenResults = [frontierModel, hostedModel].map((model) => ({
    model,
    result: evaluateOption(model, workload, organization),
  }));
  const fallback = tokenResults
    .filter((entry) => entry.result.eligible)
    .sort((left, right) => left.result.tcoUsd - right.result.tcoUsd)[0]?.model;
  const candidates =
    resolved.fleetCandidates.length > 0 ? resolved.fleetCandidates : resolved.fleet ? [resolved.fleet] : [];
  const context: GpuOptionContext = {
    workload,
    organization,
    cloudManagedMarkup,
    hybridOffer: resolved.hostedOpen ?? resolved.frontier,
    ...(fallback ? { buildFallback: fallback } : {}),
  };
  const searchOptions = {
    elasticCache: detail.simulationCache?.elastic ?? new Map(),
    withBand: detail.withBand ?? true,
  };
  const gpuResults = gpuShapes.map((shape) => {
    const pin = detail.pinned?.[shape];
    const pinnedFleet = pin ? candidates.find((fleet) => sameConfiguration(fleet, pin)) : undefined;
    if (pin && pinnedFleet) {
      // The overflow hybrid's share is measured on the kept fleet before the one search.
      const shapeContext =
        shape === 'hybrid-overflow'
          ? {
              ...context,
              simulatedOverflowShare: overflowShareOf(
                pinnedFleet,
                workload,
                demand,
                detail.simulationCache?.overflowShare,
              ),
            }
          : context;
      return searchGpuOption(shape, shapeContext, [pinnedFleet], demand, resolved.fleetProblem, {
        ...searchOptions,
        policies: [pin.policy],
      });
    }
    const found = searchGpuOption(shape, context, candidates, demand, resolved.fleetProblem, searchOptions);
    const fleet = found.model.facts.fleet;
    if (shape !== 'hybrid-overflow' || !fleet) return found;
    // The overflow share of the winner, measured minute by minute at this volume.
    const measured = overflowShareOf(fleet, workload, demand, detail.simulationCache?.overflowShare);
    const again = searchGpuOption(
      shape,
      { ...context, simulatedOverflowShare: measured },
      [fleet],
      demand,
      undefined,
      searchOptions,
    );
    return { model: again.model, result: { ...again.result, alternatives: found.result.alternatives } };
  });
  const models = [...tokenResults, ...gpuResults].map((entry) => entry.model);
  const options = [...tokenResults, ...gpuResults].map((entry) => entry.result);
  const { chosen, reasons } = chooseOption(options, organization, organization.horizonMonths);
  return { workload, models, options, chosen, reasons };
}

function sameConfiguration(fleet: ResolvedFleet, configuration: FleetConfiguration): boolean {
  return (
    fleet.openModelId === configuration.openModelId &&
    fleet.gpuId === configuration.gpuId &&
    fleet.gpusPerReplica === configuration.gpusPerReplica &&
    fleet.precision === configuration.precision &&
    fleet.engine === configuration.engine &&
    fleet.pricing === configuration.pricing
  );
}

/** The overflow hybrid's simulated overflow share, from `cache` when the same fleet size was simulated on this demand. */
function overflowShareOf(
  fleet: ResolvedFleet,
  workload: Workload,
  demand: Float64Array,
  cache: Map<string, number> | undefined,
): number {
  if (!cache) return simulatePlannedFleet(fleet, workload, demand, { overflowToApi: true }).overflowShare;
  const meanGpus = sizeFleetForPeak({
    ...fleet,
    peakTokensPerHour: workloadVolume(workload, 0).meanTokensPerHour,
    redundancyReplicas: 0,
  }).gpus;
  const key = `${fleet.gpuId}/${fleet.gpusPerReplica}/${fleet.tokensPerHourPerGpu}/${meanGpus}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  const share = simulatePlannedFleet(fleet, workload, demand, { overflowToApi: true }).overflowShare;
  cache.set(key, share);
  return share;
}

/**
 * How finely the flip search looks; every volume tried gets the whole decision (the
 * configuration search included), so a flip always agrees with `decide` on both sides.
 * `full` (default, one workload): a doubling grid and 7 bisection steps (a 0.5% bracket).
 * `portfolio` (each workload of a multi-workload plan, where the placement rather than each
 * standalone flip decides): a quadrupling grid and 6 steps (a 2.2% bracket), about half
 * the decisions.
 */
export interface FlipSearchDetail {
  resolution?: 'full' | 'portfolio';
}

const flipGrid = { full: { ratio: 2, steps: 7 }, portfolio: { ratio: 4, steps: 6 } } as const;

/** The searched range of volume multipliers for flip points: 1/100x to 1000x today's volume. */
export const flipSearchRange = { lowestFactor: 0.01, highestFactor: 1000 } as const;

/**
 * The volumes at which the decision changes, found by re-running `decide` (search, SLO,
 * ML-ops bar, growth, build period) on a doubling grid from today's volume up to 1000x
 * and down to 1/100x, refined by bisection. Flips are between option slots (a change of
 * GPU or TP inside self-hosting is not a flip).
 * @example
 * // A workload recommended hosted-open at 600M tokens/month whose self-hosted fleet wins above 8.5B:
 * findDecisionFlips(input, today) // [{ kind: 'cheapest-above', option: { kind: 'self-hosted', ... }, tokensPerMonth: ~8.5e9, factor: ~14 }]
 */
export function findDecisionFlips(input: DecisionInput, today: Decision, detail: FlipSearchDetail = {}): FlipPoint[] {
  const eligibleCount = today.options.filter((option) => option.eligible).length;
  if (eligibleCount < 2) return [{ kind: 'single-eligible-option' }];
  const baseTokens = workloadVolume(input.resolved.workload, 0).tokensPerMonth;
  const grid = flipGrid[detail.resolution ?? 'full'];
  type Tried = { slot: string; decision: Decision };
  const tried = (decision: Decision): Tried => ({ slot: optionSlot(decision.chosen.id), decision });
  const slotAt = new Map<number, Tried>();
  const at = (factor: number) => {
    const cached = slotAt.get(factor);
    if (cached) return cached;
    const entry = tried(decide(input, factor, { withBand: false }));
    slotAt.set(factor, entry);
    return entry;
  };
  const current = optionSlot(today.chosen.id);
  slotAt.set(1, { slot: current, decision: today });
  const refine = (lowStart: number, highStart: number, lowSlot: string): Tried & { factor: number } => {
    let low = lowStart;
    let high = highStart;
    for (let step = 0; step < grid.steps; step += 1) {
      const middle = Math.sqrt(low * high);
      if (at(middle).slot === lowSlot) low = middle;
      else high = middle;
    }
    return { ...at(high), factor: high };
  };
  const points: FlipPoint[] = [];
  const ratio = grid.ratio;
  for (let factor = 1; factor < flipSearchRange.highestFactor; factor *= ratio) {
    const next = Math.min(factor * ratio, flipSearchRange.highestFactor);
    if (at(next).slot !== current) {
      const flip = refine(factor, next, current);
      points.push({
        kind: 'cheapest-above',
        option: flip.decision.chosen.id,
        tokensPerMonth: baseTokens * flip.factor,
        factor: flip.factor,
      });
      break;
    }
  }
  for (let factor = 1; factor > flipSearchRange.lowestFactor; factor /= ratio) {
    const previous = Math.max(factor / ratio, flipSearchRange.lowestFactor);
    const below = at(previous);
    if (below.slot !== current) {
      const flip = refine(previous, factor, below.slot);
      points.push({
        kind: 'cheapest-below',
        option: below.decision.chosen.id,
        tokensPerMonth: baseTokens * flip.factor,
        factor: flip.factor,
      });
      break;
    }
  }
  if (points.length === 0) points.push({ kind: 'stays-cheapest', option: today.chosen.id, ...flipSearchRange });
  return points;
}

/** The decision's inputs, with the plan's expected first-month traffic (`planDemand`). */
export function decisionInput(
  resolved: ResolvedWorkload,
  organization: Organization,
  cloudManagedMarkup: number,
): DecisionInput {
  return { resolved, organization, cloudManagedMarkup, demandTokensPerMinute: planDemand(resolved.workload) };
}
