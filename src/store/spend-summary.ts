/**
 * Spend and usage per virtual key, team, feature, route, target or endpoint, summed over
 * request-log rows (any store: the rows come from `readRequestLog`).
 */
import type { RequestLogRow } from './types.ts';

export const spendGroupings = ['key', 'team', 'feature', 'route', 'provider', 'endpoint'] as const;
export type SpendGrouping = (typeof spendGroupings)[number];

export interface SpendGroup {
  /** The key id, team, feature, ... (null: rows without one, e.g. no key or no feature header). */
  group: string | null;
  /** Client requests (distinct request ids). */
  requests: number;
  /** Attempts (rows): retries, fallbacks and skipped targets included. */
  attempts: number;
  inputTokens: number;
  outputTokens: number;
  /** USD of the attempts with a known price. */
  costUsd: number;
  /** Attempts with tokens but no known price (their cost is not in costUsd). */
  unpricedAttempts: number;
}

function groupOf(row: RequestLogRow, by: SpendGrouping): string | null {
  switch (by) {
    case 'key':
      return row.keyId;
    case 'team':
      return row.team;
    case 'feature':
      return row.feature;
    case 'route':
      return row.route;
    case 'provider':
      return row.provider;
    case 'endpoint':
      return row.endpoint;
  }
}

/**
 * Sums the rows by `by`, most costly first (then most requests).
 * Example: two rows of request r1 for key k1 costing $0.01 and $0.02, and one row of r2 for
 * k1 with unknown cost, give one group k1 with 2 requests, 3 attempts, $0.03, 1 unpriced.
 */
export function summarizeSpend(rows: ReadonlyArray<RequestLogRow>, by: SpendGrouping): SpendGroup[] {
  const groups = new Map<string | null, SpendGroup & { requestIds: Set<string> }>();
  for (const row of rows) {
    const name = groupOf(row, by);
    let group = groups.get(name);
    if (group === undefined) {
      group = {
        group: name,
        requests: 0,
        attempts: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        unpricedAttempts: 0,
        requestIds: new Set(),
      };
      groups.set(name, group);
    }
    group.requestIds.add(row.requestId);
    group.attempts += 1;
    group.inputTokens += row.inputTokens ?? 0;
    group.outputTokens += row.outputTokens ?? 0;
    if (row.costUsd !== null) group.costUsd += row.costUsd;
    else if (row.inputTokens !== null) group.unpricedAttempts += 1;
  }
  return [...groups.values()]
    .map(({ requestIds, ...group }) => ({ ...group, requests: requestIds.size }))
    .sort((a, b) => b.costUsd - a.costUsd || b.requests - a.requests);
}
