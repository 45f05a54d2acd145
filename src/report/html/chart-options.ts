/**
 * ECharts option objects for the plan's charts, built from the report model. The HTML
 * report renders them to SVG on the server; the dashboard hands the very same objects to
 * ECharts in the browser. No rendering and no Node APIs here.
 */
import type { EChartsOption, LineSeriesOption, ScatterSeriesOption } from 'echarts';
import type { PlanReport, ReportWorkload } from '../plan-report.ts';
import { cheapestChangesOnCurve, optionColors, optionNames, projectedTokensPerMonth } from './chart-data.ts';
import { baseOption, xAxisStyle, yAxisStyle, chartWidth, type ChartSpec } from './chart-base.ts';
import { breakdownChart, capacityChart, utilizationChart } from './chart-options-detail.ts';
import { tcoBands, tcoBandsCaption, tornadoChart } from './chart-uncertainty.ts';

export type { ChartId, ChartSpec } from './chart-base.ts';
import { compactTokens, compactUsd } from './format.ts';

function usdAxisLabel(value: number): string {
  return compactUsd(value);
}

function tokensAxisLabel(value: number): string {
  return compactTokens(value);
}

/** The cost-vs-volume tooltip: the volume in tokens/month, then each option's cost per month (no raw floats). */
function volumeTooltip(params: unknown): string {
  const list = (Array.isArray(params) ? params : [params]) as Array<{
    marker?: string;
    seriesName?: string;
    value?: unknown;
  }>;
  const first = list[0]?.value;
  const volume = Array.isArray(first) ? Number(first[0]) : Number.NaN;
  const lines = list.flatMap((entry) => {
    const value = Array.isArray(entry.value) ? entry.value[1] : entry.value;
    return typeof value === 'number'
      ? [`${entry.marker ?? ''}${entry.seriesName ?? ''}: ${compactUsd(value)}/month`]
      : [];
  });
  return [`${Number.isFinite(volume) ? compactTokens(volume) : '?'} tokens/month`, ...lines].join('<br>');
}

