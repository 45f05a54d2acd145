/**
 * `LimitStore` in Redis: the rate-limit and budget counters of virtual keys, shared by every
 * gateway instance. `consume` is one Lua script (Redis runs a script without interleaving),
 * so a limit of N admits exactly N across all instances; each counter expires when its
 * window ends (`PEXPIREAT`), so Redis holds only live windows.
 *
 * Admission needs an answer before the request goes upstream, so it is one round trip per
 * request that has limits (a LAN round trip; `npm run bench` measures it on loopback). When Redis does not answer, the store falls back to an in-process
 * `MemoryLimitStore` and says so once: limits are then enforced per instance (a fleet of N
 * admits up to N times a limit) until Redis is back, rather than refusing all traffic.
 */
import type { Redis } from 'ioredis';
import type { ConsumeResult, CounterCharge, LimitStore } from '../limits/limit-store.ts';
import { MemoryLimitStore } from '../limits/memory-limit-store.ts';
import {
  createRedisClient,
  RedisScript,
  redactedRedisUrl,
  whenReady,
  type RedisConnectionOptions,
} from './redis-connection.ts';

/**
 * KEYS: the counters. ARGV: amount, limit, windowEndMs for each, in KEYS order.
 * Reply: { allowed (1/0), blockedIndex (0-based, -1 when allowed), used... }.
 */
const consumeScript = new RedisScript(`
local used = {}
for index = 1, #KEYS do
  used[index] = tonumber(redis.call('GET', KEYS[index]) or '0')
end
for index = 1, #KEYS do
  local amount = tonumber(ARGV[(index - 1) * 3 + 1])
  local limit = tonumber(ARGV[(index - 1) * 3 + 2])
  if used[index] >= limit or used[index] + amount > limit then
    local reply = { 0, index - 1 }
    for position = 1, #used do reply[#reply + 1] = used[position] end
    return reply
  end
end
local reply = { 1, -1 }
for index = 1, #KEYS do
  local amount = tonumber(ARGV[(index - 1) * 3 + 1])
  local windowEnd = ARGV[(index - 1) * 3 + 3]
  local value = redis.call('INCRBY', KEYS[index], amount)
  redis.call('PEXPIREAT', KEYS[index], windowEnd)
  reply[#reply + 1] = value
end
return reply
`);

export interface RedisLimitStoreOptions extends RedisConnectionOptions {
  /** Prefix of the counter keys. */
  keyPrefix?: string;
  /** Called when Redis stops answering (the in-process fallback takes over) and when it answers again. */
  onStateChange?: (healthy: boolean, reason: string | null) => void;
}

export class RedisLimitStore implements LimitStore {
  readonly description: string;
  private readonly client: Redis;
  private readonly prefix: string;
  private readonly fallback: MemoryLimitStore;
  private healthy = true;
  /** The first connection: calls wait for it (bounded), later ones never wait on a connection. */
  private readonly firstConnection: Promise<boolean>;

  constructor(
    readonly url: string,
    private readonly options: RedisLimitStoreOptions = {},
    nowMs: () => number = Date.now,
  ) {
    this.description = redactedRedisUrl(url);
    this.prefix = options.keyPrefix ?? 'switchyard:limit:';
    this.client = createRedisClient(url, 'switchyard-limits', false, options);
    this.firstConnection = whenReady(this.client, options.connectTimeoutMs ?? 2_000);
    this.fallback = new MemoryLimitStore(nowMs);
  }

  /** Whether the last call reached Redis (false: counting in this process only). */
  get shared(): boolean {
    return this.healthy;
  }

  private ok(): void {
    if (this.healthy) return;
    this.healthy = true;
    this.options.onStateChange?.(true, null);
  }

  private failed(error: unknown): void {
    if (!this.healthy) return;
    this.healthy = false;
    this.options.onStateChange?.(false, error instanceof Error ? error.message : String(error));
  }

  async consume(charges: ReadonlyArray<CounterCharge>): Promise<ConsumeResult> {
    if (charges.length === 0) return { allowed: true, blockedIndex: -1, used: [] };
    const argv: string[] = [];
    for (const charge of charges)
      argv.push(String(Math.round(charge.amount)), String(charge.limit), String(Math.ceil(charge.windowEndMs)));
    try {
      await this.firstConnection;
      const reply = (await consumeScript.run(
        this.client,
        charges.map((charge) => this.prefix + charge.counterKey),
        argv,
      )) as number[];
      this.ok();
      return { allowed: reply[0] === 1, blockedIndex: Number(reply[1]), used: reply.slice(2).map(Number) };
    } catch (error) {
      this.failed(error);
      return this.fallback.consume(charges);
    }
  }

  async add(counterKey: string, amount: number, windowEndMs: number): Promise<void> {
    try {
      await this.firstConnection;
      await this.client
        .multi()
        .incrby(this.prefix + counterKey, Math.round(amount))
        .pexpireat(this.prefix + counterKey, Math.ceil(windowEndMs))
        .exec();
      this.ok();
    } catch (error) {
      this.failed(error);
      await this.fallback.add(counterKey, amount, windowEndMs);
    }
  }

  async read(counterKeys: ReadonlyArray<string>): Promise<number[]> {
    if (counterKeys.length === 0) return [];
    try {
      await this.firstConnection;
      const values = await this.client.mget(...counterKeys.map((counterKey) => this.prefix + counterKey));
      this.ok();
      return values.map((value) => (value === null ? 0 : Number(value)));
    } catch (error) {
      this.failed(error);
      return this.fallback.read(counterKeys);
    }
  }

  async close(): Promise<void> {
    this.client.disconnect();
    await this.fallback.close();
  }
}
