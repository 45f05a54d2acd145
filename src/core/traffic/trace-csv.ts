/**
 * Parses a recorded traffic trace: CSV text with a header naming `timestamp`,
 * `input_tokens` and `output_tokens` (any order, other columns ignored), one request per
 * line. Timestamps are ISO 8601 (UTC when no offset is written) or epoch milliseconds.
 * Pure text processing: the caller reads the file; bad input comes back as problems
 * whose path is `NAME:LINE`.
 *
 * The gateway's request log export (`switchyard logs --format csv`) is read as it is:
 * its `time`, `inputTokens` and `outputTokens` columns stand for the three above, and
 * since it has one row per attempt, only rows whose `outcome` is `success` count (a
 * request that fell back appears once, as the attempt that answered).
 */
import { fail, problem, succeed, type Outcome, type Problem } from '../problem.ts';
import type { TraceRecord } from './trace.ts';

const requiredColumns = ['timestamp', 'input_tokens', 'output_tokens'] as const;
/** Column names of the gateway's request-log CSV for the same fields. */
const gatewayLogColumns: Record<(typeof requiredColumns)[number], string> = {
  timestamp: 'time',
  input_tokens: 'inputtokens',
  output_tokens: 'outputtokens',
};
/** Bad lines reported one by one; past this many the rest are counted in one problem. */
const MAX_LINE_PROBLEMS = 20;

/** Splits one CSV line, honouring double-quoted cells with commas and doubled quotes. */
function cells(line: string): string[] {
  const found: string[] = [];
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
      found.push(current.trim());
      current = '';
    } else current += character;
  }
  found.push(current.trim());
  return found;
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

/** One data line as a record, or the problems found on it. */
function parseLine(row: string[], positions: number[], at: string): TraceRecord | Problem[] {
  const problems: Problem[] = [];
  const timestampText = row[positions[0]] ?? '';
  const timestampMs = parseTimestampMs(timestampText);
  if (typeof timestampMs === 'string')
    problems.push(problem(at, timestampText, `timestamp ${timestampMs}`, 'syntax_error'));
  const tokens = [1, 2].map((column) => {
    const cell = row[positions[column]] ?? '';
    const value = Number(cell);
    if (cell === '' || !Number.isFinite(value) || value < 0)
      problems.push(problem(at, cell, `${requiredColumns[column]} must be a number of tokens, 0 or more`));
    return value;
  });
  if (problems.length > 0 || typeof timestampMs === 'string') return problems;
  return { timestampMs, inputTokens: tokens[0], outputTokens: tokens[1] };
}

/**
 * Parses trace CSV text; `name` (the file name) starts each problem's path (`name:line`).
 * @example
 * parseTraceCsv('timestamp,input_tokens,output_tokens\n1704101400000,100,50', 't.csv')
 * // { ok: true, value: [{ timestampMs: 1704101400000, inputTokens: 100, outputTokens: 50 }] }
 * parseTraceCsv('timestamp,input_tokens,output_tokens\n1704101400000,-1,3', 't.csv')
 * // { ok: false, problems: [{ path: 't.csv:2', value: '-1', message: 'input_tokens must be a number of tokens, 0 or more', ... }] }
 */
export function parseTraceCsv(text: string, name: string): Outcome<TraceRecord[]> {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '' && !line.trim().startsWith('#'));
  if (headerIndex < 0)
    return fail(
      problem(
        name,
        undefined,
        "the trace is empty; expected a header 'timestamp,input_tokens,output_tokens' and one line per request",
        'syntax_error',
      ),
    );
  const header = cells(lines[headerIndex]).map((cell) => cell.toLowerCase());
  const positions = requiredColumns.map((column) =>
    header.includes(column) ? header.indexOf(column) : header.indexOf(gatewayLogColumns[column]),
  );
  const outcomePosition = header.indexOf('outcome');
  const missing = requiredColumns.filter((_, index) => positions[index] < 0);
  if (missing.length > 0)
    return fail(
      problem(
        `${name}:${headerIndex + 1}`,
        lines[headerIndex].trim(),
        `header is missing column(s) ${missing.join(', ')}; expected 'timestamp,input_tokens,output_tokens'`,
        'syntax_error',
      ),
    );
  const records: TraceRecord[] = [];
  const problems: Problem[] = [];
  let badLines = 0;
  for (let index = headerIndex + 1; index < lines.length; index += 1) {
    const line = lines[index].trim();
    if (line === '' || line.startsWith('#')) continue;
    const row = cells(line);
    if (outcomePosition >= 0 && row[outcomePosition] !== 'success') continue;
    const parsed = parseLine(row, positions, `${name}:${index + 1}`);
    if (!Array.isArray(parsed)) {
      records.push(parsed);
      continue;
    }
    badLines += 1;
    if (badLines <= MAX_LINE_PROBLEMS) problems.push(...parsed);
  }
  if (badLines > MAX_LINE_PROBLEMS)
    problems.push(
      problem(name, badLines, `lines with problems in all; the first ${MAX_LINE_PROBLEMS} are listed above`),
    );
  if (problems.length > 0) return fail(...problems);
  if (records.length === 0) return fail(problem(name, undefined, 'the trace has a header but no requests'));
  return succeed(records);
}
