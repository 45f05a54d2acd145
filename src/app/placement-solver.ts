/**
 * The exact solver of the portfolio placement: HiGHS (compiled to WebAssembly, the
 * `highs` package) behind core's synchronous `MipSolver` interface. Loading the
 * WebAssembly module is asynchronous, so it is loaded once here and handed to the plan
 * use-case as a dependency; each `solve` call afterwards is synchronous and pure.
 */
import type highsModule from 'highs';
import type { MipSolution, MipSolver } from '../core/decide/portfolio-solve.ts';

type HighsLoader = typeof highsModule.default;

/**
 * The package, imported when a plan first needs it (not at start-up). Its types are
 * CommonJS-shaped (the loader under `default`), while Node's ESM import of its `.mjs`
 * build gives the loader itself: accept both.
 */
async function importHighsLoader(): Promise<HighsLoader> {
  const imported = (await import('highs')).default;
  return typeof imported === 'function' ? (imported as unknown as HighsLoader) : imported.default;
}

let loading: Promise<MipSolver> | undefined;

/**
 * HiGHS as a `MipSolver` (loaded once per process; later calls share it).
 * @example const solve = await loadMipSolver(); solve('Minimize\n obj: + 1 x\nSubject To\n c: + 1 x >= 1\nBinaries\n x\nEnd\n').values.x === 1
 */
export function loadMipSolver(): Promise<MipSolver> {
  loading ??= importHighsLoader()
    .then((loader) => loader())
    .then((solver) => (lp: string): MipSolution => {
      // Presolve costs more than it saves on these small fixed-charge models (85 ms instead of
      // 430 ms for 20 workloads x 6 options, the same optimum; bench/portfolio.ts).
      const result = solver.solve(lp, { output_flag: false, presolve: 'off' });
      const values: Record<string, number> = {};
      if ('Columns' in result)
        for (const column of Object.values(result.Columns))
          if (typeof column.Primal === 'number') values[column.Name] = column.Primal;
      return { status: result.Status, values };
    });
  return loading;
}
