/**
 * A LogBatchBackend that runs the SQLite backend on a worker thread, so inserting a batch
 * (~5-7 µs a row of SQLite work, measured) never blocks the gateway's event loop; the main
 * thread only pays for handing the rows over as columns (`row-columns.ts`, ~0.5 µs a row).
 *
 * The batching sink keeps its semantics: `writeBatch` resolves once the rows are committed and
 * rejects with the store's error (the batch stays buffered for a retry); `close` resolves once
 * the database is closed. If the worker cannot start or dies, the backend falls back to
 * writing on the main thread, so rows are never lost to a missing worker.
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { encodeRowColumns, type RowColumns } from './row-columns.ts';
import { SqliteLogBackend } from './sqlite-backend.ts';
import type { LogBatchBackend, RequestLogRow } from './types.ts';

export type WorkerRequest =
  | { id: number; kind: 'write-columns'; columns: RowColumns }
  | { id: number; kind: 'write'; rows: ReadonlyArray<RequestLogRow> }
  | { id: number; kind: 'delete-older-than'; cutoffIso: string }
  | { id: number; kind: 'close' };

export type WorkerReply = { id: number; ok: true; changes: number } | { id: number; ok: false; error: string };

/** `Omit` applied to each variant of a union (a plain Omit over the union would merge them). */
type WithoutId<Variant> = Variant extends unknown ? Omit<Variant, 'id'> : never;
type WorkerCommand = WithoutId<WorkerRequest>;

/** The worker died or could not start; the request was not carried out. */
class WorkerGoneError extends Error {}

interface Pending {
  resolve: (changes: number) => void;
  reject: (error: Error) => void;
}

/**
 * The worker's code. The worker file is TypeScript: it is bundled once per process with
 * esbuild (a dependency already, for the dashboard; ~50 ms, in memory) into one CommonJS
 * script that requires better-sqlite3 from this package, so the worker runs without a
 * loader. Through tsx (`tsImport`, the fallback when esbuild is unavailable) each worker
 * carried its own module loader and hooks thread: ~36 MB of RSS against ~22 MB bundled
 * (measured, docs/gateway.md "Fifth pass"). `--import` of tsx's loader is not enough on
 * Node 20: a worker resolves its entry before the hooks load.
 */
let bundledWorkerSource: string | undefined;

function workerSource(): string {
  bundledWorkerSource ??= bundleWorker() ?? tsxWorkerSource();
  return bundledWorkerSource;
}

function bundleWorker(): string | undefined {
  try {
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const built = esbuild.buildSync({
      entryPoints: [fileURLToPath(new URL('./sqlite-worker.ts', import.meta.url))],
      bundle: true,
      write: false,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      external: ['better-sqlite3'],
      logLevel: 'silent',
    });
    const code = built.outputFiles[0]?.text;
    if (code === undefined) return undefined;
    // `require` resolves from this package, whatever the working directory.
    return `(function (require) {\n${code}\n})(require('node:module').createRequire(${JSON.stringify(import.meta.url)}));`;
  } catch {
    return undefined;
  }
}

function tsxWorkerSource(): string {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./sqlite-worker.ts', import.meta.url).href;
  return `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(entry)}));`;
}

export class WorkerSqliteLogBackend implements LogBatchBackend {
  private worker: Worker | undefined;
  /** Set when the worker failed or was closed: later calls write on this thread, as before. */
  private inProcess = false;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly fallback: SqliteLogBackend;

  constructor(readonly path: string) {
    this.fallback = new SqliteLogBackend(path);
  }

  async writeBatch(rows: ReadonlyArray<RequestLogRow>): Promise<void> {
    if (this.inProcess) return this.fallback.writeBatch(rows);
    try {
      const columns = encodeRowColumns(rows);
      // The columns' typed arrays move to the worker (transferred); their buffers are new per batch.
      if (columns === undefined) await this.send({ kind: 'write', rows });
      else await this.send({ kind: 'write-columns', columns }, [columns.numbers.buffer, columns.codes.buffer]);
    } catch (error) {
      if (!(error instanceof WorkerGoneError)) throw error;
      this.fallback.writeBatch(rows);
    }
  }

  /** Deletes rows older than the cutoff; resolves to how many went (0 when the store failed). */
  async deleteOlderThan(cutoffIso: string): Promise<number> {
    if (this.inProcess) return this.fallback.deleteOlderThan(cutoffIso);
    return this.send({ kind: 'delete-older-than', cutoffIso }).catch((error: unknown) =>
      error instanceof WorkerGoneError ? this.fallback.deleteOlderThan(cutoffIso) : 0,
    );
  }

  async close(): Promise<void> {
    const worker = this.worker;
    if (worker !== undefined && !this.inProcess) {
      await this.send({ kind: 'close' }).catch(() => 0);
      this.worker = undefined;
      await worker.terminate();
    }
    this.inProcess = true;
    this.fallback.close();
  }

  private send(command: WorkerCommand, transfer: ArrayBuffer[] = []): Promise<number> {
    const worker = this.start();
    const id = this.nextId;
    this.nextId += 1;
    return new Promise<number>((resolve, reject) => {
      // Keep the process alive only while an answer is awaited (a flush at shutdown must finish).
      if (this.pending.size === 0) worker.ref();
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...command, id }, transfer);
    });
  }

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = new Worker(workerSource(), { eval: true, workerData: { path: this.path } });
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error: Error) => this.fail(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(new Error(`request-log worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private settle(reply: WorkerReply): void {
    const waiting = this.pending.get(reply.id);
    if (waiting === undefined) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.ok) waiting.resolve(reply.changes);
    else waiting.reject(new Error(reply.error));
  }

  /** The worker is gone: everything waiting is redone on this thread, and so is everything after. */
  private fail(error: Error): void {
    this.inProcess = true;
    this.worker = undefined;
    for (const waiting of this.pending.values())
      waiting.reject(new WorkerGoneError(`request-log worker failed: ${error.message}`));
    this.pending.clear();
  }
}
