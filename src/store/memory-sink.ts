/** A RequestLogSink that keeps rows in memory (tests, and `--db :memory:`-style trials). */
import type { LogSinkStats, RequestLogRow, RequestLogSink } from './types.ts';

export class MemoryLogSink implements RequestLogSink {
  readonly rows: RequestLogRow[] = [];
  append(row: RequestLogRow): void {
    this.rows.push(row);
  }
  async flush(): Promise<void> {}
  async close(): Promise<void> {}
  stats(): LogSinkStats {
    return {
      bufferedRows: 0,
      writtenRows: this.rows.length,
      droppedRows: 0,
      spilledRows: 0,
      failedBatches: 0,
      lastError: null,
    };
  }
}
