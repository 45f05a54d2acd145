/**
 * The ONE plan report model. Table, JSON, Markdown and HTML renderers and the dashboard
 * all render this object; it is also the `plan --format json` contract (documented in
 * docs/plan.md): numbers are rounded for stable output (money to cents).
 */
import type { CostComponent } from '../core/cost/types.ts';
import type { Organization } from '../core/workload/schema.ts';
import { optionKey } from '../core/decide/option-id.ts';
import type {
  ConfigurationAlternative,
  FlipPoint,
  Ineligibility,
  OptionKind,
  OptionLatency,
  OptionResult,
  OptionSizing,
  PlanInputs,
  PlanPricing,
  PlanResult,
  Reason,
  RuleOfThumb,
  Verdict,
  WorkloadPlan,
} from '../core/decide/types.ts';
import { catalogAge } from '../core/decide/staleness.ts';
import type { PortfolioPlacement, WorkloadPlacement } from '../core/decide/portfolio.ts';
import {
  describeCatalogAge,
  describeFlipPoint,
  describeIneligibility,
  describePlacementTotal,
  describePlacementWhy,
  describeLoss,
  describeReason,
  describeVerdict,
  describeWarning,
  labelerFor,
  optionLabel,
  sizingNotes,
  type Labeler,
} from './plan-english.ts';
import { workloadVerdict, type WorkloadVerdictFacts } from './plan-verdict.ts';
import type { ReportUncertainty } from './plan-uncertainty.ts';

/** One option, summed over workloads (the `options[]` of the JSON contract). */
export interface ReportOption {
  /** The option's key (one workload) or its slot (`self-hosted`, `hybrid:split`, ...) across workloads. */
  id: string;
  kind: OptionKind;
  label: string;
  eligible: boolean;
  ineligibleReasons: string[];
  monthlyCostUsd: number;
  usageBasedMonthlyCostUsd: number;
  fixedMonthlyCostUsd: number;
  tcoUsd: number;
  oneOffUsd: number;
  usdPerMillionTokens: number;
  components: CostComponent[];
}

/** A flip point: the sentence, the volume (null when volume does not flip it) and the fact. */
export interface ReportFlipPoint {
  description: string;
  tokensPerMonth: number | null;
  fact: FlipPoint;
}

/** Cost band where inputs are ranges (GPU prices low/high, widened by the capacity model's validated error): cumulative TCO per month. */
export interface ReportCostBand {
  lowTcoUsd: number;
  highTcoUsd: number;
  months: Array<{ monthIndex: number; lowCumulativeUsd: number; highCumulativeUsd: number }>;
}

/** The capacity model's load curve for a workload's self-hosted fleet (capacity chart). */
export interface ReportCapacity {
  workload: string;
  openModel: string;
  gpu: string;
  precision: string;
  engine: string;
  gpusPerReplica: number;
  ttftSloMs: number | null;
  tokensPerHourPerGpu: number;
  operatingConcurrency: number;
  loadCurve: Array<{ concurrency: number; outputTokensPerSecond: number; ttftMs: number; tpotMs: number }>;
}

/** A traffic simulation of the self-hosted fleet (utilization heatmap, idle cost), with its workload. */
export type ReportSimulation = { workload: string } & WorkloadPlan['simulation'][number];

export interface ReportWorkloadOption extends ReportOption {
  /** Null for options whose inputs are not ranges. */
  band: ReportCostBand | null;
  ttftP95Ms: number | null;
  /** TTFT at the workload's SLO percentile against the SLO. */
  latency: OptionLatency;
  notes: string[];
  /** GPU-based options: the chosen configuration, GPUs, replicas, busy/paid GPU-hours, staffing. */
  sizing: OptionSizing | null;
  /** The hard constraints the option fails, as facts (`ineligibleReasons` in English); absent in older reports. */
  ineligibleFacts?: Ineligibility[];
  /** GPU-based options: the next best configurations and why each lost (`why` in English). */
  alternatives: Array<ConfigurationAlternative & { why: string }>;
  months: Array<{ monthIndex: number; totalUsd: number; cumulativeUsd: number }>;
}

