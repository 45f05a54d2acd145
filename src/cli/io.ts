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
