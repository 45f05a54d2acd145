/**
 * The portfolio cost model: every workload's options split into what the workload pays
 * alone (tokens, egress, the API share of a hybrid, latency penalties, tokens while a
 * fleet is built), what a GPU fleet of its open model costs (pooled with the other
 * workloads on the same option and model), and what the organisation pays once (the
 * platform team, on-call, evals and observability; setup once per serving stack; model
 * upgrades once per model). `placementCost` prices any placement exactly; the solvers in
 * portfolio-solve.ts search placements with it (or with the same model as a MIP).
 *
 * Rules (docs/plan.md, "Portfolio placement"):
 * - A pool is one option slot (self-hosted, cloud-managed, hybrid:split, hybrid:overflow)
 *   and one open model: its members share one fleet sized for their combined peak
 *   (the peak of the summed minute-by-minute traffic, so diurnal offsets are rewarded),
 *   on a configuration that meets every member's hard constraints. Different models never
 *   share a GPU (each replica holds one model's weights); they share the team and on-call.
 * - Staffing: the profile's SRE and ML-engineer FTEs run the first fleet and model; each
 *   further pool adds `STAFFING_INCREMENTS.sreSharePerFleet` of the SRE FTE (whoever runs
 *   the compute: a managed endpoint is still a fleet to plan and watch), each further
 *   model `STAFFING_INCREMENTS.mlEngineerSharePerModel` of the ML-engineer FTE.
 */
import { sizeFleetForPeak } from '../capacity/fleet.ts';
import { oneOffUsdInMonth } from '../cost/tco.ts';
import { totalMonthlyUsd, type CostComponent } from '../cost/types.ts';
import { HOURS_PER_MONTH, yearlyToMonthlyUsd } from '../units/time.ts';
import type { Organization, Workload } from '../workload/schema.ts';
import { workloadVolume } from '../workload/volume.ts';
import type { Decision } from './decision.ts';
import { componentsInMonth, optionFailures } from './evaluate-option.ts';
import { isTokenPriced, optionSlot, runsModels } from './option-id.ts';
import { gpuOptionModel, opsInputs, type GpuOptionShape, type OptionModel } from './options.ts';
import { dedicatedTeamManagedMargin, requiredSelfHostSaving } from './recommend.ts';
import { elasticEffect } from './search.ts';
import type { OptionResult, ResolvedFleet, ResolvedWorkload } from './types.ts';
import type { FleetPolicyKind } from '../vocabulary.ts';

/**
 * How the platform team grows with what it runs (an assumption from the seeds' "1-2
 * engineers for ops" per platform and "2-4 engineers" for a serious self-hosted estate,
 * read 2026-12-01): a further fleet adds a quarter of the SRE share (capacity planning,
 * autoscaling and alerts per fleet), a further model half of the ML-engineer share
 * (evals, tuning and regressions per model; its upgrades are counted separately).
 * With the defaults (0.5 SRE, 0.75 ML) four models on four fleets need
 * 0.5 x 1.75 + 0.75 x 2.5 = 2.75 FTE.
 */
export const STAFFING_INCREMENTS = { sreSharePerFleet: 0.25, mlEngineerSharePerModel: 0.5 } as const;

/**
 * Pools with at most this many candidate members get every subset priced exactly (2^n - 1
 * subsets) in the MIP; elastic pools (every member autoscaled or scheduled) re-simulate
 * each subset's summed traffic, so they are priced exactly up to fewer members.
 */
export const EXACT_POOL_MEMBERS_AT_MOST = 6;
export const EXACT_ELASTIC_POOL_MEMBERS_AT_MOST = 3;

/** Who runs the serving stack: you (self-hosted, hybrids) or a provider (cloud-managed). */
export type StackFamily = 'self-managed' | 'cloud-managed';

