/**
 * The detail charts: cost breakdown (stacked bars), utilization heatmap from the traffic
 * simulation, and the capacity load curve with the SLO line.
 */
import type { BarSeriesOption, EChartsOption, LineSeriesOption } from 'echarts';
import type { CostCategory } from '../../core/cost/types.ts';
import type { PlanReport, ReportWorkload } from '../plan-report.ts';
import { optionNames } from './chart-data.ts';
import { baseOption, rightAxisStyle, xAxisStyle, yAxisStyle, chartWidth, type ChartSpec } from './chart-base.ts';
import { compactTokens, compactUsd, percent } from './format.ts';

const categoryNames: Record<CostCategory, string> = {
  tokens: 'Tokens',
  gpu: 'GPUs',
  people: 'People',
  infra: 'Infra',
  latency: 'Latency penalty',
};
const stackColors: Record<string, string> = {
  'tokens:usage': '#2563eb',
  'gpu:usage': '#f97316',
  'infra:usage': '#38bdf8',
  'people:usage': '#a855f7',
  'latency:usage': '#e11d48',
  'gpu:fixed': '#c2410c',
  'people:fixed': '#7e22ce',
  'infra:fixed': '#475569',
  'tokens:fixed': '#1e3a8a',
  'latency:fixed': '#9f1239',
};
const categoryOrder: CostCategory[] = ['tokens', 'gpu', 'people', 'infra', 'latency'];

export interface BreakdownSegment {
  key: string;
  name: string;
  usageBased: boolean;
  category: CostCategory;
}

/**
 * Recurring monthly cost of each option, summed by (category, usage-based or fixed).
 * @example
 * breakdownValues([{ id: 'api', components: [{ category: 'tokens', usageBased: true, monthlyCostUsd: 10 }, { category: 'tokens', usageBased: true, monthlyCostUsd: 5 }] }])
 * // { segments: [{ key: 'tokens:usage', ... }], values: Map { 'tokens:usage' => [15] } }
 */
export function breakdownValues(
  options: ReadonlyArray<{
    id: string;
    components: ReadonlyArray<{ category: CostCategory; usageBased: boolean; monthlyCostUsd: number }>;
  }>,
): { segments: BreakdownSegment[]; values: Map<string, number[]> } {
  const values = new Map<string, number[]>();
  options.forEach((option, optionIndex) => {
    for (const component of option.components) {
      if (component.monthlyCostUsd === 0) continue;
      const key = `${component.category}:${component.usageBased ? 'usage' : 'fixed'}`;
      const row = values.get(key) ?? options.map(() => 0);
      row[optionIndex] += component.monthlyCostUsd;
      values.set(key, row);
    }
  });
  const segments: BreakdownSegment[] = [];
  for (const usageBased of [true, false]) {
    for (const category of categoryOrder) {
      const key = `${category}:${usageBased ? 'usage' : 'fixed'}`;
      if (values.has(key))
        segments.push({
          key,
          category,
          usageBased,
          name: `${categoryNames[category]} (${usageBased ? 'usage-based' : 'fixed'})`,
        });
    }
  }
  return { segments, values };
}

/** Chart 3: recurring monthly cost per option as stacked bars by category, usage-based vs fixed. */
export function breakdownChart(workload: ReportWorkload): ChartSpec {
  const names = optionNames(workload.options);
  const options = [...workload.options].reverse();
  const { segments, values } = breakdownValues(options);
  const series: BarSeriesOption[] = segments.map((segment) => ({
    type: 'bar',
    name: segment.name,
    stack: 'cost',
    barMaxWidth: 26,
    color: stackColors[segment.key],
    itemStyle: segment.usageBased
      ? { borderColor: '#ffffff', borderWidth: 0.5 }
      : { borderColor: '#ffffff', borderWidth: 0.5, opacity: 0.9 },
    data: values.get(segment.key) ?? [],
  }));
  return {
    id: 'cost-breakdown',
    title: 'Monthly cost breakdown (first month, recurring)',
    caption:
      'Usage-based costs grow with tokens; fixed costs (GPUs kept warm, people, tooling) are paid whatever the volume. One-off costs (setup, model upgrades) are in the TCO, not here.',
    option: {
      ...baseOption(),
      legend: { top: 0, left: 0, right: 0, itemWidth: 14, textStyle: { fontSize: 11 } },
      grid: { left: 16, right: 32, top: 56, bottom: 40, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (value) => (typeof value === 'number' ? `${compactUsd(value)}/month` : String(value)),
      },
      xAxis: {
        type: 'value',
        name: '$/month',
        nameLocation: 'middle',
        nameGap: 26,
        ...xAxisStyle,
        axisLabel: { ...xAxisStyle.axisLabel, formatter: (value: number) => compactUsd(value) },
        splitLine: { lineStyle: { color: '#e2e8f0' } },
      },
      yAxis: {
        type: 'category',
        data: options.map((option) => (names.get(option.id) ?? option.label) + (option.eligible ? '' : ' ✕')),
        ...yAxisStyle,
      },
      series,
    },
    unavailable: segments.length === 0 ? 'not available: no recurring cost components' : null,
    width: chartWidth,
    height: 90 + options.length * 42,
  };
}

