/**
 * Issue 11, fault 7: rows the store cannot take at shutdown are not lost without a word.
 * They are spilled to `<db>.spill.jsonl`, the gateway says how many on stderr, and the next
 * start writes them into the store and removes the file. The DB file is created 0600.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchingLogSink } from '../../src/store/batching-sink.ts';
import { createSqliteLogSink, queryRequestLog, replaySpilledRows, spillPathFor } from '../../src/store/sqlite.ts';
import type { LogBatchBackend } from '../../src/store/types.ts';
import { chat, eventually, gatewayFor, hello, mock, openAiTarget, tempDir } from './harness.ts';

const bin = resolve(import.meta.dirname, '../../bin/switchyard.mjs');
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

interface GatewayProcess {
  url: string;
  /** Sends SIGTERM and resolves with the exit code and everything written to stderr. */
  stop(): Promise<{ exitCode: number | null; stderr: string }>;
  stderr(): string;
}

/** Starts `switchyard gateway` (quick start, no auth, a free port) and waits for its listening line. */
async function startGatewayProcess(upstreamUrl: string, dbPath: string): Promise<GatewayProcess> {
  const child = spawn(
    process.execPath,
    [bin, 'gateway', '--upstream', `mock=${upstreamUrl}`, '--no-auth', '--port', '0', '--db', dbPath],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number | null>((resolveExit) => child.on('close', (code) => resolveExit(code)));
  cleanups.push(async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  await eventually(() => /listening on (http:\/\/\S+)/.test(stdout) || child.exitCode !== null, 1_500);
  const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
  if (url === undefined) throw new Error(`gateway did not start: ${stderr}`);
  return {
    url,
    stderr: () => stderr,
    async stop() {
      child.kill('SIGTERM');
      return { exitCode: await exited, stderr };
    },
  };
}

describe('rows the store cannot take at shutdown', () => {
  it('SIGTERM with a failing store spills the rows, says so, and the next start replays them', async () => {
    const upstream = await mock();
    cleanups.push(() => upstream.close());
    const folder = tempDir();
    // A directory where the DB file should be: SQLite cannot open it, the folder around it is writable.
    const dbPath = join(folder, 'switchyard.db');
    mkdirSync(dbPath);
    const first = await startGatewayProcess(upstream.url, dbPath);
    for (let index = 0; index < 3; index += 1) expect((await fetchChat(first.url)).status, first.stderr()).toBe(200);
    const stopped = await first.stop();
    expect(stopped.exitCode).toBe(0);
    expect(stopped.stderr).toMatch(
      /request log: 3 row\(s\) not written to \S*switchyard\.db; 3 spilled to \S*switchyard\.db\.spill\.jsonl/,
    );
    const spillPath = spillPathFor(dbPath);
    const spilled = readFileSync(spillPath, 'utf8').trim().split('\n');
    expect(spilled).toHaveLength(3);
    expect((JSON.parse(spilled[0]) as { outcome: string }).outcome).toBe('success');

    rmdirSync(dbPath);
    const second = await startGatewayProcess(upstream.url, dbPath);
    expect(second.stderr()).toMatch(/request log: replayed 3 spilled row\(s\)/);
    expect(existsSync(spillPath)).toBe(false);
    expect((await fetchChat(second.url)).status).toBe(200);
    const secondStop = await second.stop();
    expect(secondStop.exitCode).toBe(0);
    expect(secondStop.stderr).not.toMatch(/not written/);
    expect(queryRequestLog(dbPath)).toHaveLength(4);
  }, 30_000);

  it('the sink spills to JSONL at close, counts them, and counts rows it could not spill as dropped', async () => {
    const failing: LogBatchBackend = {
      writeBatch() {
        throw new Error('disk full');
      },
      close() {},
    };
    const folder = tempDir();
    const spillPath = join(folder, 'log.db.spill.jsonl');
    const upstream = await mock();
    cleanups.push(() => upstream.close());
    const sink = new BatchingLogSink(failing, { flushIntervalMs: 10, spillPath });
    const test = await gatewayFor(
      { version: 1, targets: { only: openAiTarget(upstream) }, routes: { chat: { weights: { only: 1 } } } },
      { logSink: sink },
    );
    for (let index = 0; index < 5; index += 1) expect((await chat(test.gateway.url, hello)).status).toBe(200);
    await test.gateway.close();
    expect(sink.stats()).toMatchObject({ bufferedRows: 0, spilledRows: 5, droppedRows: 0 });
    expect(readFileSync(spillPath, 'utf8').trim().split('\n')).toHaveLength(5);

    const dbPath = join(folder, 'log.db');
    const replay = replaySpilledRows(dbPath, spillPath);
    expect(replay).toMatchObject({ replayedRows: 5, skippedLines: 0, error: null });
    expect(existsSync(spillPath)).toBe(false);
    expect(queryRequestLog(dbPath).map((row) => row.outcome)).toEqual(Array(5).fill('success'));
    expect(replaySpilledRows(dbPath, spillPath)).toBeNull();

    const unspillable = new BatchingLogSink(failing, { spillPath: join(folder, 'missing', 'spill.jsonl') });
    for (let index = 0; index < 2; index += 1)
      unspillable.append({ ...queryRequestLog(dbPath)[index], id: `lost.${index}` });
    await unspillable.close();
    expect(unspillable.stats()).toMatchObject({ spilledRows: 0, droppedRows: 2 });
    expect(unspillable.stats().lastError).toMatch(/spill/);
  });

  it('creates the DB file owner-only (0600)', async () => {
    const dbPath = join(tempDir(), 'log.db');
    const sink = createSqliteLogSink(dbPath, { flushIntervalMs: 10 });
    const upstream = await mock();
    cleanups.push(() => upstream.close());
    const test = await gatewayFor(
      { version: 1, targets: { only: openAiTarget(upstream) }, routes: { chat: { weights: { only: 1 } } } },
      { logSink: sink },
    );
    expect((await chat(test.gateway.url, hello)).status).toBe(200);
    await test.gateway.close();
    expect(queryRequestLog(dbPath)).toHaveLength(1);
    expect(statSync(dbPath).mode & 0o777).toBe(0o600);
  });
});

function fetchChat(url: string): Promise<Response> {
  return fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'default', messages: [{ role: 'user', content: 'Hello there' }] }),
  }).then(async (response) => {
    await response.text();
    return response;
  });
}
