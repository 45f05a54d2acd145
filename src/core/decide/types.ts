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
import type { OptionId } from './option-id.ts';
import type { PortfolioPlacement } from './portfolio.ts';

export type { OptionId } from './option-id.ts';

export { optionKinds, type OptionKind } from '../vocabulary.ts';
import type { FleetPolicyKind, GpuPricing, OptionKind, TokenPricedKind } from '../vocabulary.ts';

/** A per-token offer with the facts the constraints read. */
export interface TokenOffer extends TokenPrice {
  kind: TokenPricedKind;
  provider: string;
  ttftP50Ms: number;
  ttftP95Ms: number;
  /** A measured P99 (profile measured.latency); absent: P99 is estimated from P95. */
  ttftP99Ms?: number;
  /** Set when the TTFTs above were measured (profile measured.latency), not the catalog's estimate. */
  measuredLatency?: { samples: number; catalogTtftP95Ms: number };
  residencyRegions: string[];
  servesCustomWeights: boolean;
  pinnedWeights: boolean;
  /** Longest prompt + output the provider accepts (absent: not listed in the catalog). */
  maxContextTokens?: number;
}

/** A self-hosted fleet resolved from the catalog and the capacity model. */
export interface ResolvedFleet extends GpuFleetSpec {
  openModelId: string;
  precision: string;
  /** Serving engine whose efficiency the capacity model used (`vllm`, `sglang`, ...). */
  engine: string;
  /** How the GPU-hours are bought; `usdPerGpuHour` is the price at this tier. */
  pricing: GpuPricing;
  /** GPUs per instance as the cloud sells them (`wholeInstanceGpus` says whether fleets buy whole instances). */
  gpusPerInstance?: number;
  /** Who sells the GPU-hours (hyperscaler, specialist, marketplace), where the catalog says. */
  providerClass?: 'hyperscaler' | 'specialist' | 'marketplace';
  /** The catalog offer the fleet is priced at (e.g. `specialist/h100-sxm`), where it has a class. */
  offerId?: string;
  /**
   * Expected p95 TTFT at the operating point (capacity model). For a p99 SLO the fleet
   * is sized so that 1.5 x this meets the SLO.
   */
  ttftP95Ms: number;
  /** Expected p95 time per output token at the operating point, when the capacity model gave one. */
  tpotP95Ms?: number;
  /** False when the capacity model could not meet the TTFT SLO even at one request at a time. */
  sloMet?: boolean;
  /** Lowest TTFT the fleet can give (unloaded). */
  ttftP50Ms: number;
  /** The catalog's price range for the GPU (for the uncertainty band). */
  usdPerGpuHourRange?: { low: number; high: number };
  /**
   * How far the capacity model's tokens per GPU-hour may be off for this kind of fleet (0.3 =
   * within a factor 1.3 either way; validated per category, src/core/capacity/uncertainty.ts);
   * widens the uncertainty band. Absent for a typed throughput.
   */
  capacityRelativeError?: number;
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
  /** The preferred fleet (the profile's own choices; shown in the capacity section and used by simulate). */
  fleet: ResolvedFleet | undefined;
  fleetProblem?: string;
  /**
   * Every configuration the search considers (GPU, TP degree, precision, engine, pricing
   * tier), `fleet` among them; empty when none fits.
   */
  fleetCandidates: ResolvedFleet[];
  /** Notes from resolution, e.g. a typed throughput far from the capacity model's. */
  warnings: string[];
}

/** The catalog a plan is priced from, and the date it is priced at. */
export interface PlanPricing {
  /** The plan's date (ISO): `--as-of`, the profile's `pricesAsOf`, or today. */
  planDate: string;
  /** The built-in snapshot's date. */
  snapshot: string;
  /** Where the snapshot's numbers come from (package versions, price maps), for the sources section. */
  sources: string[];
  /** User catalog files merged over it. */
  userFiles?: string[];
}

export interface PlanInputs {
  organization: Organization;
  cloudManagedMarkup: number;
  workloads: ResolvedWorkload[];
  /** Absent: no date known (then no staleness check). */
  pricing?: PlanPricing;
}

