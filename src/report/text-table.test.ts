import { describe, expect, it } from 'vitest';
import { formatCount, formatUsd, renderTextTable } from './text-table.ts';

describe('text table', () => {
  it('aligns numbers right and text left', () => {
    expect(
      renderTextTable(
        ['option', 'USD/month'],
        [
          ['api', 1000],
          ['gpu', 25000],
        ],
      ),
    ).toBe(['option  USD/month', '------  ---------', 'api          1000', 'gpu         25000'].join('\n'));
  });
  it('formats money and counts', () => {
    expect(formatUsd(1234567.891)).toBe('$1,234,568');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(-50)).toBe('-$50.00');
    expect(formatCount(1_500_000_000)).toBe('1.5B');
    expect(formatCount(600_000_000)).toBe('600M');
    expect(formatCount(12_345)).toBe('12.3k');
  });
});
