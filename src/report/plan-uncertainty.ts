/**
 * The uncertainty block of the plan report (`plan --uncertainty`): per workload, P10/P50/P90
 * of TCO and monthly cost per option, the probability that each is the cheapest eligible
 * one, the probability that the recommendation changes, the tornado, and the "how sure"
 * line. Built from the core's typed Monte Carlo facts; the English comes from plan-english.ts.
 */
import { optionSlot } from '../core/decide/option-id.ts';
import type { OptionKind, PlanResult } from '../core/decide/types.ts';
import type { Percentiles, UncertaintyResult } from '../core/uncertainty/monte-carlo.ts';
import type { Uncertain } from '../core/uncertainty/distribution.ts';
import type { SamplingMethod } from '../core/uncertainty/sampling.ts';
import { describeHowSure, uncertainInputLabel } from './plan-english.ts';
import type { PlanReport } from './plan-report.ts';

export interface ReportUncertainOption {
  /** The option's id in `workloads[].options[]` (matched by slot: a draw may size another fleet). */
  id: string;
  slot: string;
  kind: OptionKind;
  label: string;
  tcoUsd: Percentiles;
  monthlyCostUsd: Percentiles;
  probabilityCheapest: number;
  probabilityRecommended: number;
  probabilityEligible: number;
  months: Array<{ monthIndex: number; p10CumulativeUsd: number; p90CumulativeUsd: number }>;
}

export interface ReportInputSensitivity {
  input: string;
  label: string;
  p10Value: number;
  p90Value: number;
  /** TCO of the recommended option (`tornadoOptionId`) with the input at its P10 / P90. */
  tcoAtP10Usd: number;
  tcoAtP90Usd: number;
  /** Runner-up TCO minus the recommended option's, with the input at its P10 / P90 (the tornado's bars). */
  marginAtP10Usd: number;
  marginAtP90Usd: number;
  /** |marginAtP90Usd - marginAtP10Usd|. */
  swingUsd: number;
  /** Option ids recommended with the input at its P10 / P90 (null: nothing eligible). */
  chosenAtP10: string | null;
  chosenAtP90: string | null;
  flipShareAtExtremes: number;
}

export interface ReportWorkloadUncertainty {
  name: string;
  /** One sentence: how often the cheapest option is cheapest, and which inputs decide the rest. */
  howSure: string;
  inputs: Array<{ id: string; label: string; distribution: Uncertain; central: number; p10: number; p90: number }>;
  /** The option recommended with every input at its central value (null: nothing eligible). */
  recommendedOptionId: string | null;
  /** The option whose TCO the tornado shows. */
  tornadoOptionId: string | null;
  /** The option the tornado's margin is measured against (the runner-up at the central values). */
  runnerUpOptionId: string | null;
  /** Runner-up TCO minus the recommended option's at the central values. */
  baselineMarginUsd: number;
  probabilityRecommendationChanges: number;
  /** With the options' probabilityCheapest, sums to 1. */
  probabilityNoEligibleOption: number;
  options: ReportUncertainOption[];
  /** Largest TCO swing first. */
  sensitivity: ReportInputSensitivity[];
  decisiveInputs: string[];
}

export interface ReportUncertainty {
  draws: number;
  seed: number;
  sampling: SamplingMethod;
  workloads: ReportWorkloadUncertainty[];
}

/** The uncertainty block from the Monte Carlo results (one per workload, in plan order). */
export function uncertaintySection(
  plan: PlanResult,
  results: ReadonlyArray<{ name: string; result: UncertaintyResult }>,
): ReportUncertainty {
  const first = results[0]?.result;
  return {
    draws: first?.draws ?? 0,
    seed: first?.seed ?? 0,
    sampling: first?.sampling ?? 'latin-hypercube',
    workloads: results.map(({ name, result }, index) => workloadUncertainty(plan.workloads[index], name, result)),
  };
}