/** What a GPU fleet member contributes to its pool's fleet. */
export interface PoolMember {
  /** The member's own (standalone) fleet configuration, as sized (batch fleets without spares). */
  fleet: ResolvedFleet;
  shape: GpuOptionShape;
  /** GPU price per hour as billed (cloud-managed: with the markup). */
  billedUsdPerGpuHour: number;
  /** Months before the fleet serves (no GPUs are paid before). */
  buildMonths: number;
  /** Tokens per hour the fleet is sized for, per month of the horizon. */
  sizingTokensPerHourByMonth: number[];
  /** True when sized for the peak (the combined peak is smaller than the sum); false when for the mean. */
  peakSized: boolean;
  /** The first month's traffic on this fleet, per hour (720 values). */
  hourlyTokens: Float64Array;
  /** The first month's traffic per minute (the whole workload's) and the share this fleet carries. */
  demandTokensPerMinute: Float64Array;
  demandShare: number;
  /** The member's own fleet policy, and the SLO percentile its elastic fleet must keep. */
  policy: FleetPolicyKind;
  percentile: number;
  /** Standalone GPU cost: month 0 (running) and over the horizon. */
  gpuMonthlyUsd: number;
  gpuTcoUsd: number;
}

/** One option of one workload, split into its own, pooled and shared parts. */
export interface PortfolioChoice {
  workloadIndex: number;
  option: OptionResult;
  slot: string;
  /** Meets the workload's hard constraints (and, with a dedicated team, is not a managed endpoint self-hosting matches). */
  allowed: boolean;
  ownMonthlyUsd: number;
  ownTcoUsd: number;
  gpu?: {
    family: StackFamily;
    openModelId: string;
    poolKey: string;
    member: PoolMember;
    /** Standalone recurring shared costs (team, on-call, evals, observability, storage). */
    teamMonthlyUsd: number;
    teamTcoUsd: number;
    setupTcoUsd: number;
    upgradeTcoUsd: number;
  };
}

export interface PortfolioPool {
  key: string;
  slot: string;
  openModelId: string;
  family: StackFamily;
  /** Indices into `choices` of every member (allowed or not). */
  memberChoices: number[];
}

export interface PortfolioModel {
  workloadNames: string[];
  horizonMonths: number;
  /** Per workload, indices into `choices`. */
  choicesByWorkload: number[][];
  choices: PortfolioChoice[];
  pools: PortfolioPool[];
  /** Recurring team cost by stack family (the largest standalone one), per month and over the horizon. */
  team: Partial<Record<StackFamily, { monthlyUsd: number; tcoUsd: number }>>;
  setupTcoUsd: Partial<Record<StackFamily, number>>;
  /** Upgrade engineering over the horizon, per model. */
  upgradeTcoUsdByModel: Record<string, number>;
  /** Staffing increment per further fleet and per further model, per month. */
  fleetIncrementUsdPerMonth: number;
  modelIncrementUsdPerMonth: number;
  /** ML-ops rule: required saving and, per workload, the best eligible per-token TCO (absent: none). */
  requiredSaving: number;
  tokenBaselineTcoUsd: Array<number | undefined>;
  /** Whether the pooled fleet configuration `fleet` meets the hard constraints of choice `choiceIndex`. */
  accepts(choiceIndex: number, fleet: ResolvedFleet): boolean;
}

/** A workload as the portfolio sees it: its decision and its first month's traffic. */
export interface PortfolioWorkload {
  resolved: ResolvedWorkload;
  decision: Decision;
  demandTokensPerMinute: Float64Array;
}

const gpuShapeOf = (option: OptionResult): GpuOptionShape | undefined =>
  option.kind === 'hybrid'
    ? option.id.variant === 'overflow'
      ? 'hybrid-overflow'
      : 'hybrid-split'
    : option.kind === 'self-hosted' || option.kind === 'cloud-managed'
      ? option.kind
      : undefined;

type ComponentClass = 'gpu' | 'team' | 'setup' | 'upgrade' | 'own';

/**
 * Which part of the portfolio a GPU option's cost component belongs to: GPU-hours to the
 * pool; recurring people and fixed infrastructure to the shared team; non-repeating
 * one-offs to the stack's setup; repeating one-offs to the model's upgrades; the rest
 * (tokens, egress, latency penalty) to the workload.
 * @example componentClass({ category: 'people', oneOffCostUsd: 30_000, ... }) === 'setup'
 */
export function componentClass(component: CostComponent): ComponentClass {
  if (component.category === 'gpu') return 'gpu';
  const shared = component.category === 'people' || (component.category === 'infra' && !component.usageBased);
  if (!shared) return 'own';
  if (component.oneOffCostUsd === undefined) return 'team';
  return component.repeatEveryMonths === undefined ? 'setup' : 'upgrade';
}

