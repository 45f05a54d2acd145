import { describe, expect, it } from 'vitest';
import {
  cheapestChangesOnCurve,
  optionColors,
  optionNames,
  projectedTokensPerMonth,
  shortOptionName,
} from './chart-data.ts';
import { breakdownValues } from './chart-options-detail.ts';
import { compactTokens, compactUsd, escapeHtml, percent } from './format.ts';
import { characterWidthEm, stableIds } from './render-svg.ts';

describe('chart data', () => {
  it('finds where the cheapest option changes on a cost curve (doc example)', () => {
    const curve = [
      { tokensPerMonth: 1e6, costUsdByOption: { a: 10, b: 20 } },
      { tokensPerMonth: 1e8, costUsdByOption: { a: 30, b: 20 } },
    ];
    expect(cheapestChangesOnCurve(curve, ['a', 'b'])).toEqual([
      { tokensPerMonth: 1e7, monthlyCostUsd: 20, from: 'a', to: 'b' },
    ]);
  });

  it('ignores options that are not listed (ineligible) and reports no change when none happens', () => {
    const curve = [
      { tokensPerMonth: 1e6, costUsdByOption: { a: 10, b: 20, c: 1 } },
      { tokensPerMonth: 1e8, costUsdByOption: { a: 15, b: 20, c: 1 } },
    ];
    expect(cheapestChangesOnCurve(curve, ['a', 'b'])).toEqual([]);
  });

  it('projects volume to the horizon with compound growth (doc example)', () => {
    expect(projectedTokensPerMonth(1_000_000, 0.05, 36)).toBeCloseTo(1_000_000 * 1.05 ** 35, 6);
    expect(projectedTokensPerMonth(1_000_000, 0.05, 36)).toBeCloseTo(5_516_015.37, 1);
    expect(projectedTokensPerMonth(5, 0.1, 1)).toBe(5);
  });

  it('shortens labels for legends and keeps them unique', () => {
    expect(shortOptionName('Frontier API (openai/gpt-4.1)')).toBe('Frontier API');
    expect(shortOptionName('Hybrid split: 70% self-hosted')).toBe('Hybrid split');
    const names = optionNames([
      { id: 'frontier-api:openai/gpt-4.1', label: 'Frontier API (openai/gpt-4.1)' },
      { id: 'frontier-api:anthropic/claude', label: 'Frontier API (anthropic/claude)' },
    ]);
    expect([...names.values()]).toEqual(['Frontier API (openai/gpt-4.1)', 'Frontier API (anthropic/claude)']);
  });

  it('gives options of one kind distinct colours', () => {
    const colors = optionColors([
      { id: 'hybrid:split', kind: 'hybrid' },
      { id: 'hybrid:overflow', kind: 'hybrid' },
    ]);
    expect(colors.get('hybrid:split')).not.toBe(colors.get('hybrid:overflow'));
  });

  it('sums components by category and usage-based/fixed (doc example)', () => {
    const result = breakdownValues([
      {
        id: 'api',
        components: [
          { category: 'tokens', usageBased: true, monthlyCostUsd: 10 },
          { category: 'tokens', usageBased: true, monthlyCostUsd: 5 },
        ],
      },
      { id: 'gpu', components: [{ category: 'people', usageBased: false, monthlyCostUsd: 7 }] },
    ]);
    expect(result.segments.map((segment) => segment.key)).toEqual(['tokens:usage', 'people:fixed']);
    expect(result.values.get('tokens:usage')).toEqual([15, 0]);
    expect(result.values.get('people:fixed')).toEqual([0, 7]);
  });
});

describe('formatters', () => {
  it('formats the doc examples', () => {
    expect(compactUsd(1_234_567)).toBe('$1.23M');
    expect(compactUsd(23_400)).toBe('$23.4k');
    expect(compactUsd(36.03)).toBe('$36');
    expect(compactUsd(0.5)).toBe('$0.50');
    expect(compactUsd(0)).toBe('$0');
    expect(compactTokens(1_200_000_000)).toBe('1.2B');
    expect(compactTokens(57_000_000)).toBe('57M');
    expect(compactTokens(950)).toBe('950');
    expect(percent(0.1724)).toBe('17.2%');
    expect(percent(1)).toBe('100%');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('SVG helpers', () => {
  it('renames ECharts ids in order of appearance (doc example)', () => {
    expect(stableIds('<g class="zr7-cls-4"><use href="url(#zr7-c2)"/></g>', 'c1')).toBe(
      '<g class="c1-0"><use href="url(#c1-1)"/></g>',
    );
    expect(stableIds('<g class="zr7-cls-4 zr7-cls-4">', 'x')).toBe('<g class="x-0 x-0">');
  });

  it('measures characters with 5% slack (doc example)', () => {
    expect(characterWidthEm('m')).toBe(0.8715);
    expect(characterWidthEm('1')).toBe(0.588);
  });
});

describe('cost vs volume chart', () => {
  it('marks the volume where the cheapest option changes', async () => {
    const { readFileSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    const { costVsVolumeChart } = await import('./chart-options.ts');
    const report = JSON.parse(
      readFileSync(resolve(import.meta.dirname, '../../../test/fixtures/plan-report.json'), 'utf8'),
    ) as import('../plan-report.ts').PlanReport;
    const workload = report.workloads[0];
    const selfHosted = workload.options.find((option) => option.kind === 'self-hosted');
    const hosted = workload.options.find((option) => option.id === workload.recommendation.optionId);
    if (!selfHosted || !hosted) throw new Error('fixture lacks options');
    const last = workload.costCurve.length - 1;
    const crossing = {
      ...workload,
      costCurve: workload.costCurve.map((point, index) => ({
        ...point,
        costUsdByOption: {
          ...point.costUsdByOption,
          [selfHosted.id]: index === last ? point.costUsdByOption[hosted.id] / 2 : point.costUsdByOption[selfHosted.id],
        },
      })),
    };
    const chart = costVsVolumeChart(report, crossing);
    expect(chart.caption).toContain('Self-hosted becomes cheapest above');
    const series = (chart.option?.series ?? []) as Array<{ name?: string; data?: unknown[] }>;
    expect(series.find((entry) => entry.name === 'crossover')?.data).toHaveLength(1);
  });
});
