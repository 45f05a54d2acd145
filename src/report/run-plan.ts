/**
 * One call from a validated profile to the plan report: resolve catalog names, plan,
 * build the report model. Shared by the CLI, the dashboard and the tests.
 */
import { builtInCatalog, type Catalog } from '../catalog/catalog.ts';
import { resolvePlanInputs, type ThroughputEstimator } from '../catalog/resolve.ts';
import { capacityThroughputEstimator } from '../catalog/throughput.ts';
import { planProfile } from '../core/decide/plan.ts';
import type { ValidationProblem } from '../core/workload/parse.ts';
import type { WorkloadProfile } from '../core/workload/schema.ts';
import { buildPlanReport, type PlanReport } from './plan-report.ts';

export type PlanReportResult = { ok: true; report: PlanReport } | { ok: false; problems: ValidationProblem[] };

export function planReportFor(
  profile: WorkloadProfile,
  options: { catalog?: Catalog; estimator?: ThroughputEstimator; engine?: string } = {},
): PlanReportResult {
  const resolved = resolvePlanInputs(
    profile,
    options.catalog ?? builtInCatalog,
    options.estimator ?? capacityThroughputEstimator(options.engine),
  );
  if (!resolved.ok) return resolved;
  return { ok: true, report: buildPlanReport(planProfile(resolved.inputs), resolved.inputs) };
}
