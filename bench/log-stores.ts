/**
 * Request-log stores: how many rows a second the PostgreSQL sink writes against the SQLite
 * sink, both through the batching sink with their defaults (500-row batches), in the same
 * run, rounds interleaved. Each round appends a burst of rows as fast as the loop can, then
 * closes the sink (which writes everything buffered) and counts the rows in the store:
 * nothing may be dropped. PostgreSQL runs on loopback with fsync on; the sink's sessions use
 * synchronous_commit=off, SQLite WAL with synchronous=NORMAL: the gateway's settings for each.
 * When PostgreSQL is not installed the rows say so and the rest of the bench runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createPostgresLogSink } from '../src/store/postgres-sink.ts';
import { createSqliteLogSink, queryRequestLog } from '../src/store/sqlite.ts';
import type { RequestLogRow, RequestLogSink } from '../src/store/types.ts';
import { findBinary, startPostgres } from '../test/services/services.ts';
import { median } from './timing.ts';
import type { BenchSection } from './types.ts';

const rowsPerRound = 40_000;
const rounds = 3;

function benchRow(round: number, index: number): RequestLogRow {
  return {
    id: `bench-${round}-${index}.1`,
    requestId: `bench-${round}-${index}`,
    time: new Date(Date.UTC(2026, 0, 1) + index).toISOString(),
    route: 'chat',
    routingVersion: 1,
    feature: 'bench',
    keyId: 'key_0123456789ab',
    provider: index % 2 === 0 ? 'vllm' : 'openai',
    providerKind: 'openai-compatible',
    model: 'mock-model',
    attempt: 1,
    outcome: 'success',
    status: 200,
    stream: index % 3 === 0,
    inputTokens: 120,
    outputTokens: 40,
    cachedInputTokens: 0,
    usageEstimated: false,
    ttftMs: 12.5,
    totalMs: 48.25,
    costUsd: 0.000042,
    errorClass: null,
    prompt: null,
    team: 'ml',
    endpoint: 'chat.completions',
  };
}

interface RoundResult {
  rowsPerSecond: number;
  written: number;
  dropped: number;
}

async function writeRound(sink: RequestLogSink, round: number, count: () => Promise<number>): Promise<RoundResult> {
  const startedAt = performance.now();
  for (let index = 0; index < rowsPerRound; index += 1) sink.append(benchRow(round, index));
  await sink.close();
  const elapsedMs = performance.now() - startedAt;
  const stats = sink.stats();
  const written = await count();
  return { rowsPerSecond: rowsPerRound / (elapsedMs / 1000), written, dropped: stats.droppedRows + stats.spilledRows };
}

export async function runLogStoresBench(): Promise<BenchSection> {
  const folder = mkdtempSync(join(tmpdir(), 'switchyard-bench-logs-'));
  const columns = ['store', 'rows/s (median of rounds)', 'rounds (rows/s)', 'rows written / appended', 'dropped'];
  const sqlite: RoundResult[] = [];
  const postgresResults: RoundResult[] = [];
  const postgresMissing = findBinary('initdb') === undefined || findBinary('postgres') === undefined;
  const postgres = postgresMissing ? undefined : await startPostgres({ durable: true });
  try {
    for (let round = 0; round < rounds; round += 1) {
      const path = join(folder, `round-${round}.db`);
      sqlite.push(await writeRound(createSqliteLogSink(path), round, async () => queryRequestLog(path).length));
      if (postgres !== undefined) {
        const admin = new pg.Client(postgres.url);
        await admin.connect();
        await admin.query(`CREATE DATABASE bench_${round}`);
        await admin.end();
        const url = postgres.url.replace(/\/postgres$/, `/bench_${round}`);
        postgresResults.push(
          await writeRound(createPostgresLogSink(url), round, async () => {
            const client = new pg.Client(url);
            await client.connect();
            const result = await client.query<{ count: number }>('SELECT count(*)::int AS count FROM request_log');
            await client.end();
            return result.rows[0].count;
          }),
        );
      }
    }
  } finally {
    await postgres?.stop();
    rmSync(folder, { recursive: true, force: true });
  }
  const describe = (name: string, results: RoundResult[]): Array<string | number> => [
    name,
    Math.round(median(results.map((result) => result.rowsPerSecond))),
    results.map((result) => Math.round(result.rowsPerSecond)).join(', '),
    `${results.reduce((sum, result) => sum + result.written, 0)} / ${results.length * rowsPerRound}`,
    results.reduce((sum, result) => sum + result.dropped, 0),
  ];
  const rows: Array<Array<string | number>> = [describe('SQLite sink (worker thread, WAL)', sqlite)];
  const notes = [
    `${rounds} interleaved rounds of ${rowsPerRound.toLocaleString('en-US')} rows appended as fast as possible, then the sink closed (everything buffered written); rows/s = rows / (first append to close done).`,
  ];
  if (postgres === undefined) {
    rows.push(['PostgreSQL sink', 'skipped: PostgreSQL is not installed (apt-get install postgresql)', '', '', '']);
  } else {
    rows.push(describe('PostgreSQL sink (loopback, fsync on, synchronous_commit off)', postgresResults));
    const ratio =
      median(postgresResults.map((result) => result.rowsPerSecond)) /
      median(sqlite.map((result) => result.rowsPerSecond));
    rows.push(['PostgreSQL / SQLite', `${ratio.toFixed(2)}x`, '', '', '']);
    notes.push(
      'Target (issue 11): the PostgreSQL sink keeps up with the SQLite sink on loopback with nothing dropped, i.e. a ratio of 1.0x or more and 0 dropped.',
    );
  }
  return { title: 'Request-log stores: PostgreSQL vs SQLite', columns, rows, notes };
}
