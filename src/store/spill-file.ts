/**
 * Spill files: JSONL rows a sink could not write at close, read back at the next start.
 * Lines that are not rows (a line cut by a crash) are counted and skipped.
 */
import { existsSync, readFileSync, unlinkSync } from 'node:fs';
import type { RequestLogRow } from './types.ts';

export interface SpillFileContents {
  rows: RequestLogRow[];
  skippedLines: number;
}

/** The rows of a spill file; null when there is no file. */
export function readSpillFile(path: string): SpillFileContents | null {
  if (!existsSync(path)) return null;
  const rows: RequestLogRow[] = [];
  let skippedLines = 0;
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line.trim() === '') continue;
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed !== null && typeof parsed === 'object' && typeof (parsed as { id?: unknown }).id === 'string')
        rows.push(parsed as RequestLogRow);
      else skippedLines += 1;
    } catch {
      skippedLines += 1;
    }
  }
  return { rows, skippedLines };
}

export function removeSpillFile(path: string): void {
  unlinkSync(path);
}
