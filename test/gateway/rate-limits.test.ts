/**
 * 429s keep their hints (docs/gateway.md, "Rate limits"): when the gateway's answer is an
 * upstream's 429, its Retry-After and x-ratelimit-* headers reach the client; when every
 * target is rate limited the gateway computes Retry-After as the soonest of theirs.
 */
import { afterEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import type { MockUpstreamOptions } from '../../src/gateway/mock-upstream/index.ts';
import { chat, clientKey, gatewayFor, hello, mock, openAiTarget, type TestGateway } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function route(
  upstreams: Array<MockUpstreamOptions & { name: string }>,
  nowMs?: () => number,
): Promise<TestGateway> {
  const mocks = await Promise.all(upstreams.map((options) => mock(options)));
  const targets = Object.fromEntries(mocks.map((upstream, index) => [upstreams[index].name, openAiTarget(upstream)]));
  const names = upstreams.map((options) => options.name);
  const test = await gatewayFor(
    {
      version: 1,
      targets,
      routes: { chat: { weights: { [names[0]]: 1 }, fallbacks: names.slice(1) } },
    },
    nowMs === undefined ? {} : { nowMs },
  );
  cleanups.push(...mocks.map((upstream) => () => upstream.close()), () => test.gateway.close());
  return test;
}

describe('429 answers', () => {
  it("forward the upstream's Retry-After and x-ratelimit-* headers", async () => {
    const test = await route([{ name: 'only', fault: '429', retryAfter: '7' }]);
    const answer = await chat(test.gateway.url, hello);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('7');
    expect(answer.headers.get('x-ratelimit-limit-requests')).toBe('60');
    expect(answer.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(answer.headers.get('x-ratelimit-reset-requests')).toBe('7s');
    expect(answer.headers.get('x-upstream-request-id')).toMatch(/^req_mock_\d+$/);
    expect(answer.json.error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limited' });
  });

  it("forward the last upstream's 429 headers when an earlier target failed otherwise", async () => {
    const test = await route([
      { name: 'broken', fault: '500' },
      { name: 'busy', fault: '429', retryAfter: '3' },
    ]);
    const answer = await chat(test.gateway.url, hello);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('3');
    expect(answer.headers.get('x-ratelimit-remaining-requests')).toBe('0');
  });

  it('carry the soonest Retry-After of all targets when every target is rate limited', async () => {
    const test = await route([
      { name: 'first', fault: '429', retryAfter: '5' },
      { name: 'second', fault: '429', retryAfter: '2' },
    ]);
    const answer = await chat(test.gateway.url, hello);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('retry-after')).toBe('2');
    expect(answer.headers.get('retry-after-ms')).toBe('2000');
    expect(answer.json.error).toMatchObject({
      type: 'rate_limit_error',
      code: 'rate_limited',
      message: expect.stringContaining(
        "every target of route 'chat' is rate limited (first: retry after 5 s, second: retry after 2 s)",
      ),
    });
    expect(test.rows().map((row) => [row.provider, row.outcome, row.errorClass])).toEqual([
      ['first', 'fallback', 'rate_limited'],
      ['second', 'error', 'rate_limited'],
    ]);
  });

  it('read an HTTP-date Retry-After against the gateway clock', async () => {
    const nowMs = Date.parse('2026-01-01T00:00:00Z');
    const test = await route(
      [
        { name: 'dated', fault: '429', retryAfter: 'Thu, 01 Jan 2026 00:00:30 GMT' },
        { name: 'counted', fault: '429', retryAfter: '45' },
      ],
      () => nowMs,
    );
    const answer = await chat(test.gateway.url, hello);
    expect(answer.headers.get('retry-after')).toBe('30');
    expect(answer.headers.get('retry-after-ms')).toBe('30000');
  });

  it('reach the official openai client as a RateLimitError with the headers', async () => {
    const test = await route([{ name: 'only', fault: '429', retryAfter: '7' }]);
    const client = new OpenAI({ baseURL: `${test.gateway.url}/v1`, apiKey: clientKey, maxRetries: 0 });
    const error = await client.chat.completions
      .create({ model: 'chat', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect((error as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after')).toBe('7');
  });
});
