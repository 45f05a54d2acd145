/** The drift report model (`switchyard drift`): built by app/drift.ts, rendered by drift-report.ts and as JSON. */
import type { PlanReport } from './plan-report.ts';

export interface DriftOption {
  optionId: string;
  label: string;
  plannedMonthlyCostUsd: number;
  /** The same option re-planned at the measured numbers (null: the re-plan has no such option). */
  measuredMonthlyCostUsd: number | null;
  plannedEligible: boolean;
  measuredEligible: boolean | null;
}

export interface DriftWorkload {
  name: string;
  /** False when the log has no traffic for this workload since the plan. */
  measured: boolean;
  plannedRequestsPerMonth: number;
  measuredRequestsPerMonth: number | null;
  plannedTokensPerMonth: number;
  measuredTokensPerMonth: number | null;
  /** measured / planned tokens per month. */
  volumeRatio: number | null;
  volumeDrifted: boolean;
  /** Input share of tokens and cached share of input: planned vs measured. */
  mix: {
    plannedInputShare: number;
    measuredInputShare: number | null;
    plannedCachedInputShare: number;
    measuredCachedInputShare: number | null;
  };
  /**
   * Per measured target and model: the measured P95 TTFT against the planned TTFT of the
   * option that sends traffic there (null: no planned option serves that target).
   */
  latency: Array<{
    provider: string;
    model: string;
    samples: number;
    optionId: string | null;
    plannedTtftMs: number | null;
    measuredTtftP95Ms: number;
    /** Measured more than LATENCY_DRIFT_SHARE above the plan. */
    drifted: boolean;
  }>;
  /** Cost the log recorded, per month (null when no attempt had a known price). */
  loggedCostUsdPerMonth: number | null;
  options: DriftOption[];
  /** The plan's choice; `feasible` false when no option met every hard constraint (then it is the closest). */
  plannedChoice: { optionId: string; label: string; feasible: boolean };
  replannedChoice: { optionId: string; label: string; feasible: boolean } | null;
  flipped: boolean;
}

export interface DriftReport {
  report: 'switchyard.drift';
  planGeneratedAt: string | null;
  window: { from: string; to: string; days: number };
  source: string;
  workloads: DriftWorkload[];
  /** Traffic in the log for workloads the plan does not have. */
  unplanned: Array<{ name: string; tokensPerMonth: number; requestsPerMonth: number | null }>;
  /** True when any workload's recommendation changed on the measured numbers. */
  recommendationChanged: boolean;
  replan: PlanReport | null;
  warnings: string[];
}
