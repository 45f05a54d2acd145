/**
 * Writes a command's output to stdout or to `--out FILE`, and validates `--format`.
 */
import { writeFileSync } from 'node:fs';
import { UserError } from './errors.ts';
import { cliIo } from './io.ts';

export function checkFormat<T extends string>(format: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(format)) return format as T;
  throw new UserError(`--format: '${format}' is not supported here; use one of: ${allowed.join(', ')}`);
}

export function writeOutput(text: string, outPath: string | undefined): void {
  if (!outPath) {
    cliIo().stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    return;
  }
  try {
    writeFileSync(outPath, text);
  } catch (error) {
    throw new UserError(`--out: cannot write ${outPath}: ${error instanceof Error ? error.message : String(error)}`, 1);
  }
  cliIo().stderr.write(`wrote ${outPath}\n`);
}

/** Parses a positive number option, naming the flag on error. */
export function positiveNumber(flag: string, text: string | undefined, fallback?: number): number {
  if (text === undefined) {
    if (fallback !== undefined) return fallback;
    throw new UserError(`${flag} is required`);
  }
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new UserError(`${flag}: '${text}' must be a number greater than 0`);
  return value;
}
