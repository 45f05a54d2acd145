import { describe, expect, it } from 'vitest';
import { summarizeSpend } from './spend-summary.ts';
import type { RequestLogRow } from './types.ts';

function row(overrides: Partial<RequestLogRow>): RequestLogRow {
  return {
    id: 'r1.1',
    requestId: 'r1',
    time: '2026-01-01T00:00:00.000Z',
    route: 'chat',
    routingVersion: 1,
    feature: null,
    keyId: 'k1',
    provider: 'vllm',
    providerKind: 'openai-compatible',
    model: 'm',
    attempt: 1,
    outcome: 'success',
    status: 200,
    stream: false,
    inputTokens: 10,
    outputTokens: 5,
    cachedInputTokens: 0,
    usageEstimated: false,
    ttftMs: 1,
    totalMs: 2,
    costUsd: 0.01,
    errorClass: null,
    prompt: null,
    team: 'search',
    endpoint: 'chat.completions',
    ...overrides,
  };
}

describe('summarizeSpend', () => {
  it('sums requests, attempts, tokens and known cost per group, most costly first', () => {
    const rows = [
      row({ id: 'r1.1', costUsd: 0.01 }),
      row({ id: 'r1.2', costUsd: 0.02 }),
      row({ id: 'r2.1', requestId: 'r2', costUsd: null }),
      row({ id: 'r3.1', requestId: 'r3', keyId: 'k2', team: null, costUsd: 0.5 }),
    ];
    const byKey = summarizeSpend(rows, 'key');
    expect(byKey.map((group) => group.group)).toEqual(['k2', 'k1']);
    expect(byKey[1]).toMatchObject({
      requests: 2,
      attempts: 3,
      inputTokens: 30,
      outputTokens: 15,
      unpricedAttempts: 1,
    });
    expect(byKey[1].costUsd).toBeCloseTo(0.03, 12);
    expect(summarizeSpend(rows, 'team').map((group) => [group.group, group.requests])).toEqual([
      [null, 1],
      ['search', 2],
    ]);
  });
});
