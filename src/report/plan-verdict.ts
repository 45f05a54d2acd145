/**
 * The verdict on top of every plan, as typed facts derived from the report model: what to
 * do now, what it saves against the runner-up and against the cheapest setup of the other
 * camp (self-hosted GPUs when an API wins, an API when GPUs win), when the answer changes
 * (the volume, and the month growth reaches it), and what the hard constraints rule out
 * and cost. `plan-english.ts` writes the sentences (`describeWorkloadVerdict`).
 *
 * It reads only the report model (not the planner's result), so it works on any report,
 * including a stored `plan --format json`.
 */
import { isTokenPriced, optionKey } from '../core/decide/option-id.ts';
import type { ConstraintRuleId, OptionKind } from '../core/decide/types.ts';
import type { ReportWorkload, ReportWorkloadOption } from './plan-report.ts';

/** An option the verdict names: its id, label, kind and costs. */
export interface VerdictOption {
  optionId: string;
  label: string;
  kind: OptionKind;
  monthlyCostUsd: number;
  tcoUsd: number;
}

/** Another option against the chosen one: `savingTcoUsd` > 0 when the chosen one is cheaper. */
export interface VerdictComparison extends VerdictOption {
  /** Other TCO minus the chosen TCO over the horizon (negative: the chosen one costs more). */
  savingTcoUsd: number;
  /** Other TCO / chosen TCO (null when the chosen TCO is 0). */
  costRatio: number | null;
}

/** When the answer changes, as a fact. */
export type VerdictChange =
  /** `option` becomes cheapest above `tokensPerMonth`; growth reaches it in `monthIndex` (null: not within the horizon, or no growth). */
  | {
      kind: 'volume-above';
      option: VerdictOption;
      tokensPerMonth: number;
      factor: number;
      monthIndex: number | null;
    }
  /** Below `tokensPerMonth`, `option` is cheapest. */
  | { kind: 'volume-below'; option: VerdictOption; tokensPerMonth: number; factor: number }
  /** With growth, the cheapest option changes in `monthIndex` (labels, as the report keeps them). */
  | { kind: 'month'; monthIndex: number; fromLabel: string; toLabel: string }
  /** The chosen option stays cheapest over the searched volume range. */
  | { kind: 'stable'; lowestFactor: number; highestFactor: number }
  /** Only one option is eligible: volume does not change the answer. */
  | { kind: 'single-option' }
  /** A report written before flip facts were recorded: its sentence. */
  | { kind: 'described'; description: string };

export interface WorkloadVerdictFacts {
  workload: string;
  horizonMonths: number;
  monthlyGrowthRate: number;
  answer: ReportWorkload['verdict']['kind'];
  /** The option to use now (the closest one when nothing is feasible). */
  chosen: VerdictOption | null;
  /** The cheapest other eligible option. */
  runnerUp: VerdictComparison | null;
  /**
   * The cheapest eligible option of the other camp: GPU-based (self-hosted, cloud-managed,
   * hybrid) when the chosen one is billed per token, per-token when it runs GPUs.
   */
  otherCamp: (VerdictComparison & { camp: 'gpu' | 'token' }) | null;
  changes: VerdictChange[];
  ruledOut: {
    /** `rules`: the hard constraints it fails (absent in reports written before they were recorded). */
    options: Array<VerdictOption & { reasons: string[]; rules: ConstraintRuleId[] }>;
    /** The cheapest ruled-out option when it is cheaper than the chosen one: what the constraints cost. */
    priceOfConstraints: (VerdictOption & { extraTcoUsd: number }) | null;
  };
}

const verdictOption = (option: ReportWorkloadOption): VerdictOption => ({
  optionId: option.id,
  label: option.label,
  kind: option.kind,
  monthlyCostUsd: option.monthlyCostUsd,
  tcoUsd: option.tcoUsd,
});

function comparison(option: ReportWorkloadOption, chosen: ReportWorkloadOption): VerdictComparison {
  return {
    ...verdictOption(option),
    savingTcoUsd: option.tcoUsd - chosen.tcoUsd,
    costRatio: chosen.tcoUsd > 0 ? option.tcoUsd / chosen.tcoUsd : null,
  };
}

const cheapest = (options: ReportWorkloadOption[]): ReportWorkloadOption | undefined =>
  options.reduce<ReportWorkloadOption | undefined>(
    (best, option) => (best === undefined || option.tcoUsd < best.tcoUsd ? option : best),
    undefined,
  );

/**
 * The month (index) in which volume growing at `monthlyGrowthRate` first reaches `factor`
 * times today's, or null when it does not within `horizonMonths` (or never: no growth).
 * @example monthWhenVolumeReaches(2, 0.1, 36) === 8 // 1.1^7 = 1.95 < 2 <= 1.1^8 = 2.14
 * @example monthWhenVolumeReaches(2, 0, 36) === null
 */
