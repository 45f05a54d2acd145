/**
 * Deadlines (docs/gateway.md, "Deadlines"): a first-token timeout for streams, a total deadline
 * per attempt and per request, set per target and per route. Upstreams that never send data
 * (only `: keep-alive` comments) or never end their body are cut, fall back while nothing has
 * reached the client, and are answered in OpenAI's error shape.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MockUpstream } from '../../src/gateway/mock-upstream/index.ts';
import { chat, gatewayFor, hello, mock, openAiTarget, type TestGateway } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** Safety bound for every request here: a gateway without deadlines would hang until it. */
const giveUpAfterMs = 15_000;

interface Setup {
  primary: MockUpstream;
  backup: MockUpstream;
  test: TestGateway;
}

async function setUp(options: {
  primaryTarget?: Record<string, unknown>;
  backupTarget?: Record<string, unknown>;
  route?: Record<string, unknown>;
  withBackup?: boolean;
}): Promise<Setup> {
  const primary = await mock({ name: 'primary', chunkDelayMs: 5 });
  const backup = await mock({ name: 'backup' });
  const withBackup = options.withBackup ?? true;
  const test = await gatewayFor({
    version: 1,
    targets: {
      primary: openAiTarget(primary, options.primaryTarget),
      backup: openAiTarget(backup, options.backupTarget),
    },
    routes: { chat: { weights: { primary: 1 }, fallbacks: withBackup ? ['backup'] : [], ...options.route } },
  });
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => test.gateway.close(),
  );
  return { primary, backup, test };
}

const streamed = { ...hello, stream: true };

describe('first-token timeout', () => {
  it('falls back when a stream sends only keep-alive comments', async () => {
    const { primary, backup, test } = await setUp({ primaryTarget: { firstTokenTimeoutMs: 300 } });
    primary.setFault('keep-alive-only');
    const answer = await chat(test.gateway.url, streamed, {}, giveUpAfterMs);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-switchyard-target')).toBe('backup');
    expect(answer.text).toContain('data: [DONE]');
    expect(backup.stats().chatCompletions).toBe(1);
    expect(test.rows().map((row) => [row.provider, row.outcome, row.status, row.errorClass])).toEqual([
      ['primary', 'fallback', 200, 'first_token_timeout'],
      ['backup', 'success', 200, null],
    ]);
  });

  it("uses the route's firstTokenTimeoutMs over the target's", async () => {
    const { primary, test } = await setUp({
      primaryTarget: { firstTokenTimeoutMs: 600_000 },
      route: { firstTokenTimeoutMs: 300 },
    });
    primary.setFault('keep-alive-only');
    const answer = await chat(test.gateway.url, streamed, {}, giveUpAfterMs);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-switchyard-target')).toBe('backup');
    expect(test.rows()[0]).toMatchObject({
      provider: 'primary',
      outcome: 'fallback',
      errorClass: 'first_token_timeout',
    });
  });

  it('answers 504 in OpenAI shape when the last target sends no first token', async () => {
    const { primary, test } = await setUp({ primaryTarget: { firstTokenTimeoutMs: 300 }, withBackup: false });
    primary.setFault('keep-alive-only');
    const answer = await chat(test.gateway.url, streamed, {}, giveUpAfterMs);
    expect(answer.status).toBe(504);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.json.error).toEqual({
      message: expect.stringContaining('upstream primary sent no first token within 300 ms'),
      type: 'upstream_error',
      code: 'first_token_timeout',
      param: null,
    });
    expect(test.rows().map((row) => [row.outcome, row.errorClass])).toEqual([['error', 'first_token_timeout']]);
  });
});

describe('attempt deadline', () => {
  it('falls back when a JSON body never ends', async () => {
    const { primary, test } = await setUp({ primaryTarget: { attemptTimeoutMs: 400 } });
    primary.setFault('endless-body');
    const answer = await chat(test.gateway.url, hello, {}, giveUpAfterMs);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-switchyard-target')).toBe('backup');
    expect(test.rows().map((row) => [row.provider, row.outcome, row.errorClass])).toEqual([
      ['primary', 'fallback', 'attempt_timeout'],
      ['backup', 'success', null],
    ]);
  });

  it("uses the route's attemptTimeoutMs, and ends a stream that never ends with an error event", async () => {
    const { primary, backup, test } = await setUp({ route: { attemptTimeoutMs: 400 } });
    primary.setFault('endless-body');
    const answer = await chat(test.gateway.url, streamed, {}, giveUpAfterMs);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('tick ');
    expect(answer.text).toContain('"code":"attempt_timeout"');
    expect(answer.text).not.toContain('data: [DONE]');
    expect(backup.stats().chatCompletions).toBe(0);
    const rows = test.rows();
    expect(rows.map((row) => [row.provider, row.outcome, row.errorClass])).toEqual([
      ['primary', 'error', 'attempt_timeout'],
    ]);
    expect(rows[0].ttftMs).not.toBeNull();
    expect(rows[0].outputTokens).toBeGreaterThan(0);
  });
});

describe('request deadline', () => {
  it('stops at the route deadline with a 504 and tries no further target', async () => {
    const { primary, backup, test } = await setUp({ route: { requestTimeoutMs: 400 } });
    primary.setFault('timeout');
    const answer = await chat(test.gateway.url, hello, {}, giveUpAfterMs);
    expect(answer.status).toBe(504);
    expect(answer.json.error).toEqual({
      message: expect.stringContaining('routes.chat.requestTimeoutMs'),
      type: 'upstream_error',
      code: 'request_timeout',
      param: null,
    });
    expect(backup.stats().chatCompletions).toBe(0);
    expect(test.rows().map((row) => [row.provider, row.outcome, row.errorClass])).toEqual([
      ['primary', 'error', 'request_timeout'],
    ]);
  });

  it('gives a fallback only what is left of the request deadline', async () => {
    const { primary, backup, test } = await setUp({
      primaryTarget: { attemptTimeoutMs: 200 },
      route: { requestTimeoutMs: 1_500 },
    });
    primary.setFault('timeout');
    backup.setFault('timeout');
    const answer = await chat(test.gateway.url, hello, {}, giveUpAfterMs);
    expect(answer.status).toBe(504);
    expect((answer.json.error as { code: string }).code).toBe('request_timeout');
    expect(test.rows().map((row) => [row.provider, row.outcome, row.errorClass])).toEqual([
      ['primary', 'fallback', 'attempt_timeout'],
      ['backup', 'error', 'request_timeout'],
    ]);
  });
});
