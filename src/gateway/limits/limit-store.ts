/**
 * Counters behind virtual-key limits (requests/min, tokens/min, USD per day and month).
 * The gateway talks to them only through `LimitStore`, so one process can keep them in
 * memory (`MemoryLimitStore`, the default) and several can share them in Redis
 * (`src/gateway/shared/redis-limit-store.ts`).
 *
 * Windows are fixed and named by the caller: a counter key carries its window's id
 * (`key:k_abc:rpm:29496371`, `team:ml:usd-month:2026-12`) and the epoch ms the window
 * ends, so calendar months need no special case and every instance agrees on the window
 * as long as their clocks agree to within a second. A store may forget a counter once
 * its window has ended (Redis: `PEXPIREAT`).
 *
 * Amounts are integers (requests, tokens, micro-USD): Redis `INCRBY` stays exact.
 */

/** One counter to check and add to. */
export interface CounterCharge {
  /** Full counter key, including the window id. */
  counterKey: string;
  /** Integer to add when admitted (0 checks only). */
  amount: number;
  /** Admit only while `used < limit` and `used + amount <= limit`. */
  limit: number;
  /** Epoch ms at which this counter's window ends (and it may be forgotten). */
  windowEndMs: number;
}

export interface ConsumeResult {
  /** True when every charge fit: all amounts were added. False: none was added. */
  allowed: boolean;
  /** Index in the charges of the first counter that did not fit; -1 when allowed. */
  blockedIndex: number;
  /** Each counter's value after the call (unchanged ones when refused), in charge order. */
  used: number[];
}

/**
 * `consume` and `add` may answer at once (the in-process store: no promise, no microtask on
 * the request path) or with a promise (Redis); callers handle both.
 */
export interface LimitStore {
  /**
   * Atomic check-and-add over all the charges together: either every counter fits its
   * limit and every amount is added, or nothing is added. Concurrent calls (also from
   * other instances sharing the store) never both pass a limit only one of them fits.
   */
  consume(charges: ReadonlyArray<CounterCharge>): ConsumeResult | Promise<ConsumeResult>;
  /**
   * Adds without a check (may push a counter over its limit): charges known only after
   * the response (tokens, USD) and corrections of an admission estimate (negative amounts
   * allowed).
   */
  add(counterKey: string, amount: number, windowEndMs: number): void | Promise<void>;
  /** Current values (0 for a counter never written or whose window ended), in key order. */
  read(counterKeys: ReadonlyArray<string>): Promise<number[]>;
  close(): Promise<void>;
}
