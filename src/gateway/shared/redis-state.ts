/**
 * Gateway state shared through one Redis, for several instances behind a load balancer.
 *
 * - Circuit breakers: a phase change here (closed -> open, open -> half-open, -> closed) is
 *   written to a hash and published; peers apply it to their local map within a pub/sub
 *   delivery (about a millisecond on a LAN). Each instance counts its own consecutive
 *   failures; the phase is shared, so a breaker one instance opens is honoured by all.
 * - In-flight counts: every `syncIntervalMs` one Lua call reports this instance's counts
 *   (a hash that expires unless refreshed) and returns the sum of every live peer's. The
 *   planner adds that sum to its own counts: `maxConcurrency` holds across instances to
 *   within what arrives during one interval.
 * - Routing: a version applied here is stored (only if newer than the stored one: a Lua
 *   compare-and-set) and published; peers apply it through their own validation. A gateway
 *   that starts, or reconnects, applies the stored version if it is newer than its own, and
 *   publishes its own if that is newer.
 *
 * The request path never waits on Redis: it reads local maps. When Redis is down the gateway
 * keeps serving on local state and reconciles when Redis is back (docs/gateway.md).
 */
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { CircuitState } from '../../core/routing/circuit.ts';
import type { CompiledRouting } from '../../core/routing/compile.ts';
import type { GatewayState } from '../state.ts';
import {
  createRedisClient,
  RedisScript,
  redactedRedisUrl,
  whenReady,
  type RedisConnectionOptions,
} from './redis-connection.ts';
import type { SharedGatewayState, SharedStateHost } from './types.ts';

export interface RedisSharedStateOptions extends RedisConnectionOptions {
  /** Prefix of every key and channel (two fleets may share one Redis with different prefixes). */
  keyPrefix?: string;
  /** How often in-flight counts are exchanged. */
  syncIntervalMs?: number;
  /** A peer that has not reported for this long is taken as gone (its counts are dropped). */
  peerTimeoutMs?: number;
  /** How long attach waits for the first connection before starting on local state. */
  startWaitMs?: number;
  /** How often stored circuits and routing are re-read, in case a pub/sub message was lost. */
  reconcileIntervalMs?: number;
  /** Identifies this instance to its peers (default: a random id). */
  instanceId?: string;
}

type SharedEvent =
  | { kind: 'circuit'; from: string; target: string; circuit: CircuitState }
  | { kind: 'routing'; from: string; version: number };

/** Reports this instance's in-flight counts and returns the live peers' sums (target, count, ...). */
const inFlightScript = new RedisScript(`
local prefix = ARGV[1]
local me = ARGV[2]
local now = tonumber(ARGV[3])
local ttl = tonumber(ARGV[4])
local instances = prefix .. 'inflight:instances'
redis.call('ZADD', instances, now, me)
redis.call('ZREMRANGEBYSCORE', instances, '-inf', now - ttl)
local mine = prefix .. 'inflight:' .. me
redis.call('DEL', mine)
if #ARGV > 4 then
  redis.call('HSET', mine, unpack(ARGV, 5))
  redis.call('PEXPIRE', mine, ttl)
end
local totals = {}
local names = {}
for _, id in ipairs(redis.call('ZRANGE', instances, 0, -1)) do
  if id ~= me then
    local counts = redis.call('HGETALL', prefix .. 'inflight:' .. id)
    for index = 1, #counts, 2 do
      local name = counts[index]
      if totals[name] == nil then
        totals[name] = 0
        names[#names + 1] = name
      end
      totals[name] = totals[name] + tonumber(counts[index + 1])
    end
  end
end
local reply = {}
for _, name in ipairs(names) do
  reply[#reply + 1] = name
  reply[#reply + 1] = totals[name]
end
return reply
`);

/** Stores the routing config if its version is newer than the stored one, then publishes; returns 1 when stored. */
const publishRoutingScript = new RedisScript(`
local current = redis.call('HGET', KEYS[1], 'version')
if current and tonumber(current) >= tonumber(ARGV[1]) then return 0 end
redis.call('HSET', KEYS[1], 'version', ARGV[1], 'config', ARGV[2], 'from', ARGV[3])
redis.call('PUBLISH', KEYS[2], ARGV[4])
return 1
`);

function isCircuitState(value: unknown): value is CircuitState {
  if (value === null || typeof value !== 'object') return false;
  const phase = (value as { phase?: unknown }).phase;
  return phase === 'closed' || phase === 'open' || phase === 'half-open';
}

function parseEvent(text: string): SharedEvent | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object') return undefined;
    const event = parsed as Record<string, unknown>;
    if (typeof event.from !== 'string') return undefined;
    if (event.kind === 'circuit' && typeof event.target === 'string' && isCircuitState(event.circuit))
      return { kind: 'circuit', from: event.from, target: event.target, circuit: event.circuit };
    if (event.kind === 'routing' && typeof event.version === 'number')
      return { kind: 'routing', from: event.from, version: event.version };
    return undefined;
  } catch {
    return undefined;
  }
}

