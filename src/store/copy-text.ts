/**
 * Log rows in PostgreSQL's COPY text format: one line a row, the columns of
 * `requestLogColumns` in order, separated by tabs; `\N` for null; booleans `t`/`f`; numbers as
 * JavaScript writes them (a number that is not finite is written as null, as JSON.stringify
 * does for the insert path); text with backslash, tab, newline and carriage return escaped
 * (`\\`, `\t`, `\n`, `\r`), everything else as is. The `time` column's ISO 8601 text is read by
 * PostgreSQL as a timestamptz.
 */
import { requestLogColumns, type RequestLogRow } from './types.ts';

const needsEscape = /[\\\t\n\r]/;
const escapes: Readonly<Record<string, string>> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function field(value: unknown): string {
  if (typeof value === 'string')
    return needsEscape.test(value) ? value.replace(/[\\\t\n\r]/g, (character) => escapes[character]) : value;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '\\N';
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return '\\N';
}

/**
 * The rows as the body of `COPY request_log (columns...) FROM STDIN`.
 *
 * @example
 * copyText([row]) // for a row with feature null, stream false, prompt 'a\tb':
 * // "r.1\tr\t2026-12-01T00:00:00.000Z\tchat\t1\t\\N\t...\tf\t...\ta\\tb\t...\n"
 */
export function copyText(rows: ReadonlyArray<RequestLogRow>): string {
  let text = '';
  for (const row of rows) {
    let line = field(row[requestLogColumns[0]]);
    for (let index = 1; index < requestLogColumns.length; index += 1)
      line += `\t${field(row[requestLogColumns[index]])}`;
    text += `${line}\n`;
  }
  return text;
}