const days = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Chart 4: utilization by hour of day x day of week from the fleet simulation, with idle cost. */
export function utilizationChart(report: PlanReport, workload: ReportWorkload): ChartSpec {
  const simulation = report.simulation.find((entry) => entry.workload === workload.name);
  const title = 'Self-hosted fleet utilization by hour of week';
  if (simulation?.utilizationByHourOfWeek.length !== 168) {
    return {
      id: 'utilization',
      title,
      caption: '',
      option: null,
      unavailable: 'not available: no traffic simulation of a self-hosted fleet ran for this workload',
      width: chartWidth,
      height: 300,
    };
  }
  const data: Array<[number, number, number]> = simulation.utilizationByHourOfWeek.map((share, index) => [
    index % 24,
    Math.floor(index / 24),
    Math.round(share * 1000) / 10,
  ]);
  const idleHours = Math.max(0, simulation.gpuHoursPaid - simulation.gpuHoursUsed);
  const option: EChartsOption = {
    ...baseOption(),
    tooltip: { position: 'top', formatter: '{c}' },
    grid: { left: 16, right: 24, top: 12, bottom: 78, containLabel: true },
    xAxis: {
      type: 'category',
      name: 'hour of day',
      nameLocation: 'middle',
      nameGap: 26,
      data: Array.from({ length: 24 }, (_, hour) => String(hour).padStart(2, '0')),
      splitArea: { show: true },
      ...xAxisStyle,
    },
    yAxis: { type: 'category', data: days, inverse: true, splitArea: { show: true }, ...yAxisStyle },
    visualMap: {
      min: 0,
      max: 100,
      calculable: false,
      orient: 'horizontal',
      left: 'center',
      bottom: 0,
      itemHeight: 240,
      text: ['100% busy', 'idle 0%'],
      inRange: { color: ['#f1f5f9', '#93c5fd', '#2563eb', '#1e3a8a'] },
    },
    series: [
      {
        type: 'heatmap',
        name: 'utilization %',
        data,
        label: { show: false },
        itemStyle: { borderColor: '#ffffff', borderWidth: 1 },
      },
    ],
  };
  return {
    id: 'utilization',
    title,
    caption: `Policy ${simulation.policy}: mean utilization ${percent(simulation.meanUtilization)}; ${Math.round(simulation.gpuHoursPaid).toLocaleString('en-US')} GPU-hours paid, ${Math.round(simulation.gpuHoursUsed).toLocaleString('en-US')} used; idle GPU-hours (${Math.round(idleHours).toLocaleString('en-US')}) cost ${compactUsd(simulation.idleCostUsd)}; ${Math.round(simulation.minutesOverCapacity).toLocaleString('en-US')} minutes over capacity; ${compactTokens(simulation.overflowTokens)} tokens overflowed; simulated total ${compactUsd(simulation.totalCostUsd)}.`,
    option,
    unavailable: null,
    width: chartWidth,
    height: 330,
  };
}

/** The capacity chart's tooltip: concurrency, then each series with its unit (no raw floats). */
function capacityTooltip(params: unknown): string {
  const list = (Array.isArray(params) ? params : [params]) as Array<{
    marker?: string;
    seriesName?: string;
    value?: unknown;
  }>;
  const first = list[0]?.value;
  const concurrency = Array.isArray(first) ? Number(first[0]) : Number.NaN;
  const lines = list.map((entry) => {
    const value = Array.isArray(entry.value) ? Number(entry.value[1]) : Number(entry.value);
    const unit = entry.seriesName?.includes('tokens/s') ? ' tokens/s' : ' ms';
    return `${entry.marker ?? ''}${entry.seriesName ?? ''}: ${Math.round(value).toLocaleString('en-US')}${unit}`;
  });
  return [`${Number.isFinite(concurrency) ? concurrency : '?'} concurrent requests`, ...lines].join('<br>');
}

