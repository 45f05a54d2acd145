/**
 * What `switchyard drift` does (loaded only when it runs): read the plan JSON and the log
 * since the plan was made, run the drift use-case, render it.
 */
import { readFileSync } from 'node:fs';
import { driftUseCase } from '../../app/drift.ts';
import { measureUsage } from '../../app/measure-profile.ts';
import { planDependencies } from '../../app/plan.ts';
import { renderDriftText } from '../../report/drift-report.ts';
import type { PlanReport } from '../../report/plan-report.ts';
import { UserError, valueOrThrow } from '../errors.ts';
import { loadCatalog } from '../load-catalog.ts';
import { checkFormat, writeOutput } from '../output.ts';
import { readUsageSource } from '../read-usage.ts';
import { databaseOfConfig } from './measure-action.ts';
import type { DriftFlags } from './measure.ts';

function readPlan(path: string): { plan: PlanReport; profile: unknown; generatedAt: string | null } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(
      `--plan: cannot read ${path} as JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const record = parsed as {
    report?: unknown;
    workloads?: unknown;
    input?: { generatedAt?: unknown; profile?: unknown };
  };
  if (record?.report !== 'switchyard.plan' || !Array.isArray(record.workloads))
    throw new UserError(`--plan: ${path} is not a plan report (switchyard plan PROFILE --format json)`);
  if (record.input?.profile === undefined)
    throw new UserError(
      `--plan: ${path} has no input.profile; make the plan again with this version (switchyard plan PROFILE --format json --out ${path})`,
    );
  const generatedAt = typeof record.input.generatedAt === 'string' ? record.input.generatedAt : null;
  return { plan: parsed as PlanReport, profile: record.input.profile, generatedAt };
}

/** `--log FILE` picks the source by extension. */
function logFlags(flags: DriftFlags & { log?: string }): DriftFlags {
  if (flags.log === undefined) return flags;
  if (flags.db ?? flags.jsonl ?? flags.csv) throw new UserError('give --log or one of --db/--jsonl/--csv, not both');
  if (flags.log.endsWith('.jsonl')) return { ...flags, jsonl: flags.log };
  if (flags.log.endsWith('.csv')) return { ...flags, csv: flags.log };
  return { ...flags, db: flags.log };
}

export function runDrift(given: DriftFlags & { log?: string }): void {
  const flags = logFlags(given);
  const format = checkFormat(flags.format, ['table', 'json'] as const);
  const { plan, profile, generatedAt } = readPlan(flags.plan);
  const since = flags.since ?? generatedAt ?? undefined;
  if (since === undefined)
    throw new UserError(`--since is required: ${flags.plan} does not say when it was made (input.generatedAt)`);
  const { input, warnings } = readUsageSource({ ...flags, since }, Date.now(), { db: databaseOfConfig(flags.config) });
  const measurement = valueOrThrow(measureUsage(input), input.source.name);
  // Re-plan at the original plan's pricing date, so the drift shows what the traffic changed, not the prices.
  const catalog = loadCatalog(flags.catalog, plan.catalog?.planDate);
  const dependencies = valueOrThrow(planDependencies({ catalog, engine: flags.engine }));
  const report = valueOrThrow(
    driftUseCase({ plan, profile, planGeneratedAt: generatedAt, measurement }, dependencies, catalog),
    flags.plan,
  );
  const withWarnings = { ...report, warnings: [...warnings, ...report.warnings] };
  writeOutput(format === 'json' ? JSON.stringify(withWarnings, null, 2) : renderDriftText(withWarnings), undefined);
}
