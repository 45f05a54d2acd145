/** The gateway view's time charts: a marker where each new routing version took effect, gaps for empty buckets. */
import { describe, expect, it } from 'vitest';
import { logRowWith } from '../../../test/fixtures/log-rows.ts';
import type { RequestLogRow } from '../../store/types.ts';
import { summarizeRequestLog } from '../gateway-stats.ts';
import { trafficChart } from './gateway-charts.ts';

function row(minute: number, routingVersion: number): RequestLogRow {
  return logRowWith({
    id: `r${minute}.1`,
    requestId: `r${minute}`,
    time: new Date(Date.UTC(2025, 5, 1, 10, minute)).toISOString(),
    routingVersion,
    keyId: null,
    team: null,
    inputTokens: 10,
    outputTokens: 5,
    totalMs: 300,
    costUsd: null,
  });
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