/**
 * A GPU option's TCO and first (running) month split by component class.
 * @example
 * // Self-hosted, 600M tokens/month, no growth, 36 months, 2-month build: team $21,600/month
 * // (on-call $2,000 only once serving: $773,600), GPUs 2 x 720 h x $4 = $5,760 x 34 months,
 * // setup $30,000 once, upgrades $15,000 in months 6, 12, 18, 24 and 30:
 * splitOptionCost(model, workload, 36).tcoUsd // { team: 773_600, gpu: 195_840, setup: 30_000, upgrade: 75_000, own: ... }
 */
export function splitOptionCost(
  model: OptionModel,
  workload: Workload,
  horizonMonths: number,
): { tcoUsd: Record<ComponentClass, number>; monthlyUsd: Record<ComponentClass, number> } {
  const zero = (): Record<ComponentClass, number> => ({ gpu: 0, team: 0, setup: 0, upgrade: 0, own: 0 });
  const tcoUsd = zero();
  const byClass = (components: CostComponent[]) => {
    const grouped: Record<ComponentClass, CostComponent[]> = { gpu: [], team: [], setup: [], upgrade: [], own: [] };
    for (const component of components) grouped[componentClass(component)].push(component);
    return grouped;
  };
  const steady = workload.traffic.monthlyGrowthRate === 0;
  const cache = new Map<string, Record<ComponentClass, CostComponent[]>>();
  for (let monthIndex = 0; monthIndex < horizonMonths; monthIndex += 1) {
    const building = model.build !== undefined && monthIndex < model.build.months;
    const cacheKey = building ? 'build' : 'run';
    let grouped = steady ? cache.get(cacheKey) : undefined;
    if (!grouped) {
      grouped = byClass(componentsInMonth(model, workload, monthIndex));
      if (steady) cache.set(cacheKey, grouped);
    }
    for (const part of Object.keys(tcoUsd) as ComponentClass[])
      tcoUsd[part] += totalMonthlyUsd(grouped[part]) + oneOffUsdInMonth(grouped[part], monthIndex);
  }
  const monthlyUsd = zero();
  const first = byClass(model.costAt(workloadVolume(workload, 0)).components);
  for (const part of Object.keys(monthlyUsd) as ComponentClass[]) monthlyUsd[part] = totalMonthlyUsd(first[part]);
  return { tcoUsd, monthlyUsd };
}

/** Tokens per hour of the first month (720 hourly sums of a per-minute series), times `share`. */
function hourlyTokens(demandTokensPerMinute: Float64Array, share: number): Float64Array {
  const hours = Math.ceil(demandTokensPerMinute.length / 60);
  const result = new Float64Array(hours);
  for (let minute = 0; minute < demandTokensPerMinute.length; minute += 1)
    result[Math.floor(minute / 60)] += demandTokensPerMinute[minute] * share;
  return result;
}

function poolMember(
  option: OptionResult,
  model: OptionModel,
  shape: GpuOptionShape,
  workload: Workload,
  demand: Float64Array,
  horizonMonths: number,
  gpu: { monthlyUsd: number; tcoUsd: number },
): PoolMember | undefined {
  const fleet = model.facts.fleet;
  const configuration = model.configuration;
  if (!fleet || !configuration) return undefined;
  const batch = configuration.policy === 'batch';
  const meanSized = shape === 'hybrid-overflow' || (batch && (workload.traffic.offline?.deadlineHours ?? 0) >= 24);
  const share = shape === 'hybrid-split' ? workload.choices.hybridSelfHostedShare : 1;
  const gpuComponent = option.components.find((component) => component.category === 'gpu');
  const billedUsdPerGpuHour = gpuComponent?.unitPriceUsd ?? fleet.usdPerGpuHour;
  const sizingTokensPerHourByMonth = Array.from({ length: horizonMonths }, (_, monthIndex) => {
    const volume = workloadVolume(workload, monthIndex);
    return meanSized ? volume.meanTokensPerHour : volume.peakTokensPerHour * share;
  });
  return {
    fleet: batch ? { ...fleet, redundancyReplicas: 0 } : fleet,
    shape,
    billedUsdPerGpuHour,
    buildMonths: model.build?.months ?? 0,
    sizingTokensPerHourByMonth,
    peakSized: !meanSized,
    hourlyTokens: hourlyTokens(demand, shape === 'hybrid-split' ? share : 1),
    demandTokensPerMinute: demand,
    demandShare: shape === 'hybrid-split' ? share : 1,
    policy: configuration.policy,
    percentile: workload.latency.percentile === 'p99' ? 0.99 : 0.95,
    gpuMonthlyUsd: gpu.monthlyUsd,
    gpuTcoUsd: gpu.tcoUsd,
  };
}

