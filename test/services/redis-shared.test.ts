/**
 * Shared state on a real redis-server (started by test/services/services.ts): the Redis
 * LimitStore admits exactly N across independent connections racing each other, falls back
 * to in-process counting when Redis is gone; circuit phases, in-flight counts and routing
 * versions reach a second instance's GatewayState.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { validateRouting } from '../../src/gateway/config-file.ts';
import type { CounterCharge } from '../../src/gateway/limits/limit-store.ts';
import { RedisLimitStore } from '../../src/gateway/shared/redis-limit-store.ts';
import { RedisSharedState } from '../../src/gateway/shared/redis-state.ts';
import { GatewayState } from '../../src/gateway/state.ts';
import { compile, eventually } from '../gateway/harness.ts';
import { skipServices, startRedis, type RunningService } from './services.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function routingConfig(version: number, weights: Record<string, number> = { a: 1 }) {
  return {
    version,
    circuitBreaker: { failureThreshold: 2, cooldownMs: 60_000 },
    targets: {
      a: { provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', model: 'm' },
      b: { provider: 'openai-compatible', baseUrl: 'http://127.0.0.1:9/v1', model: 'm' },
    },
    routes: { chat: { weights } },
  };
}

interface Instance {
  state: GatewayState;
  shared: RedisSharedState;
  logLines: string[];
}

let prefixCounter = 0;

describe.skipIf(skipServices)('shared state in Redis', () => {
  let redis: RunningService;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  /** `count` instances of a new fleet (its own key prefix), or more of an existing one. */
  async function instances(count: number, version = 1, fleet?: string): Promise<Instance[]> {
    prefixCounter += 1;
    const keyPrefix = fleet ?? `test${prefixCounter}:`;
    const created: Instance[] = [];
    for (let index = 0; index < count; index += 1) {
      const logLines: string[] = [];
      const state = new GatewayState(compile(routingConfig(version)), {}, () => undefined);
      const shared = new RedisSharedState(redis.url, {
        keyPrefix,
        syncIntervalMs: 20,
        instanceId: `i${prefixCounter}-${index}`,
      });
      await shared.attach({
        state,
        log: (line) => logLines.push(line),
        applyRouting: (config) => {
          const validated = validateRouting(config);
          if (validated.ok && validated.routing.version > state.routing.version)
            state.replaceRouting(validated.routing);
          return { ok: validated.ok };
        },
      });
      cleanups.push(async () => {
        await shared.close();
        await state.close();
      });
      created.push({ state, shared, logLines });
    }
    return created;
  }

  it('RedisLimitStore.consume admits exactly N across connections racing each other', async () => {
    prefixCounter += 1;
    const stores = [0, 1, 2].map(() => new RedisLimitStore(redis.url, { keyPrefix: `limits${prefixCounter}:` }));
    cleanups.push(async () => {
      for (const store of stores) await store.close();
    });
    const windowEndMs = Date.now() + 60_000;
    const charges: CounterCharge[] = [
      { counterKey: 'key:k1:rpm:1', amount: 1, limit: 7, windowEndMs },
      { counterKey: 'team:ml:rpm:1', amount: 1, limit: 1_000, windowEndMs },
    ];
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, index) => stores[index % stores.length].consume(charges)),
    );
    expect(results.filter((result) => result.allowed)).toHaveLength(7);
    const refused = results.filter((result) => !result.allowed);
    expect(refused.every((result) => result.blockedIndex === 0)).toBe(true);
    // All or nothing: the team counter moved only for the admitted calls.
    expect(await stores[0].read(['key:k1:rpm:1', 'team:ml:rpm:1', 'never'])).toEqual([7, 7, 0]);
    await stores[1].add('key:k1:rpm:1', -2, windowEndMs);
    expect((await stores[2].consume(charges)).allowed).toBe(true);
    expect(await stores[0].read(['key:k1:rpm:1'])).toEqual([6]);
  });

  it('RedisLimitStore falls back to counting in-process when Redis does not answer, and says so', async () => {
    const changes: Array<[boolean, string | null]> = [];
    const store = new RedisLimitStore('redis://127.0.0.1:9', {
      onStateChange: (healthy, reason) => changes.push([healthy, reason]),
      connectTimeoutMs: 200,
    });
    cleanups.push(() => store.close());
    const charge = { counterKey: 'k', amount: 1, limit: 2, windowEndMs: Date.now() + 60_000 };
    const results = [];
    for (let index = 0; index < 3; index += 1) results.push((await store.consume([charge])).allowed);
    expect(results).toEqual([true, true, false]);
    expect(store.shared).toBe(false);
    expect(changes).toHaveLength(1);
    expect(changes[0][0]).toBe(false);
  });

  it('a breaker opened by one instance is honoured by the other; its close reaches it too', async () => {
    const [first, second] = await instances(2);
    const openedAtMs = Date.now();
    first.state.circuits.set('a', { phase: 'closed', consecutiveFailures: 1 });
    first.state.circuits.set('a', { phase: 'open', openedAtMs });
    await eventually(() => second.state.circuit('a').phase === 'open');
    expect(second.state.circuit('a')).toEqual({ phase: 'open', openedAtMs });
    first.state.circuits.set('a', { phase: 'closed', consecutiveFailures: 0 });
    await eventually(() => second.state.circuit('a').phase === 'closed');
    second.state.circuits.set('b', { phase: 'open', openedAtMs });
    await eventually(() => first.state.circuit('b').phase === 'open');
  });

  it('in-flight counts: each instance plans with its own plus the peers', async () => {
    const [first, second] = await instances(2);
    first.state.addInFlight('a', 3);
    second.state.addInFlight('a', 1);
    await eventually(() => first.state.inFlight.get('a') === 4 && second.state.inFlight.get('a') === 4);
    first.state.addInFlight('a', -3);
    await eventually(() => first.state.inFlight.get('a') === 1 && second.state.inFlight.get('a') === 1);
    expect(first.state.localInFlight.get('a')).toBe(0);
    // A peer that goes away stops counting.
    await second.shared.close();
    await eventually(() => first.state.inFlight.get('a') === 0);
  });

  it('Redis down at start: attach gives up after its wait, says so, and the state works locally', async () => {
    const logLines: string[] = [];
    const state = new GatewayState(compile(routingConfig(1)), {}, () => undefined);
    const shared = new RedisSharedState('redis://127.0.0.1:9', { startWaitMs: 200, connectTimeoutMs: 200 });
    cleanups.push(async () => {
      await shared.close();
      await state.close();
    });
    await shared.attach({ state, log: (line) => logLines.push(line), applyRouting: () => ({ ok: true }) });
    expect(logLines.join('\n')).toMatch(
      /shared state: redis redis:\/\/127\.0\.0\.1:9 unreachable .*serving on this instance's own/,
    );
    state.circuits.set('a', { phase: 'open', openedAtMs: Date.now() });
    state.addInFlight('a', 2);
    expect(state.circuit('a').phase).toBe('open');
    expect(state.inFlight.get('a')).toBe(2);
  });

  it('a Redis restart: instances reconnect, reconcile, and share again', async () => {
    const own = await startRedis();
    let restarted: RunningService | undefined;
    cleanups.push(async () => {
      await restarted?.stop();
    });
    const created: Instance[] = [];
    for (const index of [0, 1]) {
      const logLines: string[] = [];
      const state = new GatewayState(compile(routingConfig(1)), {}, () => undefined);
      const shared = new RedisSharedState(own.url, { syncIntervalMs: 20, instanceId: `restart-${index}` });
      await shared.attach({
        state,
        log: (line) => logLines.push(line),
        applyRouting: (config) => {
          const validated = validateRouting(config);
          if (validated.ok && validated.routing.version > state.routing.version)
            state.replaceRouting(validated.routing);
          return { ok: validated.ok };
        },
      });
      cleanups.push(async () => {
        await shared.close();
        await state.close();
      });
      created.push({ state, shared, logLines });
    }
    const [first, second] = created;
    await own.stop();
    await eventually(() => first.logLines.some((line) => /unreachable/.test(line)));
    // While Redis is away, a routing version applied on one instance stays there...
    const next = validateRouting(routingConfig(2, { b: 1 }));
    if (!next.ok) throw new Error(next.errors.join('; '));
    first.state.replaceRouting(next.routing);
    expect(second.state.routing.version).toBe(1);
    // ...and reaches the other once Redis is back (the first announces its newer version on reconnect).
    restarted = await startRedis({ port: own.port });
    await eventually(() => second.state.routing.version === 2, 500);
    expect(first.logLines.some((line) => /reconnected to redis/.test(line))).toBe(true);
    first.state.circuits.set('b', { phase: 'open', openedAtMs: Date.now() });
    await eventually(() => second.state.circuit('b').phase === 'open');
  });

  it('a routing version applied on one instance reaches the other; older versions do not go back', async () => {
    const [first, second] = await instances(2);
    const fleet = `test${prefixCounter}:`;
    const next = validateRouting(routingConfig(2, { b: 1 }));
    if (!next.ok) throw new Error(next.errors.join('; '));
    first.state.replaceRouting(next.routing);
    await eventually(() => second.state.routing.version === 2);
    expect(second.state.routing.config.routes.chat.weights).toEqual({ b: 1 });
    // An instance starting later with an older file takes the stored newer version at attach.
    const [late] = await instances(1, 1, fleet);
    expect(late.state.routing.version).toBe(2);
    // One starting with a newer file publishes it to the others.
    const newer = await instances(1, 5, fleet);
    expect(newer[0].state.routing.version).toBe(5);
    await eventually(() => first.state.routing.version === 5 && late.state.routing.version === 5);
  });
});
