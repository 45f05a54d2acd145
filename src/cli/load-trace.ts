/**
 * Reads a recorded traffic trace file (`--trace FILE`); the CSV itself is parsed by
 * core/traffic/trace-csv.ts, whose problems (`FILE:LINE: ...`) become exit 2.
 */
import { readFileSync } from 'node:fs';
import { parseTraceCsv } from '../core/traffic/trace-csv.ts';
import type { TraceRecord } from '../core/traffic/trace.ts';
import { UserError, valueOrThrow } from './errors.ts';

/** Reads and parses a trace file. */
export function loadTraceFile(path: string): TraceRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT'
        ? `--trace: ${path}: no such file`
        : `--trace: ${path}: cannot read: ${(error as Error).message}`,
    );
  }
  return valueOrThrow(parseTraceCsv(text, path));
}
