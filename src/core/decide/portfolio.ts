/**
 * Portfolio placement as facts: where each workload runs with shared costs counted once,
 * the total, the saving against everything on the best single option, per workload why
 * it sits where it sits, and every option slot with every workload on it.
 * `decidePortfolio` is the fast synchronous entry point (one decision per workload, no
 * flip search) for callers that re-decide many times (the Monte Carlo draws).
 */
import { decide, decisionInput, type Decision } from './decision.ts';
import {
  meetsMlOpsRule,
  placementCost,
  portfolioModel,
  type PlacementCost,
  type PooledFleet,
  type PortfolioModel,
  type PortfolioWorkload,
} from './portfolio-model.ts';
import { placePortfolio, type MipSolver, type PlacementMethod, type PlacementSolution } from './portfolio-solve.ts';
import type { Ineligibility, OptionId, OptionKind, PlanInputs } from './types.ts';

/** Why a workload sits on its option, as facts (report/ writes the sentence). */
export type PlacementWhy =
  /** No option meets the workload's hard constraints: it is not placed. */
  | { kind: 'infeasible' }
  /** The only option that meets its hard constraints (and the ML-ops rule). */
  | { kind: 'only-option' }
  /** Moving it to `runnerUp` (the cheapest other move) would add `extraTcoUsd` to the portfolio's TCO. */
  | { kind: 'cost-margin'; runnerUp: OptionId; extraTcoUsd: number }
  /**
   * Other options meet its hard constraints, but every move breaks the ML-ops rule; the
   * cheapest of them (`runnerUp`) would also add `extraTcoUsd`.
   */
  | { kind: 'others-break-ml-ops'; runnerUp: OptionId; extraTcoUsd: number; requiredSaving: number }
  /** Moving it to `cheaper` would save `savingUsd`, but the GPU side would no longer save the ML-ops bar. */
  | { kind: 'ml-ops-bar'; cheaper: OptionId; savingUsd: number; requiredSaving: number };

export interface WorkloadPlacement {
  workload: string;
  /** The placed option (null: no option meets the hard constraints). */
  option: OptionId | null;
  /** `optionKey(option)`. */
  key: string | null;
  kind: OptionKind | null;
  why: PlacementWhy;
  /** Options its hard constraints rule out that would cost less on their own (the binding constraints). */
  ruledOut: Array<{ option: OptionId; failures: Ineligibility[] }>;
  /** The option the workload would get planned alone (differs when shared costs move it). */
  alone: OptionId | null;
  /** Other workloads on the same pooled fleet (empty when the pool's members run their own fleets). */
  sharesFleetWith: string[];
}

/** A fleet serving several workloads of one model. */
export interface PlacementFleet {
  /** Pool key: `<slot>/<open model>`. */
  pool: string;
  openModelId: string;
  workloads: string[];
  /** GPU configuration of the shared fleet (null: the members' own fleets are cheaper). */
  gpuId: string | null;
  gpusPerReplica: number | null;
  /** GPUs in the first serving month. */
  gpus: number;
  /** Combined peak over the sum of the members' peaks (1: the peaks coincide). */
  diversity: number;
  monthlyCostUsd: number;
  tcoUsd: number;
}

export interface PortfolioPlacement {
  method: PlacementMethod;
  /** True when the method proves the placement optimal for the portfolio model. */
  exact: boolean;
  workloads: WorkloadPlacement[];
  monthlyCostUsd: number;
  tcoUsd: number;
  /** TCO by part: the workloads' own costs, GPU fleets, the team, staffing increments, setup, upgrades. */
  parts: PlacementCost['parts'];
  fleets: PlacementFleet[];
  /** Serving stacks set up (`self-managed`, `cloud-managed`) and open models served. */
  stacks: string[];
  models: string[];
  /** The cheapest option slot every workload may use on its own, with every workload on it (null: none). */
  bestSingle: { slot: string; kind: OptionKind; tcoUsd: number; monthlyCostUsd: number } | null;
  /** bestSingle.tcoUsd - tcoUsd (null without a best single option). */
  savingsTcoUsd: number | null;
  savingsMonthlyUsd: number | null;
}

/** One option slot with every workload on it, shared costs once. */
export interface SlotTotal {
  slot: string;
  kind: OptionKind;
  variant?: OptionId['variant'];
  /** Every workload has the slot and it meets each one's hard constraints. */
  eligible: boolean;
  /** Every workload on it meets the ML-ops rule. */
  meetsMlOpsRule: boolean;
  monthlyCostUsd: number;
  tcoUsd: number;
  cost: PlacementCost;
}

