import { mkdtempSync } from 'node:fs';
import Database from 'better-sqlite3';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchingLogSink } from './batching-sink.ts';
import { toCsv, toJsonl } from './export.ts';
import { sinceToIso } from './since.ts';
import { requestLogSchemaVersion } from './sqlite-backend.ts';
import { createSqliteLogSink, openLogDatabase, queryRequestLog, SqliteLogBackend } from './sqlite.ts';
import { logRowWith } from '../../test/fixtures/log-rows.ts';
import type { LogBatchBackend, RequestLogRow } from './types.ts';
import { WorkerSqliteLogBackend } from './worker-backend.ts';

function row(overrides: Partial<RequestLogRow> = {}): RequestLogRow {
  return logRowWith({
    id: 'r1.1',
    requestId: 'r1',
    time: '2025-06-01T12:00:00.000Z',
    routingVersion: 3,
    feature: 'support-bot',
    keyId: 'team-a',
    stream: true,
    ttftMs: 12.5,
    totalMs: 80,
    costUsd: 0.00012,
    team: null,
    ...overrides,
  });
}

describe('SQLite request log', () => {
  it('round-trips rows, filters by since/route/provider, limits to the most recent', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sy-store-')), 'log.db');
    const sink = createSqliteLogSink(path, { flushIntervalMs: 10_000 });
    sink.append(row());
    sink.append(
      row({
        id: 'r2.1',
        requestId: 'r2',
        time: '2025-06-01T13:00:00.000Z',
        provider: 'openai',
        route: 'other',
        stream: false,
        usageEstimated: true,
      }),
    );
    sink.append(
      row({
        id: 'r3.1',
        requestId: 'r3',
        time: '2025-06-01T14:00:00.000Z',
        costUsd: null,
        status: null,
        outcome: 'circuit-open',
      }),
    );
    await sink.close();
    const all = queryRequestLog(path);
    expect(all.map((entry) => entry.id)).toEqual(['r1.1', 'r2.1', 'r3.1']);
    expect(all[0]).toEqual(row());
    expect(all[1]).toMatchObject({ stream: false, usageEstimated: true });
    expect(all[2]).toMatchObject({ costUsd: null, status: null });
    expect(queryRequestLog(path, { sinceIso: '2025-06-01T12:30:00.000Z' }).map((entry) => entry.id)).toEqual([
      'r2.1',
      'r3.1',
    ]);
    expect(queryRequestLog(path, { route: 'other' }).map((entry) => entry.id)).toEqual(['r2.1']);
    expect(queryRequestLog(path, { provider: 'vllm' }).map((entry) => entry.id)).toEqual(['r1.1', 'r3.1']);
    expect(queryRequestLog(path, { limit: 2 }).map((entry) => entry.id)).toEqual(['r2.1', 'r3.1']);
  });

  it('deletes rows older than the retention cutoff', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sy-store-')), 'log.db');
    const backend = new SqliteLogBackend(path);
    backend.writeBatch([row(), row({ id: 'r2.1', time: '2025-06-10T00:00:00.000Z' })]);
    expect(backend.deleteOlderThan('2025-06-05T00:00:00.000Z')).toBe(1);
    backend.close();
    expect(queryRequestLog(path).map((entry) => entry.id)).toEqual(['r2.1']);
  });

  it('migrates a version-1 file: drops its route and key indexes, keeps its rows and their queries', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sy-store-')), 'log.db');
    const old = openLogDatabase(path);
    // What a version-1 gateway left: the indexes by route and by key, user_version 1.
    old.exec('CREATE INDEX request_log_route_time ON request_log (route, time)');
    old.exec('CREATE INDEX request_log_key_time ON request_log (keyId, time)');
    old.pragma('user_version = 1');
    old.close();
    const backend = new SqliteLogBackend(path);
    backend.writeBatch([row(), row({ id: 'r2.1', route: 'embed', keyId: 'key_b', time: '2025-06-01T13:00:00.000Z' })]);
    backend.close();
    const database = new Database(path, { readonly: true });
    const indexes = (
      database.prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name").all() as Array<{
        name: string;
      }>
    ).map((index) => index.name);
    const version = database.pragma('user_version', { simple: true });
    const plan = (
      database
        .prepare('EXPLAIN QUERY PLAN SELECT * FROM request_log WHERE time >= ? AND keyId = ? ORDER BY time DESC')
        .all('2025-06-01T00:00:00.000Z', 'key_b') as Array<{ detail: string }>
    ).map((step) => step.detail);
    database.close();
    expect(indexes).toEqual(['request_log_time', 'sqlite_autoindex_request_log_1']);
    expect(version).toBe(requestLogSchemaVersion);
    expect(requestLogSchemaVersion).toBe(2);
    // A query by key reads its time window through the time index, then filters.
    expect(plan.join(' | ')).toContain('USING INDEX request_log_time');
    expect(queryRequestLog(path, { keyId: 'key_b' }).map((entry) => entry.id)).toEqual(['r2.1']);
    expect(
      queryRequestLog(path, { route: 'chat', sinceIso: '2025-06-01T00:00:00.000Z' }).map((entry) => entry.id),
    ).toEqual(['r1.1']);
  });

  it('writes batches longer than one multi-row insert whole and in order, a repeated id keeping its last row', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sy-store-')), 'log.db');
    // 75 rows: two full 32-row chunks and 11 single rows; the last row repeats the first id.
    const rows = Array.from({ length: 74 }, (_, index) =>
      row({
        id: `r${index}.1`,
        time: new Date(Date.UTC(2025, 5, 1, 0, 0, index)).toISOString(),
        stream: index % 2 === 0,
        inputTokens: index,
      }),
    );
    rows.push(row({ id: 'r0.1', time: '2025-06-02T00:00:00.000Z', outcome: 'error', costUsd: null }));
    const backend = new SqliteLogBackend(path);
    backend.writeBatch(rows);
    backend.close();
    const worker = new WorkerSqliteLogBackend(path);
    await worker.writeBatch(rows.slice(40).map((entry) => ({ ...entry, id: `w${entry.id}` })));
    await worker.close();
    const stored = queryRequestLog(path);
    expect(stored).toHaveLength(74 + 35);
    const direct = stored.filter((entry) => entry.id.startsWith('r'));
    expect(direct.map((entry) => entry.id)).toEqual([...rows.slice(1, 74).map((entry) => entry.id), 'r0.1']);
    expect(direct.at(-1)).toEqual(rows[74]);
    expect(direct[0]).toEqual(rows[1]);
    expect(stored.filter((entry) => entry.id.startsWith('w')).map((entry) => entry.inputTokens)).toEqual(
      rows.slice(40).map((entry) => entry.inputTokens),
    );
  });
});

