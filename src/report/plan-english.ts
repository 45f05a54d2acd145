/**
 * The plan's facts in English: option labels, reasons, hard-constraint failures, flip
 * points, warnings and sizing notes. Core returns typed facts; this is the one place
 * that turns them into the sentences the reports and the dashboard show.
 */
import { STALE_AFTER_MONTHS, type CatalogAge } from '../core/decide/staleness.ts';
import { optionKey, type OptionId } from '../core/decide/option-id.ts';
import { MATERIALITY } from '../core/decide/plan.ts';
import type {
  ConfigurationLoss,
  FleetConfiguration,
  FlipPoint,
  Ineligibility,
  OptionLatency,
  OptionParameters,
  OptionSizing,
  PlanWarning,
  Reason,
  Verdict,
} from '../core/decide/types.ts';
import type { VerdictChange, VerdictComparison, WorkloadVerdictFacts } from './plan-verdict.ts';
import { formatUsd } from './text-table.ts';
import type { PortfolioPlacement, WorkloadPlacement } from '../core/decide/portfolio.ts';

/** Whole dollars with thousands separators, as in reasons. @example wholeUsd(70740.4) === '$70,740' */
export function wholeUsd(value: number): string {
  return `$${Math.round(value).toLocaleString('en-US')}`;
}

/** Token counts in flip points. @example tokenCount(8.55e9) === '8.55B'; tokenCount(2.5e6) === '2.5M' */
export function tokenCount(tokens: number): string {
  if (tokens >= 1e9) return `${Number((tokens / 1e9).toPrecision(3))}B`;
  if (tokens >= 1e6) return `${Number((tokens / 1e6).toPrecision(3))}M`;
  return `${Number((tokens / 1e3).toPrecision(3))}k`;
}

const percent = (share: number) => Math.round(share * 100);

/**
 * An option's name for people.
 * @example optionLabel({ kind: 'frontier-api', offerId: 'openai/gpt-4.1' }) === 'Frontier API (openai/gpt-4.1)'
 * @example optionLabel({ kind: 'hybrid', variant: 'split', offerId: 'openai/gpt-4.1' }, { selfHostedShare: 0.7 })
 * // 'Hybrid split: 70% self-hosted, 30% to openai/gpt-4.1'
 */
export function optionLabel(id: OptionId, parameters: OptionParameters = {}): string {
  const fleet = id.openModelId && id.gpuId ? `${id.openModelId} on ${id.gpuId}` : undefined;
  switch (id.kind) {
    case 'frontier-api':
      return id.offerId ? `Frontier API (${id.offerId})` : id.kind;
    case 'hosted-open':
      return id.offerId ? `Hosted open model (${id.offerId})` : id.kind;
    case 'self-hosted':
      return fleet ? `Self-hosted (${fleet})` : id.kind;
    case 'cloud-managed':
      return fleet
        ? `Cloud-managed endpoint (${fleet}, +${percent(parameters.managedMarkup ?? 0)}% managed markup)`
        : id.kind;
    case 'hybrid': {
      const api = id.offerId ?? 'an API';
      if (id.variant === 'split') {
        const share = parameters.selfHostedShare ?? 0;
        return `Hybrid split: ${percent(share)}% self-hosted, ${percent(1 - share)}% to ${api}`;
      }
      return `Hybrid overflow: self-hosted sized for the mean load, peaks overflow to ${api}`;
    }
  }
}

/** Labels option ids using the parameters of the options they name (hybrid shares, markups). */
export type Labeler = (id: OptionId) => string;

export function labelerFor(
  options: ReadonlyArray<{ key: string; id: OptionId; parameters: OptionParameters }>,
): Labeler {
  return (id) => optionLabel(id, options.find((option) => option.key === optionKey(id))?.parameters);
}

const unavailableDefaults: Record<Extract<Ineligibility, { rule: 'unavailable' }>['missing'], string> = {
  'catalog-entry': 'no catalog entry',
  'gpu-fleet': 'no GPU fleet could be sized',
  'api-to-split-to': 'no API to split to',
  'api-to-overflow-to': 'no API to overflow to',
};

