/**
 * Reads a recorded traffic trace: CSV with a header naming `timestamp`, `input_tokens`
 * and `output_tokens` (any order, other columns ignored), one request per line.
 * Timestamps are ISO 8601 (UTC when no offset is written) or epoch milliseconds.
 *
 * The gateway's request log export (`switchyard logs --format csv`) is read as it is:
 * its `time`, `inputTokens` and `outputTokens` columns stand for the three above, and
 * since it has one row per attempt, only rows whose `outcome` is `success` count (a
 * request that fell back appears once, as the attempt that answered).
 */
import { readFileSync } from 'node:fs';
import type { TraceRecord } from '../core/traffic/trace.ts';
import { UserError } from './errors.ts';

const requiredColumns = ['timestamp', 'input_tokens', 'output_tokens'] as const;
/** Column names of the gateway's request-log CSV for the same fields. */
const gatewayLogColumns: Record<(typeof requiredColumns)[number], string> = {
  timestamp: 'time',
  input_tokens: 'inputtokens',
  output_tokens: 'outputtokens',
};

/** Splits one CSV line, honouring double-quoted cells with commas and doubled quotes. */
function cells(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (let index = 0; index < line.length; index += 1) {
    const character = line[index];
    if (quoted) {
      if (character === '"' && line[index + 1] === '"') {
        current += '"';
        index += 1;
      } else if (character === '"') quoted = false;
      else current += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') {
      out.push(current.trim());
      current = '';
    } else current += character;
  }
  out.push(current.trim());
  return out;
}

/**
 * Parses a timestamp cell to epoch milliseconds, or returns an explanation.
 * @example parseTimestampMs('2024-01-01T09:30:00Z') === 1704101400000; parseTimestampMs('1704101400000') === 1704101400000
 */
export function parseTimestampMs(text: string): number | string {
  if (/^\d+$/.test(text)) {
    if (text.length <= 10) return 'looks like epoch seconds; write epoch milliseconds (13 digits) or ISO 8601';
    return Number(text);
  }
  const hasZone = /(Z|[+-]\d\d:?\d\d)$/i.test(text);
  const value = Date.parse(hasZone || !/T|\d \d/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
  if (!Number.isFinite(value)) return 'is not an ISO 8601 time (e.g. 2024-01-01T09:30:00Z) or epoch milliseconds';
  return value;
}

/** Parses trace CSV text; `name` is used in messages (`file:line: ...`). */
export function parseTraceCsv(text: string, name: string): TraceRecord[] {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  if (headerIndex < 0)
    throw new UserError(
      `${name}: the trace is empty; expected a header 'timestamp,input_tokens,output_tokens' and one line per request`,
    );
  const header = cells(lines[headerIndex]).map((cell) => cell.toLowerCase());
  const positions = requiredColumns.map((column) =>
    header.includes(column) ? header.indexOf(column) : header.indexOf(gatewayLogColumns[column]),
  );
  const outcomePosition = header.indexOf('outcome');
  const missing = requiredColumns.filter((_, index) => positions[index] < 0);
  if (missing.length > 0) {
    throw new UserError(
      `${name}:${headerIndex + 1}: header is missing column(s) ${missing.join(', ')}; found '${lines[headerIndex].trim()}', expected 'timestamp,input_tokens,output_tokens'`,
    );
  }
  const records: TraceRecord[] = [];
  for (let index = headerIndex + 1; index < lines.length; index += 1) {
    const line = lines[index].trim();
    if (line === '' || line.startsWith('#')) continue;
    const row = cells(line);
    const at = `${name}:${index + 1}`;
    if (outcomePosition >= 0 && row[outcomePosition] !== 'success') continue;
    const timestampText = row[positions[0]] ?? '';
    const timestampMs = parseTimestampMs(timestampText);
    if (typeof timestampMs === 'string') throw new UserError(`${at}: timestamp '${timestampText}' ${timestampMs}`);
    const tokens = [1, 2].map((column) => {
      const cell = row[positions[column]] ?? '';
      const value = Number(cell);
      if (cell === '' || !Number.isFinite(value) || value < 0)
        throw new UserError(`${at}: ${requiredColumns[column]} '${cell}' must be a number of tokens, 0 or more`);
      return value;
    });
    records.push({ timestampMs, inputTokens: tokens[0], outputTokens: tokens[1] });
  }
  if (records.length === 0) throw new UserError(`${name}: the trace has a header but no requests`);
  return records;
}

/** Reads and parses a trace file. */
export function loadTraceFile(path: string): TraceRecord[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT'
        ? `--trace: ${path}: no such file`
        : `--trace: ${path}: cannot read: ${(error as Error).message}`,
    );
  }
  return parseTraceCsv(text, path);
}
