/**
 * `switchyard keys create|list|revoke` and `logs --by` as a user runs them (in process): a
 * key created on the command line works against a gateway watching the keys file, its limits
 * hold, a revocation reaches the running gateway, and spend is summed per key and team.
 */
import { copyFileSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteLogSink } from '../../src/store/sqlite.ts';
import { runCliInProcess } from '../cli/run-cli.ts';
import { chat, eventually, gatewayFor, hello, mock, openAiTarget, tempDir } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

describe('switchyard keys', () => {
  it('creates keys a running gateway accepts, lists them without secrets, revokes them, and sums spend', async () => {
    const folder = tempDir();
    const dbPath = join(folder, 'switchyard.db');
    const keysPath = join(folder, 'switchyard.keys.json');
    const created = await runCliInProcess([
      'keys',
      'create',
      '--db',
      dbPath,
      '--name',
      'search-app',
      '--team',
      'search',
      '--rpm',
      '2',
      '--usd-per-day',
      '5',
      '--routes',
      'chat',
    ]);
    expect(created.exitCode).toBe(0);
    const key = created.stdout.trim();
    expect(key).toMatch(/^sk-sy-/);
    expect(created.stderr).toContain('2 req/min, $5/day');
    expect(statSync(keysPath).mode & 0o777).toBe(0o600);
    const other = await runCliInProcess(['keys', 'create', '--keys', keysPath, '--name', 'batch', '--team', 'ml']);
    const otherKey = other.stdout.trim();

    const upstream = await mock();
    const test = await gatewayFor(
      {
        version: 1,
        targets: {
          up: openAiTarget(upstream, { pricing: { usdPerMillionInputTokens: 1, usdPerMillionOutputTokens: 1 } }),
        },
        routes: { chat: { weights: { up: 1 } }, other: { weights: { up: 1 } } },
      },
      {
        logSink: createSqliteLogSink(dbPath),
        keysPath,
        keysText: readFileSync(keysPath, 'utf8'),
        reloadDebounceMs: 20,
      },
    );
    cleanups.push(
      () => upstream.close(),
      () => test.gateway.close(),
    );
    const as = (secret: string) => ({ authorization: `Bearer ${secret}` });
    expect((await chat(test.gateway.url, hello, as(key))).status).toBe(200);
    expect((await chat(test.gateway.url, { ...hello, model: 'other' }, as(key))).status).toBe(403);
    expect((await chat(test.gateway.url, hello, as(key))).status).toBe(200);
    expect((await chat(test.gateway.url, hello, as(key))).status).toBe(429);
    expect((await chat(test.gateway.url, hello, as(otherKey))).status).toBe(200);

    const listed = await runCliInProcess(['keys', 'list', '--keys', keysPath, '--format', 'json']);
    const keys = JSON.parse(listed.stdout) as Array<{ id: string; name: string; status: string; sha256?: string }>;
    expect(keys.map((entry) => [entry.name, entry.status])).toEqual([
      ['search-app', 'active'],
      ['batch', 'active'],
    ]);
    expect(listed.stdout).not.toContain(key);
    expect(keys[0].sha256).toBeUndefined();
    const table = await runCliInProcess(['keys', 'list', '--keys', keysPath]);
    expect(table.stdout).toContain('search-app');
    expect(table.stdout).toContain('2 key(s)');

    const revoked = await runCliInProcess(['keys', 'revoke', 'batch', '--keys', keysPath]);
    expect(revoked.exitCode).toBe(0);
    await eventually(async () => (await chat(test.gateway.url, hello, as(otherKey))).status === 401);
    const unknown = await runCliInProcess(['keys', 'revoke', 'nobody', '--keys', keysPath]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain("no active key has the id or name 'nobody'");
    expect((await runCliInProcess(['keys', 'list', '--keys', keysPath, '--all'])).stdout).toContain('revoked');

    await test.gateway.close();
    const byTeam = await runCliInProcess(['logs', '--db', dbPath, '--by', 'team', '--format', 'jsonl']);
    expect(byTeam.exitCode).toBe(0);
    const teams = byTeam.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { group: string; requests: number; costUsd: number });
    const requestsByTeam = new Map(teams.map((group) => [group.group, group.requests]));
    expect(requestsByTeam.get('search')).toBe(2); // the 403 and the 429 reached no upstream
    // batch made one request before the revocation, and more while the watcher caught up
    expect(requestsByTeam.get('ml')).toBeGreaterThanOrEqual(1);
    expect(teams.every((group) => group.costUsd > 0)).toBe(true);
    const byKey = await runCliInProcess(['logs', '--db', dbPath, '--by', 'key']);
    expect(byKey.stdout).toContain(`${keys[0].id} (search-app)`);
    // A keys file kept elsewhere names the keys too (`--keys`); without it, ids only.
    const elsewhere = join(tempDir(), 'team-keys.json');
    copyFileSync(keysPath, elsewhere);
    rmSync(keysPath);
    expect((await runCliInProcess(['logs', '--db', dbPath, '--by', 'key'])).stdout).not.toContain('(search-app)');
    const named = await runCliInProcess(['logs', '--db', dbPath, '--by', 'key', '--keys', elsewhere]);
    expect(named.stdout).toContain(`${keys[0].id} (search-app)`);
    const bad = await runCliInProcess(['logs', '--db', dbPath, '--by', 'colour']);
    expect(bad.exitCode).toBe(2);
  });

  it('refuses bad limits and a duplicate name with exit 2', async () => {
    const keysPath = join(tempDir(), 'k.json');
    expect(
      (await runCliInProcess(['keys', 'create', '--keys', keysPath, '--name', 'a', '--rpm', '1.5'])).exitCode,
    ).toBe(2);
    expect(
      (await runCliInProcess(['keys', 'create', '--keys', keysPath, '--name', 'a', '--expires', 'soon'])).stderr,
    ).toContain("--expires: 'soon' is neither a duration");
    expect((await runCliInProcess(['keys', 'create', '--keys', keysPath, '--name', 'a'])).exitCode).toBe(0);
    const again = await runCliInProcess(['keys', 'create', '--keys', keysPath, '--name', 'a']);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toContain("a key named 'a' exists");
    const help = await runCliInProcess(['keys', 'create', '--help']);
    expect(help.stdout).toContain('--usd-per-month');
  });
});
