/**
 * Worker-thread entry of the request log: runs the synchronous SQLite backend off the
 * gateway's event loop. Messages are answered one at a time, in order (see worker-backend.ts
 * for the protocol).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { sqliteValuesFromColumns } from './row-columns.ts';
import { SqliteLogBackend } from './sqlite-backend.ts';
import type { WorkerReply, WorkerRequest } from './worker-backend.ts';

const port = parentPort;
if (port === null) throw new Error('sqlite-worker.ts must run on a worker thread');
const backend = new SqliteLogBackend((workerData as { path: string }).path);

function answer(request: WorkerRequest): WorkerReply {
  try {
    if (request.kind === 'write-columns') {
      backend.writeValues(sqliteValuesFromColumns(request.columns));
      return { id: request.id, ok: true, changes: request.columns.rowCount };
    }
    if (request.kind === 'write') {
      backend.writeBatch(request.rows);
      return { id: request.id, ok: true, changes: request.rows.length };
    }
    if (request.kind === 'delete-older-than')
      return { id: request.id, ok: true, changes: backend.deleteOlderThan(request.cutoffIso) };
    backend.close();
    return { id: request.id, ok: true, changes: 0 };
  } catch (error) {
    return { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

port.on('message', (request: WorkerRequest) => port.postMessage(answer(request)));
