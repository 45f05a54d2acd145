/**
 * SQLite request-log store (better-sqlite3, WAL). The backend opens the file lazily and
 * reopens it after a failure, so a store that was unwritable at start (missing folder,
 * full disk) recovers by itself; rows wait in the batching sink meanwhile.
 */
import Database from 'better-sqlite3';
import { BatchingLogSink, type BatchingSinkOptions } from './batching-sink.ts';
import { requestLogColumns, type LogBatchBackend, type RequestLogRow } from './types.ts';

type SqliteDatabase = Database.Database;

const createTable = `
CREATE TABLE IF NOT EXISTS request_log (
  id TEXT PRIMARY KEY,
  requestId TEXT NOT NULL,
  time TEXT NOT NULL,
  route TEXT NOT NULL,
  routingVersion INTEGER NOT NULL,
  feature TEXT,
  keyId TEXT,
  provider TEXT NOT NULL,
  providerKind TEXT NOT NULL,
  model TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  outcome TEXT NOT NULL,
  status INTEGER,
  stream INTEGER NOT NULL,
  inputTokens INTEGER,
  outputTokens INTEGER,
  cachedInputTokens INTEGER,
  usageEstimated INTEGER NOT NULL,
  ttftMs REAL,
  totalMs REAL,
  costUsd REAL,
  errorClass TEXT,
  prompt TEXT
);
CREATE INDEX IF NOT EXISTS request_log_time ON request_log (time);
CREATE INDEX IF NOT EXISTS request_log_route_time ON request_log (route, time);
`;

type SqliteValue = string | number | null;

/** Positional values in `requestLogColumns` order (positional binding is the fast path of better-sqlite3). */
function toSqlite(row: RequestLogRow): SqliteValue[] {
  return requestLogColumns.map((column) => {
    const value = row[column];
    return typeof value === 'boolean' ? (value ? 1 : 0) : value;
  });
}

function fromSqlite(record: Record<string, SqliteValue>): RequestLogRow {
  return { ...(record as unknown as RequestLogRow), stream: record.stream === 1, usageEstimated: record.usageEstimated === 1 };
}

/** Opens (creating if needed) a log database in WAL mode with its table. */
export function openLogDatabase(path: string): SqliteDatabase {
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.exec(createTable);
  return database;
}

export class SqliteLogBackend implements LogBatchBackend {
  private database: SqliteDatabase | undefined;
  private insertMany: ((rows: ReadonlyArray<RequestLogRow>) => void) | undefined;

  constructor(readonly path: string) {}

  private open(): (rows: ReadonlyArray<RequestLogRow>) => void {
    if (this.insertMany) return this.insertMany;
    const database = openLogDatabase(this.path);
    const insert = database.prepare(`INSERT OR REPLACE INTO request_log (${requestLogColumns.join(', ')}) VALUES (${requestLogColumns.map(() => '?').join(', ')})`);
    this.database = database;
    this.insertMany = database.transaction((rows: ReadonlyArray<RequestLogRow>) => {
      for (const row of rows) insert.run(...toSqlite(row));
    });
    return this.insertMany;
  }

  writeBatch(rows: ReadonlyArray<RequestLogRow>): void {
    try {
      this.open()(rows);
    } catch (error) {
      this.close();
      throw error;
    }
  }

  /** Deletes rows older than the cutoff; returns how many went. */
  deleteOlderThan(cutoffIso: string): number {
    try {
      this.open();
      return this.database?.prepare('DELETE FROM request_log WHERE time < ?').run(cutoffIso).changes ?? 0;
    } catch {
      this.close();
      return 0;
    }
  }

  close(): void {
    try {
      this.database?.close();
    } catch {
      // already closed or broken: nothing to release
    }
    this.database = undefined;
    this.insertMany = undefined;
  }
}

export interface SqliteLogSinkOptions extends BatchingSinkOptions {
  /** Rows older than this many days are deleted at start and every hour; 0 keeps everything. */
  retentionDays?: number;
  /** Clock for retention (tests pass a fixed one). */
  nowMs?: () => number;
}

/** The default request-log sink: batching in memory, SQLite on disk, retention applied hourly. */
export function createSqliteLogSink(path: string, options: SqliteLogSinkOptions = {}): BatchingLogSink {
  const backend = new SqliteLogBackend(path);
  const sink = new BatchingLogSink(backend, options);
  const retentionDays = options.retentionDays ?? 0;
  if (retentionDays > 0) {
    const now = options.nowMs ?? Date.now;
    const applyRetention = (): void => void backend.deleteOlderThan(new Date(now() - retentionDays * 86_400_000).toISOString());
    applyRetention();
    setInterval(applyRetention, 3_600_000).unref();
  }
  return sink;
}

export interface LogQuery {
  /** ISO time; rows at or after it. */
  sinceIso?: string;
  route?: string;
  provider?: string;
  /** The most recent N rows (still returned oldest first). */
  limit?: number;
}

/** Reads log rows, oldest first. Opens the file read-only; throws when it does not exist. */
export function queryRequestLog(path: string, query: LogQuery = {}): RequestLogRow[] {
  const database = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const conditions: string[] = [];
    const values: Record<string, SqliteValue> = {};
    if (query.sinceIso) {
      conditions.push('time >= @since');
      values.since = query.sinceIso;
    }
    if (query.route) {
      conditions.push('route = @route');
      values.route = query.route;
    }
    if (query.provider) {
      conditions.push('provider = @provider');
      values.provider = query.provider;
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const limit = query.limit !== undefined ? `LIMIT ${Math.max(0, Math.floor(query.limit))}` : '';
    const records = database.prepare(`SELECT ${requestLogColumns.join(', ')} FROM request_log ${where} ORDER BY time DESC, id DESC ${limit}`).all(values) as Record<string, SqliteValue>[];
    return records.reverse().map(fromSqlite);
  } finally {
    database.close();
  }
}
