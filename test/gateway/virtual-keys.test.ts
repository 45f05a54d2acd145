/**
 * Virtual keys (docs/gateway.md, "Virtual keys"): keys from the keys file authenticate, carry
 * their id and team into the log, are refused when unknown (401), revoked or expired (401),
 * outside their routes (403), over their requests/tokens per minute (429 rate_limit_exceeded)
 * or their USD budget (429 insufficient_quota), each 429 with Retry-After. Revocations and new
 * limits apply to a running gateway through the watched file.
 */
import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { generateKey, hashKey } from '../../src/gateway/auth.ts';
import {
  addVirtualKey,
  emptyKeysFile,
  revokeVirtualKey,
  writeKeysFile,
  type KeysFile,
  type NewKeyInput,
} from '../../src/gateway/keys-file.ts';
import { MemoryLimitStore } from '../../src/gateway/limits/memory-limit-store.ts';
import type { MockUpstream } from '../../src/gateway/mock-upstream/index.ts';
import { chat, eventually, gatewayFor, hello, mock, openAiTarget, tempDir, type TestGateway } from './harness.ts';

const started: Array<{ close(): Promise<void> }> = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((item) => item.close()));
});

/** 2026-01-01T00:00:15Z: 45 s left of the minute, 23 h 59 m 45 s of the day. */
const startMs = Date.UTC(2026, 0, 1, 0, 0, 15);

interface KeyedGateway {
  test: TestGateway;
  upstream: MockUpstream;
  secrets: Record<string, string>;
  keysPath: string;
  file: KeysFile;
  clock: { nowMs: number };
}

async function keyedGateway(
  keys: Record<string, Omit<NewKeyInput, 'name'>>,
  targetExtra: Record<string, unknown> = {},
): Promise<KeyedGateway> {
  const upstream = await mock();
  started.push(upstream);
  const keysPath = join(tempDir(), 'switchyard.keys.json');
  let file = emptyKeysFile();
  const secrets: Record<string, string> = {};
  for (const [name, input] of Object.entries(keys)) {
    const secret = generateKey();
    secrets[name] = secret;
    file = addVirtualKey(
      file,
      { name, ...input },
      { sha256: hashKey(secret), prefix: secret.slice(0, 10) },
      new Date(startMs).toISOString(),
    ).file;
  }
  writeKeysFile(keysPath, file);
  const clock = { nowMs: startMs };
  const test = await gatewayFor(
    {
      version: 1,
      targets: { up: openAiTarget(upstream, targetExtra) },
      routes: { chat: { weights: { up: 1 } }, other: { weights: { up: 1 } } },
    },
    {
      keysPath,
      keysText: readFileSync(keysPath, 'utf8'),
      reloadDebounceMs: 20,
      nowMs: () => clock.nowMs,
      limitStore: new MemoryLimitStore(() => clock.nowMs),
    },
  );
  started.push(test.gateway);
  return { test, upstream, secrets, keysPath, file, clock };
}

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });

describe('virtual keys: who may call', () => {
  it('logs the key id and team (never the key), and refuses unknown, expired and revoked keys with 401', async () => {
    const { test, secrets, keysPath, file, clock } = await keyedGateway({
      app: { team: 'search', owner: 'alice', limits: {} },
      temp: { limits: {}, expiresAt: new Date(startMs + 60_000).toISOString() },
    });
    const ok = await chat(test.gateway.url, hello, bearer(secrets.app));
    expect(ok.status).toBe(200);
    const appId = file.keys[0].id;
    expect(test.rows()[0]).toMatchObject({ keyId: appId, team: 'search', endpoint: 'chat.completions' });
    expect(JSON.stringify(test.rows())).not.toContain(secrets.app);

    const unknown = await chat(test.gateway.url, hello, bearer(generateKey()));
    expect(unknown.status).toBe(401);
    expect(unknown.json).toMatchObject({ error: { code: 'invalid_api_key', type: 'authentication_error' } });

    expect((await chat(test.gateway.url, hello, bearer(secrets.temp))).status).toBe(200);
    clock.nowMs = startMs + 60_000;
    const expired = await chat(test.gateway.url, hello, bearer(secrets.temp));
    expect(expired.status).toBe(401);
    expect(expired.json).toMatchObject({ error: { code: 'key_expired' } });

    writeKeysFile(keysPath, revokeVirtualKey(file, 'app', new Date(clock.nowMs).toISOString()).file);
    await eventually(async () => (await chat(test.gateway.url, hello, bearer(secrets.app))).status === 401);
    const revoked = await chat(test.gateway.url, hello, bearer(secrets.app));
    expect(revoked.json).toMatchObject({ error: { code: 'key_revoked', type: 'authentication_error' } });
    expect(String((revoked.json.error as { message: string }).message)).toContain(appId);
  });

  it('answers 403 for a route the key may not use', async () => {
    const { test, secrets } = await keyedGateway({ narrow: { routes: ['other'], limits: {} } });
    const refused = await chat(test.gateway.url, hello, bearer(secrets.narrow));
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({
      error: { code: 'route_not_allowed', type: 'permission_error', param: 'model' },
    });
    expect((await chat(test.gateway.url, { ...hello, model: 'other' }, bearer(secrets.narrow))).status).toBe(200);
    expect(test.rows().map((row) => row.route)).toEqual(['other']);
  });
});

