/**
 * Puts charts of the same kind on the same axes (compare: scenario A's and B's cost-vs-volume
 * charts share both ranges, their cumulative-TCO charts share the months and the dollar
 * range), so two scenarios can be read against each other at a glance. Pure: chart specs
 * in, new chart specs out.
 */
import type { EChartsOption } from 'echarts';
import type { ChartSpec } from './chart-base.ts';

type Axis = Record<string, unknown>;

const asAxis = (axis: unknown): Axis | undefined =>
  axis !== null && typeof axis === 'object' && !Array.isArray(axis) ? (axis as Axis) : undefined;

interface Point {
  x: number | null;
  y: number;
}

/** Every [x, y] or y value of a chart's series (markers and bands included). */
function points(option: EChartsOption): Point[] {
  const series = Array.isArray(option.series) ? option.series : option.series ? [option.series] : [];
  return series.flatMap((entry) => {
    const data = (entry as { data?: unknown[] }).data ?? [];
    return data.flatMap((item): Point[] => {
      const value =
        item !== null && typeof item === 'object' && !Array.isArray(item) ? (item as { value?: unknown }).value : item;
      if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'number')
        return [{ x: value[0], y: value[1] }];
      if (typeof value === 'number') return [{ x: null, y: value }];
      return [];
    });
  });
}

/**
 * The range of a set of values on a linear or log axis: log axes get powers of ten around
 * the positive values, linear ones start at 0 (or the lowest value if negative).
 * @example axisRange([3, 420], 'log') // { min: 1, max: 1000 }
 * @example axisRange([120, 980], 'value') // { min: 0, max: 980 }
 */
export function axisRange(values: ReadonlyArray<number>, type: string): { min: number; max: number } | null {
  if (type === 'log') {
    const positive = values.filter((value) => value > 0 && Number.isFinite(value));
    if (positive.length === 0) return null;
    return {
      min: 10 ** Math.floor(Math.log10(Math.min(...positive))),
      max: 10 ** Math.ceil(Math.log10(Math.max(...positive))),
    };
  }
  const finite = values.filter((value) => Number.isFinite(value));
  if (finite.length === 0) return null;
  return { min: Math.min(0, ...finite), max: Math.max(...finite) };
}

/** Charts with the same id get the same x and y ranges (category x axes: the longest list of categories). */
export function withSharedAxes(specs: ReadonlyArray<ChartSpec>): ChartSpec[] {
  const byId = new Map<string, ChartSpec[]>();
  for (const spec of specs) byId.set(spec.id, [...(byId.get(spec.id) ?? []), spec]);
  return specs.map((spec) => {
    const group = (byId.get(spec.id) ?? []).filter((entry) => entry.option !== null);
    if (spec.option === null || group.length < 2) return spec;
    const xAxis = asAxis(spec.option.xAxis);
    const yAxis = asAxis(spec.option.yAxis);
    if (!xAxis || !yAxis) return spec;
    const all = group.flatMap((entry) => (entry.option ? points(entry.option) : []));
    const yRange = axisRange(
      all.map((point) => point.y),
      String(yAxis.type ?? 'value'),
    );
    let sharedX: Axis = xAxis;
    if (xAxis.type === 'category') {
      const longest = group
        .map((entry) => (asAxis(entry.option?.xAxis)?.data as unknown[] | undefined) ?? [])
        .reduce((best, data) => (data.length > best.length ? data : best), [] as unknown[]);
      sharedX = { ...xAxis, data: longest };
    } else {
      const xRange = axisRange(
        all.flatMap((point) => (point.x === null ? [] : [point.x])),
        String(xAxis.type ?? 'value'),
      );
      if (xRange) sharedX = { ...xAxis, ...xRange };
    }
    return {
      ...spec,
      option: {
        ...spec.option,
        xAxis: sharedX as EChartsOption['xAxis'],
        yAxis: (yRange ? { ...yAxis, ...yRange } : yAxis) as EChartsOption['yAxis'],
      },
    };
  });
}
