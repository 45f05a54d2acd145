/** Chart options for the gateway view: attempts per provider over time with p95 latency, and cost over time. */
import type { EChartsOption } from 'echarts';
import { baseOption, rightAxisStyle, xAxisStyle, yAxisStyle, type ChartSpec } from '../../report/html/chart-base.ts';
import { compactUsd } from '../../report/html/format.ts';
import type { GatewaySummary } from '../gateway-stats.ts';

function bucketLabel(iso: string, bucketMinutes: number): string {
  return bucketMinutes >= 1440 ? iso.slice(0, 10) : iso.slice(5, 16).replace('T', ' ');
}

/**
 * Vertical markers where a routing version first appears in the log (the bucket that
 * holds its first attempt), so a change in traffic can be read against the change that
 * caused it. The oldest version is not marked: it was in force before the window.
 */
function routingMarkers(summary: GatewaySummary): {
  symbol: 'none';
  silent: true;
  lineStyle: object;
  label: object;
  data: Array<{ name: string; xAxis: string }>;
} {
  const bucketMs = summary.bucketMinutes * 60_000;
  const versions = [...summary.routingVersions].sort((left, right) =>
    left.firstTimeIso.localeCompare(right.firstTimeIso),
  );
  return {
    symbol: 'none',
    silent: true,
    lineStyle: { color: '#7c3aed', type: 'dashed', width: 1.5 },
    label: { formatter: '{b}', color: '#6d28d9', position: 'insideEndTop', fontSize: 11 },
    data: versions.slice(1).map((version) => ({
      name: `routing v${version.version}`,
      xAxis: bucketLabel(
        new Date(Math.floor(Date.parse(version.firstTimeIso) / bucketMs) * bucketMs).toISOString(),
        summary.bucketMinutes,
      ),
    })),
  };
}

/** Empty buckets draw as gaps, not as a line through zero. */
const orGap = (value: number | null, requests: number) => (requests === 0 ? null : value);

/** Attempts per provider (stacked bars) and p95 total latency (line, right axis) per time bucket. */
export function trafficChart(summary: GatewaySummary): ChartSpec {
  const labels = summary.timeline.map((bucket) => bucketLabel(bucket.startIso, summary.bucketMinutes));
  const option: EChartsOption = {
    ...baseOption(),
    legend: { top: 0, left: 0 },
    grid: { left: 16, right: 16, top: 64, bottom: 40, containLabel: true },
    tooltip: { trigger: 'axis' },
    xAxis: {
      type: 'category',
      data: labels,
      name: `time (UTC, ${summary.bucketMinutes >= 60 ? `${summary.bucketMinutes / 60} h` : `${summary.bucketMinutes} min`} buckets)`,
      nameLocation: 'middle',
      nameGap: 28,
      ...xAxisStyle,
    },
    yAxis: [
      {
        type: 'value',
        name: 'attempts',
        minInterval: 1,
        ...yAxisStyle,
        splitLine: { lineStyle: { color: '#e2e8f0' } },
      },
      { type: 'value', name: 'p95 latency (ms)', ...rightAxisStyle, splitLine: { show: false } },
    ],
    series: [
      ...summary.providers.map((provider, index) => ({
        type: 'bar' as const,
        name: provider,
        stack: 'attempts',
        data: summary.timeline.map((bucket) => bucket.attemptsByProvider[provider] ?? 0),
        markLine: index === 0 ? routingMarkers(summary) : undefined,
      })),
      {
        type: 'line' as const,
        name: 'p95 total latency',
        yAxisIndex: 1,
        color: '#dc2626',
        connectNulls: false,
        data: summary.timeline.map((bucket) => orGap(bucket.p95TotalMs, bucket.requests)),
      },
    ],
  };
  return {
    id: 'capacity',
    title: 'Traffic by provider and p95 latency',
    caption:
      'Attempts (fallbacks and overflow skips included) per time bucket, by provider; red: p95 total latency of successful attempts (gaps: no requests); purple dashes: a new routing version took effect.',
    option,
    unavailable: summary.timeline.length === 0 ? 'not available: no requests in this window' : null,
    width: 880,
    height: 320,
  };
}

/** Cost per time bucket. */
export function costChart(summary: GatewaySummary): ChartSpec {
  const labels = summary.timeline.map((bucket) => bucketLabel(bucket.startIso, summary.bucketMinutes));
  return {
    id: 'cost-breakdown',
    title: 'Cost and tokens over time',
    caption:
      'Cost of priced attempts per bucket (unpriced targets are not counted as $0: see the tables); tokens = input + output.',
    option: {
      ...baseOption(),
      legend: { top: 0, left: 0 },
      grid: { left: 16, right: 16, top: 64, bottom: 40, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: labels, name: 'time (UTC)', nameLocation: 'middle', nameGap: 28, ...xAxisStyle },
      yAxis: [
        {
          type: 'value',
          name: '$ per bucket',
          ...yAxisStyle,
          axisLabel: {
            ...yAxisStyle.axisLabel,
            formatter: (value: number) => (value >= 10 ? compactUsd(value) : `$${Number(value.toPrecision(2))}`),
          },
          splitLine: { lineStyle: { color: '#e2e8f0' } },
        },
        { type: 'value', name: 'tokens', ...rightAxisStyle, splitLine: { show: false } },
      ],
      series: [
        {
          type: 'bar',
          name: 'cost $',
          color: '#0d9488',
          data: summary.timeline.map((bucket) => bucket.costUsd),
          markLine: routingMarkers(summary),
        },
        {
          type: 'line',
          name: 'tokens',
          yAxisIndex: 1,
          color: '#2563eb',
          connectNulls: false,
          data: summary.timeline.map((bucket) => orGap(bucket.tokens, bucket.requests)),
        },
      ],
    },
    unavailable: summary.timeline.length === 0 ? 'not available: no requests in this window' : null,
    width: 880,
    height: 300,
  };
}
