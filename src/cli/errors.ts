/**
 * Errors the CLI shows to a user: a message, no stack trace, and an exit code
 * (2 = bad input, 1 = runtime failure).
 */
export { editDistance, closestNames } from '../core/text/suggest.ts';

export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}
