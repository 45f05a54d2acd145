/**
 * Placing a portfolio: choose one option per workload to minimise total TCO with shared
 * costs counted once, subject to each workload's hard constraints and the ML-ops rule.
 *
 * Exact: the portfolio model as a mixed-integer program in CPLEX LP format (`placementLp`),
 * solved by whatever `MipSolver` the caller passes (the app passes HiGHS; core stays pure
 * and synchronous). Without a solver: every placement when there are at most
 * `EXHAUSTIVE_PLACEMENTS_AT_MOST` of them (exact), else a local search (not proven optimal,
 * flagged as such).
 *
 * The MIP (docs/plan.md):
 *   x_c     1 if workload w(c) runs choice c          sum_c x_c = 1 per workload
 *   L_k     a stack family of team level >= k is used  x_c <= L_k(c), L_k <= L_(k-1)
 *   s_f     stack family f is set up                   x_c <= s_f(c)
 *   m_j     open model j is served                     x_c <= m_j(c)
 *   z_p     pool p (slot, model) has a fleet           z_p = sum_T u_pT (exact pools) or x_c <= z_p
 *   u_pT    pool p runs exactly the members T          x_c = sum_(T contains c) u_pT, at most one T
 *   min  sum own_c x_c + team terms + sum setup_f s_f + sum (upgrade_j + increment) m_j
 *        + sum increment z_p + sum fleet(T) u_pT   (- one fleet and one model increment on L_0)
 *   ML-ops rule: cost <= baseline - r x sum (per-token TCO of the workloads moved to GPUs).
 * Pools with more than `EXACT_POOL_MEMBERS_AT_MOST` members (elastic pools: more than
 * `EXACT_ELASTIC_POOL_MEMBERS_AT_MOST`) use a linear GPU count instead of subsets
 * (fractional GPUs at the pool's diversity and each member's paid share, spares on z_p);
 * the placement found is then priced exactly.
 */
import { HOURS_PER_MONTH } from '../units/time.ts';
import {
  EXACT_ELASTIC_POOL_MEMBERS_AT_MOST,
  EXACT_POOL_MEMBERS_AT_MOST,
  allowedInBaseline,
  diversityFactor,
  isElasticPool,
  memberPaidShare,
  meetsMlOpsRule,
  placementCost,
  pooledFleet,
  type PlacementCost,
  type PooledFleet,
  type PortfolioModel,
  type StackFamily,
} from './portfolio-model.ts';

/** Placements priced one by one when no MIP solver is given (exact below this count). */
export const EXHAUSTIVE_PLACEMENTS_AT_MOST = 20_000;

/** A solved MIP: the status and each column's value. */
export interface MipSolution {
  /** `Optimal` when solved to optimality. */
  status: string;
  values: Record<string, number>;
}

/** Solves a CPLEX LP-format MIP synchronously (HiGHS in the app). */
export type MipSolver = (lp: string) => MipSolution;

export type PlacementMethod = 'mip' | 'mip-linear-pools' | 'exhaustive' | 'local-search';

export interface PlacementSolution {
  /** Choice index per workload (-1: no option meets its hard constraints). */
  placement: number[];
  cost: PlacementCost;
  /** The cheapest placement that keeps workloads with a per-token option on one (the ML-ops rule's baseline). */
  baselineTcoUsd: number;
  method: PlacementMethod;
  /** True when the method proves the placement optimal for the portfolio model. */
  exact: boolean;
}

export type ChoiceFilter = (choiceIndex: number) => boolean;

function allowedChoices(model: PortfolioModel, filter: ChoiceFilter): number[][] {
  return model.choicesByWorkload.map((indices) =>
    indices.filter((index) => model.choices[index].allowed && filter(index)),
  );
}

/**
 * Every placement priced; the cheapest that meets the ML-ops rule (ties: the first in
 * enumeration order). Exact; for small portfolios and for checking the MIP.
 * @example
 * // Two workloads, hosted $40 or self-hosted $10 + $1 of GPU each, a $50 team shared:
 * // alone each prefers hosted ($40 < $61); together self-hosted costs $72 < $80.
 * placeExhaustive(model).cost.tcoUsd === 72
 */
