/**
 * Shared state: what a key-limit admission costs when the counters live in Redis (one Lua
 * script, one round trip) against the in-process store, on loopback, in the same run.
 * Breakers, in-flight counts and routing cost nothing per request (local copies kept current
 * by pub/sub), so the admission is the only per-request Redis call. Skipped when
 * redis-server is not installed.
 */
import { performance } from 'node:perf_hooks';
import type { CounterCharge, LimitStore } from '../src/gateway/limits/limit-store.ts';
import { MemoryLimitStore } from '../src/gateway/limits/memory-limit-store.ts';
import { RedisLimitStore } from '../src/gateway/shared/redis-limit-store.ts';
import { findBinary, startRedis } from '../test/services/services.ts';
import type { BenchSection } from './types.ts';

const sequentialCalls = 3_000;
const concurrentCalls = 20_000;
const concurrency = 32;

function charges(index: number): CounterCharge[] {
  const windowEndMs = Date.now() + 600_000;
  // A key with requests/min, tokens/min and a daily budget: three counters, as the gateway checks them.
  return [
    { counterKey: `key:k${index % 50}:rpm:1`, amount: 1, limit: 1_000_000_000, windowEndMs },
    { counterKey: `key:k${index % 50}:tpm:1`, amount: 0, limit: 1_000_000_000, windowEndMs },
    { counterKey: `key:k${index % 50}:usd-day:1`, amount: 0, limit: 1_000_000_000, windowEndMs },
  ];
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * fraction))];
}

async function measure(store: LimitStore): Promise<{ p50Us: number; p99Us: number; callsPerSecond: number }> {
  for (let index = 0; index < 200; index += 1) await store.consume(charges(index));
  const latenciesUs: number[] = [];
  for (let index = 0; index < sequentialCalls; index += 1) {
    const startedAt = performance.now();
    await store.consume(charges(index));
    latenciesUs.push((performance.now() - startedAt) * 1000);
  }
  latenciesUs.sort((left, right) => left - right);
  let next = 0;
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < concurrentCalls) {
        next += 1;
        await store.consume(charges(next));
      }
    }),
  );
  const callsPerSecond = concurrentCalls / ((performance.now() - startedAt) / 1000);
  return { p50Us: percentile(latenciesUs, 0.5), p99Us: percentile(latenciesUs, 0.99), callsPerSecond };
}

export async function runSharedStateBench(): Promise<BenchSection> {
  const columns = ['limit store', 'admission p50 µs', 'p99 µs', `admissions/s (${concurrency} concurrent)`];
  const memory = await measure(new MemoryLimitStore());
  const rows: Array<Array<string | number>> = [
    [
      'in-process (MemoryLimitStore)',
      memory.p50Us.toFixed(1),
      memory.p99Us.toFixed(1),
      Math.round(memory.callsPerSecond),
    ],
  ];
  const notes = [
    `${sequentialCalls.toLocaleString('en-US')} sequential admissions for latency, then ${concurrentCalls.toLocaleString('en-US')} with ${concurrency} in flight for throughput; each checks three counters (requests/min, tokens/min, USD/day) as the gateway does.`,
  ];
  if (findBinary('redis-server') === undefined) {
    rows.push([
      'Redis (RedisLimitStore)',
      'skipped: redis-server is not installed (apt-get install redis-server)',
      '',
      '',
    ]);
    return { title: 'Shared state: key-limit admission, Redis vs in-process', columns, rows, notes };
  }
  const redis = await startRedis();
  const store = new RedisLimitStore(redis.url);
  try {
    const shared = await measure(store);
    rows.push([
      'Redis on loopback (RedisLimitStore, one Lua call)',
      shared.p50Us.toFixed(1),
      shared.p99Us.toFixed(1),
      Math.round(shared.callsPerSecond),
    ]);
    notes.push(
      `Added per admission by Redis at the median: ${Math.round(shared.p50Us - memory.p50Us)} µs on loopback (a LAN adds its round trip). Requests of keys without limits make no Redis call.`,
    );
  } finally {
    await store.close();
    await redis.stop();
  }
  return { title: 'Shared state: key-limit admission, Redis vs in-process', columns, rows, notes };
}