/**
 * Builds the portfolio model from each workload's decision. Pure.
 * @example
 * // Two workloads, each with frontier, hosted-open and a self-hosted llama fleet:
 * // 6 choices, one pool 'self-hosted/llama-3.1-70b' with 2 members.
 * portfolioModel(workloads, organization, 0.3).pools[0].memberChoices.length === 2
 */
export function portfolioModel(
  workloads: PortfolioWorkload[],
  organization: Organization,
  cloudManagedMarkup: number,
): PortfolioModel {
  const horizonMonths = organization.horizonMonths;
  const choices: PortfolioChoice[] = [];
  const choicesByWorkload: number[][] = [];
  const pools = new Map<string, PortfolioPool>();
  const team: PortfolioModel['team'] = {};
  const setupTcoUsd: PortfolioModel['setupTcoUsd'] = {};
  const upgradeTcoUsdByModel: Record<string, number> = {};
  const tokenBaselineTcoUsd: Array<number | undefined> = [];
  const contexts = new Map<number, { resolved: ResolvedWorkload; shape: GpuOptionShape }>();
  workloads.forEach(({ resolved, decision, demandTokensPerMinute }, workloadIndex) => {
    const { workload, options, models } = decision;
    const indices: number[] = [];
    const eligibleTokens = options.filter((option) => option.eligible && isTokenPriced(option.kind));
    tokenBaselineTcoUsd.push(
      eligibleTokens.length > 0 ? Math.min(...eligibleTokens.map((option) => option.tcoUsd)) : undefined,
    );
    const selfHosted = options.find((option) => option.kind === 'self-hosted' && option.eligible);
    options.forEach((option, optionIndex) => {
      const model = models[optionIndex];
      if (option.ineligible.some((failure) => failure.rule === 'unavailable')) return;
      // chooseOption's dedicated-team rule, per workload: a managed endpoint must beat self-hosting by the margin.
      const managedMatched =
        option.kind === 'cloud-managed' &&
        organization.mlOpsCapacity === 'dedicated' &&
        selfHosted !== undefined &&
        selfHosted.tcoUsd <= option.tcoUsd * (1 + dedicatedTeamManagedMargin);
      const choice: PortfolioChoice = {
        workloadIndex,
        option,
        slot: optionSlot(option.id),
        allowed: option.eligible && !managedMatched,
        ownMonthlyUsd: option.monthlyCostUsd,
        ownTcoUsd: option.tcoUsd,
      };
      const shape = gpuShapeOf(option);
      const openModelId = option.id.openModelId;
      if (shape && runsModels(option.kind) && openModelId) {
        const split = splitOptionCost(model, workload, horizonMonths);
        const member = poolMember(option, model, shape, workload, demandTokensPerMinute, horizonMonths, {
          monthlyUsd: split.monthlyUsd.gpu,
          tcoUsd: split.tcoUsd.gpu,
        });
        if (member) {
          const family: StackFamily = shape === 'cloud-managed' ? 'cloud-managed' : 'self-managed';
          const poolKey = `${choice.slot}/${openModelId}`;
          choice.ownMonthlyUsd = split.monthlyUsd.own;
          choice.ownTcoUsd = split.tcoUsd.own;
          choice.gpu = {
            family,
            openModelId,
            poolKey,
            member,
            teamMonthlyUsd: split.monthlyUsd.team,
            teamTcoUsd: split.tcoUsd.team,
            setupTcoUsd: split.tcoUsd.setup,
            upgradeTcoUsd: split.tcoUsd.upgrade,
          };
          const known = team[family];
          if (!known || split.tcoUsd.team > known.tcoUsd)
            team[family] = { monthlyUsd: split.monthlyUsd.team, tcoUsd: split.tcoUsd.team };
          setupTcoUsd[family] = Math.max(setupTcoUsd[family] ?? 0, split.tcoUsd.setup);
          upgradeTcoUsdByModel[openModelId] = Math.max(upgradeTcoUsdByModel[openModelId] ?? 0, split.tcoUsd.upgrade);
          const pool = pools.get(poolKey) ?? {
            key: poolKey,
            slot: choice.slot,
            openModelId,
            family,
            memberChoices: [],
          };
          pool.memberChoices.push(choices.length);
          pools.set(poolKey, pool);
          contexts.set(choices.length, { resolved, shape });
        }
      }
      indices.push(choices.length);
      choices.push(choice);
    });
    choicesByWorkload.push(indices);
  });
  const ops = opsInputs(organization);
  const engineerUsdPerMonth = yearlyToMonthlyUsd(ops.engineerLoadedCostUsdPerYear);
  const acceptance = new Map<string, boolean>();
  return {
    workloadNames: workloads.map(({ decision }) => decision.workload.name),
    horizonMonths,
    choicesByWorkload,
    choices,
    pools: [...pools.values()],
    team,
    setupTcoUsd,
    upgradeTcoUsdByModel,
    fleetIncrementUsdPerMonth: STAFFING_INCREMENTS.sreSharePerFleet * ops.staffing.sreFte * engineerUsdPerMonth,
    modelIncrementUsdPerMonth:
      STAFFING_INCREMENTS.mlEngineerSharePerModel * ops.staffing.mlEngineerFte * engineerUsdPerMonth,
    requiredSaving: requiredSelfHostSaving[organization.mlOpsCapacity],
    tokenBaselineTcoUsd,
    accepts(choiceIndex, fleet) {
      const context = contexts.get(choiceIndex);
      if (!context) return false;
      const cacheKey = `${choiceIndex}/${fleetKey(fleet)}`;
      const known = acceptance.get(cacheKey);
      if (known !== undefined) return known;
      const { resolved, shape } = context;
      const candidate = gpuOptionModel(
        shape,
        {
          workload: resolved.workload,
          organization,
          cloudManagedMarkup,
          hybridOffer: resolved.hostedOpen ?? resolved.frontier,
        },
        fleet,
        'fixed',
      );
      const accepted = optionFailures(candidate, resolved.workload, organization).length === 0;
      acceptance.set(cacheKey, accepted);
      return accepted;
    },
  };
}

