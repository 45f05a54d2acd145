import { describe, expect, it } from 'vitest';
import { logRowWith } from '../../test/fixtures/log-rows.ts';
import type { RequestLogRow } from '../store/types.ts';
import {
  bucketMinutesFor,
  filterChoices,
  filterRequestLog,
  groupStats,
  percentileOf,
  summarizeRequestLog,
} from './gateway-stats.ts';

function row(overrides: Partial<RequestLogRow>): RequestLogRow {
  return logRowWith({
    id: 'r1.1',
    requestId: 'r1',
    time: '2025-06-01T10:00:00.000Z',
    feature: 'support',
    keyId: 'k1',
    ttftMs: 50,
    totalMs: 400,
    costUsd: 0.001,
    team: null,
    ...overrides,
  });
}

describe('gateway stats', () => {
  it('computes nearest-rank percentiles (doc example)', () => {
    expect(percentileOf([40, 10, 30, 20], 0.5)).toBe(20);
    expect(percentileOf([40, 10, 30, 20], 0.95)).toBe(40);
    expect(percentileOf([], 0.5)).toBeNull();
  });

  it('picks a bucket size that keeps the timeline short (doc example)', () => {
    expect(bucketMinutesFor(3 * 3_600_000, 60)).toBe(5);
    expect(bucketMinutesFor(30 * 60_000, 60)).toBe(1);
    expect(bucketMinutesFor(30 * 86_400_000, 60)).toBe(1440);
  });

  it('counts requests once across fallbacks, never prices unknown cost as $0, and keeps failures out of latency', () => {
    const rows = [
      row({
        id: 'a.1',
        requestId: 'a',
        provider: 'vllm',
        outcome: 'fallback',
        status: 503,
        totalMs: 30,
        costUsd: null,
        inputTokens: null,
        outputTokens: null,
        errorClass: 'upstream_5xx',
      }),
      row({ id: 'a.2', requestId: 'a', provider: 'openai', attempt: 2, totalMs: 900, costUsd: 0.01 }),
      row({ id: 'b.1', requestId: 'b', provider: 'selfhosted', totalMs: 300, costUsd: null }),
    ];
    const stats = groupStats('all', rows);
    expect(stats).toMatchObject({
      requests: 2,
      attempts: 3,
      failedAttempts: 1,
      inputTokens: 200,
      outputTokens: 40,
      costUsd: 0.01,
      unpricedAttempts: 1,
    });
    expect(stats.totalLatency).toEqual({ p50Ms: 300, p95Ms: 900, p99Ms: 900 });
  });

  it('summarises by route, provider and feature with a timeline and the latest routing version', () => {
    const rows = [
      row({ id: 'a.1', requestId: 'a', time: '2025-06-01T10:00:00.000Z', routingVersion: 1 }),
      row({
        id: 'b.1',
        requestId: 'b',
        time: '2025-06-01T10:30:00.000Z',
        routingVersion: 2,
        provider: 'openai',
        feature: null,
      }),
      row({
        id: 'c.1',
        requestId: 'c',
        time: '2025-06-01T12:00:00.000Z',
        routingVersion: 2,
        route: 'summarize',
        prompt: 'secret prompt',
      }),
    ];
    const summary = summarizeRequestLog(rows);
    expect(summary.rowCount).toBe(3);
    expect(summary.latestRoutingVersion).toBe(2);
    expect(summary.routingVersions.map((version) => [version.version, version.attempts])).toEqual([
      [2, 2],
      [1, 1],
    ]);
    expect(summary.byRoute.map((group) => [group.key, group.attempts])).toEqual([
      ['chat', 2],
      ['summarize', 1],
    ]);
    expect(summary.byFeature.map((group) => group.key)).toEqual(['support', '(none)']);
    expect(summary.bucketMinutes).toBe(5);
    expect(summary.timeline).toHaveLength(25);
    expect(summary.timeline[0]).toMatchObject({
      startIso: '2025-06-01T10:00:00.000Z',
      requests: 1,
      attemptsByProvider: { vllm: 1 },
    });
    expect(summary.recent[0].id).toBe('c.1');
    expect(JSON.stringify(summary)).not.toContain('secret prompt');
  });

  it('summarises an empty log', () => {
    const summary = summarizeRequestLog([]);
    expect(summary).toMatchObject({ rowCount: 0, latestRoutingVersion: null, timeline: [], recent: [] });
  });
});

describe('filterRequestLog', () => {
  const rows = [
    row({ id: 'a', provider: 'vllm', keyId: 'k1', time: '2025-06-01T10:00:00.000Z' }),
    row({ id: 'b', provider: 'openai', keyId: 'k2', outcome: 'error', status: 502, time: '2025-06-01T10:05:00.000Z' }),
    row({ id: 'c', provider: 'vllm', keyId: null, feature: null, route: 'search', time: '2025-06-01T10:10:00.000Z' }),
  ];
  it('keeps the rows that pass every filter: route, provider, feature, key, status, time', () => {
    const ids = (filter: Parameters<typeof filterRequestLog>[1]) =>
      filterRequestLog(rows, filter).map((entry) => entry.id);
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ provider: 'vllm' })).toEqual(['a', 'c']);
    expect(ids({ route: 'search' })).toEqual(['c']);
    expect(ids({ feature: '(none)' })).toEqual(['c']);
    expect(ids({ keyId: 'k2' })).toEqual(['b']);
    expect(ids({ status: 'failed' })).toEqual(['b']);
    expect(ids({ status: '502' })).toEqual(['b']);
    expect(ids({ sinceIso: '2025-06-01T10:05', untilIso: '2025-06-01T10:06' })).toEqual(['b']);
  });
  it('filterChoices lists each filter’s values; the summary groups by key', () => {
    expect(filterChoices(rows)).toEqual({
      routes: ['chat', 'search'],
      providers: ['openai', 'vllm'],
      features: ['(none)', 'support'],
      keyIds: ['(none)', 'k1', 'k2'],
      statuses: ['success', 'failed', '200', '502'],
    });
    expect(summarizeRequestLog(rows).byKey.map((group) => group.key)).toEqual(['(none)', 'k1', 'k2']);
  });
});
