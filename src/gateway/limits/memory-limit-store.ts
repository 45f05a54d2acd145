/**
 * In-process `LimitStore`: a map of counters, each forgotten once its window ends. The
 * default for one gateway; with several behind a load balancer each would count only its
 * own traffic, so they share the Redis store instead (docs/gateway.md, "Production layout").
 * Node runs the check-and-add of one call without interleaving, which makes it atomic.
 */
import type { ConsumeResult, CounterCharge, LimitStore } from './limit-store.ts';

interface Counter {
  value: number;
  windowEndMs: number;
}

/** Sweep ended windows once this many counters are held (bounds memory under many keys). */
const sweepAtCounters = 10_000;

export class MemoryLimitStore implements LimitStore {
  private readonly counters = new Map<string, Counter>();

  constructor(private readonly nowMs: () => number = Date.now) {}

  private current(counterKey: string, now: number): Counter | undefined {
    const counter = this.counters.get(counterKey);
    if (counter !== undefined && counter.windowEndMs <= now) {
      this.counters.delete(counterKey);
      return undefined;
    }
    return counter;
  }

  private sweep(now: number): void {
    if (this.counters.size < sweepAtCounters) return;
    for (const [counterKey, counter] of this.counters) if (counter.windowEndMs <= now) this.counters.delete(counterKey);
  }

  consume(charges: ReadonlyArray<CounterCharge>): ConsumeResult {
    const now = this.nowMs();
    const used = new Array<number>(charges.length);
    for (let index = 0; index < charges.length; index += 1) {
      const charge = charges[index];
      const value = this.current(charge.counterKey, now)?.value ?? 0;
      used[index] = value;
      if (value >= charge.limit || value + charge.amount > charge.limit) {
        for (let rest = index + 1; rest < charges.length; rest += 1)
          used[rest] = this.current(charges[rest].counterKey, now)?.value ?? 0;
        return { allowed: false, blockedIndex: index, used };
      }
    }
    this.sweep(now);
    for (let index = 0; index < charges.length; index += 1) {
      const charge = charges[index];
      used[index] = this.addNow(charge.counterKey, charge.amount, charge.windowEndMs, now);
    }
    return { allowed: true, blockedIndex: -1, used };
  }

  add(counterKey: string, amount: number, windowEndMs: number): void {
    const now = this.nowMs();
    this.sweep(now);
    this.addNow(counterKey, amount, windowEndMs, now);
  }

  async read(counterKeys: ReadonlyArray<string>): Promise<number[]> {
    const now = this.nowMs();
    return counterKeys.map((counterKey) => this.current(counterKey, now)?.value ?? 0);
  }

  async close(): Promise<void> {
    this.counters.clear();
  }

  private addNow(counterKey: string, amount: number, windowEndMs: number, now: number): number {
    if (windowEndMs <= now) return 0;
    const counter = this.current(counterKey, now);
    if (counter === undefined) {
      this.counters.set(counterKey, { value: amount, windowEndMs });
      return amount;
    }
    counter.value += amount;
    return counter.value;
  }
}