/** Why an option is not eligible for a workload: one fact per hard constraint that fails. */
export type Ineligibility =
  /** Nothing to run: no catalog entry, no fleet could be sized, or no API for a hybrid; `detail` is the catalog's explanation. */
  | {
      rule: 'unavailable';
      missing: 'catalog-entry' | 'gpu-fleet' | 'api-to-split-to' | 'api-to-overflow-to';
      detail?: string;
    }
  | { rule: 'air-gap' }
  | { rule: 'regulated-data'; offerId: string }
  | { rule: 'regulated-without-ops' }
  | { rule: 'residency'; region: string; offerId: string }
  /** `offerId` absent: a frontier API (never serves custom weights). */
  | { rule: 'fine-tuned-weights'; offerId?: string }
  | { rule: 'reproducibility'; offerId: string }
  | { rule: 'quality' }
  | { rule: 'latency-floor'; sloTtftMs: number; typicalTtftMs: number }
  /** The option's TTFT at the SLO percentile misses a hard SLO. */
  | { rule: 'latency-slo'; percentile: 'p95' | 'p99'; ttftMs: number; sloTtftMs: number }
  /** Estimated end-to-end latency (TTFT + output tokens x TPOT) misses latency.endToEndMs. */
  | { rule: 'end-to-end-slo'; endToEndMs: number; sloEndToEndMs: number }
  /** Prompt + output longer than the model or provider accepts. */
  | { rule: 'context-window'; contextTokens: number; maxContextTokens: number }
  /** An autoscaled fleet misses the SLO while new replicas start, more minutes than the percentile allows. */
  | { rule: 'scaling-slo'; extraSloMissMinutes: number; allowedMinutes: number }
  /** The open model's measured quality gap exceeds requirements.maxQualityGapPoints. */
  | { rule: 'quality-gap'; gapPoints: number; maxGapPoints: number };

export type ConstraintRuleId = Ineligibility['rule'];

/** The configuration the search chose for a GPU-based option (or considered, for alternatives). */
export interface FleetConfiguration {
  openModelId: string;
  gpuId: string;
  gpusPerReplica: number;
  precision: string;
  engine: string;
  pricing: GpuPricing;
  /** The catalog offer the GPU-hours are priced at, where it names a provider class (e.g. `specialist/h100-sxm`). */
  offerId?: string;
  policy: FleetPolicyKind;
}

/** A sizing of the GPU fleet behind an option: the configuration, GPUs, hours, the hybrid's traffic shares. */
export type OptionSizing = FleetSizing & {
  configuration: FleetConfiguration;
  overflowShare?: number;
  selfHostedShare?: number;
  /** The team the fleet needs (FTE shares), as costed. */
  staffing?: { sreFte: number; mlEngineerFte: number };
};

/** An option's latency at the workload's SLO percentile against the SLO. */
export interface OptionLatency {
  percentile: 'p95' | 'p99';
  /** Expected TTFT at that percentile (null: unknown, e.g. no catalog entry). */
  ttftMs: number | null;
  sloTtftMs: number | null;
  /** Null when there is no SLO or the TTFT is unknown. */
  meetsSlo: boolean | null;
}

/** Why a searched configuration lost to the chosen one. */
export type ConfigurationLoss =
  | { kind: 'costlier'; extraTcoUsd: number }
  | { kind: 'misses-slo'; ttftMs: number; sloTtftMs: number }
  | { kind: 'ineligible'; failures: Ineligibility[] };

export interface ConfigurationAlternative {
  configuration: FleetConfiguration;
  monthlyCostUsd: number;
  tcoUsd: number;
  gpus: number;
  lost: ConfigurationLoss;
}

/** Option settings a reader needs to tell options apart (shown in labels). */
export interface OptionParameters {
  /** Hybrid split: the share of tokens served by the self-hosted fleet. */
  selfHostedShare?: number;
  /** Cloud-managed: the markup over raw GPU cost (0.3 = +30%). */
  managedMarkup?: number;
  /** GPU options: GPUs per replica (tensor-parallel group). */
  gpusPerReplica?: number;
}