function workloadUncertainty(
  workloadPlan: PlanResult['workloads'][number],
  name: string,
  result: UncertaintyResult,
): ReportWorkloadUncertainty {
  const bySlot = new Map(workloadPlan.options.map((option) => [optionSlot(option.id), option]));
  const idOf = (slot: string | null) => (slot === null ? null : (bySlot.get(slot)?.key ?? slot));
  const labelOf = (slot: string) => optionLabelOf(workloadPlan, slot);
  const options = result.options.map((option) => {
    const planned = bySlot.get(option.slot);
    return {
      id: planned?.key ?? option.slot,
      slot: option.slot,
      kind: planned?.kind ?? (option.slot.split(':')[0] as OptionKind),
      label: labelOf(option.slot),
      tcoUsd: option.tcoUsd,
      monthlyCostUsd: option.monthlyCostUsd,
      probabilityCheapest: option.probabilityCheapest,
      probabilityRecommended: option.probabilityRecommended,
      probabilityEligible: option.probabilityEligible,
      months: option.months,
    };
  });
  const mostOftenCheapest = [...result.options].sort(
    (left, right) => right.probabilityCheapest - left.probabilityCheapest,
  )[0];
  return {
    name,
    howSure: describeHowSure(
      {
        draws: result.draws,
        mostOftenCheapest: mostOftenCheapest?.slot ?? null,
        probabilityCheapest: mostOftenCheapest?.probabilityCheapest ?? 0,
        recommended: result.baselineChosen,
        probabilityRecommendationChanges: result.probabilityRecommendationChanges,
        decisiveInputs: result.decisiveInputs,
      },
      labelOf,
    ),
    inputs: result.inputs.map((input) => ({ ...input, label: uncertainInputLabel(input.id) })),
    recommendedOptionId: idOf(result.baselineChosen),
    tornadoOptionId: idOf(result.tornadoSlot),
    runnerUpOptionId: idOf(result.runnerUpSlot),
    baselineMarginUsd: result.baselineMarginUsd,
    probabilityRecommendationChanges: result.probabilityRecommendationChanges,
    probabilityNoEligibleOption: result.probabilityNoEligibleOption,
    options,
    sensitivity: result.sensitivity.map((entry) => ({
      ...entry,
      label: uncertainInputLabel(entry.input),
      chosenAtP10: idOf(entry.chosenAtP10),
      chosenAtP90: idOf(entry.chosenAtP90),
    })),
    decisiveInputs: result.decisiveInputs,
  };
}

function optionLabelOf(workloadPlan: PlanResult['workloads'][number], slot: string): string {
  const kindNames: Record<string, string> = {
    'frontier-api': 'the frontier API',
    'hosted-open': 'the hosted open model',
    'cloud-managed': 'cloud-managed GPUs',
    'self-hosted': 'self-hosting',
    'hybrid:split': 'the hybrid split',
    'hybrid:overflow': 'the overflow hybrid',
  };
  return kindNames[slot] ?? workloadPlan.options.find((option) => optionSlot(option.id) === slot)?.kind ?? slot;
}

/**
 * The report with its uncertainty block and the "how sure" line under each headline line.
 * Rounded like the rest of the report (4 decimals, integers from 1e6).
 */
export function withUncertainty(report: PlanReport, uncertainty: ReportUncertainty): PlanReport {
  const multi = report.workloads.length > 1;
  const sure = uncertainty.workloads.map((workload) =>
    multi ? `${workload.name}: ${workload.howSure}` : workload.howSure,
  );
  return {
    ...report,
    headline: [report.headline, ...sure].join('\n'),
    uncertainty: roundNumbers(uncertainty),
  };
}

function roundNumbers<T>(value: T): T {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return value;
    return (Math.abs(value) >= 1e6 ? Math.round(value) : Math.round(value * 10_000) / 10_000) as T;
  }
  if (Array.isArray(value)) return value.map((item) => roundNumbers(item)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) out[key] = roundNumbers(inner);
    return out as T;
  }
  return value;
}
