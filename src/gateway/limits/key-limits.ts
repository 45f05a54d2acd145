/**
 * Virtual-key limits at the door: requests per minute, tokens per minute, USD per UTC day and
 * per UTC calendar month, counted in a `LimitStore` (memory by default, Redis when several
 * gateways share them).
 *
 * Admission is one atomic `consume`: it adds 1 to the key's requests of this minute and checks
 * that its tokens of this minute and spend of this day and month are still under their
 * limits. Tokens and spend are known only once the answer is in, so they are charged after it
 * (`charge`): a request admitted while the key is under its budget may take it over. The
 * over-spend is bounded by what the requests in flight when the budget was crossed cost
 * (at most `concurrent requests of the key x the most one request costs`); the next
 * request after that is refused. Windows are fixed (the minute, the UTC day, the UTC month),
 * so a key may make up to twice its requests/min across a minute boundary.
 *
 * When the store fails (Redis down) the request is admitted and the failure is logged: limits
 * fail open, traffic keeps flowing.
 */
import type { ClientKeyRecord } from '../auth.ts';
import { GatewayHttpError } from '../errors.ts';
import type { ConsumeResult, CounterCharge, LimitStore } from './limit-store.ts';

/** Budgets are counted in integer micro-USD (so a shared store adds exactly). */
export const microUsdPerUsd = 1_000_000;

interface Window {
  id: string;
  endMs: number;
}

function minuteWindow(nowMs: number): Window {
  const index = Math.floor(nowMs / 60_000);
  return { id: String(index), endMs: (index + 1) * 60_000 };
}

function dayWindow(nowMs: number): Window {
  const date = new Date(nowMs);
  const endMs = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() + 1);
  return { id: date.toISOString().slice(0, 10), endMs };
}

function monthWindow(nowMs: number): Window {
  const date = new Date(nowMs);
  const endMs = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  return { id: date.toISOString().slice(0, 7), endMs };
}

type LimitKind = 'requests' | 'tokens' | 'usd-day' | 'usd-month';

/** A key's planned charges in one minute, and the same charges as the store takes them. */
interface PlannedCharges {
  minuteIndex: number;
  planned: PlannedCharge[];
  charges: CounterCharge[];
}

/** Admitted (undefined) or the 429 of the first charge that did not fit. */
function verdict(
  key: ClientKeyRecord,
  planned: ReadonlyArray<PlannedCharge>,
  result: ConsumeResult,
  nowMs: number,
): GatewayHttpError | undefined {
  if (result.allowed) return undefined;
  const blocked = planned[result.blockedIndex];
  return refusal(key, blocked, result.used[result.blockedIndex] ?? 0, nowMs);
}

interface PlannedCharge {
  kind: LimitKind;
  charge: CounterCharge;
  /** The limit as configured (USD for budgets). */
  configured: number;
}

function counterKey(keyId: string, kind: string, window: Window): string {
  return `sy:key:${keyId}:${kind}:${window.id}`;
}

/** A key's counter names in the current windows, built once per key and minute. */
interface CounterNames {
  readonly rpm: string;
  readonly tpm: string;
  readonly usdDay: string;
  readonly usdMonth: string;
}

/** Forget the cached names beyond this many keys (bounds memory under many keys). */
const cachedKeyNames = 10_000;

/** Whether a key sets at least one limit (keys without one never touch the store). */
export function hasLimits(key: ClientKeyRecord): boolean {
  const limits = key.limits;
  return (
    limits !== undefined &&
    (limits.requestsPerMinute !== undefined ||
      limits.tokensPerMinute !== undefined ||
      limits.usdPerDay !== undefined ||
      limits.usdPerMonth !== undefined)
  );
}

function secondsText(milliseconds: number): string {
  return milliseconds >= 3_600_000
    ? `${Math.round(milliseconds / 360_000) / 10} h`
    : `${Math.ceil(milliseconds / 1000)} s`;
}

