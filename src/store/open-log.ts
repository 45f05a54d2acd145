/**
 * Opens the request log a gateway writes, from one location string: a SQLite file (the
 * default) or a `postgres://` URL. Rows a previous run spilled are replayed first; the lines
 * returned say what happened, for the operator's stderr.
 */
import { resolve } from 'node:path';
import type { BatchingLogSink, BatchingSinkOptions } from './batching-sink.ts';
import { createPostgresLogSink, isPostgresUrl, redactedUrl, replaySpilledRowsToPostgres } from './postgres-sink.ts';
import { createSqliteLogSink, replaySpilledRows, spillPathFor } from './sqlite.ts';

export interface OpenedRequestLog {
  sink: BatchingLogSink;
  /** The store as shown to the operator (a resolved path, or a URL without its password). */
  description: string;
  /** Where rows the store refuses at shutdown go (and are replayed from at the next start). */
  spillPath: string;
  /** Lines about the replay of a previous run's spill (empty when there was none). */
  startLines: string[];
}

export interface OpenRequestLogOptions extends Pick<BatchingSinkOptions, 'onStoreStateChange'> {
  retentionDays?: number;
  /**
   * Spill file of a PostgreSQL log (default `./switchyard-log.spill.jsonl`): local to this
   * instance, so give each instance on one host its own working directory or file.
   */
  postgresSpillPath?: string;
}

function replayLines(
  replay: { replayedRows: number; skippedLines: number; error: string | null; spillPath: string } | null,
  description: string,
): string[] {
  if (replay === null) return [];
  const skipped = replay.skippedLines > 0 ? ` (${replay.skippedLines} unreadable line(s) skipped)` : '';
  return [
    replay.error === null
      ? `request log: replayed ${replay.replayedRows} spilled row(s) from ${replay.spillPath} into ${description}${skipped}`
      : `request log: cannot replay ${replay.spillPath} into ${description} (${replay.error}); kept for the next start`,
  ];
}

export async function openRequestLog(location: string, options: OpenRequestLogOptions = {}): Promise<OpenedRequestLog> {
  if (isPostgresUrl(location)) {
    const description = redactedUrl(location);
    const spillPath = resolve(options.postgresSpillPath ?? './switchyard-log.spill.jsonl');
    const replay = await replaySpilledRowsToPostgres(location, spillPath);
    const sink = createPostgresLogSink(location, {
      retentionDays: options.retentionDays,
      onStoreStateChange: options.onStoreStateChange,
      spillPath,
    });
    return { sink, description, spillPath, startLines: replayLines(replay, description) };
  }
  const path = resolve(location);
  const replay = replaySpilledRows(path);
  const sink = createSqliteLogSink(path, {
    retentionDays: options.retentionDays,
    onStoreStateChange: options.onStoreStateChange,
  });
  return { sink, description: path, spillPath: spillPathFor(path), startLines: replayLines(replay, path) };
}
