/** Request-log export: JSONL (one object per attempt) and CSV (RFC 4180 quoting). */
import { requestLogColumns, type RequestLogRow } from './types.ts';

/** One JSON object per line, fields in the documented column order. */
export function toJsonl(rows: ReadonlyArray<RequestLogRow>): string {
  return (
    rows
      .map((row) => JSON.stringify(Object.fromEntries(requestLogColumns.map((column) => [column, row[column]]))))
      .join('\n') + (rows.length > 0 ? '\n' : '')
  );
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
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
