/** Runs the real CLI (`node bin/switchyard.mjs ...`) and captures its output and exit code. */
import { spawn, spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');

export interface CliRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; input?: string } = {}): CliRun {
  const result = spawnSync(process.execPath, [resolve(repoRoot, 'bin/switchyard.mjs'), ...args], {
    cwd: options.cwd ?? repoRoot,
    input: options.input,
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { exitCode: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/**
 * Runs the real CLI with its stdout going to a reader that has already gone away (what
 * `switchyard ... | head -1` does once head has its line): the read end of the pipe is
 * closed before the CLI writes, so its first write fails with EPIPE. Resolves with the exit
 * code (-1 if killed by a signal) and stderr; stdout is empty by construction.
 */
export function runCliIntoClosedPipe(args: string[]): Promise<CliRun> {
  const child = spawn(process.execPath, [resolve(repoRoot, 'bin/switchyard.mjs'), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
  });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    stderr += text;
  });
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ exitCode: code ?? -1, stdout: '', stderr }));
  });
}

/**
 * Runs the CLI in this process (`main(argv)` with buffered stdout/stderr): the same
 * commands, flags, output and exit codes as the subprocess, without ~1 s of start-up.
 * `cwd` is not supported in process; use absolute paths.
 */
export async function runCliInProcess(args: string[]): Promise<CliRun> {
  const { main } = await import('../../src/cli/main.ts');
  let stdout = '';
  let stderr = '';
  const exitCode = await main(['node', 'switchyard', ...args], {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { exitCode, stdout, stderr };
}
