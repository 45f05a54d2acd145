/**
 * Reads a recorded traffic trace file (`--trace FILE`); the CSV itself is parsed by
 * core/traffic/trace-csv.ts, whose problems (`FILE:LINE: ...`) become exit 2.
 */
import { readUserFile } from './read-user-file.ts';
import { parseTraceCsv } from '../core/traffic/trace-csv.ts';
import type { TraceRecord } from '../core/traffic/trace.ts';
import { valueOrThrow } from './errors.ts';

/** Reads and parses a trace file. */
export function loadTraceFile(path: string): TraceRecord[] {
  return valueOrThrow(parseTraceCsv(readUserFile(path, { prefix: '--trace: ' }), path));
}
