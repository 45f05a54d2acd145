/**
 * What every chart shares: the ChartSpec shape, the font, axis styling, no animation.
 */
import type { EChartsOption } from 'echarts';

export type ChartId = 'cost-vs-volume' | 'cumulative-tco' | 'cost-breakdown' | 'utilization' | 'capacity' | 'tornado';

export interface ChartSpec {
  id: ChartId;
  title: string;
  /** What the chart shows and what is marked on it. */
  caption: string;
  /** Null when the data is not in the report (then `unavailable` says why). */
  option: EChartsOption | null;
  unavailable: string | null;
  width: number;
  height: number;
}

/**
 * Helvetica-metric fonts first: the server-side renderer lays text out with Helvetica
 * widths, so Arial (Windows) and Liberation Sans (Linux) render without overlaps.
 */
export const chartFont = "'Helvetica Neue', Helvetica, Arial, 'Liberation Sans', sans-serif";
export const chartWidth = 880;

/** Settings every chart shares: no animation (SSR and fast updates), one font, muted axes. */
export function baseOption(): EChartsOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    textStyle: { fontFamily: chartFont, fontSize: 12, color: '#334155' },
  };
}

/** Axis styling; the x axis name sits centred under the axis. */
export const xAxisStyle = {
  nameTextStyle: { color: '#475569', fontSize: 12, fontWeight: 'bold' as const },
  axisLabel: { color: '#475569' },
  axisLine: { lineStyle: { color: '#94a3b8' } },
};
/** Axis styling; the y axis name sits above the axis, starting at it (not centred, so it is never cut off). */
export const yAxisStyle = { ...xAxisStyle, nameTextStyle: { ...xAxisStyle.nameTextStyle, align: 'left' as const } };
/** Right-hand y axis: its name ends at the axis. */
export const rightAxisStyle = {
  ...xAxisStyle,
  nameTextStyle: { ...xAxisStyle.nameTextStyle, align: 'right' as const },
};