export interface ReportWorkload {
  name: string;
  /** False when no option meets every hard constraint (then `headline` says so). */
  feasible: boolean;
  /** The answer in one sentence: the recommendation, that nothing is feasible, or that cost does not decide. */
  headline: string;
  verdict: Verdict;
  /** Months before a GPU fleet serves traffic (the hosted option serves meanwhile). */
  buildPeriodMonths: number;
  tokensPerMonth: number;
  requestsPerMonth: number;
  monthlyGrowthRate: number;
  /** `reasons` in English (the first is decisive); `facts` the same reasons as typed facts. */
  recommendation: { option: OptionKind; optionId: string; reasons: string[]; facts: Reason[] };
  options: ReportWorkloadOption[];
  rulesOfThumb: RuleOfThumb[];
  flip: ReportFlipPoint[];
  cheapestChange: { monthIndex: number; from: string; to: string } | null;
  breakEven: Array<{ optionId: string; againstOptionId: string; monthIndex: number | null }>;
  costCurve: Array<{ tokensPerMonth: number; costUsdByOption: Record<string, number> }>;
  unansweredQuestions: string[];
  warnings: string[];
  /** The verdict as facts: do now, savings, when it changes, ruled out (`plan-verdict.ts`); absent in older reports. */
  summary?: WorkloadVerdictFacts;
}

export interface PlanReport {
  report: 'switchyard.plan';
  schemaVersion: 1;
  title: string;
  organization: {
    name: string;
    mlOpsCapacity: Organization['mlOpsCapacity'];
    region: string;
    horizonMonths: number;
    engineerLoadedCostUsdPerYear: number;
  };
  recommendation: { option: OptionKind; reasons: string[]; monthlyCostUsd: number; tcoUsd: number };
  /** False when some workload has no option that meets every hard constraint. */
  feasible: boolean;
  /** One workload: its headline. Several: the placement's total, then one line per workload with its placed option. */
  headline: string;
  options: ReportOption[];
  /** Every workload placed on one option, shared costs once (one workload: its recommendation). */
  placement: ReportPlacement;
  workloads: ReportWorkload[];
  /** Load curves per workload (empty when no self-hosted fleet could be sized). */
  capacity: ReportCapacity[];
  /** Fleet simulations per workload (empty when none ran). */
  simulation: ReportSimulation[];
  /** Every price source a component used, with its date. */
  sources: Array<{ name: string; asOf: string }>;
  /**
   * The catalog the plan is priced from: its snapshot, the plan's date, its age that day (in
   * words: `age`), where its numbers come from (the package version among them), user
   * files merged over it and the prices used that are older than six months. Absent when
   * the plan was given no dated catalog.
   */
  catalog?: {
    snapshot: string;
    planDate: string;
    snapshotAgeDays: number;
    age: string;
    sources: string[];
    userFiles: string[];
    stalePrices: Array<{ name: string; asOf: string; ageDays: number }>;
  };
  assumptions: string[];
  /** `plan --uncertainty` (issue 14, part B): the Monte Carlo over the profile's ranges; absent when it did not run. */
  uncertainty?: ReportUncertainty;
}

export const planAssumptions = [
  'A month is 30 days (720 hours), as in the seed articles; monthly x 12 = yearly without growth.',
  'monthlyCostUsd is the first month’s recurring cost; one-off costs (setup, model upgrades) are in oneOffUsd and in the TCO in the month they occur.',
  'GPU prices are the middle of the catalog’s range for the chosen pricing tier at the cheapest listed cloud.',
  'Self-hosted fleets are sized for peak (peak-to-mean x mean) at the target peak utilization, in whole tensor-parallel replicas, plus redundancy replicas (N+1 by default).',
  'With no ML-ops capacity, self-hosted staffing is at least one SRE and one ML engineer (new hires).',
  'Cloud-managed: GPU cost plus the managed markup; the provider takes half of the infrastructure work (SRE time, on-call, setup).',
  'p99 latency is taken as 1.5 x p95 where only p95 is known.',
];

/** Rounds a number for the report: money and ratios to 4 decimals, big counts to integers. */
function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  if (Math.abs(value) >= 1e6) return Math.round(value);
  return Math.round(value * 10_000) / 10_000;
}

function roundDeep<T>(value: T): T {
  if (typeof value === 'number') return round(value) as T;
  if (Array.isArray(value)) return value.map((item) => roundDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = roundDeep(inner);
    return out as T;
  }
  return value;
}

