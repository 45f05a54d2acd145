/**
 * The uncertainty on the charts (issue 14, part B): the P10-P90 band of cumulative cost on
 * the TCO chart (from the Monte Carlo when it ran, else the GPU-price band), and the
 * tornado chart. Built from the report model; no rendering here.
 */
import type { BarSeriesOption } from 'echarts';
import type { PlanReport, ReportWorkload } from '../plan-report.ts';
import type { ReportWorkloadUncertainty } from '../plan-uncertainty.ts';
import { baseOption, chartWidth, type ChartSpec, xAxisStyle, yAxisStyle } from './chart-base.ts';
import { compactUsd } from './format.ts';

/** A shaded range of cumulative cost per month for one option. */
export interface TcoBand {
  optionId: string;
  months: Array<{ lowCumulativeUsd: number; highCumulativeUsd: number }>;
}

/** The workload's Monte Carlo block, when the report has one. */
export function workloadUncertaintyOf(
  report: PlanReport,
  workload: ReportWorkload,
): ReportWorkloadUncertainty | undefined {
  return report.uncertainty?.workloads.find((entry) => entry.name === workload.name);
}

/**
 * The bands on the cumulative-TCO chart: per eligible option, P10-P90 of the Monte Carlo
 * draws when the report has them, else the catalog GPU-price band (GPU options only).
 * @example
 * tcoBands(reportWithoutUncertainty, workload) // the options' `band` months: [{ optionId: 'self-hosted:...', months: [...] }]
 */
export function tcoBands(
  report: PlanReport,
  workload: ReportWorkload,
): { source: 'monte-carlo' | 'gpu-price'; bands: TcoBand[] } {
  const eligible = workload.options.filter((option) => option.eligible);
  const uncertainty = workloadUncertaintyOf(report, workload);
  if (uncertainty) {
    const bands = eligible.flatMap((option) => {
      const drawn = uncertainty.options.find((entry) => entry.id === option.id);
      if (!drawn || drawn.months.length === 0) return [];
      return [
        {
          optionId: option.id,
          months: drawn.months.map((month) => ({
            lowCumulativeUsd: month.p10CumulativeUsd,
            highCumulativeUsd: month.p90CumulativeUsd,
          })),
        },
      ];
    });
    return { source: 'monte-carlo', bands };
  }
  return {
    source: 'gpu-price',
    bands: eligible.flatMap((option) => (option.band ? [{ optionId: option.id, months: option.band.months }] : [])),
  };
}

/** The caption sentence about the bands. */
export function tcoBandsCaption(
  source: 'monte-carlo' | 'gpu-price',
  bands: TcoBand[],
  names: ReadonlyMap<string, string>,
  draws: number | undefined,
): string {
  if (bands.length === 0) return 'Uncertainty band: not available (no ranged inputs in this report).';
  const which = bands.map((band) => names.get(band.optionId) ?? band.optionId).join(', ');
  return source === 'monte-carlo'
    ? `Shaded: P10-P90 of the cumulative cost over ${draws?.toLocaleString('en-US') ?? 'the'} Monte Carlo draws (${which}).`
    : `Shaded: the range of cumulative cost where inputs are ranges: the GPU price range, widened by the capacity model's validated error for that kind of fleet (${which}).`;
}

/**
 * The tornado: per input, how far its P10 and its P90 (the others central) move the margin
 * the decision rests on (the runner-up's TCO minus the recommended option's), largest on
 * top; the red line is where the margin reaches 0 and the answer flips.
 */
export function tornadoChart(report: PlanReport, workload: ReportWorkload): ChartSpec | undefined {
  const uncertainty = workloadUncertaintyOf(report, workload);
  if (!uncertainty || uncertainty.sensitivity.length === 0) return undefined;
  const entries = [...uncertainty.sensitivity].reverse(); // ECharts draws the first category at the bottom
  const central = uncertainty.baselineMarginUsd;
  const labelOf = (id: string | null) => uncertainty.options.find((option) => option.id === id)?.label ?? id ?? '';
  const bar = (name: string, color: string, values: number[]): BarSeriesOption => ({
    type: 'bar',
    name,
    color,
    barGap: '-100%',
    barWidth: 16,
    data: values,
  });
  const flipAt = -central;
  const values = entries.flatMap((entry) => [entry.marginAtP10Usd - central, entry.marginAtP90Usd - central]);
  const reach = Math.max(1, ...values.map(Math.abs));
  const showFlip = Math.abs(flipAt) <= reach * 1.5;
  return {
    id: 'tornado',
    title: 'What moves the decision (tornado)',
    caption: `Change in the margin between ${labelOf(uncertainty.runnerUpOptionId)} and ${labelOf(uncertainty.tornadoOptionId)} (${compactUsd(central)} at the central values) with each input at its P10 (blue) and P90 (orange), the others central. ${
      showFlip
        ? 'Red line: the margin reaches 0 there and the answer flips.'
        : 'No single input at its P10 or P90 closes the margin.'
    }`,
    option: {
      ...baseOption(),
      legend: { top: 0, left: 0, textStyle: { fontSize: 11 } },
      grid: { left: 16, right: 32, top: 36, bottom: 44, containLabel: true },
      xAxis: {
        type: 'value',
        name: 'change in margin vs central $',
        nameLocation: 'middle',
        nameGap: 28,
        ...xAxisStyle,
        axisLabel: { ...xAxisStyle.axisLabel, formatter: (value: number) => compactUsd(value) },
        splitLine: { lineStyle: { color: '#e2e8f0' } },
      },
      yAxis: { type: 'category', data: entries.map((entry) => entry.label), ...yAxisStyle },
      series: [
        {
          ...bar(
            'input at P10',
            '#2563eb',
            entries.map((entry) => entry.marginAtP10Usd - central),
          ),
          markLine: showFlip
            ? {
                symbol: 'none',
                silent: true,
                lineStyle: { color: '#dc2626', type: 'dashed', width: 1.5 },
                label: { formatter: 'answer flips', color: '#b91c1c' },
                data: [{ xAxis: flipAt }],
              }
            : undefined,
        },
        bar(
          'input at P90',
          '#f97316',
          entries.map((entry) => entry.marginAtP90Usd - central),
        ),
      ],
    },
    unavailable: null,
    width: chartWidth,
    height: Math.max(160, 90 + 34 * entries.length),
  };
}
