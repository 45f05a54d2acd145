/**
 * The ONE plan report model. Table, JSON, Markdown and HTML renderers and the dashboard
 * all render this object; it is also the `plan --format json` contract (documented in
 * docs/plan.md): numbers are rounded for stable output (money to cents).
 */
import type { OptionKind, OptionResult, PlanInputs, PlanResult, RuleOfThumb, FlipPoint } from '../core/decide/types.ts';

/** One option, summed over workloads (the `options[]` of the JSON contract). */
export type ReportOption = PlanResult['options'][number];

/** Cost band where inputs are ranges (GPU prices low/high): cumulative TCO per month. */
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

/** A traffic simulation of the self-hosted fleet (utilization heatmap, idle cost). */
export interface ReportSimulation {
  workload: string;
  policy: string;
  meanUtilization: number;
  /** 168 values, Monday 00:00 first. */
  utilizationByHourOfWeek: number[];
  gpuHoursPaid: number;
  gpuHoursUsed: number;
  idleCostUsd: number;
  minutesOverCapacity: number;
  overflowTokens: number;
  sloMissMinutes: number;
  totalCostUsd: number;
}

export interface ReportWorkloadOption extends ReportOption {
  /** Null for options whose inputs are not ranges. */
  band: ReportCostBand | null;
  ttftP95Ms: number | null;
  notes: string[];
  sizing: OptionResult['sizing'] | null;
  months: Array<{ monthIndex: number; totalUsd: number; cumulativeUsd: number }>;
}

export interface ReportWorkload {
  name: string;
  tokensPerMonth: number;
  requestsPerMonth: number;
  monthlyGrowthRate: number;
  recommendation: { option: OptionKind; optionId: string; reasons: string[] };
  options: ReportWorkloadOption[];
  rulesOfThumb: RuleOfThumb[];
  flip: FlipPoint[];
  cheapestChange: { monthIndex: number; from: string; to: string } | null;
  breakEven: Array<{ optionId: string; againstOptionId: string; monthIndex: number | null }>;
  costCurve: Array<{ tokensPerMonth: number; costUsdByOption: Record<string, number> }>;
  unansweredQuestions: string[];
  warnings: string[];
}

export interface PlanReport {
  report: 'switchyard.plan';
  schemaVersion: 1;
  title: string;
  organization: {
    name: string;
    mlOpsCapacity: string;
    region: string;
    horizonMonths: number;
    engineerLoadedCostUsdPerYear: number;
  };
  recommendation: { option: OptionKind; reasons: string[]; monthlyCostUsd: number; tcoUsd: number };
  options: ReportOption[];
  workloads: ReportWorkload[];
  /** Load curves per workload (empty when no self-hosted fleet could be sized). */
  capacity: ReportCapacity[];
  /** Fleet simulations per workload (empty when none ran). */
  simulation: ReportSimulation[];
  /** Every price source a component used, with its date. */
  sources: Array<{ name: string; asOf: string }>;
  assumptions: string[];
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
    id: option.id,
    kind: option.kind,
    label: option.label,
    eligible: option.eligible,
    ineligibleReasons: option.ineligibleReasons,
    monthlyCostUsd: option.monthlyCostUsd,
    usageBasedMonthlyCostUsd: option.usageBasedMonthlyCostUsd,
    fixedMonthlyCostUsd: option.fixedMonthlyCostUsd,
    oneOffUsd: option.oneOffUsd,
    tcoUsd: option.tcoUsd,
    usdPerMillionTokens: option.usdPerMillionTokens,
    components: option.components,
    band: option.band ?? null,
    ttftP95Ms: option.ttftP95Ms ?? null,
    notes: option.notes,
    sizing: option.sizing ?? null,
    months: option.months.map((month) => ({
      monthIndex: month.monthIndex,
      totalUsd: month.totalUsd,
      cumulativeUsd: month.cumulativeUsd,
    })),
  };
}

/** Capacity curves of the workloads' self-hosted fleets, from the resolved inputs. */
function capacitySections(inputs: PlanInputs | undefined): ReportCapacity[] {
  if (!inputs) return [];
  return inputs.workloads.flatMap(({ workload, fleet }) =>
    fleet?.capacity
      ? [
          {
            workload: workload.name,
            openModel: fleet.openModelId,
            gpu: fleet.gpuId,
            precision: fleet.precision,
            engine: fleet.capacity.engine,
            gpusPerReplica: fleet.gpusPerReplica,
            ttftSloMs: workload.latency.ttftMs ?? null,
            tokensPerHourPerGpu: fleet.tokensPerHourPerGpu,
            operatingConcurrency: fleet.capacity.operatingConcurrency,
            loadCurve: fleet.capacity.loadCurve,
          },
        ]
      : [],
  );
}

/** Builds the report model from a plan result (and its inputs, for the capacity curves). Pure. */
export function buildPlanReport(plan: PlanResult, inputs?: PlanInputs): PlanReport {
  const simulation: ReportSimulation[] = plan.workloads.flatMap((workload) =>
    workload.simulation.map((result) => ({ workload: workload.name, ...result })),
  );

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
    recommendation: plan.recommendation,
    options: plan.options.map((option) => ({ ...option })),
    workloads: plan.workloads.map((workload) => ({
      name: workload.name,
      tokensPerMonth: workload.tokensPerMonth,
      requestsPerMonth: workload.requestsPerMonth,
      monthlyGrowthRate: workload.monthlyGrowthRate,
      recommendation: workload.recommendation,
      options: workload.options.map(workloadOption),
      rulesOfThumb: workload.rulesOfThumb,
      flip: workload.flip,
      cheapestChange: workload.cheapestChange,
      breakEven: workload.breakEven,
      costCurve: workload.costCurve,
      unansweredQuestions: workload.unansweredQuestions,
      warnings: workload.warnings,
    })),
    capacity: capacitySections(inputs),
    simulation,
    sources: [...sources.entries()]
      .map(([name, asOf]) => ({ name, asOf }))
      .sort((left, right) => left.name.localeCompare(right.name)),
    assumptions: planAssumptions,
  };
  return roundDeep(report);
}