/** Chart 1: monthly cost vs monthly volume, log-log, crossovers and today/horizon volumes marked. */
export function costVsVolumeChart(report: PlanReport, workload: ReportWorkload): ChartSpec {
  const names = optionNames(workload.options);
  const colors = optionColors(workload.options);
  const horizonMonths = report.organization.horizonMonths;
  const title = 'Monthly cost vs monthly volume';
  if (workload.costCurve.length < 2) {
    return {
      id: 'cost-vs-volume',
      title,
      caption: '',
      option: null,
      unavailable: 'not available: the plan has no cost curve for this workload',
      width: chartWidth,
      height: 380,
    };
  }
  const eligibleIds = workload.options.filter((option) => option.eligible).map((option) => option.id);
  const crossovers = cheapestChangesOnCurve(workload.costCurve, eligibleIds);
  const projected = projectedTokensPerMonth(workload.tokensPerMonth, workload.monthlyGrowthRate, horizonMonths);
  const series: Array<LineSeriesOption | ScatterSeriesOption> = workload.options.map(
    (option, index): LineSeriesOption => ({
      type: 'line',
      name: (names.get(option.id) ?? option.label) + (option.eligible ? '' : ' (ineligible)'),
      showSymbol: false,
      color: colors.get(option.id),
      lineStyle: {
        width: option.id === workload.recommendation.optionId ? 3.5 : 2,
        type: option.eligible ? 'solid' : 'dashed',
        opacity: option.eligible ? 1 : 0.5,
      },
      data: workload.costCurve.map((point) => [point.tokensPerMonth, point.costUsdByOption[option.id] ?? null]),
      markLine:
        index === 0
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { color: '#0f172a', type: 'dashed', width: 1 },
              label: { formatter: '{b}', color: '#0f172a', fontSize: 11 },
              data: [
                { name: `today ${compactTokens(workload.tokensPerMonth)}`, xAxis: workload.tokensPerMonth },
                ...(workload.monthlyGrowthRate !== 0 && projected !== workload.tokensPerMonth
                  ? [{ name: `month ${horizonMonths}: ${compactTokens(projected)}`, xAxis: projected }]
                  : []),
              ],
            }
          : undefined,
    }),
  );
  const flipMarks = workload.flip.filter((point) => point.tokensPerMonth !== null);
  if (crossovers.length > 0 || flipMarks.length > 0) {
    series.push({
      type: 'scatter',
      name: 'crossover',
      symbol: 'diamond',
      symbolSize: 13,
      color: '#dc2626',
      z: 10,
      // Labels sit above the marker on a white plate, off the lines they mark.
      label: {
        show: true,
        position: 'top',
        distance: 10,
        color: '#b91c1c',
        fontWeight: 'bold',
        formatter: '{b}',
        backgroundColor: 'rgba(255,255,255,0.9)',
        padding: [2, 4],
        borderRadius: 3,
      },
      data: crossovers.map((crossover) => ({
        name: `${names.get(crossover.to) ?? crossover.to} cheapest above ${compactTokens(crossover.tokensPerMonth)}`,
        value: [crossover.tokensPerMonth, crossover.monthlyCostUsd],
      })),
    });
  }
  const option: EChartsOption = {
    ...baseOption(),
    legend: { top: 0, left: 0, right: 0, itemWidth: 18, textStyle: { fontSize: 11 } },
    grid: { left: 16, right: 24, top: 64, bottom: 44, containLabel: true },
    tooltip: { trigger: 'axis', formatter: volumeTooltip },
    xAxis: {
      type: 'log',
      name: 'volume (tokens/month, log scale)',
      nameLocation: 'middle',
      nameGap: 28,
      ...xAxisStyle,
      axisLabel: { ...xAxisStyle.axisLabel, formatter: tokensAxisLabel },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'log',
      name: '$/month (log scale)',
      nameLocation: 'end',
      ...yAxisStyle,
      axisLabel: { ...yAxisStyle.axisLabel, formatter: usdAxisLabel },
      splitLine: { lineStyle: { color: '#e2e8f0' } },
    },
    series,
  };
  const crossoverText =
    crossovers.length === 0
      ? `No crossover in this range: the cheapest eligible option stays the same from ${compactTokens(workload.costCurve[0].tokensPerMonth)} to ${compactTokens(workload.costCurve[workload.costCurve.length - 1].tokensPerMonth)} tokens/month.`
      : `Crossovers (red): ${crossovers.map((crossover) => `${names.get(crossover.to) ?? crossover.to} becomes cheapest above ${compactTokens(crossover.tokensPerMonth)} tokens/month`).join('; ')}.`;
  return {
    id: 'cost-vs-volume',
    title,
    caption: `Each line is one option's recurring monthly cost at that volume. Dashed verticals: today's volume (${compactTokens(workload.tokensPerMonth)} tokens/month)${workload.monthlyGrowthRate !== 0 ? ` and the projected volume in month ${horizonMonths} (${compactTokens(projected)})` : ''}. ${crossoverText}`,
    option,
    unavailable: null,
    width: chartWidth,
    height: 400,
  };
}