/** Why an option fails a hard constraint. */
export function describeIneligibility(failure: Ineligibility): string {
  switch (failure.rule) {
    case 'unavailable':
      return `unavailable: ${failure.detail ?? unavailableDefaults[failure.missing]}`;
    case 'air-gap':
      return 'air-gapped deployment: only self-hosted GPUs run without public internet access';
    case 'regulated-data':
      return `regulated data cannot be sent to a third-party API (${failure.offerId})`;
    case 'regulated-without-ops':
      return 'regulated data with no ML-ops capacity: running your own GPUs needs a team; a cloud-managed endpoint in your account keeps control without the ops burden';
    case 'residency':
      return `data residency in ${failure.region}: ${failure.offerId} offers no in-region processing`;
    case 'fine-tuned-weights':
      return failure.offerId
        ? `fine-tuned weights: ${failure.offerId} does not serve custom weights`
        : 'fine-tuned weights: a frontier API cannot serve your own weights';
    case 'reproducibility':
      return `reproducibility: ${failure.offerId} can change the model behind the name without notice`;
    case 'quality':
      return 'quality: the workload needs a frontier model (set requirements.minimumQuality: open and list good-enough open models to consider this)';
    case 'latency-floor':
      return `latency floor: TTFT SLO ${failure.sloTtftMs} ms is below this option's typical (median) TTFT of ${failure.typicalTtftMs} ms`;
    case 'latency-slo':
      return `latency SLO: expected ${failure.percentile} TTFT ${Math.round(failure.ttftMs)} ms misses the ${failure.sloTtftMs} ms SLO`;
    case 'end-to-end-slo':
      return `end-to-end SLO: expected ${Math.round(failure.endToEndMs)} ms (TTFT + output tokens x TPOT) misses the ${failure.sloEndToEndMs} ms SLO`;
    case 'context-window':
      return `context window: ${failure.contextTokens} tokens (prompt + output) is longer than the ${failure.maxContextTokens} tokens it accepts`;
    case 'scaling-slo':
      return `autoscaling: new replicas take minutes to start, so the fleet misses the latency SLO for an estimated ${Math.round(failure.extraSloMissMinutes)} more minutes a month than the ${Math.round(failure.allowedMinutes)} its percentile allows`;
    case 'quality-gap':
      return `quality: the open model's measured gap of ${failure.gapPoints} points is above requirements.maxQualityGapPoints (${failure.maxGapPoints})`;
  }
}

/** One reason behind a recommendation. */
export function describeReason(reason: Reason, label: Labeler): string {
  const failures = (list: Ineligibility[]) => list.map(describeIneligibility).join('; ');
  switch (reason.kind) {
    case 'no-eligible-option':
      return `no option meets every hard constraint; the closest is ${label(reason.closest)}, which fails: ${failures(reason.failures)}`;
    case 'cheapest-eligible':
      return (
        `cheapest eligible option over ${reason.horizonMonths} months: ${label(reason.chosen)}, TCO ${wholeUsd(reason.tcoUsd)}` +
        (reason.runnerUp ? ` vs ${wholeUsd(reason.runnerUp.tcoUsd)} for ${label(reason.runnerUp.option)}` : '')
      );
    case 'ml-ops-bar-not-met':
      return (
        `ML-ops capacity is '${reason.mlOpsCapacity}': running GPUs must save at least ${percent(reason.requiredSaving)}% to be worth the operational risk; ` +
        `${label(reason.gpuOption)} saves ${(reason.saving * 100).toFixed(1)}% over ${label(reason.hostedOption)}, so the recommendation stays hosted`
      );
    case 'ml-ops-bar-met':
      return `saves ${(reason.saving * 100).toFixed(1)}% over ${label(reason.hostedOption)}, above the ${percent(reason.requiredSaving)}% bar for ML-ops capacity '${reason.mlOpsCapacity}'`;
    case 'dedicated-team-prefers-self-hosting':
      return (
        `ML-ops capacity is 'dedicated': the team already exists, so ${label(reason.selfHosted)} (TCO ${wholeUsd(reason.selfHostedTcoUsd)}) is preferred over the managed endpoint, which saves only ` +
        `${(reason.managedSaving * 100).toFixed(1)}% (< ${percent(reason.margin)}%) and gives up control of the serving stack`
      );
    case 'ruled-out':
      return `${label(reason.option)} ruled out: ${failures(reason.failures)}`;
    case 'disagrees-with-rule-of-thumb':
      return `disagrees with the rule of thumb "${reason.ruleText}" (${reason.ruleSource}): the cost model puts ${label(reason.chosen)} ahead`;
  }
}

