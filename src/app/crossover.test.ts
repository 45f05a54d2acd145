/** The crossover use-case and its renderers, in process. */
import { describe, expect, it } from 'vitest';
import { formatProblems } from '../core/problem.ts';
import { crossoverPricing, renderCrossover } from '../report/crossover-report.ts';
import { type CrossoverUseCaseInput, crossoverUseCase, defaultFixedUsdPerMonth } from './crossover.ts';

const seedsCase: CrossoverUseCaseInput = { apiUsdPerMillionTokens: 0.3, gpuUsdPerHour: 2.5, tokensPerHourPerGpu: 4e6 };

function reportOf(input: CrossoverUseCaseInput) {
  const outcome = crossoverUseCase(input);
  if (!outcome.ok) throw new Error(formatProblems(outcome.problems));
  return outcome.value;
}

describe('crossoverUseCase', () => {
  it('checks the doc examples', () => {
    expect(defaultFixedUsdPerMonth()).toBe(21_600);
    const report = reportOf(seedsCase);
    expect(report.crossoverMonthlyTokens).toBeNull();
    expect(report.monthlyGpuCostUsd).toBe(1800);
    expect(report.naiveCrossoverMonthlyTokens).toBeCloseTo(6e9, 0);
  });

  it('renders the seeds’ A10G case as a table', () => {
    expect(renderCrossover(reportOf(seedsCase), 'table')).toBe(
      [
        'figure                                              value',
        '-------------------------------------------------  ------',
        'monthly GPU cost (cluster, naive)                  $1,800',
        'self-hosted USD per 1M tokens at full utilization   $0.63',
        'API USD per 1M tokens                               $0.30',
        'naive crossover (tokens/month)                         6B',
        'honest crossover (tokens/month)                      none',
        'GPUs at the honest crossover                            -',
        '',
        "no crossover: a fully used GPU costs $0.625 per 1M tokens, more than the API's $0.3; self-hosting is never cheaper at any volume (the naive formula would say 6B tokens/month)",
        '(a month is 720 hours)',
      ].join('\n'),
    );
  });

  it('renders a crossover as Markdown, and the result itself as JSON', () => {
    const report = reportOf({
      apiUsdPerMillionTokens: 3.5,
      gpuUsdPerHour: 2.5,
      tokensPerHourPerGpu: 4e6,
      gpus: 2,
      redundancyGpus: 0,
      fixedUsdPerMonth: 5000,
      maxAverageUtilization: 0.6,
    });
    expect(renderCrossover(report, 'markdown')).toBe(
      [
        '| figure | value |',
        '| --- | --- |',
        '| monthly GPU cost (cluster, naive) | $3,600 |',
        '| self-hosted USD per 1M tokens at full utilization | $0.63 |',
        '| API USD per 1M tokens | $3.50 |',
        '| naive crossover (tokens/month) | 1.03B |',
        '| honest crossover (tokens/month) | 2.46B |',
        '| GPUs at the honest crossover | 2 |',
        '',
        'self-hosting is cheaper above 2.46B tokens/month: 2 GPUs plus $5,000/month fixed costs cost $8,600/month (naive formula: 1.03B)',
        '(a month is 720 hours)',
      ].join('\n'),
    );
    expect(JSON.parse(renderCrossover(report, 'json'))).toEqual(report);
  });

  it('bad input: a problem per flag, naming the value and what is allowed', () => {
    const outcome = crossoverUseCase({
      apiUsdPerMillionTokens: 0,
      gpuUsdPerHour: -1,
      tokensPerHourPerGpu: Number.NaN,
      gpus: 1.5,
      redundancyGpus: -1,
      fixedUsdPerMonth: -1,
      maxAverageUtilization: 2,
    });
    if (outcome.ok) throw new Error('expected problems');
    expect(formatProblems(outcome.problems).split('\n')).toEqual([
      '--api-usd-per-mtok: 0 — must be a number greater than 0',
      '--gpu-usd-per-hour: -1 — must be a number greater than 0',
      '--tokens-per-hour-per-gpu: null — must be a number greater than 0',
      '--gpus: 1.5 — must be a whole number, 1 or more',
      '--redundancy-gpus: -1 — must be a number, 0 or more',
      '--fixed-usd-per-month: -1 — must be a number, 0 or more',
      '--max-utilization: 2 — must be between 0 and 1',
    ]);
  });
});

describe('crossoverPricing', () => {
  it('crossoverPricing: typed prices, and the default fixed costs dated and aged (doc example)', () => {
    expect(crossoverPricing('2026-12-01', true).line).toBe(
      "prices: GPU and API prices as typed (no catalog); default fixed costs: the seeds' assumptions as of 2025-06-01 (1 year 6 months old on 2026-12-01)",
    );
    expect(crossoverPricing('2026-12-01', false).fixedCostDefault).toBeUndefined();
    const outcome = crossoverUseCase({
      apiUsdPerMillionTokens: 0.3,
      gpuUsdPerHour: 2.5,
      tokensPerHourPerGpu: 4e6,
      today: '2026-12-01',
    });
    if (!outcome.ok) throw new Error('expected a report');
    expect(renderCrossover(outcome.value, 'markdown')).toContain(
      'as of 2025-06-01 (1 year 6 months old on 2026-12-01)',
    );
  });
});
