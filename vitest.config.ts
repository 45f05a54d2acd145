import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the CPUs: a single worker on a 2-core
    // machine. Many test files mostly wait (on a browser, a gateway, a subprocess), so two
    // workers there cut the suite from ~48 s to ~32 s (docs/benchmarks.md); more CPUs keep
    // the default.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
