/**
 * Bounded upstream answers (docs/gateway.md, "Size caps"): one SSE event may hold at most
 * `maxEventBytes`, a whole answer at most `maxResponseBytes`; beyond either the attempt fails
 * (falls back while nothing reached the client) instead of buffering without limit. Sizes
 * here are a few MB against low caps, so the tests stay fast.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MockUpstream, MockUpstreamOptions } from '../../src/gateway/mock-upstream/index.ts';
import { chat, gatewayFor, hello, mock, openAiTarget, type TestGateway } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

const giveUpAfterMs = 15_000;

async function setUp(
  primaryOptions: MockUpstreamOptions,
  primaryTarget: Record<string, unknown>,
  withBackup = true,
): Promise<{ primary: MockUpstream; backup: MockUpstream; test: TestGateway }> {
  const primary = await mock({ name: 'primary', ...primaryOptions });
  const backup = await mock({ name: 'backup' });
  const test = await gatewayFor({
    version: 1,
    targets: { primary: openAiTarget(primary, primaryTarget), backup: openAiTarget(backup) },
    routes: { chat: { weights: { primary: 1 }, fallbacks: withBackup ? ['backup'] : [] } },
  });
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => test.gateway.close(),
  );
  return { primary, backup, test };
}

const streamed = { ...hello, stream: true };

describe('event size cap', () => {
  it('falls back when one SSE line is larger than maxEventBytes', async () => {
    const { test } = await setUp({ fault: 'huge-line', hugeLineBytes: 3_000_000 }, { maxEventBytes: 262_144 });
    const answer = await chat(test.gateway.url, streamed, {}, giveUpAfterMs);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-switchyard-target')).toBe('backup');
    expect(answer.text).toContain('data: [DONE]');
    expect(test.rows().map((row) => [row.provider, row.outcome, row.errorClass])).toEqual([
      ['primary', 'fallback', 'event_too_large'],
      ['backup', 'success', null],
    ]);
  });

  it('answers 502 in OpenAI shape when the last target sends an oversized event', async () => {
    const { test } = await setUp({ fault: 'huge-line', hugeLineBytes: 3_000_000 }, { maxEventBytes: 262_144 }, false);
    const answer = await chat(test.gateway.url, streamed, {}, giveUpAfterMs);
    expect(answer.status).toBe(502);
    expect(answer.json.error).toEqual({
      message: expect.stringContaining('targets.primary.maxEventBytes'),
      type: 'upstream_error',
      code: 'event_too_large',
      param: null,
    });
  });

  it('passes a large event under the default cap through whole', async () => {
    const { test } = await setUp({ fault: 'huge-line', hugeLineBytes: 300_000 }, {});
    const answer = await chat(test.gateway.url, streamed, {}, giveUpAfterMs);
    expect(answer.headers.get('x-switchyard-target')).toBe('primary');
    expect(answer.text).toContain('x'.repeat(300_000));
    expect(answer.text).toContain('data: [DONE]');
  });
});

describe('response size cap', () => {
  it('falls back when a JSON body without content-length grows past maxResponseBytes', async () => {
    const { test } = await setUp({ fault: 'huge-line', hugeLineBytes: 3_000_000 }, { maxResponseBytes: 1_048_576 });
    const answer = await chat(test.gateway.url, hello, {}, giveUpAfterMs);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-switchyard-target')).toBe('backup');
    expect(test.rows().map((row) => [row.provider, row.outcome, row.errorClass])).toEqual([
      ['primary', 'fallback', 'response_too_large'],
      ['backup', 'success', null],
    ]);
  });

  it('answers 502 naming the cap when the last target sends too much', async () => {
    const { test } = await setUp(
      { fault: 'huge-line', hugeLineBytes: 3_000_000 },
      { maxResponseBytes: 1_048_576 },
      false,
    );
    const answer = await chat(test.gateway.url, hello, {}, giveUpAfterMs);
    expect(answer.status).toBe(502);
    expect(answer.json.error).toMatchObject({
      type: 'upstream_error',
      code: 'response_too_large',
      message: expect.stringContaining('targets.primary.maxResponseBytes'),
    });
  });

  it('ends a stream that grows past maxResponseBytes with an error event', async () => {
    const { backup, test } = await setUp({ fault: 'endless-body', chunkDelayMs: 1 }, { maxResponseBytes: 4_096 });
    const answer = await chat(test.gateway.url, streamed, {}, giveUpAfterMs);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('tick ');
    expect(answer.text).toContain('"code":"response_too_large"');
    expect(answer.text).not.toContain('data: [DONE]');
    expect(backup.stats().chatCompletions).toBe(0);
    expect(test.rows()[0]).toMatchObject({ provider: 'primary', outcome: 'error', errorClass: 'response_too_large' });
  });
});
