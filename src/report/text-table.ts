/**
 * Plain-text table renderer shared by every terminal view.
 * Numbers are right-aligned, text left-aligned.
 */
export type Cell = string | number | null | undefined;

export interface TextTableOptions {
  /** Columns to right-align; by default every column whose cells are all numbers. */
  rightAligned?: boolean[];
}

/**
 * @example
 * renderTextTable(['option', 'USD/month'], [['api', 1000], ['gpu', 25000]])
 * // option  USD/month
 * // ------  ---------
 * // api          1000
 * // gpu         25000
 */
export function renderTextTable(columns: string[], rows: Cell[][], options: TextTableOptions = {}): string {
  const text = rows.map((row) => row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  const widths = columns.map((column, index) =>
    Math.max(column.length, ...text.map((row) => (row[index] ?? '').length)),
  );
  const right =
    options.rightAligned ??
    columns.map(
      (_, index) =>
        rows.length > 0 &&
        rows.every((row) => typeof row[index] === 'number' || row[index] === null || row[index] === undefined),
    );
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => (right[index] ? cell.padStart(widths[index]) : cell.padEnd(widths[index])))
      .join('  ')
      .trimEnd();
  return [line(columns), line(widths.map((width) => '-'.repeat(width))), ...text.map(line)].join('\n');
}

/**
 * Formats USD for people: thousands separators, cents below $100.
 * @example formatUsd(1234567.891) === '$1,234,568'; formatUsd(12.345) === '$12.35'
 */
export function formatUsd(usd: number): string {
  const digits = Math.abs(usd) < 100 ? 2 : 0;
  const sign = usd < 0 ? '-' : '';
  return `${sign}$${Math.abs(usd).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
}

/**
 * Formats big counts: 1.5B, 600M, 12.3k.
 * @example formatCount(1_500_000_000) === '1.5B'; formatCount(600_000_000) === '600M'
 */
export function formatCount(value: number): string {
  const units: Array<[number, string]> = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [size, suffix] of units) {
    if (Math.abs(value) >= size) return `${Number((value / size).toPrecision(3))}${suffix}`;
  }
  return String(Number(value.toPrecision(3)));
}
