/**
 * PostgreSQL request-log store, for several gateways writing one log: the same rows, columns
 * and export as the SQLite store (`requestLogColumns`), written through the same batching
 * sink (bounded buffer, retry, spill to JSONL at close).
 *
 * A batch goes in with `COPY ... FROM STDIN` (text format, `copy-text.ts`): the cheapest way
 * into PostgreSQL, one statement, all rows or none. COPY cannot skip a row whose id is already
 * there, so when it fails with an error from the server (a unique violation: a retried batch
 * whose first try committed, a replayed spill; or a value the text form refused) the batch is
 * written again as one `INSERT ... SELECT ... FROM json_populate_recordset(...) ON CONFLICT (id)
 * DO NOTHING` statement with the rows as one JSON parameter, which makes it land once.
 *
 * The schema is versioned: `switchyard_migrations` records each applied step; every gateway
 * runs the missing steps at start under an advisory lock, so two starting together do not race.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { BatchingLogSink, type BatchingSinkOptions, scheduleRetention } from './batching-sink.ts';
import { copyText } from './copy-text.ts';
import { readSpillFile, removeSpillFile } from './spill-file.ts';
import { type LogQuery, logQueryConditions, logQueryLimit } from './log-query.ts';
import { requestLogColumns, type LogBatchBackend, type RequestLogRow } from './types.ts';

/** Column names are camelCase, so they are quoted: rows come back with the same keys as RequestLogRow. */
function quoted(column: string): string {
  return `"${column}"`;
}

export interface PostgresMigration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Schema steps, applied in order, each once. Append new steps; never edit an applied one
 * (which is why step 1 spells its columns out instead of deriving them from requestLogColumns).
 */
export const postgresMigrations: ReadonlyArray<PostgresMigration> = [
  {
    version: 1,
    name: 'request_log',
    sql: `CREATE TABLE IF NOT EXISTS request_log (
  "id" text PRIMARY KEY,
  "requestId" text NOT NULL,
  "time" timestamptz NOT NULL,
  "route" text NOT NULL,
  "routingVersion" integer NOT NULL,
  "feature" text,
  "keyId" text,
  "provider" text NOT NULL,
  "providerKind" text NOT NULL,
  "model" text NOT NULL,
  "attempt" integer NOT NULL,
  "outcome" text NOT NULL,
  "status" integer,
  "stream" boolean NOT NULL,
  "inputTokens" integer,
  "outputTokens" integer,
  "cachedInputTokens" integer,
  "usageEstimated" boolean NOT NULL,
  "ttftMs" double precision,
  "totalMs" double precision,
  "costUsd" double precision,
  "errorClass" text,
  "prompt" text
);
CREATE INDEX IF NOT EXISTS request_log_time ON request_log ("time");
CREATE INDEX IF NOT EXISTS request_log_route_time ON request_log ("route", "time");`,
  },
  {
    version: 2,
    name: 'request_log_key_team_endpoint',
    sql: `ALTER TABLE request_log ADD COLUMN IF NOT EXISTS "team" text;
ALTER TABLE request_log ADD COLUMN IF NOT EXISTS "endpoint" text NOT NULL DEFAULT 'chat.completions';
CREATE INDEX IF NOT EXISTS request_log_key_time ON request_log ("keyId", "time");`,
  },
  {
    // As in the SQLite log: every query reads its time window through the time index, and each
    // index more is one more B-tree insert for every attempt of every gateway writing here.
    version: 3,
    name: 'request_log_time_index_only',
    sql: `DROP INDEX IF EXISTS request_log_route_time;
DROP INDEX IF EXISTS request_log_key_time;`,
  },
];

/** Any number: the lock only has to be the same for every gateway migrating this database. */
const migrationLockId = 0x5377_7964; // "Swyd"

/** True for `postgres://` and `postgresql://` URLs (where `--db` and `server.db` name a PostgreSQL log). */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/** The URL without its password, for messages. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

export interface MigrationResult {
  /** Versions applied by this call (empty when the schema was current). */
  applied: number[];
  /** The schema version now. */
  version: number;
}

/** Applies the missing migrations in one transaction, under an advisory lock. */
export async function migratePostgres(client: pg.ClientBase): Promise<MigrationResult> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [migrationLockId]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS switchyard_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
    );
    const done = await client.query<{ version: number }>('SELECT version FROM switchyard_migrations');
    const applied = new Set(done.rows.map((row) => row.version));
    const appliedNow: number[] = [];
    for (const migration of postgresMigrations) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query('INSERT INTO switchyard_migrations (version, name) VALUES ($1, $2)', [
        migration.version,
        migration.name,
      ]);
      appliedNow.push(migration.version);
    }
    await client.query('COMMIT');
    return { applied: appliedNow, version: Math.max(0, ...applied, ...appliedNow) };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** The fast path: the rows as COPY's text format, in `requestLogColumns` order. */
