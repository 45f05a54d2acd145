/**
 * Same-target retries (docs/gateway.md, "Retries"): a passing fault (503, a 429 asking for
 * less than a second, a refused connection) is tried again on the same target after a
 * jittered backoff, up to `retries` times, before the plan falls back; a 500, a 400 or a long
 * Retry-After is not; no retry starts past the request deadline. Each try is a log row.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MockUpstreamOptions } from '../../src/gateway/mock-upstream/index.ts';
import { chat, gatewayFor, hello, mock, openAiTarget } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function flaky(
  primaryExtra: Record<string, unknown> = {},
  routeExtra: Record<string, unknown> = {},
  mockOptions: MockUpstreamOptions = {},
) {
  const primary = await mock({ name: 'primary', ...mockOptions });
  const backup = await mock({ name: 'backup' });
  const test = await gatewayFor(
    {
      version: 1,
      targets: {
        primary: openAiTarget(primary, { retryBackoffMs: 5, ...primaryExtra }),
        backup: openAiTarget(backup),
      },
      routes: { chat: { weights: { primary: 1 }, fallbacks: ['backup'], ...routeExtra } },
    },
    // a fixed jitter: the backoff is exactly half way between 50% and 100%
    { random: () => 0.5 },
  );
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => test.gateway.close(),
  );
  const tries = () => test.rows().map((row) => [row.provider, row.outcome, row.status]);
  return { primary, backup, test, tries };
}

describe('same-target retries', () => {
  it('retry a 503 once on the same target, which then answers', async () => {
    const { primary, backup, test, tries } = await flaky();
    primary.setFault('503', { count: 1 });
    const answer = await chat(test.gateway.url, hello);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-switchyard-target')).toBe('primary');
    expect(tries()).toEqual([
      ['primary', 'retried', 503],
      ['primary', 'success', 200],
    ]);
    expect(test.rows().map((row) => row.attempt)).toEqual([1, 2]);
    expect(backup.stats().chatCompletions).toBe(0);
  });

  it('retry up to `retries` times, then fall back', async () => {
    const { primary, test, tries } = await flaky({ retries: 2 });
    primary.setFault('503');
    const answer = await chat(test.gateway.url, { ...hello, stream: true });
    expect(answer.status).toBe(200);
    expect(tries()).toEqual([
      ['primary', 'retried', 503],
      ['primary', 'retried', 503],
      ['primary', 'fallback', 503],
      ['backup', 'success', 200],
    ]);
    expect(primary.stats().chatCompletions).toBe(3);
  });

  it('retry a 429 that asks for less than a second, not one that asks for a second', async () => {
    const short = await flaky({}, {}, { retryAfter: '0' });
    short.primary.setFault('429', { count: 1 });
    expect((await chat(short.test.gateway.url, hello)).status).toBe(200);
    expect(short.tries()).toEqual([
      ['primary', 'retried', 429],
      ['primary', 'success', 200],
    ]);
    const long = await flaky({}, {}, { retryAfter: '1' });
    long.primary.setFault('429', { count: 1 });
    expect((await chat(long.test.gateway.url, hello)).status).toBe(200);
    expect(long.tries()).toEqual([
      ['primary', 'fallback', 429],
      ['backup', 'success', 200],
    ]);
  });

  it('never retry a 500 or a 400', async () => {
    const { primary, test, tries } = await flaky({ retries: 3 });
    primary.setFault('500', { count: 1 });
    expect((await chat(test.gateway.url, hello)).status).toBe(200);
    expect(tries()).toEqual([
      ['primary', 'fallback', 500],
      ['backup', 'success', 200],
    ]);
    primary.setFault('400', { count: 1 });
    const rejected = await chat(test.gateway.url, hello);
    expect(rejected.status).toBe(400);
    expect(tries().slice(2)).toEqual([['primary', 'error', 400]]);
  });

  it('start no retry whose backoff would end past the request deadline', async () => {
    const { primary, test, tries } = await flaky({ retries: 3, retryBackoffMs: 5_000 }, { requestTimeoutMs: 2_000 });
    primary.setFault('503', { count: 1 });
    expect((await chat(test.gateway.url, hello)).status).toBe(200);
    expect(tries()).toEqual([
      ['primary', 'fallback', 503],
      ['backup', 'success', 200],
    ]);
  });

  it('stop retrying once the failure opened the circuit', async () => {
    const primary = await mock({ name: 'primary' });
    const backup = await mock({ name: 'backup' });
    const test = await gatewayFor({
      version: 1,
      circuitBreaker: { failureThreshold: 1, cooldownMs: 60_000 },
      targets: { primary: openAiTarget(primary, { retries: 3, retryBackoffMs: 5 }), backup: openAiTarget(backup) },
      routes: { chat: { weights: { primary: 1 }, fallbacks: ['backup'] } },
    });
    cleanups.push(
      () => primary.close(),
      () => backup.close(),
      () => test.gateway.close(),
    );
    primary.setFault('503');
    expect((await chat(test.gateway.url, hello)).status).toBe(200);
    expect(test.rows().map((row) => [row.provider, row.outcome])).toEqual([
      ['primary', 'fallback'],
      ['backup', 'success'],
    ]);
    expect(primary.stats().chatCompletions).toBe(1);
  });

  it('retry pass-through endpoints the same way', async () => {
    const { primary, test, tries } = await flaky();
    primary.setFault('503', { count: 1 });
    const response = await fetch(`${test.gateway.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer sy-test-client-key' },
      body: JSON.stringify({ model: 'chat', input: 'retry me' }),
    });
    expect(response.status).toBe(200);
    expect(tries()).toEqual([
      ['primary', 'retried', 503],
      ['primary', 'success', 200],
    ]);
  });
});