describe('worker-thread SQLite backend', () => {
  it('writes batches, applies retention and reports store errors from the worker thread', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sy-store-'));
    const path = join(folder, 'log.db');
    const backend = new WorkerSqliteLogBackend(path);
    await backend.writeBatch([row(), row({ id: 'r2.1', time: '2025-06-10T00:00:00.000Z' })]);
    await backend.writeBatch([row({ id: 'r3.1', time: '2025-06-11T00:00:00.000Z' })]);
    expect(await backend.deleteOlderThan('2025-06-05T00:00:00.000Z')).toBe(1);
    await backend.close();
    expect(queryRequestLog(path).map((entry) => entry.id)).toEqual(['r2.1', 'r3.1']);
    const unwritable = new WorkerSqliteLogBackend(join(folder, 'missing-folder', 'log.db'));
    await expect(unwritable.writeBatch([row()])).rejects.toThrow(/directory does not exist|unable to open/i);
    await unwritable.close();
  });
});

describe('batching sink', () => {
  it('keeps a failed batch for retry and counts drops beyond the bound', async () => {
    let failing = true;
    const written: RequestLogRow[] = [];
    const backend: LogBatchBackend = {
      writeBatch(rows) {
        if (failing) throw new Error('disk full');
        written.push(...rows);
      },
      close() {},
    };
    const states: string[] = [];
    const sink = new BatchingLogSink(backend, {
      flushIntervalMs: 60_000,
      batchSize: 2,
      maxBufferedRows: 3,
      onStoreStateChange: (healthy, reason) => states.push(healthy ? 'healthy' : `down: ${reason}`),
    });
    for (let index = 0; index < 5; index += 1) sink.append(row({ id: `r${index}` }));
    await sink.flush();
    expect(sink.stats()).toEqual({
      bufferedRows: 3,
      writtenRows: 0,
      droppedRows: 2,
      spilledRows: 0,
      failedBatches: 1,
      lastError: 'disk full',
    });
    failing = false;
    await sink.flush();
    expect(written.map((entry) => entry.id)).toEqual(['r0', 'r1', 'r2']);
    expect(states).toEqual(['down: disk full', 'healthy']);
    await sink.close();
  });
});

describe('export', () => {
  it('writes JSONL with the documented fields and CSV with quoting', () => {
    const jsonl = toJsonl([row({ prompt: 'say "hi", then\nstop' })]);
    const parsed = JSON.parse(jsonl.trim()) as Record<string, unknown>;
    expect(Object.keys(parsed).slice(0, 5)).toEqual(['id', 'requestId', 'time', 'route', 'routingVersion']);
    expect(parsed).toMatchObject({
      provider: 'vllm',
      outcome: 'success',
      inputTokens: 100,
      costUsd: 0.00012,
      ttftMs: 12.5,
      totalMs: 80,
    });
    const csv = toCsv([row({ prompt: 'say "hi", then\nstop' })]);
    expect(csv).toContain('"say ""hi"", then\nstop"');
    expect(csv.split('\n')[0].split(',')).toHaveLength(25);
    expect(toJsonl([])).toBe('');
  });
});

describe('sinceToIso', () => {
  it('checks the doc example and rejects nonsense', () => {
    expect(sinceToIso('1h', Date.parse('2025-06-01T12:00:00Z'))).toBe('2025-06-01T11:00:00.000Z');
    expect(sinceToIso('7d', Date.parse('2025-06-08T00:00:00Z'))).toBe('2025-06-01T00:00:00.000Z');
    expect(sinceToIso('2025-06-01', 0)).toBe('2025-06-01T00:00:00.000Z');
    expect(() => sinceToIso('yesterday', 0)).toThrow("--since: 'yesterday' is neither a duration");
  });
});
