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
`;

/**
 * Schema migrations, by `PRAGMA user_version`: migration N takes a database at version N-1 to
 * N. Each runs in a transaction with the version bump, once per file.
 * 1: virtual keys and more endpoints: `team` and `endpoint` columns.
 * 2: no index by route or by key, only by time (and the id's). Each index is one more B-tree
 *    every row is inserted into: the two cost ~2.3 of ~6.6 µs a row of the log worker's insert
 *    (35%, measured, docs/gateway.md "Seventh pass"), paid on every attempt, while a query by
 *    route or key reads its time window through the time index and filters it, as queries by
 *    team, provider or feature always did (all of `switchyard logs` loads the window anyway).
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
  },
  (database) => {
    database.exec('DROP INDEX IF EXISTS request_log_route_time');
    database.exec('DROP INDEX IF EXISTS request_log_key_time');
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

/** Values per row in the flat form: one per column of `requestLogColumns`. */
const sqliteValuesPerRow = requestLogColumns.length;

/**
 * The rows as one flat list of positional values (`requestLogColumns` order, row after row,
 * booleans as 0/1): the form the multi-row insert binds. The worker thread builds it from the
 * columns a batch crosses in (`row-columns.ts`); this is the same from row objects.
 */
export function toSqliteValues(rows: ReadonlyArray<RequestLogRow>): SqliteValue[] {
  const values = new Array<SqliteValue>(rows.length * sqliteValuesPerRow);
  let position = 0;
  for (const row of rows) {
    for (let index = 0; index < sqliteValuesPerRow; index += 1) {
      const value = row[requestLogColumns[index]];
      values[position] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
      position += 1;
    }
  }
  return values;
}

/**
 * Rows per multi-row INSERT: one statement step writes this many rows, so the per-statement
 * cost (bind, step, reset) is paid once per chunk instead of once per row. 32 rows x 25
 * columns = 800 parameters, far below SQLite's limit (32,766).
 */
const rowsPerInsert = 32;

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
  private insertMany: ((values: ReadonlyArray<SqliteValue>) => void) | undefined;

  constructor(readonly path: string) {}

  private open(): (values: ReadonlyArray<SqliteValue>) => void {
    if (this.insertMany) return this.insertMany;
    const database = openLogDatabase(this.path);
    const rowPlaceholder = `(${requestLogColumns.map(() => '?').join(', ')})`;
    const insertSql = (rowCount: number): string =>
      `INSERT OR REPLACE INTO request_log (${requestLogColumns.join(', ')}) VALUES ${Array.from({ length: rowCount }, () => rowPlaceholder).join(', ')}`;
    const insertOne = database.prepare(insertSql(1));
    const insertChunk = database.prepare(insertSql(rowsPerInsert));
    const chunkLength = rowsPerInsert * sqliteValuesPerRow;
    this.database = database;
    // One transaction per batch; full chunks go through the multi-row statement, the rest
    // row by row (in order, so a repeated id keeps its last row, as before).
    this.insertMany = database.transaction((values: ReadonlyArray<SqliteValue>) => {
      let start = 0;
      for (; start + chunkLength <= values.length; start += chunkLength)
        insertChunk.run(values.slice(start, start + chunkLength));
      for (; start + sqliteValuesPerRow <= values.length; start += sqliteValuesPerRow)
        insertOne.run(values.slice(start, start + sqliteValuesPerRow));
    });
    return this.insertMany;
  }

  writeBatch(rows: ReadonlyArray<RequestLogRow>): void {
    this.writeValues(toSqliteValues(rows));
  }

  /** Writes rows given as positional values (`toSqliteValues`' form), in one transaction. */
  writeValues(values: ReadonlyArray<SqliteValue>): void {
    try {
      this.open()(values);
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
