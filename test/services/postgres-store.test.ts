/**
 * The PostgreSQL request-log store on a real PostgreSQL (started by test/services/services.ts):
 * the same rows and export as the SQLite store, versioned migrations that two gateways may run
 * at once, rows landing once when a batch is written twice, and spill-and-replay when the
 * database is down at shutdown.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toCsv, toJsonl } from '../../src/store/export.ts';
import {
  createPostgresLogSink,
  migratePostgres,
  PostgresLogBackend,
  postgresMigrations,
  replaySpilledRowsToPostgres,
} from '../../src/store/postgres-sink.ts';
import { readRequestLog } from '../../src/store/read-log.ts';
import { createSqliteLogSink } from '../../src/store/sqlite.ts';
import { readGatewaySummary } from '../../src/web/gateway-api.ts';
import { requestLogColumns, type RequestLogRow } from '../../src/store/types.ts';
import { freePort, skipServices, startPostgres, type RunningService } from './services.ts';

function row(index: number, overrides: Partial<RequestLogRow> = {}): RequestLogRow {
  return {
    id: `r${index}.1`,
    requestId: `r${index}`,
    time: new Date(Date.UTC(2025, 5, 1, 12, 0, 0, index)).toISOString(),
    route: index % 2 === 0 ? 'chat' : 'batch',
    routingVersion: 3,
    feature: index % 3 === 0 ? null : 'support-bot',
    keyId: 'team-a',
    provider: index % 2 === 0 ? 'vllm' : 'openai',
    providerKind: 'openai-compatible',
    model: 'llama',
    attempt: 1,
    outcome: 'success',
    status: 200,
    stream: index % 2 === 0,
    inputTokens: 100 + index,
    outputTokens: 20,
    cachedInputTokens: 0,
    usageEstimated: index % 5 === 0,
    ttftMs: 12.345,
    totalMs: 80.5,
    costUsd: index % 4 === 0 ? null : 0.000123,
    errorClass: null,
    prompt: index === 1 ? '=HYPERLINK("x"), "quoted"\nline' : null,
    team: index % 2 === 0 ? 'ml' : null,
    endpoint: index % 7 === 0 ? 'embeddings' : 'chat.completions',
    ...overrides,
  };
}

describe.skipIf(skipServices)('PostgreSQL request log', () => {
  let postgres: RunningService;
  let database = 0;
  /** A fresh database per test, so tests do not see each other's rows. */
  async function freshDatabase(): Promise<string> {
    database += 1;
    const name = `log_${process.pid}_${database}`;
    const admin = new pg.Client(postgres.url);
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    return postgres.url.replace(/\/postgres$/, `/${name}`);
  }

  beforeAll(async () => {
    postgres = await startPostgres();
  });
  afterAll(async () => {
    await postgres?.stop();
  });

  it('stores the same rows as SQLite: query, JSONL and CSV export are identical', async () => {
    const url = await freshDatabase();
    const rows = Array.from({ length: 1_200 }, (_, index) => row(index));
    const postgresSink = createPostgresLogSink(url, { flushIntervalMs: 10_000, batchSize: 500 });
    const sqlitePath = join(mkdtempSync(join(tmpdir(), 'sy-pg-')), 'log.db');
    const sqliteSink = createSqliteLogSink(sqlitePath, { flushIntervalMs: 10_000 });
    for (const entry of rows) {
      postgresSink.append(entry);
      sqliteSink.append(entry);
    }
    await postgresSink.close();
    await sqliteSink.close();
    expect(postgresSink.stats()).toMatchObject({ writtenRows: 1_200, droppedRows: 0, failedBatches: 0 });
    const fromPostgres = await readRequestLog(url);
    const fromSqlite = await readRequestLog(sqlitePath);
    expect(fromPostgres).toHaveLength(1_200);
    expect(fromPostgres).toEqual(fromSqlite);
    expect(toJsonl(fromPostgres)).toBe(toJsonl(rows));
    expect(toCsv(fromPostgres)).toBe(toCsv(fromSqlite));
    const query = { route: 'chat', provider: 'vllm', sinceIso: rows[600].time, limit: 10 };
    expect(await readRequestLog(url, query)).toEqual(await readRequestLog(sqlitePath, query));
    const byKey = { keyId: 'team-a', team: 'ml', feature: 'support-bot' };
    const selected = await readRequestLog(url, byKey);
    expect(selected.length).toBeGreaterThan(0);
    expect(selected).toEqual(await readRequestLog(sqlitePath, byKey));
    // The dashboard's gateway view reads it too, and sees what it sees in the SQLite file.
    const nowMs = Date.parse('2025-06-02T00:00:00Z');
    const fromDashboard = await readGatewaySummary(url, 'all', nowMs);
    expect(fromDashboard.ok).toBe(true);
    const fromSqliteDashboard = await readGatewaySummary(sqlitePath, 'all', nowMs);
    if (fromDashboard.ok && fromSqliteDashboard.ok) expect(fromDashboard.summary).toEqual(fromSqliteDashboard.summary);
  });

  it('migrates once: a versioned table, idempotent, safe when two gateways start together', async () => {
    const url = await freshDatabase();
    const clients = [new pg.Client(url), new pg.Client(url)];
    await Promise.all(clients.map((client) => client.connect()));
    const results = await Promise.all(clients.map((client) => migratePostgres(client)));
    const latest = Math.max(...postgresMigrations.map((migration) => migration.version));
    expect(results.map((result) => result.version)).toEqual([latest, latest]);
    // One of the two applied every step, the other found them applied.
    expect(results.flatMap((result) => result.applied).sort()).toEqual(
      postgresMigrations.map((migration) => migration.version).sort(),
    );
    expect((await migratePostgres(clients[0])).applied).toEqual([]);
    const recorded = await clients[0].query<{ version: number }>(
      'SELECT version FROM switchyard_migrations ORDER BY version',
    );
    expect(recorded.rows.map((entry) => entry.version)).toEqual(
      postgresMigrations.map((migration) => migration.version),
    );
    // Every column of the row type exists after the last step (a new column needs a step).
    const present = await clients[0].query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'request_log'",
    );
    expect(present.rows.map((entry) => entry.column_name).sort()).toEqual([...requestLogColumns].sort());
    await Promise.all(clients.map((client) => client.end()));
  });

  it('a batch written twice (a retry, a replayed spill) lands once: COPY first, the skipping insert after a conflict', async () => {
    const url = await freshDatabase();
    const backend = new PostgresLogBackend(url);
    const batch = [row(1), row(2), row(3)];
    await backend.writeBatch(batch);
    expect(backend.written).toEqual({ copiedRows: 3, insertedRows: 0 });
    await backend.writeBatch(batch);
    // COPY refused the repeated ids (unique violation); the insert skipped all three.
    expect(backend.written).toEqual({ copiedRows: 3, insertedRows: 0 });
    await backend.writeBatch([row(3), row(4)]);
    expect(backend.written).toEqual({ copiedRows: 3, insertedRows: 1 });
    // The connections are still good after the refused COPYs: a new batch is copied again.
    await backend.writeBatch([row(5)]);
    expect(backend.written).toEqual({ copiedRows: 4, insertedRows: 1 });
    await backend.close();
    expect((await readRequestLog(url)).map((entry) => entry.id)).toEqual(['r1.1', 'r2.1', 'r3.1', 'r4.1', 'r5.1']);
  });

  it("copies text COPY's format would misread (tabs, backslashes, line ends, a lone \\.) exactly", async () => {
    const url = await freshDatabase();
    const backend = new PostgresLogBackend(url);
    const awkward = [
      row(1, { prompt: 'tab\there\\back\\slash\r\nnew line' }),
      row(2, { prompt: '\\.', feature: 'a\tb', model: 'ünïcødé 模型 🙂' }),
      row(3, { prompt: '\\N', errorClass: '', ttftMs: 0.1 + 0.2, costUsd: 1e-12 }),
      row(4, { prompt: '.\n\\.\nend', status: null, inputTokens: null }),
    ];
    await backend.writeBatch(awkward);
    expect(backend.written.copiedRows).toBe(4);
    await backend.close();
    expect(await readRequestLog(url)).toEqual(awkward);
  });

  it('keeps one index besides the primary key: by time (migration 3 drops those by route and key)', async () => {
    const url = await freshDatabase();
    const client = new pg.Client(url);
    await client.connect();
    await migratePostgres(client);
    const indexes = await client.query<{ indexname: string }>(
      "SELECT indexname FROM pg_indexes WHERE tablename = 'request_log' ORDER BY indexname",
    );
    await client.end();
    expect(indexes.rows.map((entry) => entry.indexname)).toEqual(['request_log_pkey', 'request_log_time']);
  });

  it('a database that is down at shutdown: rows spill to JSONL and the next start replays them', async () => {
    const url = await freshDatabase();
    const downUrl = `postgres://switchyard@127.0.0.1:${await freePort()}/nothing`;
    const spillPath = join(mkdtempSync(join(tmpdir(), 'sy-pg-spill-')), 'log.spill.jsonl');
    const sink = createPostgresLogSink(downUrl, { flushIntervalMs: 10_000, spillPath, connectTimeoutMs: 1_000 });
    for (let index = 0; index < 25; index += 1) sink.append(row(index));
    await sink.close();
    expect(sink.stats()).toMatchObject({ writtenRows: 0, spilledRows: 25, droppedRows: 0 });
    expect(sink.stats().lastError).toMatch(/ECONNREFUSED|connect/);
    const replay = await replaySpilledRowsToPostgres(url, spillPath);
    expect(replay).toMatchObject({ replayedRows: 25, skippedLines: 0, error: null });
    expect(existsSync(spillPath)).toBe(false);
    expect(await readRequestLog(url)).toHaveLength(25);
    expect(await replaySpilledRowsToPostgres(url, spillPath)).toBeNull();
  });
});
