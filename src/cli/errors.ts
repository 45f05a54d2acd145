/**
 * Errors the CLI shows to a user: a message, no stack trace, and an exit code
 * (2 = bad input, 1 = runtime failure). `main` maps both kinds in one place.
 */
import { formatProblems, type Problem } from '../core/problem.ts';

export { editDistance, closestNames } from '../core/text/suggest.ts';

export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/**
 * A use-case answered with problems: printed as `SOURCE: N problem(s):` and one line per
 * problem (field path or flag, the value, what is allowed); exit 2.
 */
export class ProblemsError extends UserError {
  readonly problems: Problem[];
  constructor(source: string | undefined, problems: Problem[]) {
    const lines = formatProblems(problems);
    super(source === undefined ? lines : `${source}: ${problems.length} problem(s):\n${lines}`, 2);
    this.name = 'ProblemsError';
    this.problems = problems;
  }
}

/** The value of an outcome, or a ProblemsError naming `source` (the profile file, or undefined for flags). */
export function valueOrThrow<T>(
  outcome: { ok: true; value: T } | { ok: false; problems: Problem[] },
  source?: string,
): T {
  if (outcome.ok) return outcome.value;
  throw new ProblemsError(source, outcome.problems);
}
