/**
 * Real PostgreSQL and Redis for tests, started on loopback with their own data directory
 * and port, stopped afterwards. `.ci/run` installs Debian's `postgresql` and
 * `redis-server`; when a binary is missing the tests fail with a message saying what to
 * install, unless SWITCHYARD_SKIP_SERVICES=1 asks to skip them explicitly.
 *
 * initdb and postgres refuse to run as root: as root (a CI container) both run as the
 * `postgres` user the Debian package creates (spawn's uid/gid), in a temp folder chowned
 * to it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** True when the operator asked to skip tests that need PostgreSQL and Redis. */
export const skipServices = process.env.SWITCHYARD_SKIP_SERVICES === '1';

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds a server binary: PATH first, then Debian's versioned PostgreSQL folders
 * (/usr/lib/postgresql/<major>/bin, newest first). Undefined when absent.
 */
export function findBinary(
  name: string,
  searchPath: string = process.env.PATH ?? '',
  debianRoot = '/usr/lib/postgresql',
): string | undefined {
  for (const folder of searchPath.split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, name);
    if (executable(candidate)) return candidate;
  }
  if (existsSync(debianRoot)) {
    const majors = readdirSync(debianRoot)
      .filter((entry) => /^\d+(\.\d+)?$/.test(entry))
      .sort((left, right) => Number(right) - Number(left));
    for (const major of majors) {
      const candidate = join(debianRoot, major, 'bin', name);
      if (executable(candidate)) return candidate;
    }
  }
  return undefined;
}

export function missingMessage(binary: string, debianPackage: string): string {
  return `${binary} not found on PATH or in /usr/lib/postgresql/*/bin: install it (apt-get install -y ${debianPackage}; .ci/run does) or set SWITCHYARD_SKIP_SERVICES=1 to skip the multi-instance tests explicitly`;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; the small race until the server binds is accepted). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

interface RunAs {
  uid: number;
  gid: number;
}

/** As root, the uid/gid of the `postgres` user (Debian's package creates it); otherwise undefined. */
function postgresUser(): RunAs | undefined {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0)
    throw new Error(
      'running as root, and initdb refuses root: no `postgres` user to run it as (the Debian postgresql package creates one)',
    );
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function waitForExit(child: ChildProcess, giveUpAfterMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolveExit) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolveExit();
    }, giveUpAfterMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolveExit();
    });
  });
}

/** Polls `ready` every 50 ms until it is true, or throws after `giveUpAfterMs`. */
async function waitUntil(ready: () => Promise<boolean>, giveUpAfterMs: number, what: () => string): Promise<void> {
  const rounds = Math.ceil(giveUpAfterMs / 50);
  for (let round = 0; round < rounds; round += 1) {
    if (await ready()) return;
    await new Promise((resolveWait) => setTimeout(resolveWait, 50));
  }
  throw new Error(`${what()} (gave up after ${giveUpAfterMs} ms)`);
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolveConnect) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolveConnect(true);
    });
    socket.once('error', () => resolveConnect(false));
  });
}

export interface RunningService {
  /** Connection URL on 127.0.0.1. */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Another test file's server may take the free port between `freePort` and the bind: start
 * again on a new port (three tries).
 */
async function retryOnPortClash(start: () => Promise<RunningService>): Promise<RunningService> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start();
    } catch (error) {
      const clash =
        error instanceof Error && /address already in use|could not bind|could not create any/i.test(error.message);
      if (!clash || attempt >= 3) throw error;
    }
  }
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** Where to look for the binaries (tests of the helper itself point it at nothing). */
export interface BinarySearch {
  searchPath?: string;
  debianRoot?: string;
}

export interface PostgresStartOptions extends BinarySearch {
  /**
   * Keep PostgreSQL's default durability (fsync, synchronous commit) as in production; the
   * default turns both off, which tests do not need and a busy CI machine is slow at.
   */
  durable?: boolean;
}