/** A flip point as a sentence. */
export function describeFlipPoint(point: FlipPoint, label: Labeler): string {
  switch (point.kind) {
    case 'single-eligible-option':
      return 'only one eligible option: volume does not change the answer';
    case 'cheapest-above':
      return `${label(point.option)} becomes cheapest above ${tokenCount(point.tokensPerMonth)} tokens/month (${point.factor.toFixed(1)}x today)`;
    case 'cheapest-below':
      return `below ${tokenCount(point.tokensPerMonth)} tokens/month (${point.factor.toFixed(2)}x today) ${label(point.option)} is cheapest`;
    case 'stays-cheapest':
      return `${label(point.option)} stays cheapest from 1/${Math.round(1 / point.lowestFactor)}x to ${point.highestFactor}x today's volume`;
  }
}

/** A plan warning as a sentence. */
export function describeWarning(warning: PlanWarning, label: Labeler): string {
  switch (warning.kind) {
    case 'resolution':
      return warning.message;
    case 'simulated-over-capacity':
      return `simulated first month: the self-hosted fleet (${warning.fleetDescription}) is over capacity for ${Math.round(warning.minutesOverCapacity)} minutes and misses the latency SLO for an estimated ${Math.round(warning.sloMissMinutes)} minutes (bursts above the planned peak); raise targetPeakUtilization headroom or redundancy if that matters`;
    case 'end-to-end-not-checked':
      return `latency.endToEndMs (${warning.sloEndToEndMs} ms) is not checked for ${warning.options.map(label).join(', ')}: the catalog has no time per output token for them`;
    case 'quality-gap-not-gated':
      return `checklist.qualityGapPoints is ${warning.gapPoints} but nothing gates it: set requirements.maxQualityGapPoints to rule out open models that fall short`;
    case 'build-without-fallback':
      return `no per-token option may serve while the fleet is built: the workload waits ${warning.months} months (organization.staffing.buildPeriodMonths) before it runs`;
    case 'latency-slo-miss':
      return `${label(warning.option)}: expected ${warning.percentile} TTFT ${warning.expectedTtftMs} ms misses the ${warning.sloTtftMs} ms SLO${warning.penaltyIncluded ? ' (penalty included)' : ' (set revenueAtStakeUsdPerMonthPer100Ms to price it)'}`;
    case 'stale-prices':
      return `${warning.prices.length === 1 ? 'a price' : `${warning.prices.length} prices`} used in this decision ${warning.prices.length === 1 ? 'is' : 'are'} more than ${warning.limitMonths} months older than the plan (${warning.planDate}): ${warning.prices.map((price) => `${price.name} (as of ${price.asOf}, ${ageInWords(price.ageDays)} old)`).join('; ')}; ${warning.prices.length === 1 ? 'check it' : 'check them'} or pass --catalog with current prices`;
  }
}

/**
 * A number of days as the reader counts them: days under two months, then months, then years and months.
 * @example ageInWords(548) === '1 year 6 months'
 * @example ageInWords(12) === '12 days'
 */
export function ageInWords(days: number): string {
  if (Math.abs(days) < 60) return `${days} day${Math.abs(days) === 1 ? '' : 's'}`;
  const months = Math.round(days / 30.4375);
  if (months < 12) return `${months} months`;
  const years = Math.floor(months / 12);
  const rest = months % 12;
  return `${years} year${years === 1 ? '' : 's'}${rest > 0 ? ` ${rest} month${rest === 1 ? '' : 's'}` : ''}`;
}

/**
 * The catalog's age on a date in one line (every report shows it).
 * @example describeCatalogAge({ onDate: '2026-12-01', snapshot: '2025-06-01', snapshotAgeDays: 548, oldestAsOf: '2025-06-01', stale: [] })
 * // 'catalog snapshot 2025-06-01 is 1 year 6 months old on 2026-12-01; oldest price 2025-06-01'
 */
export function describeCatalogAge(age: CatalogAge): string {
  const snapshot =
    age.snapshot === undefined
      ? `catalog on ${age.onDate}`
      : age.snapshotAgeDays !== undefined && age.snapshotAgeDays < 0
        ? `catalog snapshot ${age.snapshot} is ${ageInWords(-age.snapshotAgeDays)} newer than ${age.onDate}`
        : `catalog snapshot ${age.snapshot} is ${ageInWords(age.snapshotAgeDays ?? 0)} old on ${age.onDate}`;
  const oldest = age.oldestAsOf ? `; oldest price ${age.oldestAsOf}` : '';
  const stale =
    age.stale.length > 0
      ? `; ${age.stale.length} ${age.stale.length === 1 ? 'entry is' : 'entries are'} more than ${STALE_AFTER_MONTHS} months old`
      : '';
  return `${snapshot}${oldest}${stale}`;
}

