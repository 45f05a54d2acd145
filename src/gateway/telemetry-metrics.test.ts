import { describe, expect, it } from 'vitest';
import { logRowWith } from '../../test/fixtures/log-rows.ts';
import {
  addToHistogram,
  bucketIndex,
  GenAiMetrics,
  type HistogramTotals,
  maxSeriesPerMetric,
} from './telemetry-metrics.ts';

const row = logRowWith;

describe('addToHistogram', () => {
  it('counts 5, 30, 5, 40 over [10, 20, 30] as [2, 0, 1, 1] with sum, count, min and max', () => {
    const totals: HistogramTotals = {
      boundaries: [10, 20, 30],
      counts: [0, 0, 0, 0],
      sum: 0,
      count: 0,
      min: Infinity,
      max: -Infinity,
    };
    for (const value of [5, 30, 5, 40]) addToHistogram(totals, value);
    expect(totals).toMatchObject({ counts: [2, 0, 1, 1], sum: 80, count: 4, min: 5, max: 40 });
  });

  it('bucketIndex puts a boundary value in the bucket it bounds, and beyond the last in the overflow', () => {
    expect([0, 10, 10.5, 20, 30, 31].map((value) => bucketIndex([10, 20, 30], value))).toEqual([0, 0, 1, 1, 2, 3]);
    expect(bucketIndex([], 5)).toBe(0);
  });
});

describe('GenAiMetrics', () => {
  it('sums tokens by type, durations by error type, streams, and cost by key and team', () => {
    const metrics = new GenAiMetrics();
    const server = { 'server.address': '10.0.0.5', 'server.port': 8000 };
    metrics.record(row(), server, 1_000);
    metrics.record(row({ inputTokens: 50, outputTokens: 5, costUsd: 0.001 }), server, 2_000);
    metrics.record(
      row({
        outcome: 'fallback',
        status: 500,
        errorClass: 'upstream_5xx',
        inputTokens: null,
        outputTokens: null,
        costUsd: null,
      }),
      server,
      3_000,
    );
    metrics.record(row({ stream: true, ttftMs: 80, keyId: 'key_b' }), server, 4_000);
    const byName = new Map(metrics.totals().map((metric) => [metric.name, metric]));
    const histogramSeries = (name: string) => {
      const metric = byName.get(name);
      if (metric?.kind !== 'histogram') throw new Error(`${name} is not a histogram`);
      return metric.series;
    };

    const tokens = histogramSeries('gen_ai.client.token.usage');
    const tokenSum = (type: string) =>
      tokens
        .filter((series) => series.attributes['gen_ai.token.type'] === type)
        .reduce((sum, series) => sum + series.value.sum, 0);
    expect(tokenSum('input')).toBe(250);
    expect(tokenSum('output')).toBe(45);
    expect(tokens[0].attributes).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.provider.name': 'openai-compatible',
      'gen_ai.request.model': 'llama',
      'switchyard.route': 'chat',
      'switchyard.target': 'vllm',
      'server.address': '10.0.0.5',
      'server.port': 8000,
    });
    expect(tokens[0].startMs).toBe(1_000);

    const durations = histogramSeries('gen_ai.client.operation.duration');
    expect(durations.map((series) => [series.attributes['error.type'], series.value.count])).toEqual([
      [undefined, 3],
      ['upstream_5xx', 1],
    ]);
    expect(durations[0].value.sum).toBeCloseTo(0.75, 10);

    const firstChunk = histogramSeries('gen_ai.client.operation.time_to_first_chunk');
    expect(firstChunk.map((series) => series.value.sum)).toEqual([0.08]);

    const cost = byName.get('switchyard.cost')?.series ?? [];
    expect(cost.map((series) => [series.attributes['switchyard.key_id'], series.value])).toEqual([
      ['key_a', 0.003],
      ['key_b', 0.002],
    ]);
    expect(cost.every((series) => series.attributes['switchyard.team'] === 'search')).toBe(true);
  });

  it(`keeps at most ${maxSeriesPerMetric} attribute sets a metric, the rest in one overflow series`, () => {
    const metrics = new GenAiMetrics();
    for (let index = 0; index < maxSeriesPerMetric + 10; index += 1)
      metrics.record(row({ model: `model-${index}`, outputTokens: null, costUsd: null, totalMs: null }), undefined, 0);
    const usage = metrics.totals().find((metric) => metric.name === 'gen_ai.client.token.usage');
    if (usage?.kind !== 'histogram') throw new Error('no token usage histogram');
    const tokens = usage.series;
    expect(tokens).toHaveLength(maxSeriesPerMetric + 1);
    const overflow = tokens[tokens.length - 1];
    expect(overflow.attributes).toEqual({ 'otel.metric.overflow': true });
    expect((overflow.value as HistogramTotals).count).toBe(10);
  });
});