/** A fleet configuration's identity (GPU, TP, precision, engine, tier, throughput). */
export function fleetKey(fleet: ResolvedFleet): string {
  return `${fleet.gpuId}/${fleet.gpusPerReplica}/${fleet.precision}/${fleet.engine}/${fleet.pricing}/${fleet.tokensPerHourPerGpu}`;
}

/**
 * How much smaller the combined peak is than the sum of the peaks: the busiest hour of the
 * summed traffic over the sum of each member's busiest hour (1 = peaks coincide).
 * @example
 * // One member busy 09:00-17:00, the other 21:00-05:00, same size: diversityFactor === 0.5
 * diversityFactor([dayShift, nightShift]) === 0.5
 */
export function diversityFactor(hourly: ReadonlyArray<Float64Array>): number {
  if (hourly.length <= 1) return 1;
  let hours = 0;
  let sumOfPeaks = 0;
  for (const series of hourly) {
    let peak = 0;
    for (let hour = 0; hour < series.length; hour += 1) if (series[hour] > peak) peak = series[hour];
    sumOfPeaks += peak;
    if (series.length > hours) hours = series.length;
  }
  if (sumOfPeaks <= 0) return 1;
  const combined = new Float64Array(hours);
  for (const series of hourly) for (let hour = 0; hour < series.length; hour += 1) combined[hour] += series[hour];
  let combinedPeak = 0;
  for (let hour = 0; hour < hours; hour += 1) if (combined[hour] > combinedPeak) combinedPeak = combined[hour];
  return Math.min(1, combinedPeak / sumOfPeaks);
}

