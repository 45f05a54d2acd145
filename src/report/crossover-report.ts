/**
 * The crossover report: the result of core/decide/crossover.ts (which also writes its
 * `reason`) and its renderers: a figure/value table (terminal or Markdown) with the
 * reason under it, or JSON (the result itself).
 */
import type { CrossoverResult } from '../core/decide/crossover.ts';
import { HOURS_PER_MONTH } from '../core/units/time.ts';
import { formatCount, formatUsd, renderTextTable } from './text-table.ts';

export type CrossoverReport = CrossoverResult;

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
  return `${body}\n\n${report.reason}\n(a month is ${HOURS_PER_MONTH} hours)`;
}