/** Chart 5: throughput and latency vs concurrency per replica, with the TTFT SLO line. */
export function capacityChart(report: PlanReport, workload: ReportWorkload): ChartSpec {
  const capacity = report.capacity.find((entry) => entry.workload === workload.name);
  const title = 'Capacity: throughput and latency vs concurrency';
  if (!capacity || capacity.loadCurve.length === 0) {
    return {
      id: 'capacity',
      title,
      caption: '',
      option: null,
      unavailable: 'not available: no self-hosted fleet was sized for this workload (no load curve)',
      width: chartWidth,
      height: 300,
    };
  }
  const curve = capacity.loadCurve;
  const throughput: LineSeriesOption = {
    type: 'line',
    name: 'output tokens/s per replica',
    yAxisIndex: 0,
    color: '#0d9488',
    lineStyle: { width: 3 },
    symbolSize: 5,
    data: curve.map((point) => [point.concurrency, point.outputTokensPerSecond]),
    markLine: {
      symbol: 'none',
      silent: true,
      lineStyle: { color: '#0f172a', type: 'dashed', width: 1 },
      label: { formatter: '{b}', color: '#0f172a' },
      data: [
        { name: `operating point: ${capacity.operatingConcurrency} concurrent`, xAxis: capacity.operatingConcurrency },
      ],
    },
  };
  const ttft: LineSeriesOption = {
    type: 'line',
    name: 'TTFT ms',
    yAxisIndex: 1,
    color: '#ea580c',
    symbolSize: 5,
    data: curve.map((point) => [point.concurrency, point.ttftMs]),
    markLine:
      capacity.ttftSloMs !== null
        ? {
            symbol: 'none',
            silent: true,
            lineStyle: { color: '#dc2626', type: 'solid', width: 1.5 },
            label: { formatter: '{b}', color: '#b91c1c', position: 'insideEndTop', fontWeight: 'bold' },
            data: [{ name: `TTFT SLO ${capacity.ttftSloMs} ms`, yAxis: capacity.ttftSloMs }],
          }
        : undefined,
  };
  const tpot: LineSeriesOption = {
    type: 'line',
    name: 'TPOT ms',
    yAxisIndex: 1,
    color: '#7c3aed',
    lineStyle: { type: 'dashed' },
    symbolSize: 4,
    data: curve.map((point) => [point.concurrency, point.tpotMs]),
  };
  return {
    id: 'capacity',
    title,
    caption: `${capacity.openModel} on ${capacity.gpusPerReplica} x ${capacity.gpu} per replica (${capacity.precision}, ${capacity.engine}). Throughput rises with concurrent requests until latency breaks the SLO; ${compactTokens(capacity.tokensPerHourPerGpu)} tokens/hour per GPU ${capacity.ttftSloMs !== null ? `within the ${capacity.ttftSloMs} ms TTFT SLO (red line)` : '(no TTFT SLO given)'}.`,
    option: {
      ...baseOption(),
      legend: { top: 0, left: 0, right: 0, textStyle: { fontSize: 11 } },
      grid: { left: 16, right: 16, top: 72, bottom: 44, containLabel: true },
      tooltip: { trigger: 'axis', formatter: capacityTooltip },
      xAxis: {
        type: 'log',
        logBase: 2,
        name: 'concurrent requests per replica (log scale)',
        nameLocation: 'middle',
        nameGap: 28,
        ...xAxisStyle,
        splitLine: { show: false },
      },
      yAxis: [
        { type: 'value', name: 'output tokens/s', ...yAxisStyle, splitLine: { lineStyle: { color: '#e2e8f0' } } },
        // Latency on its own log axis: TTFT climbs to seconds past saturation while TPOT stays in tens of ms.
        {
          type: 'log',
          name: 'latency (ms, log scale)',
          ...rightAxisStyle,
          axisLabel: {
            ...rightAxisStyle.axisLabel,
            formatter: (value: number) => `${Number(value.toPrecision(3)).toLocaleString('en-US')}`,
          },
          splitLine: { show: false },
        },
      ],
      series: [throughput, ttft, tpot],
    },
    unavailable: null,
    width: chartWidth,
    height: 360,
  };
}
