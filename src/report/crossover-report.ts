/**
 * The crossover report: the result of core/decide/crossover.ts with its verdict written
 * as a sentence (`reason`), and its renderers: a figure/value table (terminal or Markdown)
 * with the reason under it, or JSON (the report itself).
 */
import type { CrossoverResult } from '../core/decide/crossover.ts';
import { ASSUMPTIONS_AS_OF } from '../core/cost/self-hosted.ts';
import { daysBetween } from '../core/decide/staleness.ts';
import { HOURS_PER_MONTH } from '../core/units/time.ts';
import { ageInWords } from './plan-english.ts';
import { formatCount, formatUsd, renderTextTable } from './text-table.ts';

/**
 * Where the crossover's prices come from and how old they are on the day it is run: the GPU
 * and API prices are typed (no catalog), the default fixed costs are the seeds' assumptions.
 */
export interface CrossoverPricing {
  /** The day the crossover is computed (the CLI's clock). */
  onDate: string;
  /** The defaulted fixed costs' source and date (absent when --fixed-usd-per-month was given). */
  fixedCostDefault?: { name: string; asOf: string; ageDays: number };
  /** The pricing in one line (the text reports print it). */
  line: string;
}

export type CrossoverReport = Omit<CrossoverResult, 'verdict'> & {
  pricing?: CrossoverPricing;
  reason: string;
  verdict: CrossoverResult['verdict'];
};

const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

function tokens(count: number): string {
  if (count >= 1e9) return `${Number((count / 1e9).toPrecision(3))}B`;
  if (count >= 1e6) return `${Number((count / 1e6).toPrecision(3))}M`;
  return `${Math.round(count)}`;
}

/**
 * The verdict as a sentence.
 * @example
 * // The seeds' A10G case (API $0.30/M, $2.50/h, 4M tokens/h): 'no crossover: a fully used GPU costs $0.625 per 1M
 * // tokens, more than the API's $0.3; self-hosting is never cheaper at any volume (the naive formula would say 6B tokens/month)'
 */
export function crossoverReason(result: CrossoverResult): string {
  const verdict = result.verdict;
  if (verdict.kind === 'never-cheaper' || result.crossoverMonthlyTokens === null) {
    const utilization = verdict.kind === 'never-cheaper' ? verdict.maxAverageUtilization : 1;
    const effective =
      verdict.kind === 'never-cheaper' ? verdict.effectiveUsdPerMillionTokens : result.selfHostedUsdPerMillionTokens;
    return (
      `no crossover: a fully used GPU costs $${round4(effective)} per 1M tokens` +
      (utilization < 1 ? ` at ${Math.round(utilization * 100)}% average utilization` : '') +
      `, more than the API's $${round4(result.apiUsdPerMillionTokens)}; self-hosting is never cheaper at any volume` +
      ` (the naive formula would say ${tokens(result.naiveCrossoverMonthlyTokens)} tokens/month)`
    );
  }
  return (
    `self-hosting is cheaper above ${tokens(result.crossoverMonthlyTokens)} tokens/month: ${result.gpusAtCrossover} GPUs` +
    (verdict.redundancyGpus > 0 ? ` (incl. ${verdict.redundancyGpus} spare)` : '') +
    (verdict.fixedUsdPerMonth > 0
      ? ` plus $${Math.round(verdict.fixedUsdPerMonth).toLocaleString('en-US')}/month fixed costs`
      : '') +
    ` cost $${Math.round(result.monthlyCostAtCrossoverUsd ?? 0).toLocaleString('en-US')}/month` +
    ` (naive formula: ${tokens(result.naiveCrossoverMonthlyTokens)})`
  );
}

/**
 * The crossover's pricing on `onDate`: typed prices, and the defaulted fixed costs' date and age.
 * @example crossoverPricing('2026-12-01', true).line
 * // "prices: GPU and API prices as typed (no catalog); default fixed costs: the seeds' assumptions as of 2025-06-01 (1 year 6 months old on 2026-12-01)"
 */
export function crossoverPricing(onDate: string, fixedCostDefaulted: boolean): CrossoverPricing {
  const typed = 'prices: GPU and API prices as typed (no catalog)';
  if (!fixedCostDefaulted) return { onDate, line: `${typed}; fixed costs as typed` };
  const ageDays = daysBetween(ASSUMPTIONS_AS_OF, onDate);
  return {
    onDate,
    fixedCostDefault: {
      name: "the seeds' staffing shares, on-call, evals, observability, storage",
      asOf: ASSUMPTIONS_AS_OF,
      ageDays,
    },
    line: `${typed}; default fixed costs: the seeds' assumptions as of ${ASSUMPTIONS_AS_OF} (${ageInWords(ageDays)} old on ${onDate})`,
  };
}

/** The report model: the result's figures, the sentence, then the verdict as a fact. */
export function crossoverReport(result: CrossoverResult, pricing?: CrossoverPricing): CrossoverReport {
  const { verdict, ...figures } = result;
  return { ...figures, reason: crossoverReason(result), verdict, ...(pricing ? { pricing } : {}) };
}

function rows(report: CrossoverReport): Array<[string, string]> {
  return [
    ['monthly GPU cost (cluster, naive)', formatUsd(report.monthlyGpuCostUsd)],
    ['self-hosted USD per 1M tokens at full utilization', formatUsd(report.selfHostedUsdPerMillionTokens)],
    ['API USD per 1M tokens', formatUsd(report.apiUsdPerMillionTokens)],
    ['naive crossover (tokens/month)', formatCount(report.naiveCrossoverMonthlyTokens)],
    [
      'honest crossover (tokens/month)',
      report.crossoverMonthlyTokens === null ? 'none' : formatCount(report.crossoverMonthlyTokens),
    ],
    ['GPUs at the honest crossover', report.gpusAtCrossover === null ? '-' : String(report.gpusAtCrossover)],
  ];
}

/**
 * The report as a terminal table, Markdown or JSON.
 * @example
 * renderCrossover(crossover({ apiUsdPerMillionTokens: 0.3, gpuUsdPerHour: 2.5, tokensPerHourPerGpu: 4e6, gpus: 1 }), 'markdown')
 * // '| figure | value |\n| --- | --- |\n| monthly GPU cost (cluster, naive) | $1,800 |\n...\n\nno crossover: ...\n(a month is 720 hours)'
 */
export function renderCrossover(report: CrossoverReport, format: 'table' | 'json' | 'markdown'): string {
  if (format === 'json') return JSON.stringify(report, null, 2);
  const body =
    format === 'markdown'
      ? ['| figure | value |', '| --- | --- |', ...rows(report).map(([name, value]) => `| ${name} | ${value} |`)].join(
          '\n',
        )
      : renderTextTable(['figure', 'value'], rows(report), { rightAligned: [false, true] });
  const pricing = report.pricing ? `\n${report.pricing.line}` : '';
  return `${body}\n\n${report.reason}\n(a month is ${HOURS_PER_MONTH} hours)${pricing}`;
}
