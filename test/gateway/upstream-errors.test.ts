/**
 * Honest upstream errors (docs/gateway.md, "Upstream errors"): an upstream 401/403 is the
 * gateway's provider key, not the client's, so it answers 502, falls back and opens the
 * breaker; a 404 falls back; a 400 keeps the upstream's code and param; the upstream's request
 * id reaches the client as x-upstream-request-id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { MockFault, MockUpstream } from '../../src/gateway/mock-upstream/index.ts';
import { chat, gatewayFor, hello, mock, openAiTarget, type TestGateway } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function setUp(
  fault: MockFault,
  options: { withBackup?: boolean; clientModel?: boolean } = {},
): Promise<{ primary: MockUpstream; backup: MockUpstream; test: TestGateway }> {
  const primary = await mock({ name: 'primary', fault });
  const backup = await mock({ name: 'backup' });
  // clientModel: no `model` on the targets, so the client's model name is passed through.
  const targetExtra = options.clientModel ? { model: undefined } : {};
  const test = await gatewayFor(
    {
      version: 1,
      targets: {
        primary: openAiTarget(primary, { apiKeyEnv: 'PRIMARY_API_KEY', ...targetExtra }),
        backup: openAiTarget(backup, targetExtra),
      },
      routes: { chat: { weights: { primary: 1 }, fallbacks: options.withBackup === false ? [] : ['backup'] } },
    },
    { env: { PRIMARY_API_KEY: 'sk-wrong' } },
  );
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => test.gateway.close(),
  );
  return { primary, backup, test };
}

describe('an upstream that rejects our provider key', () => {
  for (const fault of ['401', '403'] as const) {
    it(`falls back on ${fault} and opens the target's breaker at once`, async () => {
      const { primary, backup, test } = await setUp(fault);
      const first = await chat(test.gateway.url, hello);
      expect(first.status).toBe(200);
      expect(first.headers.get('x-switchyard-target')).toBe('backup');
      expect(test.gateway.state.circuit('primary').phase).toBe('open');
      const second = await chat(test.gateway.url, hello);
      expect(second.status).toBe(200);
      expect(primary.stats().chatCompletions).toBe(1);
      expect(backup.stats().chatCompletions).toBe(2);
      expect(test.rows().map((row) => [row.provider, row.outcome, row.status, row.errorClass])).toEqual([
        ['primary', 'fallback', Number(fault), 'upstream_auth'],
        ['backup', 'success', 200, null],
        ['primary', 'circuit-open', null, 'circuit-open'],
        ['backup', 'success', 200, null],
      ]);
    });

    it(`answers ${fault} from the last target as a 502 that names the key's variable`, async () => {
      const { test } = await setUp(fault, { withBackup: false });
      const answer = await chat(test.gateway.url, hello);
      expect(answer.status).toBe(502);
      expect(answer.json.error).toEqual({
        message: expect.stringMatching(
          new RegExp(`upstream primary rejected the gateway's credentials \\(${fault}\\).*PRIMARY_API_KEY`),
        ),
        type: 'upstream_error',
        code: fault === '401' ? 'upstream_unauthorized' : 'upstream_forbidden',
        param: null,
      });
      expect(answer.headers.get('x-upstream-request-id')).toMatch(/^req_mock_\d+$/);
    });
  }
});

describe('an upstream 404', () => {
  it("falls back when the target's configured model is missing, and answers 502 from the last target", async () => {
    const { backup, test } = await setUp('404');
    const fallback = await chat(test.gateway.url, hello);
    expect(fallback.status).toBe(200);
    expect(backup.stats().chatCompletions).toBe(1);
    expect(test.rows()[0]).toMatchObject({
      provider: 'primary',
      outcome: 'fallback',
      errorClass: 'upstream_not_found',
    });

    const alone = await setUp('404', { withBackup: false });
    const answer = await chat(alone.test.gateway.url, hello);
    expect(answer.status).toBe(502);
    expect(answer.json.error).toMatchObject({
      type: 'upstream_error',
      code: 'upstream_model_not_found',
      message: expect.stringContaining("model 'mock-model'"),
    });
  });

  it("passes the 404 on when the model is the client's own name and no target has it", async () => {
    const { backup, test } = await setUp('404', { clientModel: true });
    backup.setFault('404');
    const answer = await chat(test.gateway.url, hello);
    expect(answer.status).toBe(404);
    expect(answer.json.error).toMatchObject({ type: 'not_found_error', code: 'model_not_found' });
    expect(backup.stats().chatCompletions).toBe(1);
    expect(test.gateway.state.circuit('primary').phase).toBe('closed');
  });
});

describe('an upstream 400', () => {
  it("keeps the upstream's code and param and does not fall back", async () => {
    const { backup, test } = await setUp('400');
    const answer = await chat(test.gateway.url, hello);
    expect(answer.status).toBe(400);
    expect(answer.json.error).toEqual({
      message: expect.stringContaining('upstream primary answered 400: mock upstream: This model'),
      type: 'invalid_request_error',
      code: 'context_length_exceeded',
      param: 'messages',
    });
    expect(answer.headers.get('x-upstream-request-id')).toMatch(/^req_mock_\d+$/);
    expect(answer.headers.get('x-request-id')).not.toBe(answer.headers.get('x-upstream-request-id'));
    expect(backup.stats().chatCompletions).toBe(0);
  });
});
