/**
 * Inputs the planner needs once catalog names are resolved to prices and specs, and the
 * results it produces. Plain data: the report renders it, the dashboard re-runs it.
 */
import type { CostComponent } from '../cost/types.ts';
import type { GpuFleetSpec } from '../cost/self-hosted.ts';
import type { TokenPrice } from '../cost/token-priced.ts';
import type { MonthCost } from '../cost/tco.ts';
import type { FleetSizing } from '../cost/self-hosted.ts';
import type { Organization, Workload } from '../workload/schema.ts';

export const optionKinds = ['frontier-api', 'hosted-open', 'cloud-managed', 'self-hosted', 'hybrid'] as const;
export type OptionKind = (typeof optionKinds)[number];

/** A per-token offer with the facts the constraints read. */
export interface TokenOffer extends TokenPrice {
  kind: 'frontier-api' | 'hosted-open';
  provider: string;
  ttftP50Ms: number;
  ttftP95Ms: number;
  residencyRegions: string[];
  servesCustomWeights: boolean;
  pinnedWeights: boolean;
}

/** A self-hosted fleet resolved from the catalog and the capacity model. */
export interface ResolvedFleet extends GpuFleetSpec {
  openModelId: string;
  precision: string;
  /** Expected p95 TTFT at the operating point (capacity model). */
  ttftP95Ms: number;
  /** Lowest TTFT the fleet can give (unloaded). */
  ttftP50Ms: number;
  /** The catalog's price range for the GPU (for the uncertainty band). */
  usdPerGpuHourRange?: { low: number; high: number };
  /** The capacity model's curve for this fleet (report chart), when it came from the model. */
  capacity?: {
    engine: string;
    operatingConcurrency: number;
    loadCurve: Array<{ concurrency: number; outputTokensPerSecond: number; ttftMs: number; tpotMs: number }>;
  };
}

export interface ResolvedWorkload {
  workload: Workload;
  frontier: TokenOffer | undefined;
  frontierProblem?: string;
  hostedOpen: TokenOffer | undefined;
  hostedOpenProblem?: string;
  fleet: ResolvedFleet | undefined;
  fleetProblem?: string;
  /** Notes from resolution, e.g. a typed throughput far from the capacity model's. */
  warnings: string[];
  /** Mean fleet utilization measured by the traffic simulation, when one ran. */
  simulatedUtilization?: number;
  /** Overflow share of the mean-sized hybrid fleet measured by the simulation. */
  simulatedOverflowShare?: number;
}

export interface PlanInputs {
  organization: Organization;
  cloudManagedMarkup: number;
  workloads: ResolvedWorkload[];
}

export interface OptionResult {
  id: string;
  kind: OptionKind;
  label: string;
  eligible: boolean;
  ineligibleReasons: string[];
  /** Recurring cost in the first month (one-off costs excluded; see oneOffUsd). */
  monthlyCostUsd: number;
  usageBasedMonthlyCostUsd: number;
  fixedMonthlyCostUsd: number;
  /** Whole horizon, with growth and one-off costs. */
  tcoUsd: number;
  oneOffUsd: number;
  /** First month's recurring cost per million tokens (input + output). */
  usdPerMillionTokens: number;
  components: CostComponent[];
  months: MonthCost[];
  ttftP95Ms: number | undefined;
  sizing?: FleetSizing & { overflowShare?: number; selfHostedShare?: number };
  /** TCO with the GPU price at the low and high end of its range (GPU options only). */
  band?: {
    lowTcoUsd: number;
    highTcoUsd: number;
    months: Array<{ monthIndex: number; lowCumulativeUsd: number; highCumulativeUsd: number }>;
  };
  notes: string[];
}

export interface RuleOfThumb {
  id: string;
  source: string;
  text: string;
  applies: boolean;
  /** Option kinds the rule points to when it applies. */
  verdict: OptionKind[];
  agrees: boolean | null;
}

export interface FlipPoint {
  description: string;
  tokensPerMonth: number | null;
}

export interface WorkloadPlan {
  name: string;
  tokensPerMonth: number;
  requestsPerMonth: number;
  monthlyGrowthRate: number;
  options: OptionResult[];
  recommendation: { option: OptionKind; optionId: string; reasons: string[] };
  rulesOfThumb: RuleOfThumb[];
  flip: FlipPoint[];
  cheapestChange: { monthIndex: number; from: string; to: string } | null;
  /** For each eligible GPU option, the month its cumulative cost falls to the cheapest per-token option's (null: not within the horizon). */
  breakEven: Array<{ optionId: string; againstOptionId: string; monthIndex: number | null }>;
  /** The first month simulated minute by minute on the planned fleets (absent without a fleet). */
  simulation: Array<{
    policy: string;
    meanUtilization: number;
    utilizationByHourOfWeek: number[];
    gpuHoursPaid: number;
    gpuHoursUsed: number;
    idleCostUsd: number;
    minutesOverCapacity: number;
    overflowTokens: number;
    sloMissMinutes: number;
    totalCostUsd: number;
  }>;
  /** Monthly-equivalent cost per option at volumes around today's (chart data). */
  costCurve: Array<{ tokensPerMonth: number; costUsdByOption: Record<string, number> }>;
  unansweredQuestions: string[];
  warnings: string[];
}

export interface PlanResult {
  organization: Organization;
  workloads: WorkloadPlan[];
  options: Array<
    Pick<
      OptionResult,
      | 'id'
      | 'kind'
      | 'label'
      | 'eligible'
      | 'ineligibleReasons'
      | 'monthlyCostUsd'
      | 'usageBasedMonthlyCostUsd'
      | 'fixedMonthlyCostUsd'
      | 'tcoUsd'
      | 'oneOffUsd'
      | 'usdPerMillionTokens'
      | 'components'
    >
  >;
  recommendation: { option: OptionKind; reasons: string[]; monthlyCostUsd: number; tcoUsd: number };
}