const copyStatement = `COPY request_log (${requestLogColumns.map(quoted).join(', ')}) FROM STDIN`;

/**
 * The path that skips ids already stored: the batch as one JSON array (JSON.stringify is
 * native, a third of what pg's array-parameter encoding costs on the gateway's thread) and
 * PostgreSQL maps each object onto the table's row type by column name, converting the types.
 */
const insertText = `INSERT INTO request_log (${requestLogColumns.map(quoted).join(', ')})
SELECT ${requestLogColumns.map(quoted).join(', ')} FROM json_populate_recordset(NULL::request_log, $1::json)
ON CONFLICT ("id") DO NOTHING`;

export interface PostgresConnectionOptions {
  /** Longest a statement may run before PostgreSQL cancels it (the batch is then retried). */
  statementTimeoutMs?: number;
  /** Longest to wait for a connection. */
  connectTimeoutMs?: number;
}

function createPool(url: string, options: PostgresConnectionOptions, max: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 5_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    application_name: 'switchyard',
    // A commit returns before its WAL reaches the disk (PostgreSQL still never corrupts): a
    // crash of the database server can lose the last few hundred milliseconds of rows, the
    // same trade SQLite's WAL with synchronous=NORMAL makes for the default store.
    options: '-c synchronous_commit=off',
  });
  // An idle connection that breaks (server restart) must not crash the gateway; the next
  // query gets a fresh connection.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * COPYs the rows on `client`; false when the server refused them (a stored id, a value the text
 * form rejects), so the caller writes them the way that skips stored ids. Throws on a transport failure.
 */
async function copyRows(client: pg.PoolClient, rows: ReadonlyArray<RequestLogRow>): Promise<boolean> {
  try {
    await pipeline(Readable.from([copyText(rows)]), client.query(copyFrom(copyStatement)));
    return true;
  } catch (error) {
    if (isServerError(error)) return false;
    throw error;
  }
}

/** An error PostgreSQL answered (it carries a SQLSTATE), as opposed to a broken connection. */
function isServerError(error: unknown): boolean {
  return error instanceof pg.DatabaseError;
}

/**
 * Rows per batch of the PostgreSQL sink (the SQLite sink's is 500): each COPY costs round trips
 * and a statement start, so fewer, larger batches write more rows a second (measured on loopback,
 * 40,000 rows: 122-133k rows/s at 500, 173-185k at 2,000). Under light load the sink's 200 ms
 * timer still writes whatever is buffered, so rows do not wait longer.
 */
const postgresBatchRows = 2000;

/** Connections a backend writes on, and the smallest part a batch is split into. */
const writeConnections = 2;
const minimumPartRows = 100;

/**
 * Writes batches to PostgreSQL. Connects and migrates lazily at the first batch and again
 * after a failure, so a database that is down at start is picked up once it is back.
 */
export class PostgresLogBackend implements LogBatchBackend {
  private readonly pool: pg.Pool;
  private ready: Promise<void> | undefined;

  constructor(
    readonly url: string,
    options: PostgresConnectionOptions = {},
  ) {
    this.pool = createPool(url, options, writeConnections);
  }

  private ensureSchema(): Promise<void> {
    this.ready ??= (async () => {
      const client = await this.pool.connect();
      try {
        await migratePostgres(client);
      } finally {
        client.release();
      }
    })().catch((error: unknown) => {
      this.ready = undefined;
      throw error;
    });
    return this.ready;
  }

  /** Rows written by COPY and by the insert that skips stored ids, since start (for tests and the bench). */
  readonly written = { copiedRows: 0, insertedRows: 0 };

  /**
   * Writes a batch as up to `writeConnections` statements at once, so the database inserts one
   * part while the next is being serialised here. A part that fails fails the batch, which the
   * sink retries whole; parts already written are skipped then (COPY fails on them with a unique
   * violation and the part goes again through `ON CONFLICT DO NOTHING`).
   */
  async writeBatch(rows: ReadonlyArray<RequestLogRow>): Promise<void> {
    if (rows.length === 0) return;
    await this.ensureSchema();
    const parts = rows.length >= 2 * minimumPartRows ? writeConnections : 1;
    const partSize = Math.ceil(rows.length / parts);
    const writes: Array<Promise<void>> = [];
    for (let start = 0; start < rows.length; start += partSize)
      writes.push(this.writePart(start === 0 && partSize >= rows.length ? rows : rows.slice(start, start + partSize)));
    await Promise.all(writes);
  }

