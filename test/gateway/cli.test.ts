/**
 * `switchyard logs`, `routing set` and `keys create` as a user runs them: a real process
 * (`node bin/switchyard.mjs`), its stdout, stderr and exit code. These stay subprocess
 * tests because the gateway actions (src/cli/commands/gateway-actions.ts) write to
 * process.stdout directly; once they write through cliIo() they can use runCliInProcess
 * (test/cli/run-cli.ts) like the plan tests.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createSqliteLogSink } from '../../src/store/sqlite.ts';
import { chat, gatewayFor, hello, mock, openAiTarget, tempDir } from './harness.ts';

const run = promisify(execFile);
const bin = resolve(import.meta.dirname, '../../bin/switchyard.mjs');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { timeout: 30_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('switchyard logs --format jsonl', () => {
  it('prints one JSON object per attempt with the documented fields', async () => {
    const primary = await mock({ name: 'primary' });
    const backup = await mock({ name: 'backup' });
    const dbPath = join(tempDir(), 'log.db');
    const test = await gatewayFor(
      {
        version: 5,
        targets: { primary: openAiTarget(primary), backup: openAiTarget(backup, { model: 'gpt-4.1-mini' }) },
        routes: { chat: { weights: { primary: 1 }, fallbacks: ['backup'] } },
      },
      { logSink: createSqliteLogSink(dbPath) },
    );
    cleanups.push(
      () => primary.close(),
      () => backup.close(),
    );
    primary.setFault('500', { count: 1 });
    expect((await chat(test.gateway.url, hello)).status).toBe(200);
    expect((await chat(test.gateway.url, { ...hello, stream: true })).status).toBe(200);
    await test.gateway.close();

    const { code, stdout } = await cli(['logs', '--db', dbPath, '--format', 'jsonl']);
    expect(code).toBe(0);
    const rows = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows.map((row) => [row.provider, row.outcome, row.status])).toEqual([
      ['primary', 'fallback', 500],
      ['backup', 'success', 200],
      ['primary', 'success', 200],
    ]);
    for (const field of [
      'time',
      'route',
      'routingVersion',
      'provider',
      'model',
      'status',
      'outcome',
      'inputTokens',
      'outputTokens',
      'costUsd',
      'ttftMs',
      'totalMs',
    ]) {
      expect(rows[1]).toHaveProperty(field);
    }
    expect(rows[1]).toMatchObject({ route: 'chat', routingVersion: 5, model: 'gpt-4.1-mini' });
    expect(rows[1].costUsd).toBeGreaterThan(0);
    expect(rows[2].costUsd).toBeNull(); // mock-model has no price: unknown, not $0

    const csv = await cli(['logs', '--db', dbPath, '--format', 'csv', '--provider', 'backup']);
    expect(csv.stdout.split('\n')[0]).toMatch(/^id,requestId,time,route,routingVersion/);
    expect(csv.stdout.trim().split('\n')).toHaveLength(2);
    // Per target: `primary` answered once with a model that has no price, so its cost is
    // unknown (not $0); `backup` is priced.
    const byProvider = await cli(['logs', '--db', dbPath, '--by', 'provider']);
    const line = (name: string) => byProvider.stdout.split('\n').find((text) => text.startsWith(`${name} `)) ?? '';
    expect(line('primary')).toMatch(/\bunknown\s+1\s*$/);
    expect(line('backup')).toMatch(/\$\d/);
    const table = await cli(['logs', '--db', dbPath, '--since', '1h']);
    expect(table.stdout).toContain('3 row(s)');
    const bad = await cli(['logs', '--db', dbPath, '--since', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("--since: 'yesterday' is neither a duration");
  });
});

describe('switchyard routing set / keys create', () => {
  it('edits the YAML, bumps the version, validates, and stores only key hashes', async () => {
    const path = join(tempDir(), 'gateway.yaml');
    copyFileSync(resolve(import.meta.dirname, '../../examples/gateway.yaml'), path);
    const set = await cli(['routing', 'set', path, '--route', 'chat-default', '--weights', 'vllm=40,openai=60']);
    expect(set.code).toBe(0);
    const edited = parse(readFileSync(path, 'utf8')) as {
      version: number;
      routes: Record<string, { weights: unknown }>;
    };
    expect(edited.version).toBe(2);
    expect(edited.routes['chat-default'].weights).toEqual({ vllm: 40, openai: 60 });
    expect(readFileSync(path, 'utf8')).toContain('# Routing version: must increase');

    const typo = await cli(['routing', 'set', path, '--route', 'chat-default', '--weights', 'vlm=1']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain("did you mean 'vllm'?");
    expect((parse(readFileSync(path, 'utf8')) as { version: number }).version).toBe(2);

    // --id is the older spelling of --name; the key goes to the keys file next to server.db
    const keysPath = join(tempDir(), 'keys.json');
    const created = await cli(['keys', 'create', '--keys', keysPath, '--id', 'team-a']);
    expect(created.code).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^sk-sy-[A-Za-z0-9_-]{43}$/);
    const text = readFileSync(keysPath, 'utf8');
    expect(text).not.toContain(key);
    expect((JSON.parse(text) as { keys: Array<{ name: string }> }).keys.map((entry) => entry.name)).toEqual(['team-a']);
  });
});