/** A pooled fleet's cost and shape for one set of members. */
export interface PooledFleet {
  /** The configuration the pool runs, or null when separate fleets (each member's own) are cheaper. */
  fleet: ResolvedFleet | null;
  /** GPUs in the first serving month (separate fleets: their sum). */
  gpus: number;
  diversity: number;
  monthlyUsd: number;
  tcoUsd: number;
}

/**
 * One fleet for the pool members `members` (choice indices): sized each month for
 * diversity x the sum of the peak-sized members' peaks plus the mean-sized members'
 * means, on the cheapest member configuration every member accepts; autoscaled (or
 * scheduled) when every member is, paying the share of GPU-hours the simulator measures
 * on their summed minute-by-minute traffic; or the members' own fleets when those cost less.
 * @example
 * // Two identical members, each 1 serving + 1 spare H100 at $4/h on its own (2 x $5,760/month):
 * // pooled, 2 serving + 1 spare = 3 GPUs = $8,640/month.
 * pooledFleet(model, [2, 5]).monthlyUsd === 8_640
 */
export function pooledFleet(model: PortfolioModel, members: readonly number[]): PooledFleet {
  const entries = members.map((index) => {
    const gpu = model.choices[index].gpu;
    if (!gpu) throw new Error(`choice ${index} runs no fleet`);
    return gpu.member;
  });
  const separate: PooledFleet = {
    fleet: null,
    gpus: 0,
    diversity: 1,
    monthlyUsd: entries.reduce((total, member) => total + member.gpuMonthlyUsd, 0),
    tcoUsd: entries.reduce((total, member) => total + member.gpuTcoUsd, 0),
  };
  if (entries.length === 1) {
    const only = entries[0];
    return { ...separate, fleet: only.fleet, gpus: gpusFor(only.fleet, only.sizingTokensPerHourByMonth[0]) };
  }
  const peakSized = entries.filter((member) => member.peakSized);
  const diversity = diversityFactor(peakSized.map((member) => member.hourlyTokens));
  const redundancyReplicas = Math.max(...entries.map((member) => member.fleet.redundancyReplicas));
  const buildMonths = Math.max(...entries.map((member) => member.buildMonths));
  // Tokens per hour the pooled fleet is sized for, per month (the same for every configuration).
  const sizingByMonth = Array.from({ length: model.horizonMonths }, (_, monthIndex) => {
    let peak = 0;
    let mean = 0;
    for (const member of entries) {
      if (member.peakSized) peak += member.sizingTokensPerHourByMonth[monthIndex];
      else mean += member.sizingTokensPerHourByMonth[monthIndex];
    }
    return diversity * peak + mean;
  });
  const sizing = (monthIndex: number) => sizingByMonth[monthIndex];
  // An elastic pool (every member autoscaled, or every member scheduled) pays the share of a
  // fixed fleet's GPU-hours the simulator measures on the members' summed traffic.
  const elastic = entries[0].policy;
  const elasticPool =
    (elastic === 'autoscale' || elastic === 'scheduled') && entries.every((member) => member.policy === elastic);
  const percentile = Math.max(...entries.map((member) => member.percentile));
  let best: PooledFleet | undefined;
  const owners = new Map<string, PoolMember>();
  for (const owner of entries) if (!owners.has(fleetKey(owner.fleet))) owners.set(fleetKey(owner.fleet), owner);
  for (const owner of owners.values()) {
    if (!members.every((index) => model.accepts(index, owner.fleet))) continue;
    const fleet = { ...owner.fleet, redundancyReplicas };
    const gpus = gpusFor(fleet, sizing(0));
    let paidShare = 1;
    if (elasticPool && (elastic === 'autoscale' || elastic === 'scheduled')) {
      const effect = elasticEffect(fleet, gpus, combinedDemand(entries), percentile, elastic);
      const allowedMinutes = entries[0].demandTokensPerMinute.length * (1 - percentile);
      if (effect.extraSloMissMinutes <= allowedMinutes) paidShare = effect.paidShare;
    }
    const usdPerMonth = (count: number) => count * HOURS_PER_MONTH * owner.billedUsdPerGpuHour * paidShare;
    let tcoUsd = 0;
    let lastTokens = Number.NaN;
    let lastGpus = 0;
    for (let monthIndex = buildMonths; monthIndex < model.horizonMonths; monthIndex += 1) {
      const tokens = sizing(monthIndex);
      if (tokens !== lastTokens) {
        lastGpus = gpusFor(fleet, tokens);
        lastTokens = tokens;
      }
      tcoUsd += usdPerMonth(lastGpus);
    }
    const candidate = { fleet, gpus, diversity, monthlyUsd: usdPerMonth(gpus), tcoUsd };
    if (!best || candidate.tcoUsd < best.tcoUsd) best = candidate;
  }
  if (!best || best.tcoUsd >= separate.tcoUsd) {
    let gpus = 0;
    for (const member of entries) gpus += gpusFor(member.fleet, member.sizingTokensPerHourByMonth[0]);
    return { ...separate, gpus, diversity };
  }
  return best;
}

