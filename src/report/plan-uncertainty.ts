/**
 * The uncertainty block of the plan report (`plan --uncertainty`): per workload, P10/P50/P90
 * of TCO and monthly cost per option, the probability that each is the cheapest eligible
 * one, the probability that the recommendation changes, the tornado, and the "how sure"
 * line. Built from the core's typed Monte Carlo facts; the English comes from plan-english.ts.
 */
import { optionSlot } from '../core/decide/option-id.ts';
import type { OptionKind, PlanResult } from '../core/decide/types.ts';
import {
  GPU_PRICE_INPUT_ID,
  type InputSensitivity,
  type OptionUncertainty,
  type UncertaintyResult,
} from '../core/uncertainty/monte-carlo.ts';
import type { Uncertain } from '../core/uncertainty/distribution.ts';
import type { SamplingMethod } from '../core/uncertainty/sampling.ts';
import { describeHowSure, uncertainInputLabel } from './plan-english.ts';
import type { PlanReport } from './plan-report.ts';
import type { ReportTable } from './plan-tables.ts';
import { formatUsd } from './text-table.ts';

/** An option's uncertainty as the core drew it, with the option's id, kind and label added. */
export interface ReportUncertainOption extends OptionUncertainty {
  /** The option's id in `workloads[].options[]` (matched by slot: a draw may size another fleet). */
  id: string;
  kind: OptionKind;
  label: string;
}

/** A tornado bar as the core computed it, with the input's name in words; `chosenAtP10/P90` hold option ids (the core has slots). */
export type ReportInputSensitivity = InputSensitivity & { label: string };

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

function percentText(share: number): string {
  const value = share * 100;
  if (value > 0 && value < 1) return '<1%';
  if (value > 99 && value < 100) return '>99%';
  return `${Math.round(value)}%`;
}

/** Fields that are shares or rates: shown as percentages. */
const percentFields = new Set([
  'monthlyGrowthRate',
  'cachedInputShare',
  'hybridSelfHostedShare',
  'targetPeakUtilization',
  'cloudManagedMarkup',
]);

/**
 * An input's value in a table: the GPU price as the share of its catalog range, shares and
 * rates as percentages, others with 3 significant digits.
 * @example inputValueText('catalog.gpuPrice', 0.1) === '10% up its range'; inputValueText('x', 123456) === '123,000'
 * @example inputValueText('workloads[0].traffic.monthlyGrowthRate', 0.013) === '1.3%'
 */
export function inputValueText(inputId: string, value: number): string {
  if (inputId === GPU_PRICE_INPUT_ID) return `${Math.round(value * 100)}% up its range`;
  if (percentFields.has(inputId.split('.').pop() ?? '')) return `${Number((value * 100).toPrecision(3))}%`;
  return Number(value.toPrecision(3)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

function signedUsd(value: number): string {
  return `${value < 0 ? '-' : ''}${formatUsd(Math.abs(value))}`;
}

/**
 * An option's name at the start of a table cell: `the overflow hybrid` -> `Overflow hybrid`.
 * @example tableLabel('the frontier API') === 'Frontier API'; tableLabel('self-hosting') === 'Self-hosting'
 */
export function tableLabel(label: string): string {
  const bare = label.startsWith('the ') ? label.slice(4) : label;
  return `${bare.charAt(0).toUpperCase()}${bare.slice(1)}`;
}

/** Per option: how often cheapest and recommended, and P10/P50/P90 of TCO and monthly cost. */
export function uncertaintyOptionsTable(workload: ReportWorkloadUncertainty, horizonMonths: number): ReportTable {
  return {
    columns: [
      'option',
      'P(cheapest)',
      'P(recommended)',
      `TCO ${horizonMonths} mo P10`,
      'P50',
      'P90',
      'USD/month P10',
      'P50',
      'P90',
    ],
    numeric: [false, true, true, true, true, true, true, true, true],
    rows: workload.options.map((option) => ({
      optionId: option.id,
      cells: [
        tableLabel(option.label),
        percentText(option.probabilityCheapest),
        percentText(option.probabilityRecommended),
        formatUsd(option.tcoUsd.p10),
        formatUsd(option.tcoUsd.p50),
        formatUsd(option.tcoUsd.p90),
        formatUsd(option.monthlyCostUsd.p10),
        formatUsd(option.monthlyCostUsd.p50),
        formatUsd(option.monthlyCostUsd.p90),
      ],
    })),
  };
}

/**
 * The tornado as a table, largest swing first: each input at its P10 and P90 (the others
 * central), the margin the decision rests on at each end, the answer at each end, and how
 * often draws with the input outside its P10-P90 change the answer. `bar` draws the swing.
 */
export function tornadoTable(workload: ReportWorkloadUncertainty): ReportTable {
  const largest = Math.max(0, ...workload.sensitivity.map((entry) => entry.swingUsd));
  const labelOf = (id: string | null) =>
    id === null ? 'none eligible' : tableLabel(workload.options.find((option) => option.id === id)?.label ?? id);
  return {
    columns: [
      'input',
      'P10',
      'P90',
      'margin at P10',
      'margin at P90',
      'swing',
      '',
      'answer at P10 / P90',
      'flips at extremes',
    ],
    numeric: [false, true, true, true, true, true, false, false, true],
    rows: workload.sensitivity.map((entry) => ({
      optionId: entry.input,
      cells: [
        entry.label,
        inputValueText(entry.input, entry.p10Value),
        inputValueText(entry.input, entry.p90Value),
        signedUsd(entry.marginAtP10Usd),
        signedUsd(entry.marginAtP90Usd),
        formatUsd(entry.swingUsd),
        largest > 0
          ? '█'.repeat(Math.max(entry.swingUsd > 0 ? 1 : 0, Math.round((entry.swingUsd / largest) * 20)))
          : '',
        entry.chosenAtP10 === entry.chosenAtP90
          ? labelOf(entry.chosenAtP10)
          : `${labelOf(entry.chosenAtP10)} / ${labelOf(entry.chosenAtP90)}`,
        percentText(entry.flipShareAtExtremes),
      ],
    })),
  };
}

/** The line under the tornado: what the margin is. */
export function tornadoNote(workload: ReportWorkloadUncertainty): string {
  const labelOf = (id: string | null) => workload.options.find((option) => option.id === id)?.label ?? id ?? 'none';
  return workload.runnerUpOptionId === null
    ? `Margin: minus the TCO of ${labelOf(workload.tornadoOptionId)} (the only eligible option).`
    : `Margin: TCO of ${labelOf(workload.runnerUpOptionId)} minus TCO of ${labelOf(workload.tornadoOptionId)} (${signedUsd(workload.baselineMarginUsd)} at the central values; below 0 the runner-up is cheaper). Each input at its P10 and P90, the others central.`;
}

/** The heading line of the uncertainty section. */
export function uncertaintyCaption(uncertainty: ReportUncertainty): string {
  return `${uncertainty.draws.toLocaleString('en-US')} draws, ${uncertainty.sampling === 'plain' ? 'plain sampling' : 'Latin hypercube sampling'}, seed ${uncertainty.seed}`;
}
