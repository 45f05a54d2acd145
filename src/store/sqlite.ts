/**
 * SQLite request-log store (better-sqlite3, WAL): the sink the gateway writes through, and
 * queries. The backend (sqlite-backend.ts) opens the file lazily and reopens it after a
 * failure, so a store that was unwritable at start (missing folder, full disk) recovers by
 * itself; rows wait in the batching sink meanwhile.
 */
import { unlinkSync } from 'node:fs';
import Database from 'better-sqlite3';
import { BatchingLogSink, type BatchingSinkOptions, scheduleRetention } from './batching-sink.ts';
import { type LogQuery, logQueryConditions, logQueryLimit } from './log-query.ts';
import { SqliteLogBackend, type SqliteValue } from './sqlite-backend.ts';
import { requestLogColumns, type RequestLogRow } from './types.ts';
import { readSpillFile } from './spill-file.ts';
import { WorkerSqliteLogBackend } from './worker-backend.ts';

export { openLogDatabase, SqliteLogBackend } from './sqlite-backend.ts';

function fromSqlite(record: Record<string, SqliteValue>): RequestLogRow {
  return {
    ...(record as unknown as RequestLogRow),
    stream: record.stream === 1,
    usageEstimated: record.usageEstimated === 1,
  };
}

export interface SqliteLogSinkOptions extends BatchingSinkOptions {
  /** Rows older than this many days are deleted at start and every hour; 0 keeps everything. */
  retentionDays?: number;
  /** Clock for retention (tests pass a fixed one). */
  nowMs?: () => number;
}

/** Where rows the store could not take at shutdown wait for the next start: next to the DB. */
export function spillPathFor(databasePath: string): string {
  return `${databasePath}.spill.jsonl`;
}

export interface SpillReplay {
  spillPath: string;
  /** Rows written from the spill file into the store (the file is then removed). */
  replayedRows: number;
  /** Lines of the spill file that were not rows (a line cut by a crash); skipped. */
  skippedLines: number;
  /** Why the rows could not be written (the file is kept for the next start); null when written. */
  error: string | null;
}

/**
 * Writes the rows a previous run spilled (`spillPathFor(path)`) into the store, then removes
 * the file. Runs once at start, synchronously, before the gateway listens. Returns null when
 * there is no spill file.
 */
export function replaySpilledRows(path: string, spillPath = spillPathFor(path)): SpillReplay | null {
  const spilled = readSpillFile(spillPath);
  if (spilled === null) return null;
  const { rows, skippedLines } = spilled;
  const backend = new SqliteLogBackend(path);
  try {
    if (rows.length > 0) backend.writeBatch(rows);
    unlinkSync(spillPath);
    return { spillPath, replayedRows: rows.length, skippedLines, error: null };
  } catch (error) {
    return { spillPath, replayedRows: 0, skippedLines, error: error instanceof Error ? error.message : String(error) };
  } finally {
    backend.close();
  }
}

/**
 * The default request-log sink: batching in memory, SQLite on disk written from a worker
 * thread (so inserts never block requests), retention applied hourly. Rows the store still
 * refuses at close go to `spillPathFor(path)` unless `spillPath` says otherwise.
 */
export function createSqliteLogSink(path: string, options: SqliteLogSinkOptions = {}): BatchingLogSink {
  const backend = new WorkerSqliteLogBackend(path);
  const sink = new BatchingLogSink(backend, { spillPath: spillPathFor(path), ...options });
  scheduleRetention(backend, options.retentionDays ?? 0, options.nowMs);
  return sink;
}

export type { LogQuery } from './log-query.ts';

/** Reads log rows, oldest first. Opens the file read-only; throws when it does not exist. */
export function queryRequestLog(path: string, query: LogQuery = {}): RequestLogRow[] {
  const database = new Database(path, { readonly: true, fileMustExist: true });
  try {
    const conditions: string[] = [];
    const values: Record<string, SqliteValue> = {};
    for (const condition of logQueryConditions(query)) {
      conditions.push(`${condition.column} ${condition.operator} @${condition.column}`);
      values[condition.column] = condition.value;
    }
    const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
    const limit = logQueryLimit(query);
    // A file the gateway has not opened since an upgrade lacks the newer columns: read their defaults.
    const present = new Set(
      (database.prepare('PRAGMA table_info(request_log)').all() as Array<{ name: string }>).map(
        (column) => column.name,
      ),
    );
    const selected = requestLogColumns.map((column) =>
      present.has(column) ? column : `${column === 'endpoint' ? "'chat.completions'" : 'NULL'} AS ${column}`,
    );
    const records = database
      .prepare(`SELECT ${selected.join(', ')} FROM request_log ${where} ORDER BY time DESC, id DESC ${limit}`)
      .all(values) as Record<string, SqliteValue>[];
    return records.reverse().map(fromSqlite);
  } finally {
    database.close();
  }
}