function refusal(key: ClientKeyRecord, planned: PlannedCharge, used: number, nowMs: number): GatewayHttpError {
  const retryAfterMs = Math.max(1, planned.charge.windowEndMs - nowMs);
  const headers: Record<string, string> = {
    'retry-after': String(Math.ceil(retryAfterMs / 1000)),
    'retry-after-ms': String(retryAfterMs),
  };
  const wait = `retry after ${secondsText(retryAfterMs)}`;
  switch (planned.kind) {
    case 'requests':
      headers['x-ratelimit-limit-requests'] = String(planned.configured);
      headers['x-ratelimit-remaining-requests'] = '0';
      headers['x-ratelimit-reset-requests'] = `${Math.ceil(retryAfterMs / 1000)}s`;
      return new GatewayHttpError(
        429,
        `rate limit reached for key ${key.id}: ${planned.configured} requests per minute; ${wait}`,
        'rate_limit_error',
        'rate_limit_exceeded',
        null,
        headers,
      );
    case 'tokens':
      headers['x-ratelimit-limit-tokens'] = String(planned.configured);
      headers['x-ratelimit-remaining-tokens'] = '0';
      headers['x-ratelimit-reset-tokens'] = `${Math.ceil(retryAfterMs / 1000)}s`;
      return new GatewayHttpError(
        429,
        `rate limit reached for key ${key.id}: ${planned.configured} tokens per minute (used ${used}); ${wait}`,
        'rate_limit_error',
        'rate_limit_exceeded',
        null,
        headers,
      );
    case 'usd-day':
    case 'usd-month': {
      const period = planned.kind === 'usd-day' ? 'UTC day' : 'UTC month';
      return new GatewayHttpError(
        429,
        `budget exhausted for key ${key.id}: $${(used / microUsdPerUsd).toFixed(4)} spent of $${planned.configured} this ${period}; ${wait}`,
        'insufficient_quota',
        'insufficient_quota',
        null,
        headers,
      );
    }
  }
}

/** The minute, day and month windows of one minute (the hot path computes them once a minute). */
interface Windows {
  minuteIndex: number;
  minute: Window;
  day: Window;
  month: Window;
}

function windowsAt(nowMs: number): Windows {
  return {
    minuteIndex: Math.floor(nowMs / 60_000),
    minute: minuteWindow(nowMs),
    day: dayWindow(nowMs),
    month: monthWindow(nowMs),
  };
}

export class KeyLimiter {
  private windows: Windows;
  /** Counter names per key id for `windows`: the store's map then hashes a string it has seen, not a new one. */
  private names = new Map<string, CounterNames>();
  private plannedByKey = new WeakMap<ClientKeyRecord, PlannedCharges>();

  constructor(
    private readonly store: LimitStore,
    private readonly nowMs: () => number,
    private readonly log: (line: string) => void,
  ) {
    this.windows = windowsAt(nowMs());
  }

  /** The windows of `nowMs` (day and month change only on a minute boundary, so a minute's cache holds). */
  private windowsOf(nowMs: number): Windows {
    if (Math.floor(nowMs / 60_000) !== this.windows.minuteIndex) {
      this.windows = windowsAt(nowMs);
      this.names = new Map();
    }
    return this.windows;
  }

  private namesOf(keyId: string, windows: Windows): CounterNames {
    let names = this.names.get(keyId);
    if (names === undefined) {
      names = {
        rpm: counterKey(keyId, 'rpm', windows.minute),
        tpm: counterKey(keyId, 'tpm', windows.minute),
        usdDay: counterKey(keyId, 'usd-day', windows.day),
        usdMonth: counterKey(keyId, 'usd-month', windows.month),
      };
      if (this.names.size >= cachedKeyNames) this.names.clear();
      this.names.set(keyId, names);
    }
    return names;
  }

