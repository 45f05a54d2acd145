/**
 * Turns unknown input (parsed YAML or JSON) into a validated WorkloadProfile, or a
 * list of problems each naming the field path, the bad value and what is allowed.
 */
import type { z } from 'zod';
import { formatProblems, type Problem } from '../problem.ts';
import { rangeEnd, separateRanges, substituteRanges, type UncertainField } from './ranges.ts';
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

/**
 * Validates a profile object. Numeric fields may be ranges or distributions
 * (`ranges.ts`): the profile holds their central values, `uncertainInputs` lists them,
 * and both ends of each range are validated like the field itself.
 */
export function parseProfile(input: unknown): ParseResult<WorkloadProfile> {
  const ranges = separateRanges(input);
  if (ranges.problems.length > 0) return { ok: false, problems: ranges.problems };
  const result = profileSchema.safeParse(ranges.central);
  if (!result.success) return { ok: false, problems: problemsFromZod(result.error, ranges.central) };
  if (ranges.fields.length === 0) return { ok: true, value: result.data };
  const problems = rangeEndProblems(ranges.fields, input);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, value: { ...result.data, uncertainInputs: ranges.fields } };
}

/** Problems at the low or high end of a range: each end must be a valid value of its field. */
function rangeEndProblems(fields: UncertainField[], input: unknown): ValidationProblem[] {
  const rangePaths = new Set(fields.map((field) => field.path));
  const problems: ValidationProblem[] = [];
  for (const end of ['low', 'high'] as const) {
    const atEnd = substituteRanges(input, fields, (field) => rangeEnd(field, end));
    const result = profileSchema.safeParse(atEnd);
    if (result.success) continue;
    for (const found of problemsFromZod(result.error, input))
      if (rangePaths.has(found.path))
        problems.push({ ...found, message: `at the ${end} end of the range: ${found.message}` });
  }
  return problems;
}
