import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { logRowWith } from '../../test/fixtures/log-rows.ts';
import { encodeRowColumns, rowColumnKinds, sqliteValuesFromColumns } from './row-columns.ts';
import { SqliteLogBackend, toSqliteValues } from './sqlite-backend.ts';
import { queryRequestLog } from './sqlite.ts';
import { requestLogColumns, type RequestLogRow } from './types.ts';
import { WorkerSqliteLogBackend } from './worker-backend.ts';

const variedRows: RequestLogRow[] = [
  logRowWith({ route: 'chat', feature: null, status: 200 }),
  logRowWith({
    id: 'r2.2',
    requestId: 'r2',
    attempt: 2,
    outcome: 'fallback',
    status: null,
    stream: true,
    inputTokens: null,
    outputTokens: null,
    cachedInputTokens: 7,
    usageEstimated: true,
    ttftMs: null,
    totalMs: 12.25,
    costUsd: null,
    errorClass: 'timeout',
    prompt: 'Say "hi" — ünïcødé',
    keyId: null,
    team: null,
    feature: 'support-bot',
    endpoint: 'embeddings',
  }),
  logRowWith({ id: 'r3.1', requestId: 'r3', route: 'chat', provider: 'openai', costUsd: 0, ttftMs: -0 }),
];

describe('encodeRowColumns', () => {
  it('puts every column in exactly one kind', () => {
    const listed = [...rowColumnKinds.numberColumns, ...rowColumnKinds.codedColumns, ...rowColumnKinds.textColumns];
    expect([...listed].sort()).toEqual([...requestLogColumns].sort());
    expect(new Set(listed).size).toBe(requestLogColumns.length);
  });

  it('checks the doc example: codes, nulls and numbers by position', () => {
    const columns = encodeRowColumns([logRowWith({ route: 'chat', feature: null, status: 200 })]);
    expect(columns?.rowCount).toBe(1);
    expect(columns?.strings[columns.codes[1]]).toBe('chat');
    expect(columns?.codes[2]).toBe(-1);
    expect(columns?.numbers[2]).toBe(200);
    // Repeated text is sent once: 'chat' is one string however many rows name it.
    const many = encodeRowColumns([variedRows[0], variedRows[2], variedRows[0]]);
    expect(many?.strings.filter((text) => text === 'chat')).toHaveLength(1);
  });

  it('gives the insert the same values as the row objects, after crossing a structured clone', () => {
    const columns = encodeRowColumns(variedRows);
    if (columns === undefined) throw new Error('rows of the right kinds must encode');
    expect(sqliteValuesFromColumns(structuredClone(columns))).toEqual(toSqliteValues(variedRows));
    expect(sqliteValuesFromColumns(encodeRowColumns([]) ?? columns)).toEqual([]);
  });

  it('refuses a value of the wrong kind, and the worker still stores such a batch as the direct backend does', async () => {
    const odd = { ...logRowWith({ id: 'odd.1' }), status: '200' as unknown as number };
    expect(encodeRowColumns([variedRows[0], odd])).toBeUndefined();
    expect(encodeRowColumns([{ ...variedRows[0], route: 7 as unknown as string }])).toBeUndefined();
    const folder = mkdtempSync(join(tmpdir(), 'sy-columns-'));
    const direct = new SqliteLogBackend(join(folder, 'direct.db'));
    direct.writeBatch([...variedRows, odd]);
    direct.close();
    const worker = new WorkerSqliteLogBackend(join(folder, 'worker.db'));
    await worker.writeBatch(variedRows);
    await worker.writeBatch([odd]);
    await worker.close();
    expect(queryRequestLog(join(folder, 'worker.db'))).toEqual(queryRequestLog(join(folder, 'direct.db')));
    expect(queryRequestLog(join(folder, 'worker.db')).find((row) => row.id === 'r2.2')).toEqual(variedRows[1]);
  });
});
