/**
 * A batch of log rows as columns: the form a batch crosses to the SQLite worker thread in.
 * A structured clone of row objects writes every row's 25 property names and every repeated
 * string (`route`, `provider`, `model`, ... the same few values row after row) and rebuilds 25
 * properties per row on the other side. As columns, numbers and booleans travel in one
 * transferred Float64Array (no copy), repeated strings once each with an Int32Array of codes,
 * and only the strings unique to a row (`id`, `requestId`, `prompt`) as arrays.
 * Measured for a 500-row batch (Node 20, 2-core VM, 2026-12-02): 0.8 µs a row to send as
 * objects and 1.4 µs to receive against 0.5 and 0.3 as columns (docs/gateway.md "Seventh pass").
 *
 * Rows whose values do not fit their column's kind (a string where a number belongs) are not
 * encoded (`encodeRowColumns` returns undefined) and cross as objects, so the stored values are
 * the same either way.
 */
import type { SqliteValue } from './sqlite-backend.ts';
import { requestLogColumns, type RequestLogRow } from './types.ts';

type Column = (typeof requestLogColumns)[number];

/** Numbers and booleans (0/1); null travels as NaN (SQLite stores a NaN as NULL too). */
const numberColumns = [
  'routingVersion',
  'attempt',
  'status',
  'stream',
  'inputTokens',
  'outputTokens',
  'cachedInputTokens',
  'usageEstimated',
  'ttftMs',
  'totalMs',
  'costUsd',
] as const satisfies ReadonlyArray<Column>;

/** Text unique to each row. */
const textColumns = ['id', 'requestId', 'prompt'] as const satisfies ReadonlyArray<Column>;

/**
 * Text that repeats from row to row, sent once per batch and coded by position: every other
 * column, in `requestLogColumns` order (time, route, feature, keyId, provider, providerKind,
 * model, outcome, errorClass, team, endpoint). `time` is among them: the gateway shares one ISO
 * string among the attempts started in the same millisecond.
 */
const codedColumns: readonly Column[] = requestLogColumns.filter(
  (column) =>
    !(numberColumns as readonly Column[]).includes(column) && !(textColumns as readonly Column[]).includes(column),
);

/** Every column of `requestLogColumns` is in exactly one of the three lists (checked by a test). */
export const rowColumnKinds = { numberColumns, codedColumns, textColumns } as const;

export interface RowColumns {
  rowCount: number;
  /** `numberColumns` row after row; NaN for null. Its buffer is transferred, not copied. */
  numbers: Float64Array<ArrayBuffer>;
  /** `codedColumns` row after row: a position in `strings`, or -1 for null. Transferred. */
  codes: Int32Array<ArrayBuffer>;
  /** The distinct values of the coded columns in this batch. */
  strings: string[];
  /** One array per column of `textColumns`, a value per row. */
  texts: Array<Array<string | null>>;
}

/**
 * The batch as columns, or undefined when a value does not fit its column's kind.
 *
 * @example
 * const columns = encodeRowColumns([row]); // one row of route 'chat', status 200, feature null
 * // columns.rowCount === 1; columns.strings[columns.codes[1]] === 'chat'; columns.codes[2] === -1
 * // columns.numbers[2] === 200; sqliteValuesFromColumns(columns) equals the row's values in column order
 */
export function encodeRowColumns(rows: ReadonlyArray<RequestLogRow>): RowColumns | undefined {
  const rowCount = rows.length;
  const numbers = new Float64Array(rowCount * numberColumns.length);
  const codes = new Int32Array(rowCount * codedColumns.length);
  const strings: string[] = [];
  const positions = new Map<string, number>();
  const texts: Array<Array<string | null>> = textColumns.map(() => new Array<string | null>(rowCount));
  let numberAt = 0;
  let codeAt = 0;
  for (let rowIndex = 0; rowIndex < rowCount; rowIndex += 1) {
    const row = rows[rowIndex];
    for (const column of numberColumns) {
      const value: unknown = row[column];
      if (typeof value === 'number') numbers[numberAt] = value;
      else if (typeof value === 'boolean') numbers[numberAt] = value ? 1 : 0;
      else if (value === null) numbers[numberAt] = Number.NaN;
      else return undefined;
      numberAt += 1;
    }
    for (const column of codedColumns) {
      const value: unknown = row[column];
      if (typeof value === 'string') {
        let position = positions.get(value);
        if (position === undefined) {
          position = strings.length;
          strings.push(value);
          positions.set(value, position);
        }
        codes[codeAt] = position;
      } else if (value === null) codes[codeAt] = -1;
      else return undefined;
      codeAt += 1;
    }
    for (let textIndex = 0; textIndex < textColumns.length; textIndex += 1) {
      const value: unknown = row[textColumns[textIndex]];
      if (typeof value !== 'string' && value !== null) return undefined;
      texts[textIndex][rowIndex] = value;
    }
  }
  return { rowCount, numbers, codes, strings, texts };
}

/** Where each column of `requestLogColumns` is read from: its list, and its place in that list. */
const columnSources = requestLogColumns.map((column) => {
  const numberIndex = (numberColumns as ReadonlyArray<Column>).indexOf(column);
  if (numberIndex >= 0) return { kind: 'number' as const, index: numberIndex };
  const codedIndex = codedColumns.indexOf(column);
  if (codedIndex >= 0) return { kind: 'coded' as const, index: codedIndex };
  return { kind: 'text' as const, index: (textColumns as ReadonlyArray<Column>).indexOf(column) };
});

/**
 * The positional values of the multi-row insert (`requestLogColumns` order, row after row), as
 * `toSqliteValues` builds them from row objects: null where NaN or code -1.
 */
export function sqliteValuesFromColumns(columns: RowColumns): SqliteValue[] {
  const { rowCount, numbers, codes, strings, texts } = columns;
  const values = new Array<SqliteValue>(rowCount * columnSources.length);
  let position = 0;
  for (let rowIndex = 0; rowIndex < rowCount; rowIndex += 1) {
    const numberBase = rowIndex * numberColumns.length;
    const codeBase = rowIndex * codedColumns.length;
    for (const source of columnSources) {
      if (source.kind === 'number') {
        const value = numbers[numberBase + source.index];
        values[position] = Number.isNaN(value) ? null : value;
      } else if (source.kind === 'coded') {
        const code = codes[codeBase + source.index];
        values[position] = code < 0 ? null : strings[code];
      } else values[position] = texts[source.index][rowIndex];
      position += 1;
    }
  }
  return values;
}
