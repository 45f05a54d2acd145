/**
 * Terminal summary of a measurement (`switchyard profile --from-log`): one line per
 * workload with its monthly volumes and shape, then latency per provider and model.
 */
import type { MeasuredWorkload } from '../core/measure/usage.ts';
import { renderTextTable } from './text-table.ts';

const millions = (value: number) => `${(value / 1e6).toFixed(value >= 1e8 ? 0 : 2)}M`;
const share = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(2)}%`);
const ratio = (value: number | null) => (value === null ? 'n/a' : value.toFixed(2));

/**
 * The measurement as two text tables (workloads, latency).
 * @example renderMeasurementText([chatWorkload]) // 'workload  by  days  requests/month ...'
 */
export function renderMeasurementText(workloads: ReadonlyArray<MeasuredWorkload>): string {
  const rows = workloads.map((workload) => [
    workload.name,
    workload.groupedBy,
    `${workload.windowDays.toFixed(1)}${workload.extrapolated ? '*' : ''}`,
    workload.requestsPerMonth === null ? 'n/a' : Math.round(workload.requestsPerMonth).toLocaleString('en-US'),
    millions(workload.inputTokensPerMonth),
    millions(workload.cachedInputTokensPerMonth),
    millions(workload.outputTokensPerMonth),
    workload.tokensPerRequest
      ? `${Math.round(workload.tokensPerRequest.inputMean)}/${workload.tokensPerRequest.inputP95}`
      : 'n/a',
    workload.tokensPerRequest
      ? `${Math.round(workload.tokensPerRequest.outputMean)}/${workload.tokensPerRequest.outputP95}`
      : 'n/a',
    `${ratio(workload.peakToMean.minute)}/${ratio(workload.peakToMean.hour)}`,
    workload.monthlyGrowthRate === null ? 'n/a' : share(workload.monthlyGrowthRate),
    share(workload.errorRate),
    share(workload.fallbackRate),
  ]);
  const table = renderTextTable(
    [
      'workload',
      'by',
      'days',
      'requests/month',
      'input/month',
      'cached/month',
      'output/month',
      'in tok mean/p95',
      'out tok mean/p95',
      'peak:mean min/hour',
      'growth/month',
      'errors',
      'fallbacks',
    ],
    rows,
  );
  const latencyRows = workloads.flatMap((workload) =>
    workload.latency.map((entry) => [
      workload.name,
      entry.provider,
      entry.model,
      entry.samples,
      entry.ttftMs
        ? `${Math.round(entry.ttftMs.p50)}/${Math.round(entry.ttftMs.p95)}/${Math.round(entry.ttftMs.p99)}`
        : 'n/a',
      entry.totalMs
        ? `${Math.round(entry.totalMs.p50)}/${Math.round(entry.totalMs.p95)}/${Math.round(entry.totalMs.p99)}`
        : 'n/a',
    ]),
  );
  const latency =
    latencyRows.length > 0
      ? `\n\n${renderTextTable(['workload', 'provider', 'model', 'answered', 'TTFT p50/p95/p99 ms', 'total p50/p95/p99 ms'], latencyRows)}`
      : '';
  const note = workloads.some((workload) => workload.extrapolated)
    ? '\n* window shorter than a month: monthly figures extrapolated'
    : '';
  return `${table}${latency}${note}\n`;
}