  private plan(key: ClientKeyRecord, nowMs: number): PlannedCharge[] {
    const limits = key.limits ?? {};
    const planned: PlannedCharge[] = [];
    const windows = this.windowsOf(nowMs);
    const names = this.namesOf(key.id, windows);
    const minute = windows.minute;
    if (limits.requestsPerMinute !== undefined)
      planned.push({
        kind: 'requests',
        configured: limits.requestsPerMinute,
        charge: {
          counterKey: names.rpm,
          amount: 1,
          limit: limits.requestsPerMinute,
          windowEndMs: minute.endMs,
        },
      });
    if (limits.tokensPerMinute !== undefined)
      planned.push({
        kind: 'tokens',
        configured: limits.tokensPerMinute,
        charge: {
          counterKey: names.tpm,
          amount: 0,
          limit: limits.tokensPerMinute,
          windowEndMs: minute.endMs,
        },
      });
    if (limits.usdPerDay !== undefined) {
      const day = windows.day;
      planned.push({
        kind: 'usd-day',
        configured: limits.usdPerDay,
        charge: {
          counterKey: names.usdDay,
          amount: 0,
          limit: Math.round(limits.usdPerDay * microUsdPerUsd),
          windowEndMs: day.endMs,
        },
      });
    }
    if (limits.usdPerMonth !== undefined) {
      const month = windows.month;
      planned.push({
        kind: 'usd-month',
        configured: limits.usdPerMonth,
        charge: {
          counterKey: names.usdMonth,
          amount: 0,
          limit: Math.round(limits.usdPerMonth * microUsdPerUsd),
          windowEndMs: month.endMs,
        },
      });
    }
    return planned;
  }

  /**
   * A key's planned charges for the current minute, built once per key record and minute
   * (the record changes when the keys file is reloaded, so new limits take effect).
   */
  private plannedFor(key: ClientKeyRecord, nowMs: number): PlannedCharges {
    const windows = this.windowsOf(nowMs);
    const cached = this.plannedByKey.get(key);
    if (cached !== undefined && cached.minuteIndex === windows.minuteIndex) return cached;
    const planned = this.plan(key, nowMs);
    const fresh = { minuteIndex: windows.minuteIndex, planned, charges: planned.map((entry) => entry.charge) };
    this.plannedByKey.set(key, fresh);
    return fresh;
  }

  /**
   * Admits the request (counting it) or returns the 429 to answer. With the in-process store
   * the answer comes at once (no promise); with Redis it is a promise.
   */
  admit(key: ClientKeyRecord): GatewayHttpError | undefined | Promise<GatewayHttpError | undefined> {
    if (!hasLimits(key)) return undefined;
    const nowMs = this.nowMs();
    const planned = this.plannedFor(key, nowMs);
    let result: ConsumeResult | Promise<ConsumeResult>;
    try {
      result = this.store.consume(planned.charges);
    } catch (error) {
      return this.admittedUnchecked(key, error);
    }
    if (result instanceof Promise)
      return result.then(
        (settled) => verdict(key, planned.planned, settled, nowMs),
        (error: unknown) => this.admittedUnchecked(key, error),
      );
    return verdict(key, planned.planned, result, nowMs);
  }

  /** The store failed: the request is admitted and the failure logged (limits fail open). */
  private admittedUnchecked(key: ClientKeyRecord, error: unknown): undefined {
    this.log(
      `limit store failed, request of key ${key.id} admitted unchecked: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }

  /** Charges an answer's tokens and cost (unknown cost: tokens only) to the key's windows. */
  charge(key: ClientKeyRecord, tokens: number, costUsd: number | null): void {
    const limits = key.limits;
    if (limits === undefined) return;
    const windows = this.windowsOf(this.nowMs());
    const names = this.namesOf(key.id, windows);
    if (limits.tokensPerMinute !== undefined && tokens > 0)
      this.add(key, names.tpm, Math.round(tokens), windows.minute.endMs);
    // Rounded up to the micro-USD: a budget is never under-counted.
    const microUsd = costUsd === null ? 0 : Math.ceil(costUsd * microUsdPerUsd);
    if (microUsd > 0 && limits.usdPerDay !== undefined) this.add(key, names.usdDay, microUsd, windows.day.endMs);
    if (microUsd > 0 && limits.usdPerMonth !== undefined) this.add(key, names.usdMonth, microUsd, windows.month.endMs);
  }

  private add(key: ClientKeyRecord, counter: string, amount: number, windowEndMs: number): void {
    try {
      const pending = this.store.add(counter, amount, windowEndMs);
      if (pending !== undefined) pending.catch((error: unknown) => this.notCounted(key, error));
    } catch (error) {
      this.notCounted(key, error);
    }
  }

  private notCounted(key: ClientKeyRecord, error: unknown): void {
    this.log(
      `limit store failed, usage of key ${key.id} not counted: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
