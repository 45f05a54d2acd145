/**
 * How long the CLI takes to answer, start to exit, as a user would time it: each case is
 * `node bin/switchyard.mjs ARGS` spawned N times (median and min of wall time). A bare
 * `node -e ""` and tsx's loader alone are measured the same way, to show what part of the
 * time is ours.
 *
 * "before" is the same command in a copy of an earlier commit (`git archive`, sharing this
 * checkout's node_modules), run interleaved with "now" so both see the same machine noise:
 * STARTUP_BASELINE_REV (default 593423a, the last commit before issue 8's start-up work;
 * empty to skip). STARTUP_RUNS sets N (default 11). Run alone: `npm run bench -- startup`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BenchSection } from './types.ts';

const repoRoot = resolve(import.meta.dirname, '..');

interface StartupCase {
  name: string;
  args: string[];
  /** Whether the case runs the CLI (and so has a "before"). */
  cli: boolean;
}

const cases: StartupCase[] = [
  { name: 'node -e "" (no tsx, no CLI)', args: ['-e', ''], cli: false },
  {
    name: 'tsx loader only',
    args: [
      '--input-type=module',
      '-e',
      "import { register } from 'node:module'; register('tsx/esm', import.meta.url, { data: {} });",
    ],
    cli: false,
  },
  { name: 'switchyard --version', args: ['bin/switchyard.mjs', '--version'], cli: true },
  { name: 'switchyard --help', args: ['bin/switchyard.mjs', '--help'], cli: true },
  { name: 'switchyard plan --help', args: ['bin/switchyard.mjs', 'plan', '--help'], cli: true },
  {
    name: 'switchyard plan examples/saas-50m-tokens.yaml --catalog ...',
    args: [
      'bin/switchyard.mjs',
      'plan',
      'examples/saas-50m-tokens.yaml',
      '--catalog',
      'examples/saas-50m-tokens.catalog.yaml',
    ],
    cli: true,
  },
];

/** Wall time of one run in ms; throws if the command fails (a benchmark of an error is no benchmark). */
function timeOneRunMs(args: string[], cwd: string): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const elapsedMs = performance.now() - start;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return elapsedMs;
}

export interface Timing {
  medianMs: number;
  minMs: number;
}

export type StartupTiming =
  | { name: string; ok: true; now: Timing; before: Timing | undefined; runs: number }
  | { name: string; ok: false; error: string };

function summary(timesMs: number[]): Timing {
  const sorted = [...timesMs].sort((left, right) => left - right);
  return { medianMs: sorted[Math.floor(sorted.length / 2)], minMs: sorted[0] };
}

/** A copy of `rev` in a temporary folder with this checkout's node_modules, or undefined if rev is unknown. */
function baselineCheckout(rev: string): { folder: string; remove: () => void } | undefined {
  if (!rev) return undefined;
  try {
    execFileSync('git', ['rev-parse', '--verify', `${rev}^{commit}`], { cwd: repoRoot, stdio: 'ignore' });
  } catch {
    return undefined;
  }
  const folder = mkdtempSync(join(tmpdir(), 'switchyard-baseline-'));
  execFileSync('sh', ['-c', `git archive ${rev} | tar -x -C "${folder}"`], { cwd: repoRoot });
  symlinkSync(join(repoRoot, 'node_modules'), join(folder, 'node_modules'));
  return { folder, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

/** Times every case `runs` times after one warm-up run (which fills tsx's transform cache), now and before interleaved. */
export function measureStartup(runs: number, baselineRev: string): StartupTiming[] {
  const baseline = baselineCheckout(baselineRev);
  try {
    return cases.map((startupCase): StartupTiming => {
      const { name, args } = startupCase;
      const beforeFolder =
        startupCase.cli && baseline && existsSync(join(baseline.folder, args[0])) ? baseline.folder : undefined;
      try {
        timeOneRunMs(args, repoRoot);
        if (beforeFolder) timeOneRunMs(args, beforeFolder);
        const nowMs: number[] = [];
        const beforeMs: number[] = [];
        for (let run = 0; run < runs; run += 1) {
          nowMs.push(timeOneRunMs(args, repoRoot));
          if (beforeFolder) beforeMs.push(timeOneRunMs(args, beforeFolder));
        }
        return { name, ok: true, now: summary(nowMs), before: beforeFolder ? summary(beforeMs) : undefined, runs };
      } catch (error) {
        return {
          name,
          ok: false,
          error: error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error),
        };
      }
    });
  } finally {
    baseline?.remove();
  }
}

export async function runStartupBench(): Promise<BenchSection> {
  const runs = Number(process.env.STARTUP_RUNS ?? 11);
  const baselineRev = process.env.STARTUP_BASELINE_REV ?? '593423a';
  const timings = measureStartup(runs, baselineRev);
  const milliseconds = (timing: Timing | undefined, key: keyof Timing) =>
    timing === undefined ? '-' : timing[key].toFixed(0);
  return {
    title: 'CLI start-up (spawned, wall time)',
    columns: [
      'command',
      'median ms',
      'min ms',
      `before (${baselineRev || 'none'}): median ms`,
      'before: min ms',
      'runs',
    ],
    rows: timings.map((timing) =>
      timing.ok
        ? [
            timing.name,
            milliseconds(timing.now, 'medianMs'),
            milliseconds(timing.now, 'minMs'),
            milliseconds(timing.before, 'medianMs'),
            milliseconds(timing.before, 'minMs'),
            timing.runs,
          ]
        : [timing.name, `failed: ${timing.error}`, '-', '-', '-', 0],
    ),
    notes: [
      `Each command spawned ${runs} times with spawnSync after one warm-up run, now and before alternating; wall time from spawn to exit, stdout captured.`,
      'Target from issue 8: `--version` and `--help` under 600 ms. The first two rows are the floor: Node itself, then Node plus the tsx loader thread.',
      "Where the time went before: every command registration imported its whole implementation (ECharts for the HTML report, undici, better-sqlite3, js-tiktoken ...) so `--version` loaded the whole program. Now registrations import only commander types and constants, and each action is `await import()`ed when it runs; bin/ registers only tsx's ESM loader (`module.register('tsx/esm')`, ~60 ms less than tsx's `register()` API, which also loads esbuild and CommonJS hooks on the main thread).",
    ],
  };
}
