/** The gateway view's time charts: a marker where each new routing version took effect, gaps for empty buckets. */
import { describe, expect, it } from 'vitest';
import type { RequestLogRow } from '../../store/types.ts';
import { summarizeRequestLog } from '../gateway-stats.ts';
import { trafficChart } from './gateway-charts.ts';

function row(minute: number, routingVersion: number): RequestLogRow {
  return {
    id: `r${minute}.1`,
    requestId: `r${minute}`,
    time: new Date(Date.UTC(2025, 5, 1, 10, minute)).toISOString(),
    route: 'chat',
    routingVersion,
    feature: null,
    keyId: null,
    team: null,
    endpoint: 'chat.completions',
    provider: 'vllm',
    providerKind: 'openai-compatible',
    model: 'llama',
    attempt: 1,
    outcome: 'success',
    status: 200,
    stream: false,
    inputTokens: 10,
    outputTokens: 5,
    cachedInputTokens: 0,
    usageEstimated: false,
    ttftMs: 40,
    totalMs: 300,
    costUsd: null,
    errorClass: null,
    prompt: null,
  };
}

describe('trafficChart', () => {
  it('marks the bucket where routing v2 first appears and leaves empty minutes as gaps', () => {
    // Minutes 0-2 on v1, nothing at minutes 3-5, then v2 from minute 6.
    const summary = summarizeRequestLog([row(0, 1), row(1, 1), row(2, 1), row(6, 2), row(7, 2)]);
    expect(summary.bucketMinutes).toBe(1);
    const option = trafficChart(summary).option as {
      series: Array<{ type: string; data: unknown[]; markLine?: { data: Array<{ name: string; xAxis: string }> } }>;
    };
    const bars = option.series[0];
    expect(bars.markLine?.data).toEqual([{ name: 'routing v2', xAxis: '06-01 10:06' }]);
    const latency = option.series.find((series) => series.type === 'line');
    expect(latency?.data.slice(2, 7)).toEqual([300, null, null, null, 300]);
  });
});