export function monthWhenVolumeReaches(
  factor: number,
  monthlyGrowthRate: number,
  horizonMonths: number,
): number | null {
  if (factor <= 1) return 0;
  if (monthlyGrowthRate <= 0) return null;
  const monthIndex = Math.ceil(Math.log(factor) / Math.log(1 + monthlyGrowthRate) - 1e-9);
  return monthIndex < horizonMonths ? monthIndex : null;
}

function changes(workload: ReportWorkload, horizonMonths: number): VerdictChange[] {
  const byKey = (id: Parameters<typeof optionKey>[0]) => {
    const key = optionKey(id);
    const option = workload.options.find((entry) => entry.id === key);
    return option ? verdictOption(option) : undefined;
  };
  const found: VerdictChange[] = [];
  for (const point of workload.flip) {
    // Reports written before the facts were added carry only the sentence.
    const fact = point.fact as ReportWorkload['flip'][number]['fact'] | undefined;
    if (!fact) {
      found.push({ kind: 'described', description: point.description });
      continue;
    }
    if (fact.kind === 'single-eligible-option') found.push({ kind: 'single-option' });
    else if (fact.kind === 'stays-cheapest')
      found.push({ kind: 'stable', lowestFactor: fact.lowestFactor, highestFactor: fact.highestFactor });
    else {
      const option = byKey(fact.option);
      if (!option) continue;
      if (fact.kind === 'cheapest-above')
        found.push({
          kind: 'volume-above',
          option,
          tokensPerMonth: fact.tokensPerMonth,
          factor: fact.factor,
          monthIndex: monthWhenVolumeReaches(fact.factor, workload.monthlyGrowthRate, horizonMonths),
        });
      else found.push({ kind: 'volume-below', option, tokensPerMonth: fact.tokensPerMonth, factor: fact.factor });
    }
  }
  if (workload.cheapestChange)
    found.push({
      kind: 'month',
      monthIndex: workload.cheapestChange.monthIndex,
      fromLabel: workload.cheapestChange.from,
      toLabel: workload.cheapestChange.to,
    });
  return found;
}

/**
 * The verdict facts of one workload (see the file header).
 * @example
 * // hosted-open $1,584 TCO chosen; frontier $36,000; self-hosted $1,094,112:
 * workloadVerdict(saas, 36).runnerUp.savingTcoUsd === 34_416
 * workloadVerdict(saas, 36).otherCamp // { camp: 'gpu', savingTcoUsd: 1_092_528, costRatio: 690.7, ... }
 */
export function workloadVerdict(workload: ReportWorkload, horizonMonths: number): WorkloadVerdictFacts {
  const chosenOption = workload.options.find((option) => option.id === workload.recommendation.optionId);
  const eligible = workload.options.filter((option) => option.eligible);
  const others = eligible.filter((option) => option.id !== chosenOption?.id);
  const runnerUp = cheapest(others);
  const chosenIsToken = chosenOption ? isTokenPriced(chosenOption.kind) : false;
  const otherCamp = cheapest(others.filter((option) => isTokenPriced(option.kind) !== chosenIsToken));
  const ruledOut = workload.options.filter((option) => !option.eligible && option.id !== chosenOption?.id);
  // An option with no cost could not be priced at all (no catalog entry, no fleet): it prices no constraint.
  const cheaperRuledOut = chosenOption
    ? cheapest(ruledOut.filter((option) => option.tcoUsd > 0 && option.tcoUsd < chosenOption.tcoUsd))
    : undefined;
  return {
    workload: workload.name,
    horizonMonths,
    monthlyGrowthRate: workload.monthlyGrowthRate,
    answer: workload.verdict.kind,
    chosen: chosenOption ? verdictOption(chosenOption) : null,
    runnerUp: chosenOption && runnerUp ? comparison(runnerUp, chosenOption) : null,
    otherCamp:
      chosenOption && otherCamp
        ? { ...comparison(otherCamp, chosenOption), camp: chosenIsToken ? 'gpu' : 'token' }
        : null,
    changes: changes(workload, horizonMonths),
    ruledOut: {
      options: ruledOut.map((option) => ({
        ...verdictOption(option),
        reasons: option.ineligibleReasons,
        rules: [...new Set((option.ineligibleFacts ?? []).map((failure) => failure.rule))],
      })),
      priceOfConstraints:
        chosenOption && cheaperRuledOut && workload.feasible
          ? { ...verdictOption(cheaperRuledOut), extraTcoUsd: chosenOption.tcoUsd - cheaperRuledOut.tcoUsd }
          : null,
    },
  };
}
