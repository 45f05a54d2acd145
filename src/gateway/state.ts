/**
 * The gateway's mutable state, in one place: the routing being served (swapped whole on
 * reload), per-target upstream handles (adapter, keep-alive pool, resolved key, prices),
 * circuit-breaker states and in-flight counts.
 *
 * State is in-process by default. With several gateways, `attachPeers` connects it to a
 * shared store (src/gateway/shared/redis-state.ts): circuit phase changes and routing
 * replacements are handed to the peers, and what the peers report comes back through
 * `circuits.setFromPeer` and `setPeerInFlight`. The request path reads only these local
 * maps, never the network.
 */
import { Pool } from 'undici';
import { builtInCatalog, lookupTokenPriced } from '../catalog/catalog.ts';
import { closedCircuit, type CircuitState } from '../core/routing/circuit.ts';
import type { CompiledRouting } from '../core/routing/compile.ts';
import { gpuShareRates, type AttemptTokenRates } from '../core/routing/pricing.ts';
import { targetLimitDefaults, type TargetConfig } from '../core/routing/schema.ts';
import { createAdapter } from '../providers/index.ts';
import type { ProviderAdapter, StreamConverterOptions, UpstreamTarget } from '../providers/types.ts';

/** A target's deadlines and size caps, defaults applied (docs/gateway.md, "Deadlines" and "Size caps"). */
export interface TargetLimits {
  firstTokenTimeoutMs: number;
  attemptTimeoutMs: number;
  maxResponseBytes: number;
  maxEventBytes: number;
}

export interface UpstreamHandle {
  name: string;
  config: TargetConfig;
  adapter: ProviderAdapter;
  pool: Pool;
  /** `http://host:port` of the base URL: paths are sent relative to it. */
  origin: string;
  /** Resolved from the env var named by apiKeyEnv; never logged. */
  apiKey: string | undefined;
  /** Undefined when the price is unknown: cost is then logged as null, never 0. */
  rates: AttemptTokenRates | undefined;
  limits: TargetLimits;
  /** Built once per target, handed to every stream converter. */
  converterOptions: StreamConverterOptions;
  /**
   * What the adapter builds requests for, built once when the target names its model (the
   * adapter may then cache per target); undefined when the client's model passes through.
   */
  upstreamTarget: UpstreamTarget | undefined;
}

/** A target's limits: its own settings, else the defaults. */
export function resolveLimits(target: TargetConfig): TargetLimits {
  return {
    firstTokenTimeoutMs: target.firstTokenTimeoutMs ?? targetLimitDefaults.firstTokenTimeoutMs,
    attemptTimeoutMs: target.attemptTimeoutMs ?? targetLimitDefaults.attemptTimeoutMs,
    maxResponseBytes: target.maxResponseBytes ?? targetLimitDefaults.maxResponseBytes,
    maxEventBytes: target.maxEventBytes ?? targetLimitDefaults.maxEventBytes,
  };
}

/** Prices for a target: configured per token, per GPU-hour share, a catalog id, or the catalog entry of its model. */
export function resolveRates(target: TargetConfig): AttemptTokenRates | undefined {
  const pricing = target.pricing;
  if (pricing && 'usdPerGpuHour' in pricing) return gpuShareRates(pricing);
  if (pricing && 'usdPerMillionInputTokens' in pricing) {
    return {
      usdPerMillionInputTokens: pricing.usdPerMillionInputTokens,
      usdPerMillionOutputTokens: pricing.usdPerMillionOutputTokens,
      usdPerMillionCachedInputTokens: pricing.usdPerMillionCachedInputTokens ?? pricing.usdPerMillionInputTokens,
    };
  }
  const entry = lookupTokenPriced(
    builtInCatalog,
    pricing && 'catalog' in pricing ? pricing.catalog : (target.model ?? ''),
  );
  if (entry === undefined) return undefined;
  const rates: AttemptTokenRates = {
    usdPerMillionInputTokens: entry.usdPerMillionInputTokens,
    usdPerMillionOutputTokens: entry.usdPerMillionOutputTokens,
    usdPerMillionCachedInputTokens: entry.usdPerMillionCachedInputTokens,
  };
  if (entry.usdPerMillionCacheWriteInputTokens !== undefined)
    rates.usdPerMillionCacheWriteInputTokens = entry.usdPerMillionCacheWriteInputTokens;
  return rates;
}

