/**
 * The gateway view's "plan vs actual" panel: the drift use-case on the plan the dashboard
 * was started with (`switchyard ui --plan plan.json`) and its request log, since the plan
 * was made. A separate module so the dashboard's layout stays someone else's.
 */
import { readFileSync } from 'node:fs';
import { driftUseCase } from '../app/drift.ts';
import { measureUsage } from '../app/measure-profile.ts';
import type { PlanDependencies } from '../app/plan.ts';
import type { Catalog } from '../catalog/catalog.ts';
import type { DriftReport } from '../report/drift-model.ts';
import type { PlanReport } from '../report/plan-report.ts';
import { describeLogStore, readRequestLog } from '../store/read-log.ts';
import type { RequestLogRow } from '../store/types.ts';

export interface PlanVsActualWorkload {
  name: string;
  plannedTokensPerMonth: number;
  measuredTokensPerMonth: number | null;
  volumeRatio: number | null;
  volumeDrifted: boolean;
  plannedChoice: string;
  replannedChoice: string | null;
  flipped: boolean;
  latency: DriftReport['workloads'][number]['latency'];
}

export type PlanVsActualResult =
  | {
      ok: true;
      planPath: string;
      planGeneratedAt: string | null;
      recommendationChanged: boolean;
      workloads: PlanVsActualWorkload[];
    }
  | { ok: false; error: string };

const choice = (entry: { label: string; feasible: boolean } | null) =>
  entry === null ? null : entry.feasible ? entry.label : `no feasible option (closest: ${entry.label})`;

/** Drift of `planPath` against `dbPath` (a SQLite file or a postgres:// URL); an error value (not a throw) when either is missing or unreadable. */
export async function readPlanVsActual(
  planPath: string | undefined,
  dbPath: string | undefined,
  nowMs: number,
  dependencies: PlanDependencies,
  catalog: Catalog,
): Promise<PlanVsActualResult> {
  if (!planPath)
    return {
      ok: false,
      error: 'start the dashboard with --plan plan.json (switchyard plan PROFILE --format json --out plan.json)',
    };
  if (!dbPath) return { ok: false, error: 'no request log (--db)' };
  let plan: PlanReport & { input?: { generatedAt?: string; profile?: unknown } };
  try {
    plan = JSON.parse(readFileSync(planPath, 'utf8')) as typeof plan;
  } catch (error) {
    return { ok: false, error: `cannot read ${planPath}: ${error instanceof Error ? error.message : String(error)}` };
  }
  const generatedAt = plan.input?.generatedAt ?? null;
  if (plan.report !== 'switchyard.plan' || plan.input?.profile === undefined || generatedAt === null)
    return {
      ok: false,
      error: `${planPath} is not a plan JSON with input.generatedAt and input.profile (make it with switchyard plan --format json)`,
    };
  let rows: RequestLogRow[];
  try {
    rows = await readRequestLog(dbPath, { sinceIso: generatedAt });
  } catch (error) {
    return {
      ok: false,
      error: `cannot read ${describeLogStore(dbPath)}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const measured = measureUsage({
    source: { kind: 'gateway-log', name: describeLogStore(dbPath) },
    rows,
    sinceMs: Date.parse(generatedAt),
    nowMs,
  });
  if (!measured.ok) return { ok: false, error: measured.problems.map((entry) => entry.message).join('; ') };
  const drift = driftUseCase(
    { plan, profile: plan.input.profile, planGeneratedAt: generatedAt, measurement: measured.value },
    dependencies,
    catalog,
  );
  if (!drift.ok)
    return { ok: false, error: drift.problems.map((entry) => `${entry.path}: ${entry.message}`).join('; ') };
  return {
    ok: true,
    planPath,
    planGeneratedAt: generatedAt,
    recommendationChanged: drift.value.recommendationChanged,
    workloads: drift.value.workloads.map((workload) => ({
      name: workload.name,
      plannedTokensPerMonth: workload.plannedTokensPerMonth,
      measuredTokensPerMonth: workload.measuredTokensPerMonth,
      volumeRatio: workload.volumeRatio,
      volumeDrifted: workload.volumeDrifted,
      plannedChoice: choice(workload.plannedChoice) ?? workload.plannedChoice.label,
      replannedChoice: choice(workload.replannedChoice),
      flipped: workload.flipped,
      latency: workload.latency,
    })),
  };
}
