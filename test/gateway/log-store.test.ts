import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BatchingLogSink } from '../../src/store/batching-sink.ts';
import { createSqliteLogSink, queryRequestLog } from '../../src/store/sqlite.ts';
import type { LogBatchBackend, RequestLogRow } from '../../src/store/types.ts';
import { chat, eventually, gatewayFor, hello, mock, openAiTarget, tempDir } from './harness.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

describe('log store slow or down', () => {
  it('a slow store: requests are served, rows buffer to the bound, drops are counted in /metrics', async () => {
    const upstream = await mock();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const written: RequestLogRow[] = [];
    const slowBackend: LogBatchBackend = {
      async writeBatch(rows) {
        await gate;
        written.push(...rows);
      },
      close() {},
    };
    const sink = new BatchingLogSink(slowBackend, { flushIntervalMs: 10, batchSize: 3, maxBufferedRows: 5 });
    const test = await gatewayFor(
      { version: 1, targets: { only: openAiTarget(upstream) }, routes: { chat: { weights: { only: 1 } } } },
      { logSink: sink },
    );
    cleanups.push(
      () => upstream.close(),
      () => test.gateway.close(),
    );
    for (let index = 0; index < 20; index += 1) expect((await chat(test.gateway.url, hello)).status).toBe(200);
    expect(sink.stats()).toMatchObject({ bufferedRows: 5, droppedRows: 15, writtenRows: 0 });
    expect(await metric(test.gateway.url, 'switchyard_log_rows_dropped_total')).toBe(15);
    expect(await metric(test.gateway.url, 'switchyard_log_rows_buffered')).toBe(5);
    release();
    await eventually(() => sink.stats().bufferedRows === 0);
    expect(written).toHaveLength(5);
  });

  it('an unwritable SQLite file: requests are served, rows wait, and are written once the store comes back', async () => {
    const upstream = await mock();
    const folder = join(tempDir(), 'not-yet-created');
    const dbPath = join(folder, 'log.db');
    const sink = createSqliteLogSink(dbPath, { flushIntervalMs: 20, maxBufferedRows: 4 });
    const test = await gatewayFor(
      { version: 1, targets: { only: openAiTarget(upstream) }, routes: { chat: { weights: { only: 1 } } } },
      { logSink: sink },
    );
    cleanups.push(
      () => upstream.close(),
      () => test.gateway.close(),
    );
    for (let index = 0; index < 6; index += 1) expect((await chat(test.gateway.url, hello)).status).toBe(200);
    await eventually(() => sink.stats().failedBatches > 0);
    expect(sink.stats()).toMatchObject({ bufferedRows: 4, droppedRows: 2 });
    expect(sink.stats().lastError).toMatch(/directory does not exist|unable to open/i);
    expect(await metric(test.gateway.url, 'switchyard_log_rows_dropped_total')).toBe(2);
    mkdirSync(folder);
    await eventually(() => sink.stats().writtenRows === 4);
    expect(queryRequestLog(dbPath)).toHaveLength(4);
  });
});

describe('graceful shutdown', () => {
  it('drains in-flight requests and flushes the log', async () => {
    const upstream = await mock({ latencyMs: 200 });
    const dbPath = join(tempDir(), 'log.db');
    const sink = createSqliteLogSink(dbPath, { flushIntervalMs: 60_000, batchSize: 10_000 });
    const test = await gatewayFor(
      { version: 7, targets: { only: openAiTarget(upstream) }, routes: { chat: { weights: { only: 1 } } } },
      { logSink: sink },
    );
    cleanups.push(() => upstream.close());
    const inFlight = [chat(test.gateway.url, hello), chat(test.gateway.url, { ...hello, stream: true })];
    await eventually(() => upstream.stats().inFlight === 2);
    expect(existsSync(dbPath)).toBe(false);
    await test.gateway.close();
    const answers = await Promise.all(inFlight);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const rows = queryRequestLog(dbPath);
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.outcome === 'success' && row.routingVersion === 7)).toBe(true);
  });
});
