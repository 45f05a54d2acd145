/**
 * The gateway's mutable state, in one place: the routing being served (swapped whole on
 * reload), per-target upstream handles (adapter, keep-alive pool, resolved key, prices),
 * circuit-breaker states and in-flight counts.
 */
import { Pool } from 'undici';
import { builtInCatalog, lookupTokenPriced } from '../catalog/catalog.ts';
import { closedCircuit, type CircuitState } from '../core/routing/circuit.ts';
import type { CompiledRouting } from '../core/routing/compile.ts';
import { gpuShareRates, type AttemptTokenRates } from '../core/routing/pricing.ts';
import { targetLimitDefaults, type TargetConfig } from '../core/routing/schema.ts';
import { createAdapter } from '../providers/index.ts';
import type { ProviderAdapter, StreamConverterOptions } from '../providers/types.ts';

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

function originOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  return url.origin;
}

export class GatewayState {
  routing: CompiledRouting;
  upstreams = new Map<string, UpstreamHandle>();
  readonly circuits = new Map<string, CircuitState>();
  readonly inFlight = new Map<string, number>();
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
  }

  circuit(name: string): CircuitState {
    return this.circuits.get(name) ?? closedCircuit;
  }

  addInFlight(name: string, delta: number): void {
    this.inFlight.set(name, (this.inFlight.get(name) ?? 0) + delta);
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
      });
    }
    return upstreams;
  }
}