export function placeExhaustive(model: PortfolioModel, poolCache = new Map<string, PooledFleet>()): PlacementSolution {
  const allowed = allowedChoices(model, () => true);
  const placements: number[][] = [[]];
  for (const options of allowed) {
    const next: number[][] = [];
    for (const partial of placements)
      for (const choice of options.length > 0 ? options : [-1]) next.push([...partial, choice]);
    placements.splice(0, placements.length, ...next);
  }
  const priced = placements.map((placement) => ({ placement, cost: placementCost(model, placement, poolCache) }));
  let baselineTcoUsd = Number.POSITIVE_INFINITY;
  for (const entry of priced)
    if (entry.placement.every((choice) => choice < 0 || allowedInBaseline(model, choice)))
      baselineTcoUsd = Math.min(baselineTcoUsd, entry.cost.tcoUsd);
  let best = priced[0];
  for (const entry of priced) {
    if (!meetsMlOpsRule(model, entry.placement, entry.cost.tcoUsd, baselineTcoUsd)) continue;
    if (
      !meetsMlOpsRule(model, best.placement, best.cost.tcoUsd, baselineTcoUsd) ||
      entry.cost.tcoUsd < best.cost.tcoUsd
    )
      best = entry;
  }
  return { placement: best.placement, cost: best.cost, baselineTcoUsd, method: 'exhaustive', exact: true };
}

/** How many placements an exhaustive search would price. @example placementCount(model) === 9 // 3 x 3 */
export function placementCount(model: PortfolioModel): number {
  return allowedChoices(model, () => true).reduce((total, options) => total * Math.max(1, options.length), 1);
}

/**
 * A local search: start from the baseline (per-token where possible), then move one
 * workload, or every workload that allows it to one option slot, while the total falls and
 * the ML-ops rule holds. Not proven optimal; for portfolios too large to enumerate without
 * a MIP solver.
 * @example placeLocalSearch(model).method === 'local-search'
 */
export function placeLocalSearch(model: PortfolioModel, poolCache = new Map<string, PooledFleet>()): PlacementSolution {
  const startOf = (filter: ChoiceFilter) =>
    allowedChoices(model, filter).map((options) =>
      options.length === 0
        ? -1
        : options.reduce((best, option) =>
            model.choices[option].option.tcoUsd < model.choices[best].option.tcoUsd ? option : best,
          ),
    );
  const baselineFilter: ChoiceFilter = (index) => allowedInBaseline(model, index);
  const baseline = improvePlacement(model, startOf(baselineFilter), baselineFilter, undefined, poolCache);
  const found = improvePlacement(model, baseline.placement, () => true, baseline.cost.tcoUsd, poolCache);
  return { ...found, baselineTcoUsd: baseline.cost.tcoUsd, method: 'local-search', exact: false };
}

/**
 * The local search's moves from `start`: one workload to another of its options, or every
 * workload that has it to one option slot, while the exact total falls (and, with a
 * `baselineTcoUsd`, the ML-ops rule holds). Never returns a placement dearer than `start`.
 * @example improvePlacement(model, start, () => true, undefined).cost.tcoUsd <= placementCost(model, start).tcoUsd
 */