/**
 * Notes on a GPU option's fleet.
 * @example sizingNotes({ gpus: 2, replicas: 2, utilization: 0.052, ... }, 1) // ['2 GPUs (2 replicas x 1), mean utilization 5.2%']
 */
export function sizingNotes(sizing: OptionSizing | undefined, gpusPerReplica: number | undefined): string[] {
  if (!sizing) return [];
  const notes = [
    `${sizing.gpus} GPUs (${sizing.replicas} replicas x ${gpusPerReplica ?? 1}), mean utilization ${(sizing.utilization * 100).toFixed(1)}%`,
  ];
  if (sizing.overflowShare !== undefined)
    notes.push(`${(sizing.overflowShare * 100).toFixed(1)}% of tokens overflow to the API at peaks`);
  return notes;
}

/** Fleet policies in words (sizing tables and configuration labels). */
export const fleetPolicyNames: Record<FleetConfiguration['policy'], string> = {
  fixed: 'fixed 24/7',
  autoscale: 'autoscaled',
  scheduled: 'scheduled by hour of week',
  batch: 'queued batch',
};

/**
 * A searched fleet configuration in a few words.
 * @example configurationLabel({ openModelId: 'llama-3.1-70b', gpuId: 'h100-sxm', gpusPerReplica: 2, precision: 'fp8', engine: 'vllm', pricing: 'reserved', policy: 'fixed' })
 * // 'llama-3.1-70b on h100-sxm, TP=2, fp8, vllm, reserved, fixed 24/7 fleet'
 */
export function configurationLabel(configuration: FleetConfiguration): string {
  return `${configuration.openModelId} on ${configuration.gpuId}, TP=${configuration.gpusPerReplica}, ${configuration.precision}, ${configuration.engine}, ${configuration.offerId ? `${configuration.pricing} at ${configuration.offerId}` : configuration.pricing}, ${fleetPolicyNames[configuration.policy]} fleet`;
}

/**
 * Why a searched configuration lost to the chosen one.
 * @example describeLoss({ kind: 'costlier', extraTcoUsd: 120_400 }) === 'costs $120,400 more over the horizon'
 */
export function describeLoss(loss: ConfigurationLoss): string {
  switch (loss.kind) {
    case 'costlier':
      return `costs ${wholeUsd(loss.extraTcoUsd)} more over the horizon`;
    case 'misses-slo':
      return `misses the TTFT SLO: ${Math.round(loss.ttftMs)} ms expected against ${loss.sloTtftMs} ms`;
    case 'ineligible':
      return `not eligible: ${loss.failures.map(describeIneligibility).join('; ')}`;
  }
}

/**
 * The plan's answer for a workload in one sentence: what to do; or that nothing meets
 * every hard constraint, with the closest options and what they fail; or that cost does
 * not decide, and what should.
 */
export function describeVerdict(verdict: Verdict, label: Labeler): string {
  switch (verdict.kind) {
    case 'recommend':
      return `Recommended: ${label(verdict.option)}`;
    case 'infeasible':
      return `No option meets every hard constraint. Closest: ${verdict.closest
        .map((entry) => `${label(entry.option)}, which fails ${entry.failures.map(describeIneligibility).join('; ')}`)
        .join('; ')}`;
    case 'cost-does-not-decide': {
      const apart =
        verdict.differenceShare < MATERIALITY.share
          ? `${(verdict.differenceShare * 100).toFixed(1)}% apart in TCO (${wholeUsd(verdict.differenceUsdPerMonth)}/month)`
          : `only ${wholeUsd(verdict.differenceUsdPerMonth)}/month apart`;
      return (
        `Cost does not decide: ${label(verdict.option)} and ${label(verdict.runnerUp)} are ${apart}, ` +
        `under the materiality threshold (${percent(MATERIALITY.share)}% or ${wholeUsd(MATERIALITY.usdPerMonth)}/month); ` +
        'choose between them on latency at your percentile, quality on your own eval set, control of the weights and data, and what your team can operate'
      );
    }
  }
}

/**
 * The heading above an answer: "Recommendation" only when there is one to make (with
 * "cost does not decide" when the best options are within the materiality threshold).
 * @example answerHeading('recommend', 'hosted-open') === 'Recommendation: hosted-open'
 * @example answerHeading('infeasible', 'hosted-open') === 'No option meets every hard constraint'
 * @example answerHeading('cost-does-not-decide', 'hosted-open') === 'Recommendation: hosted-open (cost does not decide)'
 */