function workloadOption(option: OptionResult): ReportWorkloadOption {
  return {
    id: option.key,
    kind: option.kind,
    label: optionLabel(option.id, option.parameters),
    eligible: option.eligible,
    ineligibleReasons: option.ineligible.map(describeIneligibility),
    ineligibleFacts: option.ineligible,
    monthlyCostUsd: option.monthlyCostUsd,
    usageBasedMonthlyCostUsd: option.usageBasedMonthlyCostUsd,
    fixedMonthlyCostUsd: option.fixedMonthlyCostUsd,
    oneOffUsd: option.oneOffUsd,
    tcoUsd: option.tcoUsd,
    usdPerMillionTokens: option.usdPerMillionTokens,
    components: option.components,
    band: option.band ?? null,
    ttftP95Ms: option.ttftP95Ms ?? null,
    latency: option.latency,
    notes: sizingNotes(option.sizing, option.parameters.gpusPerReplica),
    sizing: option.sizing ?? null,
    alternatives: option.alternatives.map((alternative) => ({ ...alternative, why: describeLoss(alternative.lost) })),
    months: option.months.map((month) => ({
      monthIndex: month.monthIndex,
      totalUsd: month.totalUsd,
      cumulativeUsd: month.cumulativeUsd,
    })),
  };
}

function reportWorkload(workload: WorkloadPlan): ReportWorkload {
  const label = labelerFor(workload.options);
  return {
    name: workload.name,
    feasible: workload.feasible,
    headline: describeVerdict(workload.verdict, label),
    verdict: workload.verdict,
    buildPeriodMonths: workload.buildPeriodMonths,
    tokensPerMonth: workload.tokensPerMonth,
    requestsPerMonth: workload.requestsPerMonth,
    monthlyGrowthRate: workload.monthlyGrowthRate,
    recommendation: {
      option: workload.recommendation.option,
      optionId: workload.recommendation.key,
      reasons: workload.recommendation.reasons.map((reason) => describeReason(reason, label)),
      facts: workload.recommendation.reasons,
    },
    options: workload.options.map(workloadOption),
    rulesOfThumb: workload.rulesOfThumb,
    flip: workload.flip.map((point) => ({
      description: describeFlipPoint(point, label),
      tokensPerMonth: point.kind === 'cheapest-above' || point.kind === 'cheapest-below' ? point.tokensPerMonth : null,
      fact: point,
    })),
    cheapestChange: workload.cheapestChange
      ? {
          monthIndex: workload.cheapestChange.monthIndex,
          from: label(workload.cheapestChange.from),
          to: label(workload.cheapestChange.to),
        }
      : null,
    breakEven: workload.breakEven.map((point) => ({
      optionId: optionKey(point.option),
      againstOptionId: optionKey(point.against),
      monthIndex: point.monthIndex,
    })),
    costCurve: workload.costCurve,
    unansweredQuestions: workload.unansweredQuestions,
    warnings: workload.warnings.map((warning) => describeWarning(warning, label)),
  };
}

/** The top-level options: one per slot, summed over workloads. */
function portfolioOptions(plan: PlanResult): ReportOption[] {
  const multi = plan.workloads.length > 1;
  return plan.options.map((option) => ({
    id: option.key,
    kind: option.kind,
    label: option.single
      ? optionLabel(option.single.id, option.single.parameters)
      : `${option.kind}${option.variant ? ` (${option.variant})` : ''} for every workload`,
    eligible: option.eligible,
    ineligibleReasons: option.ineligible.flatMap(({ workload, failures }) =>
      failures.map((failure) =>
        multi ? `${workload}: ${describeIneligibility(failure)}` : describeIneligibility(failure),
      ),
    ),
    monthlyCostUsd: option.monthlyCostUsd,
    usageBasedMonthlyCostUsd: option.usageBasedMonthlyCostUsd,
    fixedMonthlyCostUsd: option.fixedMonthlyCostUsd,
    tcoUsd: option.tcoUsd,
    oneOffUsd: option.oneOffUsd,
    usdPerMillionTokens: option.usdPerMillionTokens,
    components: option.components.map(({ workload, component }) =>
      multi ? { ...component, name: `${workload}: ${component.name}` } : component,
    ),
  }));
}

