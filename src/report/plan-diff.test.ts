/** The pure parts of the plan diff: input differences, option slots, money changes. */
import { describe, expect, it } from 'vitest';
import { inputDifferences, moneyChange, reportOptionSlot } from './plan-diff.ts';
import { signedUsd } from './plan-diff-text.ts';

describe('inputDifferences', () => {
  it('lists every differing leaf with its path, including array entries present on one side', () => {
    expect(inputDifferences({ a: 1, b: { c: 'x' }, d: [1, 2] }, { a: 1, b: { c: 'y' }, d: [1] })).toEqual([
      { path: 'b.c', before: 'x', after: 'y' },
      { path: 'd[1]', before: 2, after: undefined },
    ]);
    expect(inputDifferences({ a: { b: 1 } }, { a: { b: 1 } })).toEqual([]);
    expect(inputDifferences({ a: null }, { a: { b: 1 } })).toEqual([{ path: 'a', before: null, after: { b: 1 } }]);
  });
});

describe('reportOptionSlot', () => {
  it('is the kind for single-kind options and the slot key for hybrids', () => {
    expect(reportOptionSlot({ kind: 'self-hosted', id: 'self-hosted:llama-3.1-70b@h100-sxm' })).toBe('self-hosted');
    expect(reportOptionSlot({ kind: 'hybrid', id: 'hybrid:split' })).toBe('hybrid:split');
  });
});

describe('moneyChange and signedUsd', () => {
  it('moneyChange subtracts to the cent; signedUsd prints the sign and the share', () => {
    expect(moneyChange(100, 130)).toEqual({ beforeUsd: 100, afterUsd: 130, changeUsd: 30 });
    expect(moneyChange(null, 5).changeUsd).toBeNull();
    expect(signedUsd({ beforeUsd: 100, afterUsd: 130, changeUsd: 30 })).toBe('+$30.00 (+30%)');
    expect(signedUsd({ beforeUsd: 200, afterUsd: 190, changeUsd: -10 })).toBe('-$10.00 (-5.0%)');
    expect(signedUsd({ beforeUsd: 0, afterUsd: 0, changeUsd: 0 })).toBe('no change');
    expect(signedUsd({ beforeUsd: null, afterUsd: 3, changeUsd: null })).toBe('new');
  });
});