export function answerHeading(kind: Verdict['kind'], recommended: string): string {
  switch (kind) {
    case 'recommend':
      return `Recommendation: ${recommended}`;
    case 'infeasible':
      return 'No option meets every hard constraint';
    case 'cost-does-not-decide':
      return `Recommendation: ${recommended} (cost does not decide)`;
  }
}

/**
 * The heading above a profile's answer: one workload's heading, or for several, which
 * workloads have no feasible option (the recommendation otherwise).
 * @example
 * profileAnswerHeading([{ name: 'bot', verdict: { kind: 'infeasible', closest: [] } }, { name: 'rag', verdict: { kind: 'recommend', option: { kind: 'hybrid' } } }], 'hybrid')
 * // 'No option meets every hard constraint for bot'
 */
export function profileAnswerHeading(
  workloads: ReadonlyArray<{ name: string; verdict: Verdict }>,
  recommended: string,
): string {
  if (workloads.length === 1) return answerHeading(workloads[0].verdict.kind, recommended);
  const infeasible = workloads.filter((workload) => workload.verdict.kind === 'infeasible');
  if (infeasible.length > 0)
    return `No option meets every hard constraint for ${infeasible.map((workload) => workload.name).join(', ')}`;
  return answerHeading('recommend', recommended);
}

/**
 * The latency column's header for a workload's options: the percentile and the SLO.
 * @example latencyColumn([{ percentile: 'p99', ttftMs: 450, sloTtftMs: 150, meetsSlo: false }]) === 'TTFT p99 vs SLO 150 ms'
 * @example latencyColumn([{ percentile: 'p95', ttftMs: 450, sloTtftMs: null, meetsSlo: null }]) === 'TTFT p95 (no SLO)'
 */
export function latencyColumn(latencies: ReadonlyArray<OptionLatency>): string {
  const percentile = latencies[0]?.percentile ?? 'p95';
  const slos = [...new Set(latencies.flatMap((latency) => (latency.sloTtftMs === null ? [] : [latency.sloTtftMs])))];
  if (slos.length === 0) return `TTFT ${percentile} (no SLO)`;
  return slos.length === 1 ? `TTFT ${percentile} vs SLO ${slos[0]} ms` : `TTFT ${percentile} vs SLO`;
}

/**
 * An option's latency cell: the expected TTFT at the percentile and whether it meets the SLO.
 * @example latencyCell({ percentile: 'p99', ttftMs: 450, sloTtftMs: 150, meetsSlo: false }) === '450 ms, misses'
 * @example latencyCell({ percentile: 'p95', ttftMs: null, sloTtftMs: 150, meetsSlo: null }) === 'unknown'
 */
export function latencyCell(latency: OptionLatency): string {
  if (latency.ttftMs === null) return 'unknown';
  const ttft = `${Math.round(latency.ttftMs).toLocaleString('en-US')} ms`;
  if (latency.meetsSlo === null) return ttft;
  return `${ttft}, ${latency.meetsSlo ? 'meets' : 'misses'}`;
}

/** Short names of the hard constraints, for the one-line "ruled out" summary. */
export const constraintNames: Record<Ineligibility['rule'], string> = {
  unavailable: 'not available',
  'air-gap': 'air gap',
  'regulated-data': 'regulated data',
  'regulated-without-ops': 'regulated data without an ML-ops team',
  residency: 'data residency',
  'fine-tuned-weights': 'fine-tuned weights',
  reproducibility: 'reproducibility',
  quality: 'quality',
  'latency-floor': 'latency floor',
  'latency-slo': 'latency SLO',
  'end-to-end-slo': 'end-to-end SLO',
  'context-window': 'context window',
  'scaling-slo': 'autoscaling vs the SLO',
  'quality-gap': 'quality gap',
};

/** The verdict of one workload in English: what to do now, the savings, when it changes, what is ruled out. */
export interface VerdictSentences {
  now: string;
  savings: string | null;
  changes: string;
  ruledOut: string | null;
}

/**
 * A ratio as "N x the cost" for the verdict.
 * @example costMultiple(27.6) === '28x'; costMultiple(1.24) === '1.2x'; costMultiple(17079) === '17,079x'
 */
export function costMultiple(ratio: number): string {
  return ratio >= 10 ? `${Math.round(ratio).toLocaleString('en-US')}x` : `${Number(ratio.toFixed(1))}x`;
}

