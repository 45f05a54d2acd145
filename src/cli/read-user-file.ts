/**
 * Reading a file the user named, with the failure in their words (a `UserError`, exit 2).
 */
import { readFileSync } from 'node:fs';
import { UserError } from './errors.ts';

/**
 * The file's text, or `PREFIXPATH: no such file HINT` / `PREFIXPATH: cannot read: MESSAGE`.
 * `prefix` names the flag (e.g. `--trace: `), `missingHint` says how to make the file.
 */
export function readUserFile(path: string, options: { prefix?: string; missingHint?: string } = {}): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const prefix = options.prefix ?? '';
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(
      code === 'ENOENT'
        ? `${prefix}${path}: no such file${options.missingHint ?? ''}`
        : `${prefix}${path}: cannot read: ${(error as Error).message}`,
    );
  }
}

/** The text of a file a flag names, or `FLAG: cannot read PATH (MESSAGE)`. */
export function readFlagFile(flag: string, path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UserError(`${flag}: cannot read ${path} (${error instanceof Error ? error.message : String(error)})`);
  }
}
