/** Request-log export: JSONL (one object per attempt) and CSV (RFC 4180 quoting, formula cells neutralised). */
import { requestLogColumns, type RequestLogRow } from './types.ts';

/** One JSON object per line, fields in the documented column order. */
export function toJsonl(rows: ReadonlyArray<RequestLogRow>): string {
  return (
    rows
      .map((row) => JSON.stringify(Object.fromEntries(requestLogColumns.map((column) => [column, row[column]]))))
      .join('\n') + (rows.length > 0 ? '\n' : '')
  );
}

/** Leading characters that make a spreadsheet read a cell as a formula (CSV injection). */
const formulaStart = /^[=+\-@\t\r]/;

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  // Text cells only: a number such as -1 is data, but a string starting `=`, `+`, `-`, `@`,
  // tab or CR gets a leading `'` so the spreadsheet shows it instead of running it.
  const text = typeof value === 'string' && formulaStart.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header line, then one line per row; quotes fields containing a comma, quote or newline. */
export function toCsv(rows: ReadonlyArray<RequestLogRow>): string {
  const lines = [
    requestLogColumns.join(','),
    ...rows.map((row) => requestLogColumns.map((column) => csvField(row[column])).join(',')),
  ];
  return `${lines.join('\n')}\n`;
}