/**
 * Starts a throw-away PostgreSQL cluster: initdb into a temp folder (trust auth, user
 * `switchyard`), listening on 127.0.0.1:<free port>, its unix socket in the same folder.
 */
export function startPostgres(options: PostgresStartOptions = {}): Promise<RunningService> {
  return retryOnPortClash(() => startPostgresOnce(options));
}

async function startPostgresOnce(options: PostgresStartOptions): Promise<RunningService> {
  const initdb = findBinary('initdb', options.searchPath, options.debianRoot);
  const postgres = findBinary('postgres', options.searchPath, options.debianRoot);
  if (initdb === undefined) throw new Error(missingMessage('initdb', 'postgresql'));
  if (postgres === undefined) throw new Error(missingMessage('postgres', 'postgresql'));
  const runAs = postgresUser();
  // As root, under /tmp (world-traversable), whatever TMPDIR says: the postgres user must reach it.
  const folder = mkdtempSync(join(runAs ? '/tmp' : tmpdir(), 'switchyard-pg-'));
  const dataDir = join(folder, 'data');
  if (runAs) chownSync(folder, runAs.uid, runAs.gid);
  const spawnAs = runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
  const init = spawnSync(
    initdb,
    ['-D', dataDir, '-U', 'switchyard', '--auth=trust', '--encoding=UTF8', '--no-locale', '--no-sync'],
    { encoding: 'utf8', ...spawnAs, cwd: folder },
  );
  if (init.status !== 0) throw new Error(`initdb failed (exit ${init.status}): ${init.stderr || init.stdout}`);
  const port = await freePort();
  let output = '';
  const child = spawn(
    postgres,
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${folder}`,
      '-c',
      'max_connections=50',
      ...(options.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: folder, ...spawnAs },
  );
  running.add(child);
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (output += text));
  const stop = async (): Promise<void> => {
    // SIGINT: PostgreSQL's fast shutdown (rolls back open transactions, then exits).
    child.kill('SIGINT');
    await waitForExit(child, 10_000);
    running.delete(child);
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`postgres exited with ${child.exitCode}: ${output}`);
        return /ready to accept connections/.test(output) && (await canConnect(port));
      },
      30_000,
      () => `postgres did not become ready: ${output}`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `postgres://switchyard@127.0.0.1:${port}/postgres`, port, stop };
}

/** Starts redis-server on 127.0.0.1 (a free port, or `port`: a restart on the same one), no persistence, in a temp folder. */
export function startRedis(options: BinarySearch & { port?: number } = {}): Promise<RunningService> {
  return options.port === undefined ? retryOnPortClash(() => startRedisOnce(options)) : startRedisOnce(options);
}

async function startRedisOnce(options: BinarySearch & { port?: number }): Promise<RunningService> {
  const binary = findBinary('redis-server', options.searchPath, options.debianRoot);
  if (binary === undefined) throw new Error(missingMessage('redis-server', 'redis-server'));
  const folder = mkdtempSync(join(tmpdir(), 'switchyard-redis-'));
  const port = options.port ?? (await freePort());
  writeFileSync(join(folder, 'README'), 'throw-away redis-server for switchyard tests\n');
  let output = '';
  const child = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder],
    { stdio: ['ignore', 'pipe', 'pipe'], cwd: folder },
  );
  running.add(child);
  child.stdout?.setEncoding('utf8').on('data', (text: string) => (output += text));
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (output += text));
  const stop = async (): Promise<void> => {
    child.kill('SIGTERM');
    await waitForExit(child, 10_000);
    running.delete(child);
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      async () => {
        if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}: ${output}`);
        return /Ready to accept connections/i.test(output) && (await canConnect(port));
      },
      15_000,
      () => `redis-server did not become ready: ${output}`,
    );
  } catch (error) {
    await stop();
    throw error;
  }
  return { url: `redis://127.0.0.1:${port}`, port, stop };
}