const monthLabel = (monthIndex: number) => `month ${monthIndex + 1}`;

/** "saves $X against", "costs $X more than" or "costs the same as", without the horizon. */
function savingPhrase(comparison: VerdictComparison): string {
  if (Math.abs(comparison.savingTcoUsd) < 0.5) return 'costs the same as';
  return comparison.savingTcoUsd > 0
    ? `saves ${wholeUsd(comparison.savingTcoUsd)} against`
    : `costs ${wholeUsd(-comparison.savingTcoUsd)} more than`;
}

function describeVerdictChange(change: VerdictChange, monthlyGrowthRate: number): string {
  switch (change.kind) {
    case 'single-option':
      return 'only one option is eligible, so volume does not change the answer';
    case 'stable':
      return `no volume from 1/${Math.round(1 / change.lowestFactor)}x to ${change.highestFactor}x today's changes it`;
    case 'volume-above': {
      const when =
        change.monthIndex !== null
          ? `; at ${(monthlyGrowthRate * 100).toFixed(1)}%/month growth that is ${monthLabel(change.monthIndex)}`
          : monthlyGrowthRate > 0
            ? '; growth does not get there within the horizon'
            : '; the profile plans no growth';
      return `above ${tokenCount(change.tokensPerMonth)} tokens/month (${change.factor.toFixed(1)}x today) ${change.option.label} becomes cheapest${when}`;
    }
    case 'volume-below':
      return `below ${tokenCount(change.tokensPerMonth)} tokens/month (${change.factor.toFixed(2)}x today) ${change.option.label} is cheapest`;
    case 'month':
      return `with growth, ${change.toLabel} becomes the cheapest in ${monthLabel(change.monthIndex)}`;
    case 'described':
      return change.description;
  }
}

/**
 * The verdict on top of every plan, in four short sentences.
 * @example
 * describeWorkloadVerdict(workloadVerdict(saas, 36)).now
 * // 'Do now: use Hosted open model (together/llama-3.1-70b): $44.00/month, $1,584 over 36 months.'
 */
export function describeWorkloadVerdict(facts: WorkloadVerdictFacts): VerdictSentences {
  const horizon = facts.horizonMonths;
  const chosen = facts.chosen;
  const money = (option: { monthlyCostUsd: number; tcoUsd: number }) =>
    `${formatUsd(option.monthlyCostUsd)}/month, ${wholeUsd(option.tcoUsd)} over ${horizon} months`;
  let now: string;
  if (facts.answer === 'infeasible' || !chosen)
    now = `Do now: nothing meets every hard constraint; relax one of them${chosen ? ` (the closest option is ${chosen.label})` : ''}.`;
  else if (facts.answer === 'cost-does-not-decide' && facts.runnerUp)
    now = `Do now: use ${chosen.label} or ${facts.runnerUp.label}; cost does not decide between them (${money(chosen)} for the first).`;
  else now = `Do now: use ${chosen.label}: ${money(chosen)}.`;

  const comparisons: string[] = [];
  const runnerUp = facts.runnerUp;
  const otherCamp = facts.otherCamp;
  const campName = otherCamp?.camp === 'gpu' ? 'the cheapest self-hosted setup' : 'the cheapest API';
  const multiple = (comparison: VerdictComparison) =>
    comparison.costRatio !== null && comparison.costRatio >= 1.5
      ? ` (${costMultiple(comparison.costRatio)} the cost)`
      : '';
  if (chosen && facts.answer !== 'infeasible') {
    if (runnerUp) {
      const same = otherCamp?.optionId === runnerUp.optionId;
      comparisons.push(
        `${savingPhrase(runnerUp)} the runner-up${same ? ` and ${campName}` : ''}, ${runnerUp.label}${multiple(runnerUp)}`,
      );
    }
    if (otherCamp && otherCamp.optionId !== runnerUp?.optionId)
      comparisons.push(`${savingPhrase(otherCamp)} ${campName}, ${otherCamp.label}${multiple(otherCamp)}`);
  }
  const savings = comparisons.length > 0 ? `Over ${horizon} months it ${comparisons.join(', and ')}.` : null;

  const changeTexts = facts.changes.map((change) => describeVerdictChange(change, facts.monthlyGrowthRate));
  const changes =
    changeTexts.length > 0
      ? `When it changes: ${changeTexts.join('; ')}.`
      : 'When it changes: nothing in the volume range the plan explored changes the answer.';

  let ruledOut: string | null = null;
  if (facts.ruledOut.options.length > 0) {
    const constraints = [
      ...new Set(
        facts.ruledOut.options.flatMap((option) =>
          option.rules.length > 0 ? option.rules.map((rule) => constraintNames[rule]) : option.reasons.slice(0, 1),
        ),
      ),
    ];
    const count = facts.ruledOut.options.length;
    const price = facts.ruledOut.priceOfConstraints;
    ruledOut =
      `Ruled out: ${count} option${count === 1 ? '' : 's'} (${facts.ruledOut.options.map((option) => option.label).join('; ')}) by ${constraints.join(', ')}; ` +
      (price
        ? `the constraints cost ${wholeUsd(price.extraTcoUsd)} over ${horizon} months (${price.label} would be ${wholeUsd(price.tcoUsd)}).`
        : 'they cost nothing: every ruled-out option costs more.');
  }
  return { now, savings, changes, ruledOut };
}

