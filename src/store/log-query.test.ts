import { describe, expect, it } from 'vitest';
import { logQueryConditions, logQueryLimit } from './log-query.ts';

describe('logQueryConditions', () => {
  it('gives the doc example: time first, then the equality filters set', () => {
    expect(logQueryConditions({ sinceIso: '2026-12-01T00:00:00.000Z', team: 'ml' })).toEqual([
      { column: 'time', operator: '>=', value: '2026-12-01T00:00:00.000Z' },
      { column: 'team', operator: '=', value: 'ml' },
    ]);
    expect(logQueryConditions({})).toEqual([]);
  });

  it('logQueryLimit rounds down and never goes below 0', () => {
    expect(logQueryLimit({ limit: 12.7 })).toBe('LIMIT 12');
    expect(logQueryLimit({ limit: -3 })).toBe('LIMIT 0');
    expect(logQueryLimit({})).toBe('');
  });
});
