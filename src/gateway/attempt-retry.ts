/**
 * Same-target retries: which failed attempts are worth trying again on the same target before
 * falling back, and how long to wait first (docs/gateway.md, "Retries").
 *
 * Retried: failures that pass and that the upstream did not act on: the connection was
 * refused or reset before any answer, a 502/503/504, a 429 that asks for less than 1 s.
 * Never: other 4xx (the same request fails the same way), 500 (the upstream may have done
 * the work), timeouts (the time is already spent), anything after a byte reached the client.
 * The wait is `retryBackoffMs * 2^retry`, times a jitter in [0.5, 1) so that clients failing
 * together do not come back together, and at least what a 429 asked for; no retry starts
 * when the wait would end past the request deadline.
 */
import { targetLimitDefaults } from '../core/routing/schema.ts';
import type { AttemptResult } from './attempt-result.ts';
import type { UpstreamHandle } from './state.ts';
import { retryAfterMs } from './upstream-failure.ts';

/** A same-target retry waits only for a Retry-After shorter than this; longer ones fall back at once. */
export const maxRetryAfterWaitMs = 1_000;

const retriedStatuses = new Set([502, 503, 504]);

export interface RetryContext {
  upstream: UpstreamHandle;
  /** Retries of this target already made for this request (0 after the first attempt). */
  retriesDone: number;
  /** Milliseconds left of the request deadline. */
  remainingMs: number;
  nowEpochMs: number;
  random: () => number;
}

/** Milliseconds to wait before retrying the same target, or undefined to move on. */
export function sameTargetRetryDelayMs(result: AttemptResult, context: RetryContext): number | undefined {
  if (result.kind !== 'failed' || !result.retryable) return undefined;
  const config = context.upstream.config;
  const retries = config.retries ?? targetLimitDefaults.retries;
  if (context.retriesDone >= retries) return undefined;
  let floorMs = 0;
  if (result.errorClass === 'rate_limited') {
    const asked = result.rateLimit === undefined ? undefined : retryAfterMs(result.rateLimit, context.nowEpochMs);
    if (asked === undefined || asked >= maxRetryAfterWaitMs) return undefined;
    floorMs = asked;
  } else if (result.errorClass === 'connect_refused' || result.errorClass === 'connection_reset') {
    // the request never reached the upstream (or the connection died before any answer)
  } else if (result.errorClass !== 'upstream_5xx' || result.status === null || !retriedStatuses.has(result.status))
    return undefined;
  const backoffMs = (config.retryBackoffMs ?? targetLimitDefaults.retryBackoffMs) * 2 ** context.retriesDone;
  const delayMs = Math.max(floorMs, backoffMs * (0.5 + context.random() / 2));
  return delayMs < context.remainingMs ? delayMs : undefined;
}
