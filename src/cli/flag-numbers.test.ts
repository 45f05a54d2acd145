import { describe, expect, it } from 'vitest';
import { formatProblems } from '../core/problem.ts';
import { flagNumbers } from './flag-numbers.ts';

describe('flagNumbers', () => {
  it('checks the doc example: numbers read, bad ones collected as problems naming the flag', () => {
    const numbers = flagNumbers();
    expect(numbers.positive('--months', '6')).toBe(6);
    expect(numbers.positive('--seed', 'soon')).toBeNaN();
    expect(numbers.outcome(0)).toEqual({
      ok: false,
      problems: [{ path: '--seed', value: 'soon', message: 'must be a number greater than 0', code: 'invalid_value' }],
    });
  });

  it('reads each kind, leaves flags not given undefined, and reports every bad flag once', () => {
    const numbers = flagNumbers();
    expect(numbers.nonNegative('--price', '0')).toBe(0);
    expect(numbers.whole('--gpus', '4', 1)).toBe(4);
    expect(numbers.positive('--utilization', undefined)).toBeUndefined();
    expect(numbers.outcome('fine')).toEqual({ ok: true, value: 'fine' });
    numbers.nonNegative('--price', '-1');
    numbers.whole('--gpus', '1.5', 1);
    numbers.positive('--months', '');
    numbers.positive('--tokens', numbers.required('--tokens', undefined));
    const outcome = numbers.outcome('never');
    if (outcome.ok) throw new Error('expected problems');
    expect(formatProblems(outcome.problems).split('\n')).toEqual([
      '--price: "-1" — must be a number, 0 or more',
      '--gpus: "1.5" — must be a whole number, 1 or more',
      '--months: "" — must be a number greater than 0',
      '--tokens: (missing) — is required',
    ]);
  });
});