/** The members' first month of traffic summed minute by minute (each at its fleet's share). */
function combinedDemand(entries: PoolMember[]): Float64Array {
  const minutes = Math.max(...entries.map((member) => member.demandTokensPerMinute.length));
  const total = new Float64Array(minutes);
  for (const member of entries)
    for (let minute = 0; minute < member.demandTokensPerMinute.length; minute += 1)
      total[minute] += member.demandTokensPerMinute[minute] * member.demandShare;
  return total;
}

/**
 * A member's paid share of its peak fleet's GPU-hours (1 for fixed fleets; an autoscaled
 * one pays what its simulation measured): its GPU cost over a peak fleet's full price.
 * @example
 * // 10 peak GPUs at $1/h paying $2,880/month: 2,880 / (10 x 720) = 0.4
 * memberPaidShare(member) === 0.4
 */
export function memberPaidShare(member: PoolMember): number {
  const fullUsd =
    gpusFor(member.fleet, member.sizingTokensPerHourByMonth[0]) * HOURS_PER_MONTH * member.billedUsdPerGpuHour;
  return fullUsd > 0 ? Math.min(1, member.gpuMonthlyUsd / fullUsd) : 1;
}

/** Whether every member runs the same elastic policy (the pool then autoscales or follows a timetable). */
export function isElasticPool(entries: ReadonlyArray<Pick<PoolMember, 'policy'>>): boolean {
  const policy = entries[0]?.policy;
  return (policy === 'autoscale' || policy === 'scheduled') && entries.every((member) => member.policy === policy);
}

function gpusFor(fleet: ResolvedFleet, tokensPerHour: number): number {
  return sizeFleetForPeak({ ...fleet, peakTokensPerHour: tokensPerHour }).gpus;
}

/** What a placement costs, by part. */
export interface PlacementCost {
  monthlyCostUsd: number;
  tcoUsd: number;
  parts: {
    ownTcoUsd: number;
    gpuTcoUsd: number;
    teamTcoUsd: number;
    staffingIncrementTcoUsd: number;
    setupTcoUsd: number;
    upgradeTcoUsd: number;
  };
  /** The pools in use with their members (workload indices) and fleets. */
  pools: Array<{ key: string; workloads: number[]; fleet: PooledFleet }>;
  families: StackFamily[];
  models: string[];
}

/**
 * Prices a placement (one choice index per workload; -1 = not placed) with shared costs
 * counted once: own parts + each pool's fleet + the largest team of the stack families
 * used + staffing increments per further pool and model + setup per family + upgrades
 * per model.
 * @example
 * // Two identical workloads on self-hosted llama (each $27,360/month alone: $21,600 team and
 * // $5,760 for 2 GPUs): together one team and one 3-GPU fleet, 2 x own + 21,600 + 8,640:
 * placementCost(model, [selfHostedA, selfHostedB]).monthlyCostUsd // ≈ 30,240
 */
