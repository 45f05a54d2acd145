/**
 * How long `npm test` takes, phase by phase (tsc, biome, vitest), next to the baseline
 * measured before issue 8's work, plus the slowest test files. Runs the whole suite once
 * (minutes); run alone with `npm run bench -- tests`. Test times are recorded here, never
 * asserted in a test.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import type { BenchSection } from './types.ts';

const repoRoot = resolve(import.meta.dirname, '..');

/** `npm test` before issue 8 (every CLI test spawned a process; 1.3-1.6 s CLI start-up). */
const baseline = {
  date: '2026-12-01',
  totalWallSeconds: 144,
  vitestWallSeconds: 138,
  slowestFiles: [
    ['test/cli/plan-cli.test.ts', 31.7],
    ['src/cli/commands/simulate.test.ts', 27],
    ['test/golden.test.ts', 16.7],
    ['src/cli/commands/capacity.test.ts', 14],
    ['test/gateway/cli.test.ts', 10],
    ['test/browser/dashboard.test.ts', 8.6],
  ] as Array<[string, number]>,
};

function timedSeconds(command: string, args: string[]): { seconds: number; ok: boolean } {
  const start = performance.now();
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } });
  return { seconds: (performance.now() - start) / 1000, ok: result.status === 0 };
}

interface VitestJsonReport {
  numTotalTests: number;
  numFailedTests: number;
  testResults: Array<{ name: string; startTime: number; endTime: number }>;
}

export async function runTestSuiteBench(): Promise<BenchSection> {
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const typecheck = timedSeconds(npx, ['tsc', '--noEmit', '-p', '.']);
  const lint = timedSeconds(npx, ['biome', 'check', '.']);
  const scratch = mkdtempSync(join(tmpdir(), 'switchyard-bench-tests-'));
  const reportPath = join(scratch, 'vitest.json');
  const vitest = timedSeconds(npx, ['vitest', 'run', '--reporter=json', `--outputFile=${reportPath}`]);
  const report = JSON.parse(readFileSync(reportPath, 'utf8')) as VitestJsonReport;
  rmSync(scratch, { recursive: true, force: true });
  const fileSeconds = new Map(
    report.testResults.map((file) => [relative(repoRoot, file.name), (file.endTime - file.startTime) / 1000]),
  );
  const total = typecheck.seconds + lint.seconds + vitest.seconds;
  const status = (phase: { ok: boolean }) => (phase.ok ? '' : ' (failed)');
  const seconds = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(1));
  const slowestNow = [...fileSeconds.entries()].sort((left, right) => right[1] - left[1]).slice(0, 6);
  const fileRows = [
    ...baseline.slowestFiles.map(([file, before]) => [`  ${file}`, seconds(before), seconds(fileSeconds.get(file))]),
    ...slowestNow
      .filter(([file]) => !baseline.slowestFiles.some(([known]) => known === file))
      .map(([file, now]) => [`  ${file}`, '-', seconds(now)]),
  ];
  return {
    title: 'Test suite (`npm test`: tsc, biome, vitest)',
    columns: ['phase / file', `before (s, ${baseline.date})`, 'now (s)'],
    rows: [
      [
        'npm test, wall',
        seconds(baseline.totalWallSeconds),
        `${seconds(total)}${status({ ok: typecheck.ok && lint.ok && vitest.ok })}`,
      ],
      ['  tsc --noEmit', '-', `${seconds(typecheck.seconds)}${status(typecheck)}`],
      ['  biome check .', '-', `${seconds(lint.seconds)}${status(lint)}`],
      ['  vitest run, wall', seconds(baseline.vitestWallSeconds), `${seconds(vitest.seconds)}${status(vitest)}`],
      ['slowest test files (time in tests):', '', ''],
      ...fileRows,
    ],
    notes: [
      `${report.numTotalTests} tests, ${report.numFailedTests} failed. Each phase timed as its own process, one run; the baseline is one run of the same commands on the same machine.`,
      'Per-file time is vitest\'s per-file test time (endTime - startTime in its JSON report), without module import and transform; "before" comes from the default reporter of the baseline run.',
      'What changed: CLI tests run the CLI in process (`runCliInProcess` in test/cli/run-cli.ts) except a few subprocess smoke tests; JSON goldens became a schema check and pinned numbers; the CLI starts in ~0.2 s instead of ~1.1 s for the subprocess tests that remain; vitest runs two workers on a 2-core machine instead of one (vitest.config.ts).',
    ],
  };
}
