/**
 * The diff use-case: two plans, each given as a profile (planned here) or as a stored
 * `plan --format json` report, in; the plan diff model out (`report/plan-diff.ts`), or the
 * problems of either side. No fs: the CLI reads the files and says which is which.
 */
import { fail, problem, succeed, type Outcome, type Problem } from '../core/problem.ts';
import type { WorkloadProfile } from '../core/workload/schema.ts';
import { diffPlans, type PlanDiff } from '../report/plan-diff.ts';
import type { PlanReport } from '../report/plan-report.ts';
import { planReportSchema } from '../report/plan-report-schema.ts';
import { planUseCase, type PlanDependencies } from './plan.ts';

/** One side of a diff: a profile to plan, or a report already planned (parsed JSON, unchecked). */
export type DiffSide = { name: string; profile: WorkloadProfile } | { name: string; reportJson: unknown };

/** True for parsed JSON that claims to be a plan report (`report: "switchyard.plan"`). */
export function looksLikePlanReport(value: unknown): boolean {
  return value !== null && typeof value === 'object' && (value as { report?: unknown }).report === 'switchyard.plan';
}

function planSide(side: DiffSide, dependencies: PlanDependencies): Outcome<{ report: PlanReport; profile?: unknown }> {
  if ('profile' in side) {
    const planned = planUseCase(side.profile, dependencies);
    if (!planned.ok)
      return fail(...planned.problems.map((entry): Problem => ({ ...entry, path: `${side.name}: ${entry.path}` })));
    return succeed({ report: planned.value, profile: side.profile });
  }
  const parsed = planReportSchema.safeParse(side.reportJson);
  if (!parsed.success)
    return fail(
      ...parsed.error.issues.map((issue) =>
        problem(
          `${side.name}: ${issue.path.join('.') || '(root)'}`,
          undefined,
          `not a plan report this version can read (${issue.message}); re-run switchyard plan PROFILE --format json`,
          'invalid_value',
        ),
      ),
    );
  return succeed({ report: side.reportJson as PlanReport });
}

/** Plans (or reads) both sides and diffs them. Pure given its dependencies. */
export function diffUseCase(before: DiffSide, after: DiffSide, dependencies: PlanDependencies): Outcome<PlanDiff> {
  const first = planSide(before, dependencies);
  const second = planSide(after, dependencies);
  const problems = [...(first.ok ? [] : first.problems), ...(second.ok ? [] : second.problems)];
  if (!first.ok || !second.ok) return fail(...problems);
  // Profiles are compared field by field only when both sides are profiles.
  const bothProfiles = first.value.profile !== undefined && second.value.profile !== undefined;
  return succeed(
    diffPlans(
      { name: before.name, report: first.value.report, profile: bothProfiles ? first.value.profile : undefined },
      { name: after.name, report: second.value.report, profile: bothProfiles ? second.value.profile : undefined },
    ),
  );
}