export function improvePlacement(
  model: PortfolioModel,
  start: number[],
  filter: ChoiceFilter,
  baselineTcoUsd: number | undefined,
  poolCache = new Map<string, PooledFleet>(),
): { placement: number[]; cost: PlacementCost } {
  const allowed = allowedChoices(model, filter);
  let current = start;
  let cost = placementCost(model, current, poolCache);
  const acceptable = (placement: number[], candidate: PlacementCost) =>
    baselineTcoUsd === undefined || meetsMlOpsRule(model, placement, candidate.tcoUsd, baselineTcoUsd);
  const slots = [...new Set(model.choices.map((choice) => choice.slot))];
  for (let pass = 0; pass < 50; pass += 1) {
    let moved = false;
    const tries: number[][] = [];
    allowed.forEach((options, workloadIndex) => {
      for (const option of options) {
        if (option === current[workloadIndex]) continue;
        const next = [...current];
        next[workloadIndex] = option;
        tries.push(next);
      }
    });
    for (const slot of slots) {
      const next = current.map((choice, workloadIndex) => {
        const match = allowed[workloadIndex].find((option) => model.choices[option].slot === slot);
        return match ?? choice;
      });
      tries.push(next);
    }
    for (const next of tries) {
      const candidate = placementCost(model, next, poolCache);
      if (candidate.tcoUsd < cost.tcoUsd - 1e-6 && acceptable(next, candidate)) {
        current = next;
        cost = candidate;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return { placement: current, cost };
}

/** The LP-format model of a placement problem and how to read a solution back. */
export interface PlacementLp {
  lp: string;
  /** Column name of each choice's x variable. */
  choiceColumns: Map<number, string>;
  /** True when some pool was linearised (the objective is then an approximation). */
  linearPools: boolean;
}

function term(coefficient: number, column: string): string {
  const sign = coefficient < 0 ? '-' : '+';
  return `${sign} ${Math.abs(coefficient).toFixed(6)} ${column}`;
}

function subsets(members: number[]): number[][] {
  const result: number[][] = [];
  for (let mask = 1; mask < 1 << members.length; mask += 1)
    result.push(members.filter((_, bit) => (mask & (1 << bit)) !== 0));
  return result;
}

/**
 * The placement MIP in CPLEX LP format (see the module comment). `filter` restricts the
 * choices (the ML-ops baseline); `mlOpsBaselineTcoUsd` adds the ML-ops row.
 * @example placementLp(model).lp.startsWith('Minimize')
 */
export function placementLp(
  model: PortfolioModel,
  options: { filter?: ChoiceFilter; mlOpsBaselineTcoUsd?: number; poolCache?: Map<string, PooledFleet> } = {},
): PlacementLp {
  const filter = options.filter ?? (() => true);
  const allowed = allowedChoices(model, filter);
  const objective = new Map<string, number>();
  const add = (column: string, coefficient: number) =>
    objective.set(column, (objective.get(column) ?? 0) + coefficient);
  const rows: string[] = [];
  const binaries = new Set<string>();
  const choiceColumns = new Map<number, string>();
  const horizon = model.horizonMonths;
  allowed.forEach((indices, workloadIndex) => {
    if (indices.length === 0) return;
    for (const index of indices) {
      const column = `x${index}`;
      choiceColumns.set(index, column);
      binaries.add(column);
      add(column, model.choices[index].ownTcoUsd);
    }
    rows.push(`w${workloadIndex}: ${indices.map((index) => term(1, `x${index}`)).join(' ')} = 1`);
  });
  const used = [...choiceColumns.keys()].filter((index) => model.choices[index].gpu !== undefined);
  // Team levels: families ordered by team cost; using a family implies every lower level.
  const families = [...new Set(used.map((index) => model.choices[index].gpu?.family))].filter(
    (family): family is StackFamily => family !== undefined,
  );
  const teamTco = (family: StackFamily) => model.team[family]?.tcoUsd ?? 0;
  families.sort((left, right) => teamTco(left) - teamTco(right));
  families.forEach((family, level) => {
    const column = `team${level}`;
    binaries.add(column);
    add(column, teamTco(family) - (level > 0 ? teamTco(families[level - 1]) : 0));
    if (level > 0) rows.push(`teamorder${level}: ${term(1, column)} ${term(-1, `team${level - 1}`)} <= 0`);
    binaries.add(`setup${level}`);
    add(`setup${level}`, model.setupTcoUsd[family] ?? 0);
  });
  if (families.length > 0) add('team0', -(model.fleetIncrementUsdPerMonth + model.modelIncrementUsdPerMonth) * horizon);
  const modelIds = [...new Set(used.map((index) => model.choices[index].gpu?.openModelId ?? ''))];
  modelIds.forEach((openModelId, modelIndex) => {
    const column = `model${modelIndex}`;
    binaries.add(column);
    add(column, (model.upgradeTcoUsdByModel[openModelId] ?? 0) + model.modelIncrementUsdPerMonth * horizon);
  });
  for (const index of used) {
    const gpu = model.choices[index].gpu;
    if (!gpu) continue;
    const level = families.indexOf(gpu.family);
    rows.push(`t${index}: x${index} ${term(-1, `team${level}`)} <= 0`);
    rows.push(`s${index}: x${index} ${term(-1, `setup${level}`)} <= 0`);
    rows.push(`m${index}: x${index} ${term(-1, `model${modelIds.indexOf(gpu.openModelId)}`)} <= 0`);
  }
  let linearPools = false;
  model.pools.forEach((pool, poolIndex) => {
    const members = pool.memberChoices.filter((index) => choiceColumns.has(index));
    if (members.length === 0) return;
    const poolColumn = `pool${poolIndex}`;
    binaries.add(poolColumn);
    add(poolColumn, model.fleetIncrementUsdPerMonth * horizon);
    if (!isLinearPool(model, members)) {
      const sets = subsets(members);
      const byMember = new Map<number, string[]>(members.map((index) => [index, []]));
      sets.forEach((set, setIndex) => {
        const column = `u${poolIndex}_${setIndex}`;
        binaries.add(column);
        const cacheKey = `${pool.key}:${set.join(',')}`;
        const fleet = options.poolCache?.get(cacheKey) ?? pooledFleet(model, set);
        options.poolCache?.set(cacheKey, fleet);
        add(column, fleet.tcoUsd);
        for (const index of set) byMember.get(index)?.push(column);
      });
      for (const [index, columns] of byMember)
        rows.push(`p${index}: x${index} ${columns.map((column) => term(-1, column)).join(' ')} = 0`);
      rows.push(
        `pool${poolIndex}sets: ${term(1, poolColumn)} ${sets.map((_, setIndex) => term(-1, `u${poolIndex}_${setIndex}`)).join(' ')} = 0`,
      );
      return;
    }
    linearPools = true;
    const entries = members.map((index) => ({ index, member: model.choices[index].gpu?.member }));
    const diversity = diversityFactor(
      entries.flatMap(({ member }) => (member?.peakSized ? [member.hourlyTokens] : [])),
    );
    let spareUsdPerMonth = 0;
    for (const { index, member } of entries) {
      if (!member) continue;
      const { fleet } = member;
      const usdPerGpuMonth = HOURS_PER_MONTH * member.billedUsdPerGpuHour;
      let fractional = 0;
      for (let monthIndex = member.buildMonths; monthIndex < horizon; monthIndex += 1)
        fractional +=
          ((member.peakSized ? diversity : 1) * member.sizingTokensPerHourByMonth[monthIndex]) /
          (fleet.tokensPerHourPerGpu * fleet.targetPeakUtilization);
      add(`x${index}`, Math.min(member.gpuTcoUsd, fractional * usdPerGpuMonth * memberPaidShare(member)));
      spareUsdPerMonth = Math.max(spareUsdPerMonth, fleet.redundancyReplicas * fleet.gpusPerReplica * usdPerGpuMonth);
      rows.push(`p${index}: x${index} ${term(-1, poolColumn)} <= 0`);
    }
    const servingMonths = horizon - Math.min(...entries.map(({ member }) => member?.buildMonths ?? 0));
    add(poolColumn, spareUsdPerMonth * servingMonths);
  });
  if (options.mlOpsBaselineTcoUsd !== undefined && model.requiredSaving > 0) {
    const bar = new Map(objective);
    for (const index of used) {
      const baseline = model.tokenBaselineTcoUsd[model.choices[index].workloadIndex];
      if (baseline !== undefined) bar.set(`x${index}`, (bar.get(`x${index}`) ?? 0) + model.requiredSaving * baseline);
    }
    const terms = [...bar.entries()].filter(([, value]) => value !== 0).map(([column, value]) => term(value, column));
    if (terms.length > 0) rows.push(`mlops: ${terms.join('\n  ')} <= ${options.mlOpsBaselineTcoUsd.toFixed(6)}`);
  }
  const objectiveTerms = [...objective.entries()].map(([column, value]) => term(value, column));
  const lp = [
    'Minimize',
    ` obj: ${objectiveTerms.length > 0 ? objectiveTerms.join('\n  ') : '0 x_none'}`,
    'Subject To',
    ...rows.map((row) => ` ${row}`),
    'Binaries',
    ...[...binaries].map((column) => ` ${column}`),
    'End',
    '',
  ].join('\n');
  return { lp, choiceColumns, linearPools };
}

/** Whether the MIP prices a pool with these members (choice indices) by its linear GPU count, not per subset. */
function isLinearPool(model: PortfolioModel, members: readonly number[]): boolean {
  const elastic = isElasticPool(members.flatMap((index) => model.choices[index].gpu?.member ?? []));
  return members.length > (elastic ? EXACT_ELASTIC_POOL_MEMBERS_AT_MOST : EXACT_POOL_MEMBERS_AT_MOST);
}

/**
 * Whether the placement MIP over the choices `filter` linearises some pool (too many
 * members to price every subset), so that its optimum is an approximation.
 * @example hasLinearPools(model, () => true) === false // a portfolio of four features
 */
export function hasLinearPools(model: PortfolioModel, filter: ChoiceFilter): boolean {
  const allowed = new Set(allowedChoices(model, filter).flat());
  return model.pools.some((pool) =>
    isLinearPool(
      model,
      pool.memberChoices.filter((index) => allowed.has(index)),
    ),
  );
}

function readPlacement(model: PortfolioModel, built: PlacementLp, solution: MipSolution): number[] {
  if (solution.status !== 'Optimal') throw new Error(`the placement MIP was not solved: ${solution.status}`);
  return model.choicesByWorkload.map((indices) => {
    const chosen = indices.find((index) => {
      const column = built.choiceColumns.get(index);
      return column !== undefined && (solution.values[column] ?? 0) > 0.5;
    });
    return chosen ?? -1;
  });
}

/**
 * Solves the placement MIP (twice when the ML-ops rule needs its baseline) and prices the
 * result exactly. With linearised pools the MIP optimises an approximation, so its
 * placement is only a start: the local search then runs from it and from its own
 * per-token start (baselines too), every result is priced exactly and the cheapest that
 * meets the ML-ops rule is kept. That is never dearer than the MIP's placement nor than
 * `placeLocalSearch`, but is not proven optimal (`exact: false`).
 * @example placeWithMip(model, highsSolver).method === 'mip'
 */
export function placeWithMip(
  model: PortfolioModel,
  solve: MipSolver,
  poolCache = new Map<string, PooledFleet>(),
): PlacementSolution {
  const baselineFilter: ChoiceFilter = (index) => allowedInBaseline(model, index);
  const baselineLp = placementLp(model, { filter: baselineFilter, poolCache });
  let baselinePlacement = readPlacement(model, baselineLp, solve(baselineLp.lp));
  let baselineTcoUsd = placementCost(model, baselinePlacement, poolCache).tcoUsd;
  const local = hasLinearPools(model, () => true) ? placeLocalSearch(model, poolCache) : undefined;
  if (local) {
    // The linear baseline is an approximation too: the cheapest exactly priced one found.
    const improved = improvePlacement(model, baselinePlacement, baselineFilter, undefined, poolCache);
    const localBaseline = improvePlacement(model, local.placement, baselineFilter, undefined, poolCache);
    for (const candidate of [improved, localBaseline])
      if (
        candidate.cost.tcoUsd < baselineTcoUsd &&
        candidate.placement.every((choice) => choice < 0 || baselineFilter(choice))
      ) {
        baselinePlacement = candidate.placement;
        baselineTcoUsd = candidate.cost.tcoUsd;
      }
    baselineTcoUsd = Math.min(baselineTcoUsd, local.baselineTcoUsd);
  }
  const main = placementLp(model, {
    poolCache,
    ...(model.requiredSaving > 0 ? { mlOpsBaselineTcoUsd: baselineTcoUsd } : {}),
  });
  const mipPlacement = readPlacement(model, main, solve(main.lp));
  const linear = main.linearPools || baselineLp.linearPools;
  if (!linear)
    return {
      placement: mipPlacement,
      cost: placementCost(model, mipPlacement, poolCache),
      baselineTcoUsd,
      method: 'mip',
      exact: true,
    };
  const candidates = [
    { placement: mipPlacement, cost: placementCost(model, mipPlacement, poolCache) },
    improvePlacement(model, mipPlacement, () => true, baselineTcoUsd, poolCache),
    ...(local ? [{ placement: local.placement, cost: local.cost }] : []),
    { placement: baselinePlacement, cost: placementCost(model, baselinePlacement, poolCache) },
  ];
  let best: { placement: number[]; cost: PlacementCost } | undefined;
  for (const candidate of candidates) {
    if (!meetsMlOpsRule(model, candidate.placement, candidate.cost.tcoUsd, baselineTcoUsd)) continue;
    if (!best || candidate.cost.tcoUsd < best.cost.tcoUsd - 1e-6) best = candidate;
  }
  // The baseline placement always meets the rule (it moves no per-token workload onto GPUs).
  const kept = best ?? candidates[candidates.length - 1];
  return { ...kept, baselineTcoUsd, method: 'mip-linear-pools', exact: false };
}

/**
 * Places the portfolio: the MIP when a solver is given, else every placement when few
 * enough, else the local search.
 * @example placePortfolio(model).method === 'exhaustive' // a small portfolio, no solver
 */
export function placePortfolio(
  model: PortfolioModel,
  options: { mipSolver?: MipSolver; poolCache?: Map<string, PooledFleet> } = {},
): PlacementSolution {
  const poolCache = options.poolCache ?? new Map<string, PooledFleet>();
  // One placement (one workload with one option, or nothing eligible): nothing to solve.
  if (options.mipSolver && placementCount(model) > 1) return placeWithMip(model, options.mipSolver, poolCache);
  if (placementCount(model) <= EXHAUSTIVE_PLACEMENTS_AT_MOST) return placeExhaustive(model, poolCache);
  return placeLocalSearch(model, poolCache);
}