// ---- Portfolio placement (issue 14, part A) ----

/** Why a workload sits where the portfolio placed it, as a sentence (`ruledOut` lists the binding constraints). */
export function describePlacementWhy(
  placement: Pick<WorkloadPlacement, 'why' | 'ruledOut' | 'alone' | 'option' | 'sharesFleetWith'>,
  label: Labeler,
): string {
  const { why } = placement;
  const parts: string[] = [];
  switch (why.kind) {
    case 'infeasible':
      return 'not placed: no option meets its hard constraints';
    case 'only-option':
      parts.push('the only option that meets its hard constraints');
      break;
    case 'cost-margin':
      parts.push(`moving it to ${label(why.runnerUp)} would add ${wholeUsd(why.extraTcoUsd)} to the portfolio's TCO`);
      break;
    case 'others-break-ml-ops':
      parts.push(
        `moving it to ${label(why.runnerUp)} would add ${wholeUsd(why.extraTcoUsd)} to the portfolio's TCO, and no move keeps the GPUs' saving at the ${percent(why.requiredSaving)}% the ML-ops rule asks`,
      );
      break;
    case 'ml-ops-bar':
      parts.push(
        `${label(why.cheaper)} would save ${wholeUsd(why.savingUsd)}, but then running GPUs would no longer save the ${percent(why.requiredSaving)}% the ML-ops rule asks`,
      );
      break;
  }
  if (placement.sharesFleetWith.length > 0) parts.push(`shares its fleet with ${placement.sharesFleetWith.join(', ')}`);
  if (placement.alone && placement.option && optionKey(placement.alone) !== optionKey(placement.option))
    parts.push(`planned alone it would be ${label(placement.alone)}: the shared costs move it`);
  for (const ruled of placement.ruledOut)
    parts.push(`${label(ruled.option)} is ruled out (${ruled.failures.map(describeIneligibility).join('; ')})`);
  return parts.join('; ');
}

/**
 * The placement's total and saving in one sentence.
 * @example
 * describePlacementTotal({ monthlyCostUsd: 60_000, tcoUsd: 2_160_000, savingsTcoUsd: 360_000, bestSingle: { kind: 'self-hosted', ... } }, 36)
 * // 'placed feature by feature: $60,000/month, TCO $2,160,000 over 36 months; $360,000 less than every workload on self-hosted'
 */
export function describePlacementTotal(
  placement: Pick<
    PortfolioPlacement,
    'monthlyCostUsd' | 'tcoUsd' | 'savingsTcoUsd' | 'bestSingle' | 'exact' | 'method'
  >,
  horizonMonths: number,
): string {
  const head = `placed feature by feature: ${wholeUsd(placement.monthlyCostUsd)}/month, TCO ${wholeUsd(placement.tcoUsd)} over ${horizonMonths} months`;
  const best = placement.bestSingle;
  const saving =
    best && placement.savingsTcoUsd !== null
      ? placement.savingsTcoUsd > 0.5
        ? `; ${wholeUsd(placement.savingsTcoUsd)} less than every workload on ${best.slot}`
        : `; the same as every workload on ${best.slot}`
      : '; no single option meets every workload’s hard constraints';
  const proof = placement.exact ? '' : ' (found by local search, not proven optimal)';
  return `${head}${saving}${proof}`;
}

// ---- Uncertainty (issue 14, part B) ----

