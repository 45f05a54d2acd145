import { describe, expect, it } from 'vitest';
import { fail, formatProblems, problem, succeed } from './problem.ts';

describe('Outcome and Problem', () => {
  it('succeed wraps a value (doc example)', () => {
    expect(succeed(3)).toEqual({ ok: true, value: 3 });
  });

  it('fail carries every problem (doc example)', () => {
    const outcome = fail({ path: '--months', value: '0', message: 'must be greater than 0', code: 'invalid_value' });
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) expect(outcome.problems).toHaveLength(1);
  });

  it('problem defaults its code to invalid_value (doc example)', () => {
    expect(problem('--seed', 'x', 'must be a whole number')).toEqual({
      path: '--seed',
      value: 'x',
      message: 'must be a whole number',
      code: 'invalid_value',
    });
  });

  it('formatProblems writes one line per problem: path, value, message (doc example)', () => {
    expect(formatProblems([problem('workloads[0].volume.requestsPerDay', -5, 'must be greater than 0')])).toBe(
      'workloads[0].volume.requestsPerDay: -5 — must be greater than 0',
    );
    expect(formatProblems([problem('a', undefined, 'is required'), problem('b', 'x', 'is wrong')])).toBe(
      'a: (missing) — is required\nb: "x" — is wrong',
    );
  });
});
