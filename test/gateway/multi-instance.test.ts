/**
 * Issue 11, "more than one instance": two `switchyard gateway` processes on loopback share
 * one real PostgreSQL (request log) and one real Redis (breakers, in-flight, routing, key
 * limits), in front of mock upstreams. Both are started by test/services/services.ts.
 *
 * - rows from both gateways land in PostgreSQL once each;
 * - a key limited to N requests a minute is admitted exactly N times across both;
 * - a breaker opened by one gateway is honoured by the other (which never saw a failure);
 * - a routing version posted to one gateway is served by the other within a second.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../src/gateway/auth.ts';
import type { MockUpstream } from '../../src/gateway/mock-upstream/index.ts';
import { runCliInProcess } from '../cli/run-cli.ts';
import { skipServices, startPostgres, startRedis, type RunningService } from '../services/services.ts';
import { RedisSharedState } from '../../src/gateway/shared/redis-state.ts';
import {
  adminKey,
  chat as harnessChat,
  eventually,
  gatewayFor,
  hello,
  mock,
  openAiTarget,
  tempDir,
} from './harness.ts';

const bin = resolve(import.meta.dirname, '../../bin/switchyard.mjs');
const plainKey = 'sk-sy-multi-instance-plain-key';
const limitedKey = 'sk-sy-multi-instance-limited-key';
/** Requests a minute the limited key may make, across every gateway. */
const limitedRequestsPerMinute = 5;

interface GatewayProcess {
  url: string;
  stderr(): string;
  /** SIGTERM (drain, flush the log) and wait for the exit code. */
  stop(): Promise<number | null>;
}

const processes: GatewayProcess[] = [];

async function startGatewayProcess(configPath: string, databaseUrl: string, redisUrl: string): Promise<GatewayProcess> {
  const child = spawn(
    process.execPath,
    [bin, 'gateway', '--config', configPath, '--port', '0', '--db', databaseUrl, '--redis', redisUrl],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_COLOR: '1', SWITCHYARD_ADMIN_KEY: adminKey },
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolveExit) => child.on('close', (code) => resolveExit(code)));
  // Startup (tsx, tokenizer preload) on a busy 2-core machine: bounded at 60 s.
  for (let round = 0; round < 600 && !/listening on http/.test(stdout) && child.exitCode === null; round += 1)
    await new Promise((resolveWait) => setTimeout(resolveWait, 100));
  const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
  if (url === undefined) {
    child.kill('SIGKILL');
    throw new Error(`gateway did not start: ${stderr}`);
  }
  const handle: GatewayProcess = {
    url,
    stderr: () => stderr,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  processes.push(handle);
  return handle;
}

async function chat(
  gateway: GatewayProcess,
  key = plainKey,
): Promise<{ status: number; requestId: string | null; target: string | null }> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ model: 'chat', messages: [{ role: 'user', content: 'Hello there' }] }),
    signal: AbortSignal.timeout(20_000),
  });
  await response.text();
  return {
    status: response.status,
    requestId: response.headers.get('x-request-id'),
    target: response.headers.get('x-switchyard-target'),
  };
}

