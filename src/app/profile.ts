/**
 * Profile text (YAML or JSON) -> a validated profile, with the messages every adapter
 * shows: YAML syntax errors as `NAME:LINE:COL: YAML syntax error: ...`, schema problems as
 * field path, value and what is allowed.
 */
import { parseDocument } from 'yaml';
import { fail, type Outcome, type Problem } from '../core/problem.ts';
import { parseProfile } from '../core/workload/parse.ts';
import type { WorkloadProfile } from '../core/workload/schema.ts';

export interface ParsedProfileText {
  outcome: Outcome<WorkloadProfile>;
  /** The parsed document when the text was valid YAML (a form can still show it), else undefined. */
  document: unknown;
}

/**
 * Parses and validates profile text; `name` (a file name) prefixes syntax errors.
 * @example profileFromText('workloads: [unclosed', 'p.yaml').outcome // { ok: false, problems: [{ code: 'syntax_error', message: 'p.yaml:1:...: YAML syntax error: ...' }] }
 */
export function profileFromText(text: string, name: string): ParsedProfileText {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const problems = document.errors.map((error): Problem => {
      const position = error.linePos?.[0];
      return {
        path: '(root)',
        value: undefined,
        message: `${name}${position ? `:${position.line}:${position.col}` : ''}: YAML syntax error: ${error.message.split('\n')[0]}`,
        code: 'syntax_error',
      };
    });
    return { outcome: fail(...problems), document: undefined };
  }
  const input: unknown = document.toJS();
  const parsed = parseProfile(input);
  return { outcome: parsed.ok ? { ok: true, value: parsed.value } : fail(...parsed.problems), document: input };
}
