/**
 * Reads the request-log exports back (`switchyard logs --format jsonl|csv`): the inverse
 * of export.ts, for `profile --from-log --jsonl|--csv` and `drift`. Pure text in, rows or
 * line-numbered errors out (the caller reads the file).
 */
import { requestLogColumns, type AttemptOutcome, type RequestLogRow } from './types.ts';

const outcomes: ReadonlyArray<AttemptOutcome> = [
  'success',
  'fallback',
  'error',
  'overflow',
  'circuit-open',
  'client-closed',
];
const numberColumns = new Set<string>([
  'routingVersion',
  'attempt',
  'status',
  'inputTokens',
  'outputTokens',
  'cachedInputTokens',
  'ttftMs',
  'totalMs',
  'costUsd',
]);
const booleanColumns = new Set<string>(['stream', 'usageEstimated']);

export interface ImportedLog {
  rows: RequestLogRow[];
  /** `LINE: why` for each line that is not a row (at most 20 kept). */
  errors: string[];
  badLines: number;
}

function toRow(record: Record<string, unknown>): RequestLogRow | string {
  const row: Record<string, unknown> = {};
  for (const column of requestLogColumns) {
    const value = record[column];
    if (numberColumns.has(column)) {
      if (value === null || value === undefined || value === '') row[column] = null;
      else {
        const parsed = typeof value === 'number' ? value : Number(value);
        if (!Number.isFinite(parsed)) return `${column} is not a number: ${JSON.stringify(value)}`;
        row[column] = parsed;
      }
    } else if (booleanColumns.has(column)) row[column] = value === true || value === 'true';
    else if (value === null || value === undefined || value === '') row[column] = null;
    else row[column] = String(value);
  }
  if (typeof row.id !== 'string' || typeof row.requestId !== 'string') return 'id and requestId are required';
  if (typeof row.time !== 'string' || !Number.isFinite(Date.parse(row.time)))
    return `time is not an ISO date: ${JSON.stringify(row.time)}`;
  if (!outcomes.includes(row.outcome as AttemptOutcome))
    return `outcome must be one of ${outcomes.join(', ')}: ${JSON.stringify(row.outcome)}`;
  row.route = row.route ?? '';
  row.provider = row.provider ?? '';
  row.providerKind = row.providerKind ?? '';
  row.model = row.model ?? '';
  row.attempt = row.attempt ?? 1;
  row.routingVersion = row.routingVersion ?? 0;
  return row as unknown as RequestLogRow;
}

function collect(lines: Array<{ line: number; record: Record<string, unknown> | string }>): ImportedLog {
  const rows: RequestLogRow[] = [];
  const errors: string[] = [];
  let badLines = 0;
  for (const { line, record } of lines) {
    const row = typeof record === 'string' ? record : toRow(record);
    if (typeof row === 'string') {
      badLines += 1;
      if (errors.length < 20) errors.push(`${line}: ${row}`);
    } else rows.push(row);
  }
  return { rows, errors, badLines };
}

/**
 * Rows of a JSONL export (one object per line; blank lines skipped).
 * @example parseLogJsonl('{"id":"r1.1","requestId":"r1","time":"2025-06-01T00:00:00Z","outcome":"success"}\n').rows.length === 1
 */
export function parseLogJsonl(text: string): ImportedLog {
  const lines: Array<{ line: number; record: Record<string, unknown> | string }> = [];
  text.split('\n').forEach((content, index) => {
    if (content.trim() === '') return;
    try {
      const parsed: unknown = JSON.parse(content);
      lines.push({
        line: index + 1,
        record:
          parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
            ? (parsed as Record<string, unknown>)
            : 'not a JSON object',
      });
    } catch {
      lines.push({ line: index + 1, record: 'not valid JSON' });
    }
  });
  return collect(lines);
}

/** Splits CSV text into records (RFC 4180: quoted cells may hold commas, quotes and newlines). */
function csvRecords(text: string): Array<{ line: number; cells: string[] }> {
  const records: Array<{ line: number; cells: string[] }> = [];
  let cells: string[] = [];
  let current = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (quoted) {
      if (character === '"' && text[index + 1] === '"') {
        current += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else {
        if (character === '\n') line += 1;
        current += character;
      }
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      cells.push(current);
      current = '';
    } else if (character === '\n' || character === '\r') {
      if (character === '\r' && text[index + 1] === '\n') index += 1;
      cells.push(current);
      if (cells.some((cell) => cell !== '')) records.push({ line: recordLine, cells });
      cells = [];
      current = '';
      line += 1;
      recordLine = line;
    } else current += character;
  }
  if (current !== '' || cells.length > 0) {
    cells.push(current);
    records.push({ line: recordLine, cells });
  }
  return records;
}

/**
 * Rows of a CSV export (header line first). Text cells the export neutralised against
 * spreadsheet formulas (a leading `'` before `=`, `+`, `-`, `@`) are restored.
 * @example parseLogCsv('id,requestId,time,outcome\nr1.1,r1,2025-06-01T00:00:00Z,success\n').rows.length === 1
 */
export function parseLogCsv(text: string): ImportedLog {
  const records = csvRecords(text);
  if (records.length === 0) return { rows: [], errors: [], badLines: 0 };
  const header = records[0].cells.map((cell) => cell.trim());
  return collect(
    records.slice(1).map(({ line, cells }) => ({
      line,
      record: Object.fromEntries(
        header.map((column, index) => {
          const cell = cells[index] ?? '';
          return [column, /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell];
        }),
      ),
    })),
  );
}
