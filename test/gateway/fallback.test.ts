import { afterEach, describe, expect, it } from 'vitest';
import type { MockUpstream } from '../../src/gateway/mock-upstream/index.ts';
import { chat, gatewayFor, hello, mock, openAiTarget, type TestGateway } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function twoTargets(
  primaryOptions: Parameters<typeof mock>[0] = {},
  targetExtra: Record<string, unknown> = {},
): Promise<{ primary: MockUpstream; backup: MockUpstream; test: TestGateway }> {
  const primary = await mock({ name: 'primary', ...primaryOptions });
  const backup = await mock({ name: 'backup' });
  const test = await gatewayFor({
    version: 1,
    targets: { primary: openAiTarget(primary, targetExtra), backup: openAiTarget(backup) },
    routes: { chat: { weights: { primary: 1 }, fallbacks: ['backup'] } },
  });
  cleanups.push(
    () => primary.close(),
    () => backup.close(),
    () => test.gateway.close(),
  );
  return { primary, backup, test };
}

describe('fallback before the first byte', () => {
  for (const fault of ['500', '429'] as const) {
    it(`falls back on ${fault}`, async () => {
      const { primary, backup, test } = await twoTargets();
      primary.setFault(fault);
      const answer = await chat(test.gateway.url, hello);
      expect(answer.status).toBe(200);
      expect(answer.headers.get('x-switchyard-target')).toBe('backup');
      expect(backup.stats().chatCompletions).toBe(1);
      const rows = test.rows();
      expect(rows.map((row) => [row.provider, row.outcome, row.status, row.errorClass])).toEqual([
        ['primary', 'fallback', Number(fault), fault === '429' ? 'rate_limited' : 'upstream_5xx'],
        ['backup', 'success', 200, null],
      ]);
      expect(rows[1].inputTokens).toBeGreaterThan(0);
      expect(rows[1].routingVersion).toBe(1);
      expect(rows[1].keyId).toBe('team-a');
    });
  }

  it('falls back when the connection is refused (after one same-target retry)', async () => {
    const { primary, test } = await twoTargets();
    await primary.close();
    const answer = await chat(test.gateway.url, hello);
    expect(answer.status).toBe(200);
    expect(test.rows().map((row) => [row.provider, row.outcome, row.errorClass])).toEqual([
      ['primary', 'retried', 'connect_refused'],
      ['primary', 'fallback', 'connect_refused'],
      ['backup', 'success', null],
    ]);
  });

  it('falls back on a timeout', async () => {
    const { primary, test } = await twoTargets({}, { timeoutMs: 300 });
    primary.setFault('timeout');
    const answer = await chat(test.gateway.url, { ...hello, stream: true });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('data: [DONE]');
    expect(test.rows().map((row) => [row.provider, row.outcome, row.errorClass])).toEqual([
      ['primary', 'fallback', 'timeout'],
      ['backup', 'success', null],
    ]);
  });

  it('falls back on a connection reset', async () => {
    const { primary, test } = await twoTargets();
    primary.setFault('reset');
    const answer = await chat(test.gateway.url, hello);
    expect(answer.status).toBe(200);
    expect(test.rows()[0]).toMatchObject({ outcome: 'retried', errorClass: 'connection_reset' });
    expect(test.rows()[1]).toMatchObject({ outcome: 'fallback', errorClass: 'connection_reset', attempt: 2 });
  });

  it('answers the last error in OpenAI shape when every target fails', async () => {
    const { primary, backup, test } = await twoTargets();
    primary.setFault('500');
    backup.setFault('500');
    const answer = await chat(test.gateway.url, hello);
    expect(answer.status).toBe(502);
    expect(answer.json.error).toMatchObject({ type: 'upstream_error', code: 'upstream_error' });
    expect(test.rows().map((row) => row.outcome)).toEqual(['fallback', 'error']);
  });
});

describe('a stream cut mid-way', () => {
  it('is reported to the client as an error event and logged', async () => {
    const { primary, backup, test } = await twoTargets({ chunkCount: 8, chunkDelayMs: 5 });
    primary.setFault('cut-stream');
    const answer = await chat(test.gateway.url, {
      ...hello,
      messages: [{ role: 'user', content: 'one two three four five six seven eight nine ten eleven twelve' }],
      stream: true,
    });
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('"code":"stream_cut"');
    expect(answer.text).not.toContain('data: [DONE]');
    expect(backup.stats().chatCompletions).toBe(0);
    const rows = test.rows();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ provider: 'primary', outcome: 'error', errorClass: 'stream_cut', status: 200 });
    expect(rows[0].ttftMs).not.toBeNull();
  });
});
