/**
 * Monte Carlo over a decision: draw every uncertain input (Latin hypercube by default),
 * re-run the decision per draw through the caller's `evaluate` (core stays pure: the app
 * resolves catalog names and calls `decide`), and summarise as typed facts: per option
 * P10/P50/P90 of TCO and monthly cost, the probability that it is the cheapest eligible
 * option, the probability that the recommendation changes, and a sensitivity analysis
 * (a tornado of TCO swing per input at its P10/P90, and how often each input's extremes
 * come with a different answer). The report writes the English.
 */
import { centralValue, percentileValue, quantile, type Uncertain } from './distribution.ts';
import { type SamplingMethod, uniformSamples } from './sampling.ts';

export const DEFAULT_DRAWS = 2000;
export const DEFAULT_UNCERTAINTY_SEED = 1;
/** The id of the catalog's GPU price as an uncertain input (a quantile of every fleet's price range). */
export const GPU_PRICE_INPUT_ID = 'catalog.gpuPrice';

/** One uncertain input: a stable id (its field path, or `catalog.gpuPrice`) and its distribution. */
export interface UncertainInput {
  id: string;
  distribution: Uncertain;
  /** Draws are rounded to whole numbers (months, replicas). */
  wholeNumber: boolean;
}

/** What one decision gave: per option slot its cost, and the recommended slot (null: nothing eligible). */
export interface DrawOutcome {
  options: ReadonlyArray<{
    slot: string;
    eligible: boolean;
    tcoUsd: number;
    monthlyCostUsd: number;
    /** Cumulative cost at the end of each month of the horizon. */
    cumulativeUsd: readonly number[];
  }>;
  chosen: string | null;
}

/** P10, P50 and P90 of a quantity over the draws. */
export interface Percentiles {
  p10: number;
  p50: number;
  p90: number;
}

export interface OptionUncertainty {
  slot: string;
  tcoUsd: Percentiles;
  monthlyCostUsd: Percentiles;
  /** Share of draws in which this option is the cheapest eligible one. */
  probabilityCheapest: number;
  /** Share of draws in which it is recommended (after the ML-ops rule). */
  probabilityRecommended: number;
  /** Share of draws in which it is eligible. */
  probabilityEligible: number;
  /** P10 and P90 of the cumulative cost at the end of each month (the band on the TCO chart). */
  months: Array<{ monthIndex: number; p10CumulativeUsd: number; p90CumulativeUsd: number }>;
}

/**
 * One bar of the tornado: the decision with this input at its P10 and at its P90, every
 * other input central. The bar is the margin the decision rests on: the runner-up's TCO
 * minus the recommended option's (both as in the baseline), so an input that moves only
 * the runner-up (the GPU price when the API is recommended) shows as much as one that
 * moves the recommended option.
 */
export interface InputSensitivity {
  input: string;
  p10Value: number;
  p90Value: number;
  /** TCO of the baseline's recommended option with the input at its P10 / P90. */
  tcoAtP10Usd: number;
  tcoAtP90Usd: number;
  /** Runner-up TCO minus recommended TCO with the input at its P10 / P90 (negative: the runner-up is cheaper). */
  marginAtP10Usd: number;
  marginAtP90Usd: number;
  /** |marginAtP90Usd - marginAtP10Usd|: how far the input moves the cost gap the decision rests on. */
  swingUsd: number;
  /** The recommended slot with the input at its P10 / P90 (null: nothing eligible). */
  chosenAtP10: string | null;
  chosenAtP90: string | null;
  /** Among the draws where this input lies outside its P10-P90, the share whose recommendation differs from the baseline's. */
  flipShareAtExtremes: number;
  /** How many draws had this input outside its P10-P90 (about 20% of them). */
  extremeDraws: number;
}

export interface UncertaintyResult {
  draws: number;
  seed: number;
  sampling: SamplingMethod;
  inputs: Array<{ id: string; distribution: Uncertain; central: number; p10: number; p90: number }>;
  /** The recommendation with every input at its central value (the deterministic plan's). */
  baselineChosen: string | null;
  /** The slot whose TCO the tornado shows (the baseline's recommendation, else its cheapest option). */
  tornadoSlot: string | null;
  /** The baseline's cheapest eligible option other than `tornadoSlot` (null: none); the tornado's margin is against it. */
  runnerUpSlot: string | null;
  /** Runner-up TCO minus recommended TCO at the baseline. */
  baselineMarginUsd: number;
  options: OptionUncertainty[];
  /** Share of draws with no eligible option: with the options' probabilityCheapest it sums to 1. */
  probabilityNoEligibleOption: number;
  /** Share of draws whose recommended slot differs from the baseline's. */
  probabilityRecommendationChanges: number;
  /** Largest swing first. */
  sensitivity: InputSensitivity[];
  /** The inputs whose extremes most often come with a different answer, most decisive first (at most 3). */
  decisiveInputs: string[];
}