  private async writePart(rows: ReadonlyArray<RequestLogRow>): Promise<void> {
    const client = await this.pool.connect();
    // Set on a transport failure (no SQLSTATE): the connection is then closed, not reused.
    let broken: Error | undefined;
    try {
      if (await copyRows(client, rows)) {
        this.written.copiedRows += rows.length;
        return;
      }
      const result = await client.query({
        name: 'switchyard_insert_request_log',
        text: insertText,
        values: [JSON.stringify(rows)],
      });
      this.written.insertedRows += result.rowCount ?? 0;
    } catch (error) {
      if (!isServerError(error)) broken = error instanceof Error ? error : new Error(String(error));
      throw error;
    } finally {
      client.release(broken);
    }
  }

  /** Deletes rows older than the cutoff; returns how many went (0 when the store is down). */
  async deleteOlderThan(cutoffIso: string): Promise<number> {
    try {
      await this.ensureSchema();
      const result = await this.pool.query('DELETE FROM request_log WHERE "time" < $1', [cutoffIso]);
      return result.rowCount ?? 0;
    } catch {
      return 0;
    }
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

export interface PostgresLogSinkOptions extends BatchingSinkOptions, PostgresConnectionOptions {
  /** Rows older than this many days are deleted at start and every hour; 0 keeps everything. */
  retentionDays?: number;
  nowMs?: () => number;
}

/**
 * The PostgreSQL request-log sink: batching in memory, one statement per batch. Give
 * `spillPath` so rows the database still refuses at close are kept for the next start
 * (`replaySpilledRowsToPostgres`).
 */
export function createPostgresLogSink(url: string, options: PostgresLogSinkOptions = {}): BatchingLogSink {
  const backend = new PostgresLogBackend(url, options);
  const sink = new BatchingLogSink(backend, { batchSize: postgresBatchRows, ...options });
  scheduleRetention(backend, options.retentionDays ?? 0, options.nowMs);
  return sink;
}

export interface PostgresSpillReplay {
  spillPath: string;
  replayedRows: number;
  skippedLines: number;
  /** Why the rows could not be written (the file is kept); null when written. */
  error: string | null;
}

/** Writes the rows a previous run spilled into PostgreSQL, then removes the file; null when there is none. */
export async function replaySpilledRowsToPostgres(
  url: string,
  spillPath: string,
  options: PostgresConnectionOptions = {},
): Promise<PostgresSpillReplay | null> {
  const spill = readSpillFile(spillPath);
  if (spill === null) return null;
  const backend = new PostgresLogBackend(url, options);
  try {
    for (let start = 0; start < spill.rows.length; start += 1000)
      await backend.writeBatch(spill.rows.slice(start, start + 1000));
    removeSpillFile(spillPath);
    return { spillPath, replayedRows: spill.rows.length, skippedLines: spill.skippedLines, error: null };
  } catch (error) {
    return {
      spillPath,
      replayedRows: 0,
      skippedLines: spill.skippedLines,
      error: error instanceof Error ? error.message : String(error),
    };
  } finally {
    await backend.close();
  }
}

const selectColumns = requestLogColumns
  .map((column) =>
    column === 'time'
      ? `to_char("time" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "time"`
      : quoted(column),
  )
  .join(', ');

/** Reads log rows, oldest first, with the same filters as the SQLite query. */
export async function queryPostgresRequestLog(
  url: string,
  query: LogQuery = {},
  options: PostgresConnectionOptions = {},
): Promise<RequestLogRow[]> {
  const pool = createPool(url, options, 1);
  try {
    // A database last written by an older gateway lacks the newer columns; a reader without
    // the right to migrate reads what is there (the query then names the missing column).
    const client = await pool.connect();
    try {
      await migratePostgres(client).catch(() => undefined);
    } finally {
      client.release();
    }
    const conditions: string[] = [];
    const values: string[] = [];
    for (const condition of logQueryConditions(query)) {
      values.push(condition.value);
      conditions.push(`${quoted(condition.column)} ${condition.operator} $${values.length}`);
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const limit = logQueryLimit(query);
    const result = await pool.query<RequestLogRow>(
      `SELECT ${selectColumns} FROM request_log ${where} ORDER BY "time" DESC, "id" DESC ${limit}`,
      values,
    );
    return result.rows.reverse();
  } finally {
    await pool.end().catch(() => undefined);
  }
}