describe('virtual keys: limits', () => {
  it('answers 429 rate_limit_exceeded with Retry-After past requests/min, and admits again next minute', async () => {
    const { test, secrets, upstream, clock } = await keyedGateway({
      limited: { limits: { requestsPerMinute: 2 } },
      free: { limits: {} },
    });
    expect((await chat(test.gateway.url, hello, bearer(secrets.limited))).status).toBe(200);
    expect((await chat(test.gateway.url, hello, bearer(secrets.limited))).status).toBe(200);
    const refused = await chat(test.gateway.url, hello, bearer(secrets.limited));
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ error: { code: 'rate_limit_exceeded', type: 'rate_limit_error' } });
    expect(refused.headers.get('retry-after')).toBe('45');
    expect(refused.headers.get('x-ratelimit-limit-requests')).toBe('2');
    expect(upstream.stats().chatCompletions).toBe(2);
    const metrics = await (await fetch(`${test.gateway.url}/metrics`)).text();
    expect(metrics).toContain('switchyard_key_refusals_total{code="rate_limit_exceeded"} 1');
    // another key is not affected
    expect((await chat(test.gateway.url, hello, bearer(secrets.free))).status).toBe(200);
    clock.nowMs = startMs + 45_000;
    expect((await chat(test.gateway.url, hello, bearer(secrets.limited))).status).toBe(200);
  });

  it('admits exactly the limit of concurrent requests (check and count are one step)', async () => {
    const { test, secrets, upstream } = await keyedGateway({ burst: { limits: { requestsPerMinute: 5 } } });
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => chat(test.gateway.url, hello, bearer(secrets.burst))),
    );
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(7);
    expect(upstream.stats().chatCompletions).toBe(5);
  });

  it('gives the openai client a RateLimitError with the code and Retry-After', async () => {
    const { test, secrets } = await keyedGateway({ once: { limits: { requestsPerMinute: 1 } } });
    const client = new OpenAI({ baseURL: `${test.gateway.url}/v1`, apiKey: secrets.once, maxRetries: 0 });
    await client.chat.completions.create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] });
    const refused = await client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
    const error = refused as InstanceType<typeof OpenAI.RateLimitError>;
    expect(error.code).toBe('rate_limit_exceeded');
    expect(error.headers.get('retry-after')).toBe('45');
  });

  it('counts tokens per minute after each answer', async () => {
    const { test, secrets } = await keyedGateway({ tokens: { limits: { tokensPerMinute: 5 } } });
    expect((await chat(test.gateway.url, hello, bearer(secrets.tokens))).status).toBe(200);
    const used = (test.rows()[0].inputTokens ?? 0) + (test.rows()[0].outputTokens ?? 0);
    expect(used).toBeGreaterThan(5);
    const refused = await chat(test.gateway.url, hello, bearer(secrets.tokens));
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
    expect(String((refused.json.error as { message: string }).message)).toContain(`used ${used}`);
  });

  it('answers 429 insufficient_quota once the day budget is spent, until the next UTC day', async () => {
    // $1 per million tokens of input and output: the mock's answer to `hello` costs a few micro-dollars.
    const { test, secrets, clock } = await keyedGateway(
      { budget: { limits: { usdPerDay: 0.000001 } } },
      { pricing: { usdPerMillionInputTokens: 1, usdPerMillionOutputTokens: 1 } },
    );
    expect((await chat(test.gateway.url, hello, bearer(secrets.budget))).status).toBe(200);
    expect(test.rows()[0].costUsd).toBeGreaterThan(0.000001);
    const refused = await chat(test.gateway.url, hello, bearer(secrets.budget));
    expect(refused.status).toBe(429);
    expect(refused.json).toMatchObject({ error: { code: 'insufficient_quota', type: 'insufficient_quota' } });
    expect(Number(refused.headers.get('retry-after'))).toBe(86_400 - 15);
    clock.nowMs = Date.UTC(2026, 0, 2);
    expect((await chat(test.gateway.url, hello, bearer(secrets.budget))).status).toBe(200);
  });

  it('applies a new limit written to the keys file without a restart', async () => {
    const { test, secrets, keysPath, file } = await keyedGateway({ app: { limits: {} } });
    expect((await chat(test.gateway.url, hello, bearer(secrets.app))).status).toBe(200);
    const limited: KeysFile = { ...file, keys: [{ ...file.keys[0], limits: { requestsPerMinute: 1 } }] };
    writeKeysFile(keysPath, limited);
    await eventually(() => test.logLines.some((line) => line.includes('keys file') && line.includes('applied')));
    expect((await chat(test.gateway.url, hello, bearer(secrets.app))).status).toBe(200);
    expect((await chat(test.gateway.url, hello, bearer(secrets.app))).status).toBe(429);
  });
});