/** Where this gateway's state changes go when it shares state with other instances. */
export interface StatePeers {
  /** A target's circuit changed phase here (closed, open, half-open). */
  circuitChanged(target: string, circuit: CircuitState): void;
  /** A new routing version is being served here. */
  routingReplaced(routing: CompiledRouting): void;
}

/**
 * The circuit states the planner and executor read and write. A write that changes a
 * target's phase is reported to the peers (a comparison per write; nothing else on the hot
 * path); `setFromPeer` applies a peer's change without reporting it back.
 */
export class CircuitMap extends Map<string, CircuitState> {
  onPhaseChange: ((target: string, circuit: CircuitState) => void) | undefined;

  override set(target: string, circuit: CircuitState): this {
    const previous = super.get(target);
    super.set(target, circuit);
    if (this.onPhaseChange !== undefined && (previous?.phase ?? 'closed') !== circuit.phase)
      this.onPhaseChange(target, circuit);
    return this;
  }

  setFromPeer(target: string, circuit: CircuitState): void {
    super.set(target, circuit);
  }
}

function originOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  return url.origin;
}

export class GatewayState {
  routing: CompiledRouting;
  upstreams = new Map<string, UpstreamHandle>();
  readonly circuits = new CircuitMap();
  /** In-flight attempts per target as the planner sees them: this instance's plus the peers' last report. */
  readonly inFlight = new Map<string, number>();
  /** In-flight attempts per target started by this instance. */
  readonly localInFlight = new Map<string, number>();
  private peerInFlight: ReadonlyMap<string, number> = new Map();
  private peers: StatePeers | undefined;
  private readonly pools = new Map<string, Pool>();

  constructor(
    routing: CompiledRouting,
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly warn: (line: string) => void,
  ) {
    this.routing = routing;
    this.upstreams = this.buildUpstreams(routing);
  }

  /** Swaps the routing; circuit and in-flight state carry over for targets that keep their name. */
  replaceRouting(routing: CompiledRouting): void {
    const upstreams = this.buildUpstreams(routing);
    this.routing = routing;
    this.upstreams = upstreams;
    for (const name of [...this.circuits.keys()]) if (!upstreams.has(name)) this.circuits.delete(name);
    this.peers?.routingReplaced(routing);
  }

  /** Shares circuit phase changes and routing replacements with other instances from now on. */
  attachPeers(peers: StatePeers): void {
    this.peers = peers;
    this.circuits.onPhaseChange = (target, circuit) => peers.circuitChanged(target, circuit);
  }

  circuit(name: string): CircuitState {
    return this.circuits.get(name) ?? closedCircuit;
  }

  addInFlight(name: string, delta: number): void {
    const local = (this.localInFlight.get(name) ?? 0) + delta;
    this.localInFlight.set(name, local);
    this.inFlight.set(name, local + (this.peerInFlight.get(name) ?? 0));
  }

  /** The other instances' in-flight counts per target (replaces the previous report whole). */
  setPeerInFlight(peers: ReadonlyMap<string, number>): void {
    const previous = this.peerInFlight;
    this.peerInFlight = peers;
    for (const name of new Set([...previous.keys(), ...peers.keys(), ...this.localInFlight.keys()]))
      this.inFlight.set(name, (this.localInFlight.get(name) ?? 0) + (peers.get(name) ?? 0));
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pools.values()].map((pool) => pool.close()));
  }

  private pool(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: 512, keepAliveTimeout: 30_000, pipelining: 1 });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  private buildUpstreams(routing: CompiledRouting): Map<string, UpstreamHandle> {
    const upstreams = new Map<string, UpstreamHandle>();
    for (const [name, config] of Object.entries(routing.targets)) {
      const apiKey = config.apiKeyEnv ? this.env[config.apiKeyEnv] : undefined;
      if (config.apiKeyEnv && !apiKey)
        this.warn(`target ${name}: environment variable ${config.apiKeyEnv} is not set; requests go out without a key`);
      const origin = originOf(config.baseUrl);
      const limits = resolveLimits(config);
      upstreams.set(name, {
        name,
        config,
        adapter: createAdapter(config.provider),
        pool: this.pool(origin),
        origin,
        apiKey,
        rates: resolveRates(config),
        limits,
        converterOptions: { maxEventBytes: limits.maxEventBytes },
        upstreamTarget:
          config.model === undefined ? undefined : { baseUrl: config.baseUrl, model: config.model, apiKey },
      });
    }
    return upstreams;
  }
}