/** The profile's recommendation in English. */
function profileReasons(plan: PlanResult, labels: Map<string, Labeler>): string[] {
  const reason = plan.recommendation.reason;
  const single = plan.workloads[0];
  if (reason.kind === 'single-workload') {
    const label = labels.get(single.name) ?? labelerFor(single.options);
    return reason.reasons.map((entry) => describeReason(entry, label));
  }
  return [
    reason.sameKind
      ? `every workload is best served by ${plan.recommendation.option}`
      : 'the workloads are best served differently (decide feature by feature):',
    ...placementLines(plan, labels),
  ];
}

// ---- Portfolio placement (issue 14, part A) ----

/** The portfolio placement: where each workload runs and why, the total and the saving. */
export interface ReportPlacement {
  /** `mip` (HiGHS), `mip-linear-pools`, `exhaustive` or `local-search`. */
  method: PortfolioPlacement['method'];
  /** True when the method proves the placement optimal for the portfolio model. */
  exact: boolean;
  summary: string;
  monthlyCostUsd: number;
  tcoUsd: number;
  /** Against every workload on the best single option (null: no single option fits every workload). */
  savings: { againstSlot: string; tcoUsd: number; monthlyCostUsd: number } | null;
  workloads: Array<{
    workload: string;
    /** The placed option's key (null: not placed). */
    optionId: string | null;
    kind: OptionKind | null;
    label: string;
    why: string;
    facts: WorkloadPlacement;
  }>;
  fleets: PortfolioPlacement['fleets'];
  parts: PortfolioPlacement['parts'];
  stacks: string[];
  models: string[];
}

function placementLines(plan: PlanResult, labels: Map<string, Labeler>): string[] {
  return plan.placement.workloads.map((entry) => {
    const label = labels.get(entry.workload) ?? ((id: OptionResult['id']) => optionLabel(id));
    const where = entry.option ? label(entry.option) : 'not placed';
    return `${entry.workload}: ${where} — ${describePlacementWhy(entry, label)}`;
  });
}

/**
 * The profile's answer as a name: the recommended kind, or for several workloads placed on
 * different kinds, "feature by feature".
 * @example profileChoice(fourFeatureReport, (kind) => kind) === 'feature by feature (see the portfolio placement)'
 */
export function profileChoice(report: PlanReport, name: (kind: OptionKind) => string): string {
  if (report.workloads.length <= 1) return name(report.recommendation.option);
  const kinds = new Set(report.placement.workloads.map((entry) => entry.kind));
  return kinds.size > 1 ? 'feature by feature (see the portfolio placement)' : name(report.recommendation.option);
}

/** Several workloads: the placement's total, then one line per workload with where it sits. */
function placementHeadline(plan: PlanResult, labels: Map<string, Labeler>): string {
  const lines = plan.placement.workloads.map((entry) => {
    const label = labels.get(entry.workload) ?? ((id: OptionResult['id']) => optionLabel(id));
    return `${entry.workload}: ${entry.option ? label(entry.option) : 'no option meets every hard constraint'}`;
  });
  return [describePlacementTotal(plan.placement, plan.organization.horizonMonths), ...lines].join('\n');
}

function reportPlacement(plan: PlanResult, labels: Map<string, Labeler>): ReportPlacement {
  const placement = plan.placement;
  return {
    method: placement.method,
    exact: placement.exact,
    summary: describePlacementTotal(placement, plan.organization.horizonMonths),
    monthlyCostUsd: placement.monthlyCostUsd,
    tcoUsd: placement.tcoUsd,
    savings:
      placement.bestSingle && placement.savingsTcoUsd !== null && placement.savingsMonthlyUsd !== null
        ? {
            againstSlot: placement.bestSingle.slot,
            tcoUsd: placement.savingsTcoUsd,
            monthlyCostUsd: placement.savingsMonthlyUsd,
          }
        : null,
    workloads: placement.workloads.map((entry) => {
      const label = labels.get(entry.workload) ?? ((id: OptionResult['id']) => optionLabel(id));
      return {
        workload: entry.workload,
        optionId: entry.key,
        kind: entry.kind,
        label: entry.option ? label(entry.option) : 'not placed',
        why: describePlacementWhy(entry, label),
        facts: entry,
      };
    }),
    fleets: placement.fleets,
    parts: placement.parts,
    stacks: placement.stacks,
    models: placement.models,
  };
}