/** Names of uncertain inputs by field (the last part of the path); unknown fields keep their path. */
const uncertainInputNames: Record<string, string> = {
  'catalog.gpuPrice': 'the GPU price',
  requestsPerDay: 'the request volume',
  tokensPerMonth: 'the token volume',
  inputPerRequest: 'input tokens per request',
  outputPerRequest: 'output tokens per request',
  cachedInputShare: 'the cached input share',
  peakToMeanRatio: 'the peak-to-mean ratio',
  monthlyGrowthRate: 'growth',
  weekendFactor: 'the weekend factor',
  burstsPerDay: 'bursts',
  ttftMs: 'the latency SLO',
  endToEndMs: 'the end-to-end SLO',
  revenueAtStakeUsdPerMonthPer100Ms: 'the revenue at stake per 100 ms',
  tokensPerHourPerGpu: 'GPU throughput',
  targetPeakUtilization: 'the target utilization',
  redundancyReplicas: 'spare replicas',
  hybridSelfHostedShare: 'the hybrid split',
  engineerLoadedCostUsdPerYear: 'engineer cost',
  horizonMonths: 'the horizon',
  cloudManagedMarkup: 'the managed markup',
  sreFte: 'SRE staffing',
  mlEngineerFte: 'ML engineer staffing',
  setupEngineerMonths: 'the setup effort',
  buildPeriodMonths: 'the build period',
  upgradeIntervalMonths: 'the upgrade interval',
  upgradeEngineerMonths: 'the upgrade effort',
  onCallUsdPerMonth: 'on-call cost',
  evalInfraUsdPerMonth: 'eval infrastructure cost',
  observabilityUsdPerMonth: 'observability cost',
  storageGb: 'storage',
  currentMonthlySpendUsd: 'current spend',
};

/**
 * An uncertain input's name in sentences.
 * @example uncertainInputLabel('organization.staffing.sreFte') === 'SRE staffing'
 * @example uncertainInputLabel('catalog.gpuPrice') === 'the GPU price'
 */
export function uncertainInputLabel(inputId: string): string {
  const field = inputId.split('.').pop() ?? inputId;
  return uncertainInputNames[inputId] ?? uncertainInputNames[field] ?? inputId;
}

/** The facts behind the "how sure" line. */
export interface HowSureFacts {
  draws: number;
  /** The slot most often cheapest (null: nothing eligible in any draw). */
  mostOftenCheapest: string | null;
  probabilityCheapest: number;
  /** The recommendation at the central values. */
  recommended: string | null;
  probabilityRecommendationChanges: number;
  decisiveInputs: string[];
}

function joinNames(names: string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function sharePercent(share: number): string {
  const value = share * 100;
  if (value > 99 && value < 100) return '>99';
  if (value > 0 && value < 1) return '<1';
  return String(Math.round(value));
}

/**
 * The "how sure" line: how often the most-often-cheapest option is cheapest, and which
 * inputs decide the rest (or that the recommendation itself changes).
 * @example
 * describeHowSure({ draws: 2000, mostOftenCheapest: 'self-hosted', probabilityCheapest: 0.83, recommended: 'self-hosted',
 *   probabilityRecommendationChanges: 0.17, decisiveInputs: ['catalog.gpuPrice', 'organization.staffing.sreFte'] }, label)
 * // 'Self-hosting is cheapest in 83% of 2,000 draws; the GPU price and SRE staffing decide the rest.'
 */
export function describeHowSure(facts: HowSureFacts, label: (slot: string) => string): string {
  const draws = facts.draws.toLocaleString('en-US');
  if (facts.mostOftenCheapest === null) return `No option meets every hard constraint in any of ${draws} draws.`;
  const cheapest = label(facts.mostOftenCheapest);
  const names = joinNames(facts.decisiveInputs.map(uncertainInputLabel));
  const head =
    facts.probabilityCheapest === 1
      ? `${cheapest} is cheapest in all ${draws} draws`
      : `${cheapest} is cheapest in ${sharePercent(facts.probabilityCheapest)}% of ${draws} draws`;
  const rest =
    facts.probabilityCheapest === 1
      ? ': the ranges do not change which option is cheapest'
      : names
        ? `; ${names} decide${facts.decisiveInputs.length === 1 ? 's' : ''} the rest`
        : '; no single input decides the rest';
  const recommendation =
    facts.recommended !== null &&
    (facts.recommended !== facts.mostOftenCheapest || facts.probabilityRecommendationChanges > 0)
      ? ` The recommendation (${label(facts.recommended)}) holds in ${sharePercent(1 - facts.probabilityRecommendationChanges)}% of draws.`
      : '';
  return `${head.charAt(0).toUpperCase()}${head.slice(1)}${rest}.${recommendation}`;
}
