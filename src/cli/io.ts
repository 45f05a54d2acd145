/**
 * Where the CLI writes: the process's stdout and stderr, or (in tests that run the CLI
 * in process) two buffers. Commands write through `cliIo()`, never `process.stdout`.
 */
export interface TextSink {
  write(text: string): unknown;
}

export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
}

const processIo: CliIo = { stdout: process.stdout, stderr: process.stderr };
let current: CliIo = processIo;

/** The sinks the running command writes to. */
export function cliIo(): CliIo {
  return current;
}

/** Runs `action` with `io` as the CLI's sinks, then restores the previous ones. */
export async function withCliIo<T>(io: CliIo, action: () => Promise<T>): Promise<T> {
  const previous = current;
  current = io;
  try {
    return await action();
  } finally {
    current = previous;
  }
}

/** Exit code when the reader of stdout or stderr goes away: the reader had all it wanted. */
export const CLOSED_PIPE_EXIT_CODE = 0;

/**
 * A reader that stops early (`switchyard plan x.yaml | head -1`) closes the pipe, and the
 * next write fails with EPIPE. That is not an error of ours: the CLI stops at once, prints
 * nothing more and exits with {@link CLOSED_PIPE_EXIT_CODE} (0, as `| head` expects even
 * under `set -o pipefail`), instead of Node's unhandled 'error' stack trace. Any other
 * stream error is rethrown as before. Installed once, by bin/switchyard.mjs.
 */
export function exitQuietlyOnClosedPipe(
  streams: readonly NodeJS.WritableStream[] = [process.stdout, process.stderr],
  exit: (code: number) => void = (code) => process.exit(code),
): void {
  for (const stream of streams)
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      exit(CLOSED_PIPE_EXIT_CODE);
    });
}