/** Capacity curves of the workloads' self-hosted fleets, from the resolved inputs. */
function capacitySections(plan: PlanResult, inputs: PlanInputs | undefined): ReportCapacity[] {
  return plan.workloads.flatMap((workloadPlan, index) => {
    const fleet = workloadPlan.selfHostedFleet ?? inputs?.workloads[index]?.fleet;
    const workload = inputs?.workloads[index]?.workload;
    if (!fleet?.capacity) return [];
    return [
      {
        workload: workloadPlan.name,
        openModel: fleet.openModelId,
        gpu: fleet.gpuId,
        precision: fleet.precision,
        engine: fleet.capacity.engine,
        gpusPerReplica: fleet.gpusPerReplica,
        ttftSloMs: workload?.latency.ttftMs ?? null,
        tokensPerHourPerGpu: fleet.tokensPerHourPerGpu,
        operatingConcurrency: fleet.capacity.operatingConcurrency,
        loadCurve: fleet.capacity.loadCurve,
      },
    ];
  });
}

/** The report's catalog section: the snapshot and its age on the plan's date, over the prices used. */
function catalogSection(pricing: PlanPricing, sources: Map<string, string>): NonNullable<PlanReport['catalog']> {
  const prices = [...sources.entries()]
    .filter(([name]) => !name.startsWith('assumption:'))
    .map(([name, asOf]) => ({ name, asOf }));
  const age = catalogAge(prices, pricing.planDate, pricing.snapshot);
  return {
    snapshot: pricing.snapshot,
    planDate: pricing.planDate,
    snapshotAgeDays: age.snapshotAgeDays ?? 0,
    age: describeCatalogAge(age),
    sources: pricing.sources,
    userFiles: pricing.userFiles ?? [],
    stalePrices: age.stale,
  };
}

/** Builds the report model from a plan result (and its inputs, for the capacity curves). Pure. */
export function buildPlanReport(plan: PlanResult, inputs?: PlanInputs): PlanReport {
  const simulation: ReportSimulation[] = plan.workloads.flatMap((workload) =>
    workload.simulation.map((result) => ({ workload: workload.name, ...result })),
  );

  const labels = new Map(plan.workloads.map((workload) => [workload.name, labelerFor(workload.options)]));
  const sources = new Map<string, string>();
  for (const workload of plan.workloads) {
    for (const option of workload.options)
      for (const component of option.components) sources.set(component.source.name, component.source.asOf);
  }
  const report: PlanReport = {
    report: 'switchyard.plan',
    schemaVersion: 1,
    title: `Switchyard plan: ${plan.organization.name}`,
    organization: {
      name: plan.organization.name,
      mlOpsCapacity: plan.organization.mlOpsCapacity,
      region: plan.organization.region,
      horizonMonths: plan.organization.horizonMonths,
      engineerLoadedCostUsdPerYear: plan.organization.engineerLoadedCostUsdPerYear,
    },
    recommendation: {
      option: plan.recommendation.option,
      reasons: profileReasons(plan, labels),
      monthlyCostUsd: plan.recommendation.monthlyCostUsd,
      tcoUsd: plan.recommendation.tcoUsd,
    },
    feasible: plan.feasible,
    headline:
      plan.workloads.length > 1
        ? placementHeadline(plan, labels)
        : describeVerdict(
            plan.workloads[0].verdict,
            labels.get(plan.workloads[0].name) ?? labelerFor(plan.workloads[0].options),
          ),
    options: portfolioOptions(plan),
    placement: reportPlacement(plan, labels),
    workloads: plan.workloads.map(reportWorkload),
    capacity: capacitySections(plan, inputs),
    simulation,
    sources: [...sources.entries()]
      .map(([name, asOf]) => ({ name, asOf }))
      .sort((left, right) => left.name.localeCompare(right.name)),
    ...(inputs?.pricing ? { catalog: catalogSection(inputs.pricing, sources) } : {}),
    assumptions: planAssumptions,
  };
  return withVerdicts(roundDeep(report));
}

/** Adds each workload's verdict facts (`workloads[].summary`), computed from the rounded report. */
function withVerdicts(report: PlanReport): PlanReport {
  const horizonMonths = report.organization.horizonMonths;
  return {
    ...report,
    workloads: report.workloads.map((workload) => ({ ...workload, summary: workloadVerdict(workload, horizonMonths) })),
  };
}
