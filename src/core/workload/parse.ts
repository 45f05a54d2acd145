/**
 * Turns unknown input (parsed YAML or JSON) into a validated WorkloadProfile, or a
 * list of problems each naming the field path, the bad value and what is allowed.
 */
import type { z } from 'zod';
import { formatProblems, type Problem } from '../problem.ts';
import { profileSchema, type WorkloadProfile } from './schema.ts';

export { formatProblems };

/** A problem found while validating input (the one `Problem` type of the codebase). */
export type ValidationProblem = Problem;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; problems: ValidationProblem[] };

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') text += `[${part}]`;
    else text += text === '' ? String(part) : `.${String(part)}`;
  }
  return text === '' ? '(root)' : text;
}

function valueAt(input: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let current: unknown = input;
  for (const part of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<PropertyKey, unknown>)[part];
  }
  return current;
}

const typeNames: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'text',
  boolean: 'yes or no (true or false)',
  array: 'a list',
  object: 'a group of fields',
};

/**
 * The user's words for zod's default messages ("Too big: expected number to be <=1"); a
 * message the schema wrote itself is kept.
 * @example plainMessage({ code: 'too_big', maximum: 1, inclusive: true, message: 'Too big: expected number to be <=1' }) === 'must be at most 1'
 */
export function plainMessage(issue: z.core.$ZodIssue, value: unknown): string {
  const message = issue.message;
  const isDefault = /^(Too big|Too small|Invalid input)\b/.test(message);
  if (!isDefault) return message;
  if (issue.code === 'too_big')
    return issue.inclusive ? `must be at most ${String(issue.maximum)}` : `must be less than ${String(issue.maximum)}`;
  if (issue.code === 'too_small')
    return issue.inclusive
      ? `must be at least ${String(issue.minimum)}`
      : `must be greater than ${String(issue.minimum)}`;
  if (issue.code === 'invalid_type') {
    if (value === undefined) return 'is required';
    return `must be ${typeNames[issue.expected] ?? issue.expected}`;
  }
  return message;
}

export function problemsFromZod(error: z.ZodError, input: unknown): ValidationProblem[] {
  return error.issues.map((issue) => {
    let message = plainMessage(issue, valueAt(input, issue.path));
    if (issue.code === 'unrecognized_keys') message = `unknown field(s): ${issue.keys.join(', ')}`;
    if (issue.code === 'invalid_value' && 'values' in issue)
      message = `must be one of: ${issue.values.map(String).join(', ')}`;
    return { path: formatPath(issue.path), value: valueAt(input, issue.path), message, code: 'invalid_value' as const };
  });
}

/** Validates a profile object. */
export function parseProfile(input: unknown): ParseResult<WorkloadProfile> {
  const result = profileSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: problemsFromZod(result.error, input) };
}
