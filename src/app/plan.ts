/**
 * The plan use-case: a validated profile in, the plan report model out (or problems with
 * field paths): resolve catalog names -> capacity model -> core/decide -> report model.
 * No fs, no process: the CLI and the dashboard pass the catalog and the estimator in.
 */
import { catalogAt, LATEST_SNAPSHOT_DATE, type Catalog } from '../catalog/catalog.ts';
import { DEFAULT_ENGINE_ID, findEngineProfile } from '../catalog/engines.ts';
import { CatalogLookupError } from '../catalog/lookup-error.ts';
import { resolvePlanInputs, type ThroughputEstimator } from '../catalog/resolve.ts';
import { capacityThroughputEstimator } from '../catalog/throughput.ts';
import { planProfile } from '../core/decide/plan.ts';
import type { MipSolver } from '../core/decide/portfolio-solve.ts';
import { loadMipSolver } from './placement-solver.ts';
import { fail, problem, succeed, type Outcome } from '../core/problem.ts';
import type { WorkloadProfile } from '../core/workload/schema.ts';
import { buildPlanReport, type PlanReport } from '../report/plan-report.ts';
import { type UncertaintyRequest, withProfileUncertainty } from './plan-uncertainty.ts';

export interface PlanDependencies {
  catalog: Catalog;
  /** GPU throughput for a model on a GPU with an engine (the capacity model in production). */
  estimator: ThroughputEstimator;
  /** Engine for workloads that do not set `choices.engine` (`--engine`; default vllm). */
  defaultEngine?: string;
  /**
   * The exact solver of the portfolio placement (HiGHS, `loadMipSolver`). Without it the
   * placement prices every placement when there are few enough, else searches locally.
   */
  mipSolver?: MipSolver;
}

/**
 * The built-in catalog priced at `asOf` (ISO date), or a problem on `--as-of` for a date
 * that is not one or comes before the first snapshot.
 */
export function catalogForDate(asOf: string): Outcome<Catalog> {
  try {
    return succeed(catalogAt(asOf));
  } catch (error) {
    if (error instanceof RangeError) return fail(problem('--as-of', asOf, error.message, 'invalid_value'));
    throw error;
  }
}

/**
 * The production dependencies: the catalog (the built-in one priced at `asOf`, the newest
 * snapshot's date when absent, unless a catalog is given) and the capacity model, which
 * serves every engine; `engine` (`vllm` unless given) is the default for workloads that do
 * not set `choices.engine`. An unknown engine is a problem on `--engine`, a bad date on `--as-of`.
 */
export function planDependencies(
  options: { catalog?: Catalog; engine?: string; asOf?: string } = {},
): Outcome<PlanDependencies> {
  let catalog = options.catalog;
  if (!catalog) {
    const dated = catalogForDate(options.asOf ?? LATEST_SNAPSHOT_DATE);
    if (!dated.ok) return dated;
    catalog = dated.value;
  }
  try {
    const defaultEngine = findEngineProfile(options.engine ?? DEFAULT_ENGINE_ID).id;
    return succeed({
      catalog,
      estimator: capacityThroughputEstimator(),
      defaultEngine,
    });
  } catch (error) {
    if (error instanceof CatalogLookupError)
      return fail(problem('--engine', options.engine, error.message, 'unknown_name'));
    throw error;
  }
}

/**
 * Plans a profile. Pure given its dependencies: the same profile gives the same report.
 * With `uncertainty`, the Monte Carlo over the profile's ranges is added (`plan-uncertainty.ts`).
 */
export function planUseCase(
  profile: WorkloadProfile,
  dependencies: PlanDependencies,
  uncertainty?: UncertaintyRequest,
): Outcome<PlanReport> {
  const resolved = resolvePlanInputs(profile, dependencies.catalog, dependencies.estimator, {
    defaultEngine: dependencies.defaultEngine,
  });
  if (!resolved.ok) return fail(...resolved.problems);
  const plan = planProfile(resolved.inputs, dependencies.mipSolver ? { mipSolver: dependencies.mipSolver } : {});
  const report = buildPlanReport(plan, resolved.inputs);
  return succeed(uncertainty ? withProfileUncertainty(report, profile, dependencies, plan, uncertainty) : report);
}

/**
 * Plans with the production dependencies (tests, the bench and scripts); without a catalog,
 * the built-in one at `options.asOf`, else the profile's `pricesAsOf`, else the newest snapshot.
 */
export function planWithDefaults(
  profile: WorkloadProfile,
  options: { catalog?: Catalog; engine?: string; asOf?: string } = {},
): Outcome<PlanReport> {
  const asOf = options.asOf ?? profile.pricesAsOf;
  const dependencies = planDependencies({ ...options, ...(asOf !== undefined ? { asOf } : {}) });
  return dependencies.ok ? planUseCase(profile, dependencies.value) : dependencies;
}

/**
 * `planDependencies` with the exact placement solver loaded (HiGHS; asynchronous once,
 * synchronous per plan): what the CLI and the dashboard use. `workloadCount` (when known)
 * of 1 skips loading it: a single workload's placement is its own decision, no MIP.
 */
export async function planDependenciesWithSolver(
  options: { catalog?: Catalog; engine?: string; workloadCount?: number } = {},
): Promise<Outcome<PlanDependencies>> {
  const { workloadCount, ...rest } = options;
  const dependencies = planDependencies(rest);
  if (!dependencies.ok) return dependencies;
  if (workloadCount !== undefined && workloadCount <= 1) return dependencies;
  return succeed({ ...dependencies.value, mipSolver: await loadMipSolver() });
}
