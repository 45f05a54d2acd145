/** Compare draws both scenarios on the same axes: shared ranges for charts of the same kind. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PlanReport } from '../plan-report.ts';
import { costVsVolumeChart, cumulativeTcoChart } from './chart-options.ts';
import { axisRange, withSharedAxes } from './chart-shared-axes.ts';

const root = resolve(import.meta.dirname, '../../..');
const fixture = JSON.parse(readFileSync(resolve(root, 'test/fixtures/plan-report.json'), 'utf8')) as PlanReport;

/** The fixture at `factor` x the costs and with `months` months. */
function scaled(factor: number, months: number): PlanReport {
  return {
    ...fixture,
    workloads: fixture.workloads.map((workload) => ({
      ...workload,
      costCurve: workload.costCurve.map((point) => ({
        tokensPerMonth: point.tokensPerMonth * factor,
        costUsdByOption: Object.fromEntries(
          Object.entries(point.costUsdByOption).map(([id, usd]) => [id, usd * factor]),
        ),
      })),
      options: workload.options.map((option) => ({
        ...option,
        months: option.months
          .slice(0, months)
          .map((month) => ({ ...month, cumulativeUsd: month.cumulativeUsd * factor })),
      })),
    })),
  };
}

describe('axisRange', () => {
  it('rounds log ranges out to powers of ten and starts linear ranges at zero', () => {
    expect(axisRange([3, 420], 'log')).toEqual({ min: 1, max: 1000 });
    expect(axisRange([120, 980], 'value')).toEqual({ min: 0, max: 980 });
    expect(axisRange([-5, 10], 'value')).toEqual({ min: -5, max: 10 });
    expect(axisRange([], 'log')).toBeNull();
  });
});

describe('withSharedAxes', () => {
  it('gives two scenarios’ charts of the same kind the same x and y ranges', () => {
    const small = scaled(1, 36);
    const big = scaled(10, 24);
    const specs = [
      costVsVolumeChart(small, small.workloads[0]),
      cumulativeTcoChart(small, small.workloads[0]),
      costVsVolumeChart(big, big.workloads[0]),
      cumulativeTcoChart(big, big.workloads[0]),
    ];
    const shared = withSharedAxes(specs);
    const axis = (index: number, name: 'xAxis' | 'yAxis') =>
      (shared[index].option as Record<string, Record<string, unknown>>)[name];
    expect(axis(0, 'yAxis').min).toBe(axis(2, 'yAxis').min);
    expect(axis(0, 'yAxis').max).toBe(axis(2, 'yAxis').max);
    expect(axis(0, 'xAxis').max).toBe(axis(2, 'xAxis').max);
    expect(axis(1, 'yAxis').max).toBe(axis(3, 'yAxis').max);
    // The category axis of months is the longer of the two.
    expect((axis(3, 'xAxis').data as unknown[]).length).toBe(36);
    const biggest = Math.max(
      ...big.workloads[0].options.flatMap((option) => option.months.map((m) => m.cumulativeUsd)),
    );
    expect(axis(1, 'yAxis').max).toBeGreaterThanOrEqual(biggest);
  });
});
