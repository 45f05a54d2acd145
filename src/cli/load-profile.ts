/**
 * Reads a workload profile file (YAML or JSON) and validates it, turning every failure
 * into a UserError that names the file, the field path, the value and what is allowed.
 */
import { readUserFile } from './read-user-file.ts';
import { profileFromText } from '../app/profile.ts';
import type { WorkloadProfile } from '../core/workload/schema.ts';
import { ProblemsError, UserError } from './errors.ts';

/** Parses profile text; `name` is used in messages. */
export function parseProfileText(text: string, name: string): WorkloadProfile {
  const { outcome } = profileFromText(text, name);
  if (outcome.ok) return outcome.value;
  if (outcome.problems.every((entry) => entry.code === 'syntax_error'))
    throw new UserError(outcome.problems.map((entry) => entry.message).join('\n'));
  throw new ProblemsError(name, outcome.problems);
}

export function loadProfileFile(path: string): WorkloadProfile {
  return parseProfileText(readUserFile(path, { missingHint: ` (create one with: switchyard init ${path})` }), path);
}