export function placementCost(
  model: PortfolioModel,
  placement: readonly number[],
  poolCache?: Map<string, PooledFleet>,
): PlacementCost {
  const parts = {
    ownTcoUsd: 0,
    gpuTcoUsd: 0,
    teamTcoUsd: 0,
    staffingIncrementTcoUsd: 0,
    setupTcoUsd: 0,
    upgradeTcoUsd: 0,
  };
  let monthlyCostUsd = 0;
  const poolMembers = new Map<string, number[]>();
  const families = new Set<StackFamily>();
  const models = new Set<string>();
  for (const choiceIndex of placement) {
    if (choiceIndex < 0) continue;
    const choice = model.choices[choiceIndex];
    parts.ownTcoUsd += choice.ownTcoUsd;
    monthlyCostUsd += choice.ownMonthlyUsd;
    if (!choice.gpu) continue;
    families.add(choice.gpu.family);
    models.add(choice.gpu.openModelId);
    const members = poolMembers.get(choice.gpu.poolKey) ?? [];
    members.push(choiceIndex);
    poolMembers.set(choice.gpu.poolKey, members);
  }
  const pools: PlacementCost['pools'] = [];
  for (const [key, members] of poolMembers) {
    const cacheKey = `${key}:${members.join(',')}`;
    const fleet = poolCache?.get(cacheKey) ?? pooledFleet(model, members);
    poolCache?.set(cacheKey, fleet);
    parts.gpuTcoUsd += fleet.tcoUsd;
    monthlyCostUsd += fleet.monthlyUsd;
    pools.push({ key, workloads: members.map((index) => model.choices[index].workloadIndex), fleet });
  }
  if (families.size > 0) {
    const teamOf = (family: StackFamily) => model.team[family] ?? { monthlyUsd: 0, tcoUsd: 0 };
    const largest = [...families].sort((left, right) => teamOf(right).tcoUsd - teamOf(left).tcoUsd)[0];
    parts.teamTcoUsd = teamOf(largest).tcoUsd;
    monthlyCostUsd += teamOf(largest).monthlyUsd;
    const incrementUsdPerMonth =
      model.fleetIncrementUsdPerMonth * (poolMembers.size - 1) + model.modelIncrementUsdPerMonth * (models.size - 1);
    parts.staffingIncrementTcoUsd = incrementUsdPerMonth * model.horizonMonths;
    monthlyCostUsd += incrementUsdPerMonth;
    for (const family of families) parts.setupTcoUsd += model.setupTcoUsd[family] ?? 0;
    for (const openModelId of models) parts.upgradeTcoUsd += model.upgradeTcoUsdByModel[openModelId] ?? 0;
  }
  const tcoUsd =
    parts.ownTcoUsd +
    parts.gpuTcoUsd +
    parts.teamTcoUsd +
    parts.staffingIncrementTcoUsd +
    parts.setupTcoUsd +
    parts.upgradeTcoUsd;
  return { monthlyCostUsd, tcoUsd, parts, pools, families: [...families], models: [...models] };
}

/**
 * The ML-ops rule for a portfolio: moving workloads that have a per-token option onto
 * GPUs must save `requiredSaving` of what they cost on their best per-token options,
 * against the cheapest placement that keeps them on per-token options (`baselineTcoUsd`).
 * One workload: the GPU option must cost at most (1 - requiredSaving) x the per-token one.
 * When no such workload runs on GPUs the rule does not apply.
 * @example
 * // limited ML-ops (20%), one workload: hosted-open $300k, self-hosted $280k -> not met (needs <= $240k)
 * meetsMlOpsRule(model, placement, 280_000, 300_000) === false
 */
export function meetsMlOpsRule(
  model: PortfolioModel,
  placement: readonly number[],
  tcoUsd: number,
  baselineTcoUsd: number,
): boolean {
  if (model.requiredSaving <= 0) return true;
  let movedBaseline = 0;
  placement.forEach((choiceIndex, workloadIndex) => {
    if (choiceIndex < 0) return;
    const baseline = model.tokenBaselineTcoUsd[workloadIndex];
    if (baseline !== undefined && model.choices[choiceIndex].gpu) movedBaseline += baseline;
  });
  if (movedBaseline === 0) return true;
  return tcoUsd <= baselineTcoUsd - model.requiredSaving * movedBaseline + 1e-6 * Math.max(1, baselineTcoUsd);
}

/** Whether a choice may be used in the baseline of the ML-ops rule (workloads with a per-token option stay on one). */
export function allowedInBaseline(model: PortfolioModel, choiceIndex: number): boolean {
  const choice = model.choices[choiceIndex];
  return model.tokenBaselineTcoUsd[choice.workloadIndex] === undefined || choice.gpu === undefined;
}
