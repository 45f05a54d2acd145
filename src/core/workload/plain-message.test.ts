/** Validation messages in the user's words (zod's defaults rewritten, the schema's own kept). */
import { describe, expect, it } from 'vitest';
import { parseProfile, plainMessage } from './parse.ts';

describe('plainMessage', () => {
  it('rewrites zod defaults and keeps messages the schema wrote', () => {
    expect(
      plainMessage(
        {
          code: 'too_big',
          origin: 'number',
          maximum: 1,
          inclusive: true,
          path: [],
          message: 'Too big: expected number to be <=1',
          input: 5,
        },
        5,
      ),
    ).toBe('must be at most 1');
    expect(
      plainMessage(
        {
          code: 'too_small',
          origin: 'number',
          minimum: 0,
          inclusive: false,
          path: [],
          message: 'Too small: expected number to be >0',
          input: 0,
        },
        0,
      ),
    ).toBe('must be greater than 0');
    expect(
      plainMessage(
        {
          code: 'too_big',
          origin: 'number',
          maximum: 2,
          inclusive: true,
          path: [],
          message: 'monthly growth must be at most 2 (+200%)',
          input: 5,
        },
        5,
      ),
    ).toBe('monthly growth must be at most 2 (+200%)');
  });

  it('is what a profile with an out-of-range, a mistyped and a missing field reports', () => {
    const result = parseProfile({
      workloads: [
        {
          name: 'w',
          volume: { requestsPerDay: 10 },
          tokens: { inputPerRequest: 10, outputPerRequest: 10 },
          choices: { targetPeakUtilization: 5, redundancyReplicas: 1.5 },
          traffic: { weekendFactor: 'x' },
        },
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const messages = Object.fromEntries(result.problems.map((entry) => [entry.path, entry.message]));
    expect(messages['workloads[0].choices.targetPeakUtilization']).toBe('must be at most 1');
    expect(messages['workloads[0].choices.redundancyReplicas']).toBe('must be a whole number');
    expect(messages['workloads[0].traffic.weekendFactor']).toBe('must be a number');
  });
});
