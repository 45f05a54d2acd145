/**
 * Errors as values: every use-case answers with a value or a list of problems, each
 * naming where (a field path or a flag), what was found, and what is allowed.
 */

/** Machine-readable kind of a problem; the message says it in English. */
export type ProblemCode =
  /** A value outside what the field allows (schema or range check). */
  | 'invalid_value'
  /** A name the catalog or profile does not know (the message lists the nearest ones). */
  | 'unknown_name'
  /** Text that does not parse (YAML, CSV, a flag's syntax). */
  | 'syntax_error'
  /** Fields that cannot be given together, or that disagree. */
  | 'conflict'
  /** The model cannot be served as asked (does not fit, no throughput to simulate). */
  | 'not_servable'
  /** A file that cannot be read or written. */
  | 'unreadable';

export interface Problem {
  /** Dotted field path (`workloads[0].tokens.inputPerRequest`) or a flag (`--months`). */
  path: string;
  /** The value found there (undefined when missing). */
  value: unknown;
  message: string;
  code: ProblemCode;
}

/** A use-case's answer: a value, or every problem found (never a throw for bad input). */
export type Outcome<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

/** @example succeed(3) // { ok: true, value: 3 } */
export function succeed<T>(value: T): Outcome<T> {
  return { ok: true, value };
}

/** @example fail({ path: '--months', value: '0', message: 'must be greater than 0', code: 'invalid_value' }).ok === false */
export function fail<T = never>(...problems: Problem[]): Outcome<T> {
  return { ok: false, problems };
}

/** One problem as a value. @example problem('--seed', 'x', 'must be a whole number').code === 'invalid_value' */
export function problem(path: string, value: unknown, message: string, code: ProblemCode = 'invalid_value'): Problem {
  return { path, value, message, code };
}

/**
 * One line per problem: `path: value — message`.
 * @example formatProblems([problem('workloads[0].volume.requestsPerDay', -5, 'must be greater than 0')])
 * // 'workloads[0].volume.requestsPerDay: -5 — must be greater than 0'
 */
export function formatProblems(problems: ReadonlyArray<Pick<Problem, 'path' | 'value' | 'message'>>): string {
  return problems
    .map((entry) => {
      const shown = entry.value === undefined ? '(missing)' : JSON.stringify(entry.value);
      return `${entry.path}: ${shown} — ${entry.message}`;
    })
    .join('\n');
}