function sameCircuit(left: CircuitState | undefined, right: CircuitState): boolean {
  return left !== undefined && JSON.stringify(left) === JSON.stringify(right);
}

export class RedisSharedState implements SharedGatewayState {
  readonly description: string;
  readonly instanceId: string;
  private readonly commands: Redis;
  private readonly subscriber: Redis;
  private readonly prefix: string;
  private readonly syncIntervalMs: number;
  private readonly peerTimeoutMs: number;
  private readonly startWaitMs: number;
  private host: SharedStateHost | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reconcileTimer: NodeJS.Timeout | undefined;
  /** When each target's circuit last changed here: a re-read does not undo a change still on its way to Redis. */
  private readonly localChangeMs = new Map<string, number>();
  private readonly reconcileIntervalMs: number;
  private syncing = false;
  private lastSyncOkMs = 0;
  private healthy: boolean | undefined;
  /** The version being applied because a peer published it: not published back. */
  private applyingPeerVersion: number | undefined;
  private closed = false;

  constructor(
    readonly url: string,
    options: RedisSharedStateOptions = {},
    private readonly nowMs: () => number = Date.now,
  ) {
    this.instanceId = options.instanceId ?? randomUUID().slice(0, 8);
    this.prefix = options.keyPrefix ?? 'switchyard:';
    this.syncIntervalMs = options.syncIntervalMs ?? 100;
    this.peerTimeoutMs = options.peerTimeoutMs ?? 3_000;
    this.startWaitMs = options.startWaitMs ?? 2_000;
    this.reconcileIntervalMs = options.reconcileIntervalMs ?? 5_000;
    this.description = redactedRedisUrl(url);
    this.commands = createRedisClient(url, `switchyard-${this.instanceId}`, false, options);
    this.subscriber = createRedisClient(url, `switchyard-${this.instanceId}-events`, true, options);
  }

  private get eventsChannel(): string {
    return `${this.prefix}events`;
  }

  private get circuitsKey(): string {
    return `${this.prefix}circuits`;
  }

  private get routingKey(): string {
    return `${this.prefix}routing`;
  }

  async attach(host: SharedStateHost): Promise<void> {
    this.host = host;
    const state = host.state;
    state.attachPeers({
      circuitChanged: (target, circuit) => this.publishCircuit(target, circuit),
      routingReplaced: (routing) => this.routingReplaced(routing),
    });
    this.subscriber.on('message', (_channel: string, text: string) => this.onEvent(text));
    const subscribed = this.subscriber.subscribe(this.eventsChannel).then(
      () => true,
      () => false,
    );
    // Every (re)connection reconciles: a peer may have moved on while this one was cut off
    // (pub/sub does not redeliver what a disconnected subscriber missed).
    this.commands.on('ready', () => void this.reconcile());
    this.subscriber.on('ready', () => void this.reconcile());
    this.commands.on('close', () => this.setHealthy(false, 'connection closed'));
    const ready = await whenReady(this.commands, this.startWaitMs);
    // Subscribed before the first reconciliation, so no change falls between the two.
    const listening = ready && (await Promise.race([subscribed, whenReady(this.subscriber, this.startWaitMs)]));
    if (ready && listening) await this.reconcile();
    else this.setHealthy(false, `no answer within ${this.startWaitMs} ms`);
    this.timer = setInterval(() => void this.syncInFlight(), this.syncIntervalMs);
    this.timer.unref();
    // A safety net for a message lost some other way: reconcile every few seconds (two reads).
    this.reconcileTimer = setInterval(() => void this.reconcile(), this.reconcileIntervalMs);
    this.reconcileTimer.unref();
  }

  private setHealthy(healthy: boolean, reason: string | null): void {
    if (this.closed || this.healthy === healthy) return;
    const first = this.healthy === undefined;
    this.healthy = healthy;
    if (healthy)
      this.host?.log(
        `shared state: ${first ? 'using' : 'reconnected to'} redis ${this.description} (instance ${this.instanceId})`,
      );
    else
      this.host?.log(
        `shared state: redis ${this.description} unreachable (${reason}); serving on this instance's own breaker, in-flight and routing state until it is back`,
      );
  }

  /** Applies the stored circuits and routing, or publishes ours when it is newer. */
  private async reconcile(): Promise<void> {
    const host = this.host;
    if (host === undefined || this.closed) return;
    try {
      const [circuits, stored] = await Promise.all([
        this.commands.hgetall(this.circuitsKey),
        this.commands.hmget(this.routingKey, 'version', 'config'),
      ]);
      for (const [target, text] of Object.entries(circuits)) this.applyPeerCircuit(target, text, true);
      const storedVersion = stored[0] === null ? undefined : Number(stored[0]);
      const localVersion = host.state.routing.version;
      if (storedVersion !== undefined && storedVersion > localVersion && stored[1] !== null)
        this.applyPeerRouting(storedVersion, stored[1], 'redis (stored)');
      else if (storedVersion === undefined || storedVersion < localVersion) this.routingReplaced(host.state.routing);
      this.setHealthy(true, null);
    } catch (error) {
      this.setHealthy(false, error instanceof Error ? error.message : String(error));
    }
  }

