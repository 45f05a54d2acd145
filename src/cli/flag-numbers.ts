/**
 * Number flags: commander hands the CLI strings; these read them as numbers and collect
 * one problem per bad flag (path: the flag, value: its text, message: what is allowed)
 * instead of stopping at the first. A bad flag reads as NaN, which never leaves the
 * reader: `outcome(value)` fails when any flag had a problem. The use-case checks the
 * numbers' ranges again (the dashboard calls it without a CLI in front).
 */
import { fail, problem, succeed, type Outcome, type Problem } from '../core/problem.ts';

type Reader = {
  (flag: string, text: string): number;
  (flag: string, text: string | undefined): number | undefined;
};

export interface FlagNumbers {
  /** A number above 0; undefined when the flag was not given. */
  positive: Reader;
  /** A number 0 or more; undefined when the flag was not given. */
  nonNegative: Reader;
  /** A whole number, `minimum` or more; undefined when the flag was not given. */
  whole: {
    (flag: string, text: string, minimum: number): number;
    (flag: string, text: string | undefined, minimum: number): number | undefined;
  };
  /** The flag's text; a problem (`is required`) when it was not given. */
  required(flag: string, text: string | undefined): string;
  /** `value` when no flag had a problem, else every problem found. */
  outcome<T>(value: T): Outcome<T>;
}

/**
 * A reader that collects problems.
 * @example
 * const numbers = flagNumbers();
 * numbers.positive('--months', '6'); // 6
 * numbers.positive('--seed', 'soon'); // NaN
 * numbers.outcome(0) // { ok: false, problems: [{ path: '--seed', value: 'soon', message: 'must be a number greater than 0' }] }
 */
export function flagNumbers(): FlagNumbers {
  const problems: Problem[] = [];
  const hasProblem = (flag: string) => problems.some((found) => found.path === flag);
  function read(flag: string, text: string, allowed: (value: number) => boolean, message: string): number;
  function read(
    flag: string,
    text: string | undefined,
    allowed: (value: number) => boolean,
    message: string,
  ): number | undefined;
  function read(
    flag: string,
    text: string | undefined,
    allowed: (value: number) => boolean,
    message: string,
  ): number | undefined {
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() !== '' && Number.isFinite(value) && allowed(value)) return value;
    if (!hasProblem(flag)) problems.push(problem(flag, text, message));
    return Number.NaN;
  }
  function positive(flag: string, text: string): number;
  function positive(flag: string, text: string | undefined): number | undefined;
  function positive(flag: string, text: string | undefined): number | undefined {
    return read(flag, text, (value) => value > 0, 'must be a number greater than 0');
  }
  function nonNegative(flag: string, text: string): number;
  function nonNegative(flag: string, text: string | undefined): number | undefined;
  function nonNegative(flag: string, text: string | undefined): number | undefined {
    return read(flag, text, (value) => value >= 0, 'must be a number, 0 or more');
  }
  function whole(flag: string, text: string, minimum: number): number;
  function whole(flag: string, text: string | undefined, minimum: number): number | undefined;
  function whole(flag: string, text: string | undefined, minimum: number): number | undefined {
    const message = `must be a whole number, ${minimum} or more`;
    return read(flag, text, (value) => Number.isInteger(value) && value >= minimum, message);
  }
  return {
    positive,
    nonNegative,
    whole,
    required: (flag, text) => {
      if (text !== undefined) return text;
      problems.push(problem(flag, undefined, 'is required'));
      return '';
    },
    outcome: (value) => (problems.length > 0 ? fail(...problems) : succeed(value)),
  };
}
