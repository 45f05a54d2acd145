/**
 * Reads a workload profile file (YAML or JSON) and validates it, turning every failure
 * into a UserError that names the file, the field path, the value and what is allowed.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { formatProblems, parseProfile } from '../core/workload/parse.ts';
import type { WorkloadProfile } from '../core/workload/schema.ts';
import { UserError } from './errors.ts';

/** Parses profile text; `name` is used in messages. */
export function parseProfileText(text: string, name: string): WorkloadProfile {
  const document = parseDocument(text, { prettyErrors: true });
  if (document.errors.length > 0) {
    const details = document.errors.map((error) => {
      const position = error.linePos?.[0];
      return `${name}${position ? `:${position.line}:${position.col}` : ''}: YAML syntax error: ${error.message.split('\n')[0]}`;
    });
    throw new UserError(details.join('\n'));
  }
  const parsed = parseProfile(document.toJS());
  if (!parsed.ok)
    throw new UserError(`${name}: ${parsed.problems.length} problem(s):\n${formatProblems(parsed.problems)}`);
  return parsed.value;
}

export function loadProfileFile(path: string): WorkloadProfile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT'
        ? `${path}: no such file (create one with: switchyard init ${path})`
        : `${path}: cannot read: ${(error as Error).message}`,
    );
  }
  return parseProfileText(text, path);
}