async function metricValue(gateway: GatewayProcess, series: string): Promise<number | undefined> {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  const line = text.split('\n').find((entry) => entry.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function routingVersion(gateway: GatewayProcess): Promise<number> {
  const body = (await (await fetch(`${gateway.url}/healthz`)).json()) as { routingVersion: number };
  return body.routingVersion;
}

/** Polls every 20 ms, at most `maxTries` times; true once the condition held. */
async function within(maxTries: number, condition: () => Promise<boolean>): Promise<boolean> {
  for (let attempt = 0; attempt < maxTries; attempt += 1) {
    if (await condition()) return true;
    await new Promise((resolveWait) => setTimeout(resolveWait, 20));
  }
  return false;
}

function routing(version: number, flaky: MockUpstream, good: MockUpstream, weights: Record<string, number>) {
  return {
    version,
    circuitBreaker: { failureThreshold: 2, cooldownMs: 600_000 },
    targets: {
      flaky: { provider: 'openai-compatible', baseUrl: flaky.url, model: 'mock-model' },
      good: { provider: 'openai-compatible', baseUrl: good.url, model: 'mock-model' },
    },
    routes: { chat: { weights, fallbacks: ['good'] } },
  };
}

describe.skipIf(skipServices)('two gateway instances on one PostgreSQL and one Redis', () => {
  let postgres: RunningService;
  let redis: RunningService;
  let flaky: MockUpstream;
  let good: MockUpstream;
  let first: GatewayProcess;
  let second: GatewayProcess;
  let databaseUrl: string;
  /** x-request-id of every answered request, by the gateway that answered it. */
  const requestIds: Record<'first' | 'second', string[]> = { first: [], second: [] };
  const answered = (gateway: GatewayProcess, requestId: string | null): void => {
    if (requestId !== null) requestIds[gateway === first ? 'first' : 'second'].push(requestId);
  };

  beforeAll(async () => {
    [postgres, redis, flaky, good] = await Promise.all([
      startPostgres(),
      startRedis(),
      mock({ name: 'flaky' }),
      mock({ name: 'good' }),
    ]);
    databaseUrl = postgres.url;
    const folder = tempDir();
    const keysPath = join(folder, 'keys.json');
    writeFileSync(
      keysPath,
      JSON.stringify({
        version: 1,
        keys: [
          {
            id: 'key_0123456789ab',
            name: 'limited',
            sha256: hashKey(limitedKey),
            prefix: 'sk-sy-mult',
            limits: { requestsPerMinute: limitedRequestsPerMinute },
            createdAt: '2026-01-01T00:00:00Z',
          },
        ],
      }),
    );
    // Each instance has its own copy of the config (as on separate hosts): what reaches the
    // second one goes through Redis, not through a shared file.
    const configs = [join(folder, 'a.yaml'), join(folder, 'b.yaml')];
    for (const path of configs)
      writeFileSync(
        path,
        JSON.stringify({
          ...routing(1, flaky, good, { flaky: 1 }),
          server: { keysFile: keysPath },
          keys: [{ id: 'plain', sha256: hashKey(plainKey) }],
        }),
      );
    [first, second] = await Promise.all(configs.map((path) => startGatewayProcess(path, databaseUrl, redis.url)));
  });

  afterAll(async () => {
    await Promise.allSettled(processes.map((entry) => entry.stop()));
    await Promise.allSettled([flaky?.close(), good?.close()]);
    await Promise.allSettled([postgres?.stop(), redis?.stop()]);
  });

  it('a key limited to N requests a minute is admitted exactly N times across both gateways', async () => {
    // Fixed minute windows: start early in a minute so all requests fall in one window.
    const intoMinuteMs = Date.now() % 60_000;
    if (intoMinuteMs > 45_000) await new Promise((resolveWait) => setTimeout(resolveWait, 60_000 - intoMinuteMs + 50));
    const gateways = Array.from({ length: 3 * limitedRequestsPerMinute }, (_, index) =>
      index % 2 === 0 ? first : second,
    );
    const results = await Promise.all(gateways.map((gateway) => chat(gateway, limitedKey)));
    results.forEach((result, index) => {
      if (result.status === 200) answered(gateways[index], result.requestId);
    });
    const statuses = results.map((result) => result.status);
    expect(
      statuses.filter((status) => status === 200),
      first.stderr() + second.stderr(),
    ).toHaveLength(limitedRequestsPerMinute);
    expect(statuses.filter((status) => status === 429)).toHaveLength(2 * limitedRequestsPerMinute);
  });

  it('a breaker opened by one gateway is honoured by the other', async () => {
    const before = flaky.stats().requests;
    flaky.setFault('500', { count: 2 });
    // Two failures on the first gateway open its breaker (threshold 2); good answers both.
    for (let index = 0; index < 2; index += 1) {
      const result = await chat(first);
      expect(result).toMatchObject({ status: 200, target: 'good' });
      answered(first, result.requestId);
    }
    expect(flaky.stats().requests - before).toBe(2);
    const opened = await within(
      50,
      async () => (await metricValue(second, 'switchyard_circuit_open{provider="flaky"}')) === 1,
    );
    expect(opened, second.stderr()).toBe(true);
    // The second gateway never saw flaky fail (and flaky would answer now), yet skips it.
    const result = await chat(second);
    expect(result).toMatchObject({ status: 200, target: 'good' });
    answered(second, result.requestId);
    expect(flaky.stats().requests - before).toBe(2);
  });

  it('a routing version posted to one gateway is served by the other within a second', async () => {
    const version = (await routingVersion(first)) + 1;
    const posted = await fetch(`${first.url}/admin/routing`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${adminKey}` },
      body: JSON.stringify(routing(version, flaky, good, { good: 1 })),
    });
    expect(posted.status, await posted.text()).toBe(200);
    // 50 polls 20 ms apart: about a second, plus the polls' own time.
    const switched = await within(50, async () => (await routingVersion(second)) === version);
    expect(switched, second.stderr()).toBe(true);
    expect(second.stderr()).toMatch(new RegExp(`routing version ${version} applied from redis`));
  });

  it('rows from both gateways land in PostgreSQL once each', async () => {
    for (let index = 0; index < 6; index += 1) {
      const gateway = index % 2 === 0 ? first : second;
      const result = await chat(gateway);
      expect(result.status).toBe(200);
      answered(gateway, result.requestId);
    }
    // SIGTERM drains and flushes each gateway's log.
    expect(await first.stop()).toBe(0);
    expect(await second.stop()).toBe(0);
    const client = new pg.Client(databaseUrl);
    await client.connect();
    try {
      const rows = await client.query<{ requestId: string; attempts: number; ids: number }>(
        'SELECT "requestId", count(*)::int AS attempts, count(DISTINCT "id")::int AS ids FROM request_log GROUP BY "requestId"',
      );
      const byRequest = new Map(rows.rows.map((row) => [row.requestId, row]));
      // Both gateways answered requests, and each answered request has its rows.
      expect(requestIds.first.length).toBeGreaterThan(0);
      expect(requestIds.second.length).toBeGreaterThan(0);
      for (const requestId of [...requestIds.first, ...requestIds.second])
        expect(byRequest.has(requestId), requestId).toBe(true);
      // Once each: every row id is distinct (the id is the primary key; this checks no attempt is missing
      // its own id), and the two breaker-opening requests have exactly their two attempts (flaky, good).
      for (const row of rows.rows) expect(row.attempts).toBe(row.ids);
      const attempts = await client.query<{ attempt: number; provider: string; outcome: string }>(
        'SELECT "attempt", "provider", "outcome" FROM request_log WHERE "requestId" = $1 ORDER BY "attempt"',
        [requestIds.first.at(-4)],
      );
      expect(attempts.rows.map((row) => `${row.provider}:${row.outcome}`)).toEqual(['flaky:fallback', 'good:success']);
    } finally {
      await client.end();
    }
    // `switchyard logs` reads the fleet's log from PostgreSQL like a SQLite file.
    const exported = await runCliInProcess(['logs', '--db', databaseUrl, '--format', 'jsonl']);
    expect(exported.exitCode, exported.stderr).toBe(0);
    const exportedIds = new Set(
      exported.stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { requestId: string }).requestId),
    );
    for (const requestId of [...requestIds.first, ...requestIds.second]) expect(exportedIds.has(requestId)).toBe(true);
    const table = await runCliInProcess(['logs', '--db', databaseUrl, '--by', 'key']);
    expect(table.stdout).toMatch(/key_0123456789ab/);
  });
});

describe.skipIf(skipServices)('two in-process gateways sharing in-flight counts through Redis', () => {
  let redis: RunningService;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('a target at its maxConcurrency on one gateway makes the other overflow', async () => {
    const slow = await mock({ name: 'slow', latencyMs: 1_500 });
    const spare = await mock({ name: 'spare' });
    const config = {
      version: 1,
      targets: {
        slow: openAiTarget(slow, { maxConcurrency: 1 }),
        spare: openAiTarget(spare),
      },
      routes: { chat: { weights: { slow: 1 }, overflow: 'spare' } },
    };
    const sharedStates = [
      new RedisSharedState(redis.url, { syncIntervalMs: 20 }),
      new RedisSharedState(redis.url, { syncIntervalMs: 20 }),
    ];
    const [first, second] = await Promise.all(sharedStates.map((shared) => gatewayFor(config, { shared })));
    try {
      // The first gateway's only slot on `slow` is taken by a request that takes 1.5 s.
      const occupying = harnessChat(first.gateway.url, hello);
      await eventually(() => second.gateway.state.inFlight.get('slow') === 1);
      expect(second.gateway.state.localInFlight.get('slow') ?? 0).toBe(0);
      const overflowed = await harnessChat(second.gateway.url, hello);
      expect(overflowed.status).toBe(200);
      expect(overflowed.headers.get('x-switchyard-target')).toBe('spare');
      expect(second.rows().map((row) => `${row.provider}:${row.outcome}`)).toEqual(['slow:overflow', 'spare:success']);
      expect((await occupying).headers.get('x-switchyard-target')).toBe('slow');
      expect(slow.stats().chatCompletions).toBe(1);
    } finally {
      await first.gateway.close();
      await second.gateway.close();
      await Promise.all([slow.close(), spare.close()]);
    }
  });
});