/** Chart 2: cumulative TCO per option over the horizon, break-even month and uncertainty bands. */
export function cumulativeTcoChart(report: PlanReport, workload: ReportWorkload): ChartSpec {
  const names = optionNames(workload.options);
  const colors = optionColors(workload.options);
  const monthCount = Math.max(0, ...workload.options.map((option) => option.months.length));
  const months = Array.from({ length: monthCount }, (_, index) => String(index + 1));
  const series: LineSeriesOption[] = [];
  const { source: bandSource, bands } = tcoBands(report, workload);
  for (const band of bands) {
    const option = { id: band.optionId };
    const stack = `band:${option.id}`;
    series.push(
      {
        type: 'line',
        name: `${names.get(option.id)} range`,
        stack,
        silent: true,
        showSymbol: false,
        lineStyle: { opacity: 0 },
        tooltip: { show: false },
        data: band.months.map((month) => month.lowCumulativeUsd),
      },
      {
        type: 'line',
        name: `${names.get(option.id)} range`,
        stack,
        silent: true,
        showSymbol: false,
        lineStyle: { opacity: 0 },
        color: colors.get(option.id),
        areaStyle: { color: colors.get(option.id), opacity: 0.16 },
        tooltip: { show: false },
        data: band.months.map((month) => month.highCumulativeUsd - month.lowCumulativeUsd),
      },
    );
  }
  workload.options.forEach((option, index) => {
    series.push({
      type: 'line',
      name: (names.get(option.id) ?? option.label) + (option.eligible ? '' : ' (ineligible)'),
      showSymbol: false,
      color: colors.get(option.id),
      lineStyle: {
        width: option.id === workload.recommendation.optionId ? 3.5 : 2,
        type: option.eligible ? 'solid' : 'dashed',
        opacity: option.eligible ? 1 : 0.5,
      },
      data: option.months.map((month) => month.cumulativeUsd),
      markLine:
        index === 0 && workload.cheapestChange
          ? {
              symbol: 'none',
              silent: true,
              lineStyle: { color: '#dc2626', type: 'dashed', width: 1.5 },
              label: { formatter: '{b}', color: '#b91c1c', fontWeight: 'bold' },
              data: [
                {
                  name: `break-even: month ${workload.cheapestChange.monthIndex + 1}`,
                  xAxis: String(workload.cheapestChange.monthIndex + 1),
                },
              ],
            }
          : undefined,
    });
  });
  const change = workload.cheapestChange;
  const bandText = tcoBandsCaption(bandSource, bands, names, report.uncertainty?.draws);
  return {
    id: 'cumulative-tco',
    title: `Cumulative cost over ${report.organization.horizonMonths} months`,
    caption: `Total cost of ownership to date, with volume growth and one-off costs in the month they occur. ${
      change
        ? `Break-even (red): from month ${change.monthIndex + 1}, ${names.get(change.to) ?? change.to} is cheaper than ${names.get(change.from) ?? change.from}.`
        : 'The cheapest option does not change within the horizon.'
    } ${bandText}`,
    option: {
      ...baseOption(),
      legend: {
        top: 0,
        left: 0,
        right: 0,
        itemWidth: 18,
        textStyle: { fontSize: 11 },
        data: workload.options.map(
          (option) => (names.get(option.id) ?? option.label) + (option.eligible ? '' : ' (ineligible)'),
        ),
      },
      grid: { left: 16, right: 24, top: 64, bottom: 44, containLabel: true },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (value) => (typeof value === 'number' ? compactUsd(value) : String(value)),
      },
      xAxis: {
        type: 'category',
        boundaryGap: false,
        name: 'month',
        nameLocation: 'middle',
        nameGap: 28,
        data: months,
        ...xAxisStyle,
      },
      yAxis: {
        type: 'value',
        name: 'cumulative $',
        ...yAxisStyle,
        axisLabel: { ...yAxisStyle.axisLabel, formatter: usdAxisLabel },
        splitLine: { lineStyle: { color: '#e2e8f0' } },
      },
      series,
    },
    unavailable: monthCount === 0 ? 'not available: no monthly costs in the report' : null,
    width: chartWidth,
    height: 380,
  };
}

/** Every chart for one workload, in report order. */
export function workloadCharts(report: PlanReport, workload: ReportWorkload): ChartSpec[] {
  return [
    costVsVolumeChart(report, workload),
    cumulativeTcoChart(report, workload),
    breakdownChart(workload),
    utilizationChart(report, workload),
    capacityChart(report, workload),
    ...optionalCharts(tornadoChart(report, workload)),
  ];
}

/** Charts a report may lack (the tornado without `--uncertainty`). */
function optionalCharts(...charts: Array<ChartSpec | undefined>): ChartSpec[] {
  return charts.filter((chart): chart is ChartSpec => chart !== undefined);
}
