/**
 * Redis connections for shared gateway state. Commands fail fast while Redis is down (no
 * offline queue, a command timeout) so a request never waits on a dead Redis; the client
 * reconnects by itself with a capped backoff.
 */
import { createHash } from 'node:crypto';
import { Redis } from 'ioredis';

export interface RedisConnectionOptions {
  /** Longest one command may take before it counts as failed. */
  commandTimeoutMs?: number;
  /** Longest to wait for a (re)connection attempt. */
  connectTimeoutMs?: number;
}

/** The URL without its password, for messages. */
export function redactedRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://(unparseable URL)';
  }
}

/** True for `redis://` and `rediss://` URLs. */
export function isRedisUrl(text: string): boolean {
  return /^rediss?:\/\//i.test(text);
}

/**
 * A command connection (`subscriber: false`: no offline queue, commands fail at once while
 * disconnected) or a subscriber connection (its SUBSCRIBE waits for the connection and is
 * renewed after every reconnect).
 */
export function createRedisClient(
  url: string,
  connectionName: string,
  subscriber: boolean,
  options: RedisConnectionOptions = {},
): Redis {
  const client = new Redis(url, {
    connectionName,
    enableOfflineQueue: subscriber,
    maxRetriesPerRequest: subscriber ? null : 0,
    commandTimeout: subscriber ? undefined : (options.commandTimeoutMs ?? 1_000),
    connectTimeout: options.connectTimeoutMs ?? 2_000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 2_000),
    autoResubscribe: true,
  });
  // Connection errors are reported through the callers' state logging; an 'error' event
  // without a listener would be printed by ioredis on every reconnect attempt.
  client.on('error', () => undefined);
  return client;
}

/** Resolves true once the client is ready, false after `giveUpAfterMs` (it keeps trying in the background). */
export function whenReady(client: Redis, giveUpAfterMs: number): Promise<boolean> {
  if (client.status === 'ready') return Promise.resolve(true);
  return new Promise((resolveReady) => {
    const timer = setTimeout(() => {
      client.off('ready', onReady);
      resolveReady(false);
    }, giveUpAfterMs);
    timer.unref();
    const onReady = (): void => {
      clearTimeout(timer);
      resolveReady(true);
    };
    client.once('ready', onReady);
  });
}

/** A Lua script run by its SHA1 (EVALSHA), so only the hash travels once Redis has it cached. */
export class RedisScript {
  private readonly sha1: string;

  constructor(readonly source: string) {
    this.sha1 = createHash('sha1').update(source).digest('hex');
  }

  /** EVALSHA, and EVAL once when Redis does not have the script yet (a restart, a flush). */
  async run(client: Redis, keys: ReadonlyArray<string>, args: ReadonlyArray<string>): Promise<unknown> {
    try {
      return await client.evalsha(this.sha1, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return client.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}