/**
 * Every option slot with every workload on it (where the workload has it), priced with
 * shared costs once.
 * @example
 * // Two identical workloads: the self-hosted slot counts one team, one fleet.
 * slotTotals(model, baselineTcoUsd).find((total) => total.slot === 'self-hosted').tcoUsd < 2 * aloneTcoUsd
 */
export function slotTotals(
  model: PortfolioModel,
  baselineTcoUsd: number,
  poolCache: Map<string, PooledFleet> = new Map(),
): SlotTotal[] {
  const slots: string[] = [];
  for (const choice of model.choices) if (!slots.includes(choice.slot)) slots.push(choice.slot);
  return slots.map((slot) => {
    const placement = model.choicesByWorkload.map(
      (indices) => indices.find((index) => model.choices[index].slot === slot) ?? -1,
    );
    const first = model.choices[placement.find((index) => index >= 0) ?? 0];
    const cost = placementCost(model, placement, poolCache);
    return {
      slot,
      kind: first.option.kind,
      ...(first.option.id.variant ? { variant: first.option.id.variant } : {}),
      eligible: placement.every((index) => index >= 0 && model.choices[index].allowed),
      meetsMlOpsRule: meetsMlOpsRule(model, placement, cost.tcoUsd, baselineTcoUsd),
      monthlyCostUsd: cost.monthlyCostUsd,
      tcoUsd: cost.tcoUsd,
      cost,
    };
  });
}

function whyPlaced(
  model: PortfolioModel,
  solution: PlacementSolution,
  workloadIndex: number,
  poolCache: Map<string, PooledFleet>,
): PlacementWhy {
  const current = solution.placement[workloadIndex];
  if (current < 0) return { kind: 'infeasible' };
  const moves = model.choicesByWorkload[workloadIndex]
    .filter((index) => index !== current && model.choices[index].allowed)
    .map((index) => {
      const next = [...solution.placement];
      next[workloadIndex] = index;
      const cost = placementCost(model, next, poolCache);
      return {
        index,
        extra: cost.tcoUsd - solution.cost.tcoUsd,
        meets: meetsMlOpsRule(model, next, cost.tcoUsd, solution.baselineTcoUsd),
      };
    })
    .sort((left, right) => left.extra - right.extra);
  const blocked = moves.find((move) => move.extra < 0 && !move.meets);
  if (blocked)
    return {
      kind: 'ml-ops-bar',
      cheaper: model.choices[blocked.index].option.id,
      savingUsd: -blocked.extra,
      requiredSaving: model.requiredSaving,
    };
  const runnerUp = moves.find((move) => move.meets);
  if (!runnerUp) {
    const cheapest = moves[0];
    if (!cheapest) return { kind: 'only-option' };
    return {
      kind: 'others-break-ml-ops',
      runnerUp: model.choices[cheapest.index].option.id,
      extraTcoUsd: cheapest.extra,
      requiredSaving: model.requiredSaving,
    };
  }
  return { kind: 'cost-margin', runnerUp: model.choices[runnerUp.index].option.id, extraTcoUsd: runnerUp.extra };
}

/**
 * The placement as facts: per workload its option and why, the fleets shared, the total
 * and the saving against everything on the best single option.
 * @example
 * // Two identical workloads placed together on hosted-open: the best single option is the same
 * // placement, so savingsTcoUsd === 0; each workload's why is a cost margin to the frontier API.
 * placementFacts(model, solution, decisions).savingsTcoUsd === 0
 */
