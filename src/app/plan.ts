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
import { fail, problem, succeed, type Outcome } from '../core/problem.ts';
import type { WorkloadProfile } from '../core/workload/schema.ts';
import { buildPlanReport, type PlanReport } from '../report/plan-report.ts';

export interface PlanDependencies {
  catalog: Catalog;
  /** GPU throughput for a model on a GPU with an engine (the capacity model in production). */
  estimator: ThroughputEstimator;
  /** Engine for workloads that do not set `choices.engine` (`--engine`; default vllm). */
  defaultEngine?: string;
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

/** Plans a profile. Pure given its dependencies: the same profile gives the same report. */
export function planUseCase(profile: WorkloadProfile, dependencies: PlanDependencies): Outcome<PlanReport> {
  const resolved = resolvePlanInputs(profile, dependencies.catalog, dependencies.estimator, {
    defaultEngine: dependencies.defaultEngine,
  });
  if (!resolved.ok) return fail(...resolved.problems);
  return succeed(buildPlanReport(planProfile(resolved.inputs), resolved.inputs));
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