  /**
   * A stored circuit at (re)connection. A breaker this instance opened while Redis was
   * unreachable stays open here rather than being closed by an older stored state; it is not
   * pushed to the peers either (the cool-down's probe settles it).
   */
  private applyPeerCircuit(target: string, text: string, reconciling: boolean): void {
    const state = this.host?.state;
    if (state === undefined || !state.upstreams.has(target)) return;
    try {
      const circuit: unknown = JSON.parse(text);
      if (!isCircuitState(circuit)) return;
      const local = state.circuits.get(target);
      if (reconciling && this.nowMs() - (this.localChangeMs.get(target) ?? Number.NEGATIVE_INFINITY) < 1_000) return;
      if (reconciling && circuit.phase === 'closed' && local !== undefined && local.phase !== 'closed') return;
      if (!sameCircuit(local, circuit)) state.circuits.setFromPeer(target, circuit);
    } catch {
      // not ours: ignore
    }
  }

  private applyPeerRouting(version: number, configText: string, source: string): void {
    const host = this.host;
    if (host === undefined || version <= host.state.routing.version) return;
    let config: unknown;
    try {
      config = JSON.parse(configText);
    } catch {
      host.log(`shared state: routing version ${version} from ${source} is not JSON; ignored`);
      return;
    }
    this.applyingPeerVersion = version;
    try {
      host.applyRouting(config, source);
    } finally {
      this.applyingPeerVersion = undefined;
    }
  }

  private onEvent(text: string): void {
    const event = parseEvent(text);
    if (event === undefined || event.from === this.instanceId || this.host === undefined) return;
    if (event.kind === 'circuit') {
      const state = this.host.state;
      if (state.upstreams.has(event.target) && !sameCircuit(state.circuits.get(event.target), event.circuit))
        state.circuits.setFromPeer(event.target, event.circuit);
      return;
    }
    if (event.version <= this.host.state.routing.version) return;
    // The event says which version; the config is read from the hash (one copy, never stale).
    void this.commands
      .hmget(this.routingKey, 'version', 'config')
      .then(([version, config]) => {
        if (version !== null && config !== null)
          this.applyPeerRouting(Number(version), config, `redis (instance ${event.from})`);
      })
      .catch((error: unknown) => this.setHealthy(false, error instanceof Error ? error.message : String(error)));
  }

  private publishCircuit(target: string, circuit: CircuitState): void {
    if (this.closed) return;
    this.localChangeMs.set(target, this.nowMs());
    const circuitText = JSON.stringify(circuit);
    const event = JSON.stringify({ kind: 'circuit', from: this.instanceId, target, circuit });
    this.commands
      .pipeline()
      .hset(this.circuitsKey, target, circuitText)
      .publish(this.eventsChannel, event)
      .exec()
      .catch((error: unknown) => this.setHealthy(false, error instanceof Error ? error.message : String(error)));
  }

  private routingReplaced(routing: CompiledRouting): void {
    if (this.closed || this.applyingPeerVersion === routing.version) return;
    const event = JSON.stringify({ kind: 'routing', from: this.instanceId, version: routing.version });
    publishRoutingScript
      .run(
        this.commands,
        [this.routingKey, this.eventsChannel],
        [String(routing.version), JSON.stringify(routing.config), this.instanceId, event],
      )
      .catch((error: unknown) => this.setHealthy(false, error instanceof Error ? error.message : String(error)));
  }

  private async syncInFlight(): Promise<void> {
    const state: GatewayState | undefined = this.host?.state;
    if (state === undefined || this.syncing || this.closed) return;
    this.syncing = true;
    try {
      const counts: string[] = [];
      for (const [name, count] of state.localInFlight) if (count > 0) counts.push(name, String(count));
      const reply = (await inFlightScript.run(
        this.commands,
        [],
        [this.prefix, this.instanceId, String(this.nowMs()), String(this.peerTimeoutMs), ...counts],
      )) as Array<string | number>;
      const peers = new Map<string, number>();
      for (let index = 0; index + 1 < reply.length; index += 2)
        peers.set(String(reply[index]), Number(reply[index + 1]));
      state.setPeerInFlight(peers);
      this.lastSyncOkMs = this.nowMs();
    } catch (error) {
      // Peers' counts older than the peer timeout are no evidence any more: count alone.
      if (this.nowMs() - this.lastSyncOkMs > this.peerTimeoutMs) state.setPeerInFlight(new Map());
      this.setHealthy(false, error instanceof Error ? error.message : String(error));
    } finally {
      this.syncing = false;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.reconcileTimer) clearInterval(this.reconcileTimer);
    try {
      if (this.commands.status === 'ready')
        await this.commands
          .pipeline()
          .zrem(`${this.prefix}inflight:instances`, this.instanceId)
          .del(`${this.prefix}inflight:${this.instanceId}`)
          .exec();
    } catch {
      // going away anyway: the peers drop this instance after the peer timeout
    }
    this.commands.disconnect();
    this.subscriber.disconnect();
  }
}