export function placementFacts(
  model: PortfolioModel,
  solution: PlacementSolution,
  decisions: Decision[],
  poolCache: Map<string, PooledFleet> = new Map(),
): PortfolioPlacement {
  const names = model.workloadNames;
  const totals = slotTotals(model, solution.baselineTcoUsd, poolCache);
  const bestSingle =
    totals
      .filter((total) => total.eligible && total.meetsMlOpsRule)
      .sort((left, right) => left.tcoUsd - right.tcoUsd)[0] ??
    totals.filter((total) => total.eligible).sort((left, right) => left.tcoUsd - right.tcoUsd)[0];
  const workloads = solution.placement.map((choiceIndex, workloadIndex): WorkloadPlacement => {
    const choice = choiceIndex >= 0 ? model.choices[choiceIndex] : undefined;
    const decision = decisions[workloadIndex];
    const placedAloneTco = choice?.option.tcoUsd ?? Number.POSITIVE_INFINITY;
    const pool = solution.cost.pools.find((entry) => entry.workloads.includes(workloadIndex));
    return {
      workload: names[workloadIndex],
      option: choice?.option.id ?? null,
      key: choice?.option.key ?? null,
      kind: choice?.option.kind ?? null,
      why: whyPlaced(model, solution, workloadIndex, poolCache),
      ruledOut: decision.options
        .filter(
          (option) =>
            !option.eligible &&
            option.tcoUsd < placedAloneTco &&
            !option.ineligible.some((failure) => failure.rule === 'unavailable'),
        )
        .map((option) => ({ option: option.id, failures: option.ineligible })),
      alone: decision.options.some((option) => option.eligible) ? decision.chosen.id : null,
      sharesFleetWith: pool?.fleet.fleet
        ? pool.workloads.filter((other) => other !== workloadIndex).map((other) => names[other])
        : [],
    };
  });
  const fleets: PlacementFleet[] = solution.cost.pools.map((pool) => ({
    pool: pool.key,
    openModelId: model.pools.find((entry) => entry.key === pool.key)?.openModelId ?? pool.key,
    workloads: pool.workloads.map((index) => names[index]),
    gpuId: pool.fleet.fleet?.gpuId ?? null,
    gpusPerReplica: pool.fleet.fleet?.gpusPerReplica ?? null,
    gpus: pool.fleet.gpus,
    diversity: pool.fleet.diversity,
    monthlyCostUsd: pool.fleet.monthlyUsd,
    tcoUsd: pool.fleet.tcoUsd,
  }));
  return {
    method: solution.method,
    exact: solution.exact,
    workloads,
    monthlyCostUsd: solution.cost.monthlyCostUsd,
    tcoUsd: solution.cost.tcoUsd,
    parts: solution.cost.parts,
    fleets,
    stacks: solution.cost.families,
    models: solution.cost.models,
    bestSingle: bestSingle
      ? {
          slot: bestSingle.slot,
          kind: bestSingle.kind,
          tcoUsd: bestSingle.tcoUsd,
          monthlyCostUsd: bestSingle.monthlyCostUsd,
        }
      : null,
    savingsTcoUsd: bestSingle ? bestSingle.tcoUsd - solution.cost.tcoUsd : null,
    savingsMonthlyUsd: bestSingle ? bestSingle.monthlyCostUsd - solution.cost.monthlyCostUsd : null,
  };
}

export interface PortfolioDecision {
  decisions: Decision[];
  model: PortfolioModel;
  solution: PlacementSolution;
  placement: PortfolioPlacement;
  /** Every option slot with every workload on it, shared costs once. */
  options: SlotTotal[];
}

/**
 * Places a portfolio from decisions already made (planProfile passes its own).
 * @example placeDecisions(workloads, inputs).placement.tcoUsd <= placeDecisions(workloads, inputs).placement.bestSingle.tcoUsd
 */
export function placeDecisions(
  workloads: PortfolioWorkload[],
  inputs: Pick<PlanInputs, 'organization' | 'cloudManagedMarkup'>,
  options: { mipSolver?: MipSolver } = {},
): PortfolioDecision {
  const model = portfolioModel(workloads, inputs.organization, inputs.cloudManagedMarkup);
  const poolCache = new Map<string, PooledFleet>();
  const solution = placePortfolio(model, { ...options, poolCache });
  const decisions = workloads.map((entry) => entry.decision);
  return {
    decisions,
    model,
    solution,
    placement: placementFacts(model, solution, decisions, poolCache),
    options: slotTotals(model, solution.baselineTcoUsd, poolCache),
  };
}

/**
 * The portfolio decision without the rest of the plan (no flip search, no price band, no
 * report simulations): pure and synchronous, for callers that decide many times. Without
 * a `mipSolver` it is exact up to `EXHAUSTIVE_PLACEMENTS_AT_MOST` placements.
 * @example
 * // Two identical workloads of 500k requests/day: every GPU slot counts one team and one fleet,
 * // within 5% of one workload of 1M requests/day.
 * decidePortfolio(inputs).options.find((total) => total.slot === 'self-hosted').cost.pools.length === 1
 */
export function decidePortfolio(inputs: PlanInputs, options: { mipSolver?: MipSolver } = {}): PortfolioDecision {
  const workloads = inputs.workloads.map((resolved) => {
    const input = decisionInput(resolved, inputs.organization, inputs.cloudManagedMarkup);
    return {
      resolved,
      decision: decide(input, 1, { withBand: false }),
      demandTokensPerMinute: input.demandTokensPerMinute,
    };
  });
  return placeDecisions(workloads, inputs, options);
}