export interface MonteCarloRun {
  inputs: readonly UncertainInput[];
  draws: number;
  seed: number;
  sampling: SamplingMethod;
  /** The decision at these input values (same order as `inputs`). */
  evaluate: (values: readonly number[]) => DrawOutcome;
  /** Called every 100 draws and at the end. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The value at percentile `fraction` of ascending `sorted` values, linearly interpolated
 * between the two nearest ranks (the "type 7" definition of R and NumPy).
 * @example percentileOfSorted([1, 2, 3, 4, 5], 0.1) // 1.4
 */
export function percentileOfSorted(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * fraction;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

/**
 * P10, P50 and P90 of a set of values.
 * @example percentilesOf([5, 1, 4, 2, 3]) // { p10: 1.4, p50: 3, p90: 4.6 }
 */
export function percentilesOf(values: readonly number[]): Percentiles {
  const sorted = Float64Array.from(values).sort();
  return {
    p10: percentileOfSorted(sorted, 0.1),
    p50: percentileOfSorted(sorted, 0.5),
    p90: percentileOfSorted(sorted, 0.9),
  };
}

/**
 * The cheapest eligible slot of a draw (the first listed wins a tie), or null.
 * @example cheapestEligible({ chosen: 'b', options: [a /* $10, eligible *\/, b /* $8, eligible *\/] }) // 'b'
 */
export function cheapestEligible(outcome: DrawOutcome): string | null {
  let best: DrawOutcome['options'][number] | undefined;
  for (const option of outcome.options) if (option.eligible && (!best || option.tcoUsd < best.tcoUsd)) best = option;
  return best?.slot ?? null;
}

function drawnValue(input: UncertainInput, probability: number): number {
  const value = quantile(input.distribution, probability);
  return input.wholeNumber ? Math.round(value) : value;
}

function atPercentile(input: UncertainInput, percentile: number): number {
  const value = percentileValue(input.distribution, percentile);
  return input.wholeNumber ? Math.round(value) : value;
}

function centralOf(input: UncertainInput): number {
  const value = centralValue(input.distribution);
  return input.wholeNumber ? Math.round(value) : value;
}

function tcoOfSlot(outcome: DrawOutcome, slot: string | null): number {
  return outcome.options.find((option) => option.slot === slot)?.tcoUsd ?? Number.NaN;
}

/**
 * Runs the Monte Carlo and the sensitivity analysis. Deterministic: the same run (inputs,
 * draws, seed, sampling, evaluate) gives the same result.
 * @example
 * // One input, a GPU price uniform on $2-$4/h; self-hosted costs 1,000 x price, the API $3,000:
 * // self-hosted is cheapest below $3/h, so in about half the draws.
 * runMonteCarlo({ inputs, draws: 2000, seed: 1, sampling: 'latin-hypercube', evaluate })
 *   .options.find((option) => option.slot === 'self-hosted').probabilityCheapest // 0.5
 */
export function runMonteCarlo(run: MonteCarloRun): UncertaintyResult {
  const { inputs, draws, seed, sampling, evaluate } = run;
  const central = inputs.map(centralOf);
  const baseline = evaluate(central);
  const baselineChosen = baseline.chosen;
  const tornadoSlot = baselineChosen ?? cheapestEligible(baseline);
  const runnerUpSlot =
    cheapestEligible({ ...baseline, options: baseline.options.filter((option) => option.slot !== tornadoSlot) }) ??
    null;
  const marginOf = (outcome: DrawOutcome) =>
    runnerUpSlot === null
      ? -tcoOfSlot(outcome, tornadoSlot)
      : tcoOfSlot(outcome, runnerUpSlot) - tcoOfSlot(outcome, tornadoSlot);
  const columns = uniformSamples(
    sampling,
    draws,
    inputs.map((input) => input.id),
    seed,
  );

  const slots: string[] = baseline.options.map((option) => option.slot);
  const tco = new Map<string, number[]>();
  const monthly = new Map<string, number[]>();
  const cumulative = new Map<string, number[][]>();
  const cheapestCount = new Map<string, number>();
  const chosenCount = new Map<string, number>();
  const eligibleCount = new Map<string, number>();
  const chosenByDraw: Array<string | null> = [];
  let noEligible = 0;
  let changed = 0;
  for (let draw = 0; draw < draws; draw += 1) {
    const values = inputs.map((input, index) => drawnValue(input, columns[index][draw]));
    const outcome = evaluate(values);
    for (const option of outcome.options) {
      if (!slots.includes(option.slot)) slots.push(option.slot);
      push(tco, option.slot, option.tcoUsd);
      push(monthly, option.slot, option.monthlyCostUsd);
      const months = cumulative.get(option.slot) ?? [];
      option.cumulativeUsd.forEach((value, monthIndex) => {
        months[monthIndex] ??= [];
        months[monthIndex].push(value);
      });
      cumulative.set(option.slot, months);
      if (option.eligible) increment(eligibleCount, option.slot);
    }
    const cheapest = cheapestEligible(outcome);
    if (cheapest === null) noEligible += 1;
    else increment(cheapestCount, cheapest);
    if (outcome.chosen !== null) increment(chosenCount, outcome.chosen);
    if (outcome.chosen !== baselineChosen) changed += 1;
    chosenByDraw.push(outcome.chosen);
    if (run.onProgress && ((draw + 1) % 100 === 0 || draw + 1 === draws)) run.onProgress(draw + 1, draws);
  }

  const options: OptionUncertainty[] = slots.map((slot) => ({
    slot,
    tcoUsd: percentilesOf(tco.get(slot) ?? []),
    monthlyCostUsd: percentilesOf(monthly.get(slot) ?? []),
    probabilityCheapest: (cheapestCount.get(slot) ?? 0) / draws,
    probabilityRecommended: (chosenCount.get(slot) ?? 0) / draws,
    probabilityEligible: (eligibleCount.get(slot) ?? 0) / draws,
    months: (cumulative.get(slot) ?? []).map((values, monthIndex) => {
      const sorted = Float64Array.from(values).sort();
      return {
        monthIndex,
        p10CumulativeUsd: percentileOfSorted(sorted, 0.1),
        p90CumulativeUsd: percentileOfSorted(sorted, 0.9),
      };
    }),
  }));

  const sensitivity: InputSensitivity[] = inputs.map((input, index) => {
    const p10Value = atPercentile(input, 0.1);
    const p90Value = atPercentile(input, 0.9);
    const atValue = (value: number) =>
      evaluate(central.map((centralValue, at) => (at === index ? value : centralValue)));
    const low = atValue(p10Value);
    const high = atValue(p90Value);
    let extremes = 0;
    let flips = 0;
    for (let draw = 0; draw < draws; draw += 1) {
      const probability = columns[index][draw];
      if (probability >= 0.1 && probability < 0.9) continue;
      extremes += 1;
      if (chosenByDraw[draw] !== baselineChosen) flips += 1;
    }
    const marginAtP10Usd = marginOf(low);
    const marginAtP90Usd = marginOf(high);
    return {
      input: input.id,
      p10Value,
      p90Value,
      tcoAtP10Usd: tcoOfSlot(low, tornadoSlot),
      tcoAtP90Usd: tcoOfSlot(high, tornadoSlot),
      marginAtP10Usd,
      marginAtP90Usd,
      swingUsd: Math.abs(marginAtP90Usd - marginAtP10Usd),
      chosenAtP10: low.chosen,
      chosenAtP90: high.chosen,
      flipShareAtExtremes: extremes > 0 ? flips / extremes : 0,
      extremeDraws: extremes,
    };
  });
  const probabilityRecommendationChanges = changed / draws;
  return {
    draws,
    seed,
    sampling,
    inputs: inputs.map((input, index) => ({
      id: input.id,
      distribution: input.distribution,
      central: central[index],
      p10: atPercentile(input, 0.1),
      p90: atPercentile(input, 0.9),
    })),
    baselineChosen,
    tornadoSlot,
    runnerUpSlot,
    baselineMarginUsd: marginOf(baseline),
    options,
    probabilityNoEligibleOption: noEligible / draws,
    probabilityRecommendationChanges,
    sensitivity: [...sensitivity].sort(
      (left, right) => right.swingUsd - left.swingUsd || left.input.localeCompare(right.input),
    ),
    decisiveInputs: decisiveInputsOf(sensitivity, probabilityRecommendationChanges, baselineChosen),
  };
}

/**
 * The inputs that decide the answer: those whose P10 or P90 alone flips it, or whose
 * extremes come with a different answer clearly more often than draws do overall (by more
 * than two standard errors of that share: with p the overall share of changed answers and
 * n the input's extreme draws, above p + 2 sqrt(p (1 - p) / n)); most flips first, at most 3.
 * @example
 * // The answer changes in 17% of draws; 400 extreme draws each: the bar is 17% + 2 x 1.9% = 20.8%.
 * decisiveInputsOf([{ input: 'catalog.gpuPrice', flipShareAtExtremes: 0.6, extremeDraws: 400, ... }, { input: 'x', flipShareAtExtremes: 0.19, extremeDraws: 400, ... }], 0.17, 'self-hosted') // ['catalog.gpuPrice']
 */
export function decisiveInputsOf(
  sensitivity: readonly InputSensitivity[],
  probabilityRecommendationChanges: number,
  baselineChosen: string | null,
): string[] {
  if (probabilityRecommendationChanges === 0) return [];
  const flipsAlone = (entry: InputSensitivity) =>
    entry.chosenAtP10 !== baselineChosen || entry.chosenAtP90 !== baselineChosen;
  return sensitivity
    .filter((entry) => {
      const p = probabilityRecommendationChanges;
      const bar = p + 2 * Math.sqrt((p * (1 - p)) / Math.max(1, entry.extremeDraws));
      return flipsAlone(entry) || entry.flipShareAtExtremes > bar;
    })
    .sort(
      (left, right) =>
        right.flipShareAtExtremes - left.flipShareAtExtremes ||
        right.swingUsd - left.swingUsd ||
        left.input.localeCompare(right.input),
    )
    .slice(0, 3)
    .map((entry) => entry.input);
}

function push(map: Map<string, number[]>, key: string, value: number): void {
  const values = map.get(key);
  if (values) values.push(value);
  else map.set(key, [value]);
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
