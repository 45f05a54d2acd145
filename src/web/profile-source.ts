/**
 * Profile text or object -> a validated profile, with the CLI's messages: YAML syntax
 * errors as `NAME:LINE:COL: YAML syntax error: ...`, schema problems as field path,
 * value and what is allowed (the same zod schema and formatter the CLI uses).
 */
import { parseDocument } from 'yaml';
import { formatProblems, parseProfile, type ValidationProblem } from '../core/workload/parse.ts';
import type { WorkloadProfile } from '../core/workload/schema.ts';

export type ProfileSourceResult =
  | { ok: true; profile: WorkloadProfile; input: unknown }
  /** `input` is the parsed document when the text was valid YAML (so a form can still show it). */
  | { ok: false; problems: ValidationProblem[]; message: string; input: unknown };

/** Validates an already-parsed profile object (from the dashboard form). */
export function profileFromObject(input: unknown, name: string): ProfileSourceResult {
  const parsed = parseProfile(input);
  if (parsed.ok) return { ok: true, profile: parsed.value, input };
  return {
    ok: false,
    problems: parsed.problems,
    message: `${name}: ${parsed.problems.length} problem(s):\n${formatProblems(parsed.problems)}`,
    input,
  };
}

/** Parses YAML (or JSON, which is YAML) profile text; `name` is used in messages, as in the CLI. */
export function profileFromText(text: string, name: string): ProfileSourceResult {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error): ValidationProblem => {
      const position = error.linePos?.[0];
      return {
        path: '(root)',
        value: undefined,
        message: `${name}${position ? `:${position.line}:${position.col}` : ''}: YAML syntax error: ${error.message.split('\n')[0]}`,
        code: 'syntax_error',
      };
    });
    return { ok: false, problems, message: problems.map((problem) => problem.message).join('\n'), input: undefined };
  }
  return profileFromObject(document.toJS(), name);
}
