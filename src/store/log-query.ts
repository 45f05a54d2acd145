/**
 * The filters of a request-log query, once for both stores: SQLite and PostgreSQL render the
 * same conditions with their own placeholders and column quoting.
 */
import type { RequestLogRow } from './types.ts';

export interface LogQuery {
  /** ISO time; rows at or after it. */
  sinceIso?: string;
  route?: string;
  provider?: string;
  /** Only this virtual key id / team / feature. */
  keyId?: string;
  team?: string;
  feature?: string;
  /** The most recent N rows (still returned oldest first). */
  limit?: number;
}

/** One condition of a query: `column operator value`. */
export interface LogCondition {
  column: keyof RequestLogRow;
  operator: '>=' | '=';
  value: string;
}

/**
 * The conditions a query sets, in a fixed order.
 * @example logQueryConditions({ sinceIso: '2026-12-01T00:00:00.000Z', team: 'ml' })
 * // [{ column: 'time', operator: '>=', value: '2026-12-01T00:00:00.000Z' }, { column: 'team', operator: '=', value: 'ml' }]
 */
export function logQueryConditions(query: LogQuery): LogCondition[] {
  const conditions: LogCondition[] = [];
  if (query.sinceIso) conditions.push({ column: 'time', operator: '>=', value: query.sinceIso });
  for (const column of ['route', 'provider', 'keyId', 'team', 'feature'] as const) {
    const value = query[column];
    if (value) conditions.push({ column, operator: '=', value });
  }
  return conditions;
}

/** `LIMIT N` for a query with a limit (N a whole number, at least 0), else ''. */
export function logQueryLimit(query: LogQuery): string {
  return query.limit !== undefined ? `LIMIT ${Math.max(0, Math.floor(query.limit))}` : '';
}
