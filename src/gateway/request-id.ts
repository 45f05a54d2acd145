import { randomUUID } from 'node:crypto';

/**
 * A request id that sorts by time: a UUID version 7 (RFC 9562 §5.7), the first 48 bits the
 * Unix time in milliseconds, the rest random. The request log keys its rows by this id
 * (`ID.ATTEMPT`), so new rows land at the end of the id index instead of on a random page of
 * it: SQLite's B-tree appends, and a batch of rows dirties a few pages instead of one per row.
 * It stays a valid, unguessable UUID for clients (`x-request-id`); 74 random bits remain.
 *
 * Built from `randomUUID()` (Node caches its entropy, so this costs about what it does)
 * with the time written over its first 12 hex digits and the version digit set to 7.
 *
 * @example
 * timeOrderedRequestId(Date.UTC(2026, 11, 1)) // "01a22ee6-b000-7…" (then 3 + 16 random hex digits)
 */
export function timeOrderedRequestId(nowMs: number): string {
  const wholeMs = Math.floor(nowMs);
  if (wholeMs !== prefixMs) {
    const timeHex = wholeMs.toString(16).padStart(12, '0').slice(-12);
    prefix = `${timeHex.slice(0, 8)}-${timeHex.slice(8, 12)}-7`;
    prefixMs = wholeMs;
  }
  return prefix + randomUUID().slice(15);
}

/** The time part of the last id, kept for the millisecond (many requests share one). */
let prefixMs = Number.NaN;
let prefix = '';
