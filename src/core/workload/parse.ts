/**
 * Turns unknown input (parsed YAML or JSON) into a validated WorkloadProfile, or a
 * list of problems each naming the field path, the bad value and what is allowed.
 */
import type { z } from 'zod';
import { profileSchema, type WorkloadProfile } from './schema.ts';

export interface ValidationProblem {
  /** Dotted path, e.g. `workloads[0].tokens.inputPerRequest`. */
  path: string;
  /** The value found there (undefined when missing). */
  value: unknown;
  message: string;
}

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

export function problemsFromZod(error: z.ZodError, input: unknown): ValidationProblem[] {
  return error.issues.map((issue) => {
    let message = issue.message;
    if (issue.code === 'unrecognized_keys') message = `unknown field(s): ${issue.keys.join(', ')}`;
    if (issue.code === 'invalid_value' && 'values' in issue) message = `must be one of: ${issue.values.map(String).join(', ')}`;
    return { path: formatPath(issue.path), value: valueAt(input, issue.path), message };
  });
}

/** Validates a profile object. */
export function parseProfile(input: unknown): ParseResult<WorkloadProfile> {
  const result = profileSchema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, problems: problemsFromZod(result.error, input) };
}

/** One line per problem: `workloads[0].volume.requestsPerDay: -5 — must be greater than 0`. */
export function formatProblems(problems: ReadonlyArray<ValidationProblem>): string {
  return problems
    .map((problem) => {
      const shown = problem.value === undefined ? '(missing)' : JSON.stringify(problem.value);
      return `${problem.path}: ${shown} — ${problem.message}`;
    })
    .join('\n');
}
