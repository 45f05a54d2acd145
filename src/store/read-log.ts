/**
 * Where the request log lives, named by one string: a SQLite file path (the default) or a
 * `postgres://` URL. `readRequestLog` reads either with the same filters, so `switchyard logs`
 * and exports do not care which store the gateways wrote to.
 */
import { isPostgresUrl, queryPostgresRequestLog, redactedUrl } from './postgres-sink.ts';
import { queryRequestLog, type LogQuery } from './sqlite.ts';
import type { RequestLogRow } from './types.ts';

export type LogStoreKind = 'sqlite' | 'postgres';

export function logStoreKind(location: string): LogStoreKind {
  return isPostgresUrl(location) ? 'postgres' : 'sqlite';
}

/** The location as shown in messages: a path as is, a URL without its password. */
export function describeLogStore(location: string): string {
  return isPostgresUrl(location) ? redactedUrl(location) : location;
}

/** Rows oldest first from a SQLite file or a PostgreSQL database. */
export async function readRequestLog(location: string, query: LogQuery = {}): Promise<RequestLogRow[]> {
  return isPostgresUrl(location) ? queryPostgresRequestLog(location, query) : queryRequestLog(location, query);
}
