/**
 * The synchronous SQLite backend of the request log (better-sqlite3, WAL). It opens the file
 * lazily and reopens it after a failure, so a store that was unwritable at start (missing
 * folder, full disk) recovers by itself; rows wait in the batching sink meanwhile. The gateway
 * runs it on a worker thread (`worker-backend.ts`); tests and tools may use it directly.
 */
import { closeSync, openSync } from 'node:fs';
import Database from 'better-sqlite3';
import { requestLogColumns, type LogBatchBackend, type RequestLogRow } from './types.ts';

export type SqliteDatabase = Database.Database;
export type SqliteValue = string | number | null;

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

/**
 * Schema migrations, by `PRAGMA user_version`: migration N takes a database at version N-1 to
 * N. Each runs in a transaction with the version bump, once per file.
 * 1: virtual keys and more endpoints: `team` and `endpoint` columns, an index by key.
 */
const migrations: ReadonlyArray<(database: SqliteDatabase) => void> = [
  (database) => {
    const columns = new Set(
      (database.prepare('PRAGMA table_info(request_log)').all() as Array<{ name: string }>).map(
        (column) => column.name,
      ),
    );
    if (!columns.has('team')) database.exec('ALTER TABLE request_log ADD COLUMN team TEXT');
    if (!columns.has('endpoint'))
      database.exec("ALTER TABLE request_log ADD COLUMN endpoint TEXT NOT NULL DEFAULT 'chat.completions'");
    database.exec('CREATE INDEX IF NOT EXISTS request_log_key_time ON request_log (keyId, time)');
  },
];

/** The schema version this code writes (`PRAGMA user_version`). */
export const requestLogSchemaVersion = migrations.length;

/** Brings a log database up to `requestLogSchemaVersion`; a newer file is left alone. */
export function migrateLogDatabase(database: SqliteDatabase): void {
  const current = database.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < migrations.length; version += 1) {
    database.transaction(() => {
      migrations[version](database);
      database.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/**
 * Positional values in `requestLogColumns` order, booleans as 0/1. Positional binding with
 * one array argument is better-sqlite3's cheapest form (no spread, no per-row closure).
 */
function toSqlite(row: RequestLogRow): SqliteValue[] {
  const values = new Array<SqliteValue>(requestLogColumns.length);
  for (let index = 0; index < requestLogColumns.length; index += 1) {
    const value = row[requestLogColumns[index]];
    values[index] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
  }
  return values;
}

/**
 * Creates the file owner-only (0600) when it does not exist yet, before SQLite opens it; SQLite
 * gives the -wal and -shm files the database file's permissions.
 */
function createOwnerOnly(path: string): void {
  if (path === ':memory:' || path === '') return;
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch {
    // exists already (its mode is the operator's), or cannot be created: SQLite reports why
  }
}

/** Opens (creating if needed, 0600) a log database in WAL mode with its table. */
export function openLogDatabase(path: string): SqliteDatabase {
  createOwnerOnly(path);
  const database = new Database(path);
  database.pragma('journal_mode = WAL');
  database.pragma('synchronous = NORMAL');
  database.exec(createTable);
  migrateLogDatabase(database);
  return database;
}

export class SqliteLogBackend implements LogBatchBackend {
  private database: SqliteDatabase | undefined;
  private insertMany: ((rows: ReadonlyArray<RequestLogRow>) => void) | undefined;

  constructor(readonly path: string) {}

  private open(): (rows: ReadonlyArray<RequestLogRow>) => void {
    if (this.insertMany) return this.insertMany;
    const database = openLogDatabase(this.path);
    const insert = database.prepare(
      `INSERT OR REPLACE INTO request_log (${requestLogColumns.join(', ')}) VALUES (${requestLogColumns.map(() => '?').join(', ')})`,
    );
    this.database = database;
    this.insertMany = database.transaction((rows: ReadonlyArray<RequestLogRow>) => {
      for (const row of rows) insert.run(toSqlite(row));
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