export interface OptionResult {
  id: OptionId;
  /** `optionKey(id)`: the option's stable key in reports and charts. */
  key: string;
  kind: OptionKind;
  parameters: OptionParameters;
  eligible: boolean;
  ineligible: Ineligibility[];
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
  latency: OptionLatency;
  sizing?: OptionSizing;
  /** GPU-based options: the next best configurations the search found, and why each lost. */
  alternatives: ConfigurationAlternative[];
  /** TCO with the GPU price at the low and high end of its range (GPU options only). */
  band?: {
    lowTcoUsd: number;
    highTcoUsd: number;
    months: Array<{ monthIndex: number; lowCumulativeUsd: number; highCumulativeUsd: number }>;
  };
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

/** A reason behind a recommendation, as a fact; `report/` writes the sentence. */
export type Reason =
  | { kind: 'no-eligible-option'; closest: OptionId; failures: Ineligibility[] }
  | {
      kind: 'cheapest-eligible';
      chosen: OptionId;
      tcoUsd: number;
      horizonMonths: number;
      runnerUp?: { option: OptionId; tcoUsd: number };
    }
  /** The ML-ops rule overrode the cheapest option: running GPUs did not save enough. */
  | {
      kind: 'ml-ops-bar-not-met';
      mlOpsCapacity: Organization['mlOpsCapacity'];
      requiredSaving: number;
      saving: number;
      gpuOption: OptionId;
      hostedOption: OptionId;
    }
  | {
      kind: 'ml-ops-bar-met';
      mlOpsCapacity: Organization['mlOpsCapacity'];
      requiredSaving: number;
      saving: number;
      hostedOption: OptionId;
    }
  /** With a dedicated team, self-hosting is kept over a managed endpoint that saves less than the margin. */
  | {
      kind: 'dedicated-team-prefers-self-hosting';
      selfHosted: OptionId;
      selfHostedTcoUsd: number;
      managedSaving: number;
      margin: number;
    }
  | { kind: 'ruled-out'; option: OptionId; failures: Ineligibility[] }
  | { kind: 'disagrees-with-rule-of-thumb'; ruleId: string; ruleText: string; ruleSource: string; chosen: OptionId };

/** Where the cheapest option changes with volume, as a fact. */
export type FlipPoint =
  | { kind: 'single-eligible-option' }
  /** `option` becomes cheapest above `tokensPerMonth` (`factor` x today's volume). */
  | { kind: 'cheapest-above'; option: OptionId; tokensPerMonth: number; factor: number }
  /** Below `tokensPerMonth`, `option` is cheapest. */
  | { kind: 'cheapest-below'; option: OptionId; tokensPerMonth: number; factor: number }
  /** The current cheapest stays cheapest over the whole searched range. */
  | { kind: 'stays-cheapest'; option: OptionId; lowestFactor: number; highestFactor: number };

/** Something the reader should know about a workload's plan, as a fact. */
export type PlanWarning =
  /** From resolving catalog names (e.g. a typed throughput far from the capacity model's). */
  | { kind: 'resolution'; message: string }
  | {
      kind: 'simulated-over-capacity';
      fleetDescription: string;
      minutesOverCapacity: number;
      sloMissMinutes: number;
    }
  | {
      kind: 'latency-slo-miss';
      option: OptionId;
      percentile: string;
      expectedTtftMs: number;
      sloTtftMs: number;
      penaltyIncluded: boolean;
    }
  /** latency.endToEndMs could not be checked for these per-token options (the catalog has no TPOT for them). */
  | { kind: 'end-to-end-not-checked'; options: OptionId[]; sloEndToEndMs: number }
  /** checklist.qualityGapPoints is given but no requirements.maxQualityGapPoints gates it. */
  | { kind: 'quality-gap-not-gated'; gapPoints: number }
  /** No per-token option may serve while the fleet is built: the workload waits for it. */
  | { kind: 'build-without-fallback'; months: number }
  /** Prices the decision used that are older than `limitMonths` on the plan's date, oldest first. */
  | {
      kind: 'stale-prices';
      planDate: string;
      limitMonths: number;
      prices: Array<{ name: string; asOf: string; ageDays: number }>;
    };

/** The plan's answer for a workload, as a fact (the report writes the headline). */
export type Verdict =
  | { kind: 'recommend'; option: OptionId }
  /** No option meets every hard constraint (the SLO included); the closest ones and what they fail. */
  | { kind: 'infeasible'; closest: Array<{ option: OptionId; failures: Ineligibility[] }> }
  /** The best options are within the materiality threshold: cost does not decide between them. */
  | {
      kind: 'cost-does-not-decide';
      option: OptionId;
      runnerUp: OptionId;
      differenceUsdPerMonth: number;
      differenceShare: number;
    };

export interface WorkloadPlan {
  name: string;
  /** The fleet the chosen self-hosted configuration runs (the capacity chart draws it). */
  selfHostedFleet?: ResolvedFleet;
  /** False when no option meets every hard constraint. */
  feasible: boolean;
  verdict: Verdict;
  /** Months before a GPU fleet serves traffic (the hosted option serves meanwhile). */
  buildPeriodMonths: number;
  tokensPerMonth: number;
  requestsPerMonth: number;
  monthlyGrowthRate: number;
  options: OptionResult[];
  recommendation: { option: OptionKind; chosen: OptionId /** `optionKey(chosen)`. */; key: string; reasons: Reason[] };
  rulesOfThumb: RuleOfThumb[];
  flip: FlipPoint[];
  cheapestChange: { monthIndex: number; from: OptionId; to: OptionId } | null;
  /** For each eligible GPU option, the month its cumulative cost falls to the cheapest per-token option's (null: not within the horizon). */
  breakEven: Array<{ option: OptionId; against: OptionId; monthIndex: number | null }>;
  /** The first month simulated minute by minute on the planned fleets (absent without a fleet). */
  simulation: Array<{
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
  }>;
  /** Monthly-equivalent cost per option (by option key) at volumes around today's (chart data). */
  costCurve: Array<{ tokensPerMonth: number; costUsdByOption: Record<string, number> }>;
  unansweredQuestions: string[];
  warnings: PlanWarning[];
}

/**
 * One option slot with every workload that has it placed on it (matched by `optionSlot`,
 * not by position); with several workloads priced as one placement: shared costs once,
 * pooled fleets (portfolio-model.ts).
 */
export interface PortfolioOption {
  /** The slot (`self-hosted`, `hybrid:split`, ...) for several workloads; the option's key for one. */
  key: string;
  kind: OptionKind;
  variant?: OptionId['variant'];
  /** The single workload's option id (one workload only). */
  single?: OptionResult;
  eligible: boolean;
  /** Per workload, why the option is not eligible there. */
  ineligible: Array<{ workload: string; failures: Ineligibility[] }>;
  monthlyCostUsd: number;
  usageBasedMonthlyCostUsd: number;
  fixedMonthlyCostUsd: number;
  tcoUsd: number;
  oneOffUsd: number;
  usdPerMillionTokens: number;
  /** Components of every workload's option, with the workload's name. */
  components: Array<{ workload: string; component: CostComponent }>;
}

export type ProfileReason =
  | { kind: 'single-workload'; reasons: Reason[] }
  /** Several workloads: `PlanResult.placement` says where each sits and why. */
  | { kind: 'portfolio'; sameKind: boolean };

export interface PlanResult {
  organization: Organization;
  workloads: WorkloadPlan[];
  options: PortfolioOption[];
  /** Every workload placed on one option with shared costs counted once (the portfolio's answer). */
  placement: PortfolioPlacement;
  recommendation: { option: OptionKind; reason: ProfileReason; monthlyCostUsd: number; tcoUsd: number };
  /** False when some workload has no option that meets every hard constraint. */
  feasible: boolean;
}
