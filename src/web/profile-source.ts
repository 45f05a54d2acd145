/**
 * Profile text or object -> a validated profile, with the CLI's messages: YAML syntax
 * errors as `NAME:LINE:COL: YAML syntax error: ...`, schema problems as field path,
 * value and what is allowed (the same parser, schema and formatter the CLI uses).
 */
import { profileFromText as parseProfileText } from '../app/profile.ts';
import { formatProblems, parseProfile, type ValidationProblem } from '../core/workload/parse.ts';
import type { WorkloadProfile } from '../core/workload/schema.ts';

export type ProfileSourceResult =
  | { ok: true; profile: WorkloadProfile; input: unknown }
  /** `input` is the parsed document when the text was valid YAML (so a form can still show it). */
  | { ok: false; problems: ValidationProblem[]; message: string; input: unknown };

function invalid(problems: ValidationProblem[], name: string, input: unknown): ProfileSourceResult {
  return {
    ok: false,
    problems,
    message: `${name}: ${problems.length} problem(s):\n${formatProblems(problems)}`,
    input,
  };
}

/** Validates an already-parsed profile object (from the dashboard form). */
export function profileFromObject(input: unknown, name: string): ProfileSourceResult {
  const parsed = parseProfile(input);
  return parsed.ok ? { ok: true, profile: parsed.value, input } : invalid(parsed.problems, name, input);
}

/** Parses YAML (or JSON, which is YAML) profile text; `name` is used in messages, as in the CLI. */
export function profileFromText(text: string, name: string): ProfileSourceResult {
  const { outcome, document } = parseProfileText(text, name);
  if (outcome.ok) return { ok: true, profile: outcome.value, input: document };
  if (document === undefined)
    return {
      ok: false,
      problems: outcome.problems,
      message: outcome.problems.map((entry) => entry.message).join('\n'),
      input: undefined,
    };
  return invalid(outcome.problems, name, document);
}
