/** What one attempt came to, as the executor reads it (see attempt.ts). */
import type { Usage } from '../providers/types.ts';
import type { GatewayHttpError } from './errors.ts';

/**
 * What a failure does to the target's circuit breaker: nothing (the request's fault, a 429),
 * count one consecutive failure (5xx, timeouts, cut streams), or open it at once (the upstream
 * rejects the gateway's provider key: every request would fail the same way).
 */
export type BreakerEffect = 'none' | 'count' | 'open';

/** The raw rate-limit hints of an upstream 429 (the executor reads them against its clock). */
export interface RateLimitHint {
  /** `retry-after-ms`: milliseconds (OpenAI sends it besides `retry-after`). */
  retryAfterMs: string | undefined;
  /** `retry-after`: seconds, or an HTTP date. */
  retryAfter: string | undefined;
}

export type AttemptResult =
  | { kind: 'success'; status: number; usage: Usage; ttftMs: number }
  /** Nothing reached the client. `retryable`: the next target may be tried. */
  | {
      kind: 'failed';
      retryable: boolean;
      breaker: BreakerEffect;
      status: number | null;
      errorClass: string;
      clientError: GatewayHttpError;
      /** Set for an upstream 429. */
      rateLimit?: RateLimitHint;
    }
  /** The stream broke after bytes reached the client; the client got an error event. */
  | {
      kind: 'cut';
      status: number;
      errorClass: string;
      message: string;
      usage: Usage;
      ttftMs: number;
      breaker: BreakerEffect;
    }
  /** The client went away; `usage` is estimated from the text sent when any content reached it. */
  | { kind: 'client-closed'; status: number | null; ttftMs: number | null; usage?: Usage };
