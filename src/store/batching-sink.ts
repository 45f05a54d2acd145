/**
 * A RequestLogSink that buffers rows in memory and hands them to a backend in batches,
 * on a timer or when a batch fills, never on the request path. The buffer is bounded:
 * when the backend is slow or failing, rows wait (a failed batch is retried) and rows
 * beyond the bound are counted as dropped. At close, rows the backend still refuses are
 * appended to a spill file (JSONL) when one is given, for the next start to replay
 * (`replaySpilledRows` in sqlite.ts); without one, or when the spill fails, they count as dropped.
 */
import { appendFileSync } from 'node:fs';
import { toJsonl } from './export.ts';
import type { LogBatchBackend, LogSinkStats, RequestLogRow, RequestLogSink } from './types.ts';

export interface BatchingSinkOptions {
  /** Write at least this often while rows wait. */
  flushIntervalMs?: number;
  /** Rows per batch; a full batch is written right away. */
  batchSize?: number;
  /** Rows held in memory at most; beyond this, rows are dropped and counted. */
  maxBufferedRows?: number;
  /** Called when the backend fails after having worked (or at the first failure), and when it recovers. */
  onStoreStateChange?: (healthy: boolean, reason: string | null) => void;
  /** JSONL file that rows still unwritten at close are appended to (created 0600). */
  spillPath?: string;
}

export class BatchingLogSink implements RequestLogSink {
  private buffer: RequestLogRow[] = [];
  private readonly flushIntervalMs: number;
  private readonly batchSize: number;
  private readonly maxBufferedRows: number;
  private readonly timer: NodeJS.Timeout;
  private flushing: Promise<void> | undefined;
  private immediateScheduled = false;
  private healthy = true;
  private closed = false;
  private readonly counters: Omit<LogSinkStats, 'bufferedRows'> = {
    writtenRows: 0,
    droppedRows: 0,
    spilledRows: 0,
    failedBatches: 0,
    lastError: null,
  };

  constructor(
    private readonly backend: LogBatchBackend,
    private readonly options: BatchingSinkOptions = {},
  ) {
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.batchSize = options.batchSize ?? 500;
    this.maxBufferedRows = options.maxBufferedRows ?? 50_000;
    this.timer = setInterval(() => void this.flushOnce(), this.flushIntervalMs);
    this.timer.unref();
  }

  append(row: RequestLogRow): void {
    if (this.buffer.length >= this.maxBufferedRows) {
      this.counters.droppedRows += 1;
      return;
    }
    this.buffer.push(row);
    if (this.buffer.length >= this.batchSize && !this.immediateScheduled && this.healthy) {
      this.immediateScheduled = true;
      setImmediate(() => {
        this.immediateScheduled = false;
        void this.flushOnce();
      });
    }
  }

  stats(): LogSinkStats {
    return { bufferedRows: this.buffer.length, ...this.counters };
  }

  /** Writes batches until the buffer is empty or the backend fails. */
  async flush(): Promise<void> {
    for (let round = 0; round < 1_000_000 && this.buffer.length > 0; round += 1) {
      const before = this.counters.failedBatches;
      await this.flushOnce();
      if (this.counters.failedBatches !== before) return;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    await this.flush();
    if (this.flushing) await this.flushing;
    this.spillRemaining();
    await this.backend.close();
  }

  /** Moves rows the store did not take to the spill file, or counts them as dropped. */
  private spillRemaining(): void {
    if (this.buffer.length === 0) return;
    const rows = this.buffer;
    this.buffer = [];
    if (this.options.spillPath === undefined) {
      this.counters.droppedRows += rows.length;
      return;
    }
    try {
      appendFileSync(this.options.spillPath, toJsonl(rows), { mode: 0o600 });
      this.counters.spilledRows += rows.length;
    } catch (error) {
      this.counters.droppedRows += rows.length;
      this.counters.lastError = `spill to ${this.options.spillPath} failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  }

  /** One batch at a time; concurrent callers share the batch in progress. */
  private flushOnce(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.buffer.length === 0) return Promise.resolve();
    const batch = this.buffer.slice(0, this.batchSize);
    const run = async (): Promise<void> => {
      try {
        await this.backend.writeBatch(batch);
        // Rows appended meanwhile sit after the batch; remove exactly the batch.
        this.buffer.splice(0, batch.length);
        this.counters.writtenRows += batch.length;
        if (!this.healthy) {
          this.healthy = true;
          this.options.onStoreStateChange?.(true, null);
        }
      } catch (error) {
        this.counters.failedBatches += 1;
        const reason = error instanceof Error ? error.message : String(error);
        this.counters.lastError = reason;
        if (this.healthy) {
          this.healthy = false;
          this.options.onStoreStateChange?.(false, reason);
        }
      }
    };
    // Cleared in a later tick even when the backend throws synchronously.
    const flushing: Promise<void> = run().finally(() => {
      if (this.flushing === flushing) this.flushing = undefined;
    });
    this.flushing = flushing;
    return flushing;
  }
}

/**
 * Deletes rows older than `retentionDays` now and every hour (nothing when 0), through the
 * store's own `deleteOlderThan`; the SQLite and PostgreSQL sinks share it.
 */
export function scheduleRetention(
  store: { deleteOlderThan(cutoffIso: string): unknown },
  retentionDays: number,
  nowMs: () => number = Date.now,
): void {
  if (retentionDays <= 0) return;
  const applyRetention = (): void =>
    void store.deleteOlderThan(new Date(nowMs() - retentionDays * 86_400_000).toISOString());
  applyRetention();
  setInterval(applyRetention, 3_600_000).unref();
}
