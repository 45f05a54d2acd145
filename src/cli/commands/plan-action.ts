/**
 * What `switchyard plan` does (loaded only when it runs): read the profile and catalog
 * files, run the plan use-case, render the report in the chosen format.
 */
import { planDependenciesWithSolver, planUseCase } from '../../app/plan.ts';
import { readFileSync } from 'node:fs';
import { measuredQualityGapSchema } from '../../core/workload/measured.ts';
import type { WorkloadProfile } from '../../core/workload/schema.ts';
import { renderPlanText } from '../../report/plan-text.ts';
import { UserError, valueOrThrow } from '../errors.ts';
import { loadCatalog, pricingDate } from '../load-catalog.ts';
import { loadProfileFile } from '../load-profile.ts';
import { checkFormat, writeOutput } from '../output.ts';
import { planFormats, type PlanFlags } from './plan.ts';
import { uncertaintyRequest } from './plan-uncertainty-flags.ts';

/**
 * What `switchyard drift` needs to compare a plan with the log later: when the plan was
 * made and the profile it was made from. The time is SOURCE_DATE_EPOCH (seconds) when set,
 * so a build can pin it; else now.
 */
function planInput(profile: WorkloadProfile): { generatedAt: string; profile: WorkloadProfile } {
  const pinned = Number(process.env.SOURCE_DATE_EPOCH);
  const generatedAt = new Date(Number.isFinite(pinned) && process.env.SOURCE_DATE_EPOCH ? pinned * 1000 : Date.now());
  return { generatedAt: generatedAt.toISOString(), profile };
}

/** The profile with an eval result's quality gap as each workload's measured.qualityGap (`--eval FILE`). */
function withEvalResult(profile: WorkloadProfile, path: string | undefined): WorkloadProfile {
  if (path === undefined) return profile;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(
      `--eval: cannot read ${path} as JSON (${error instanceof Error ? error.message : String(error)})`,
    );
  }
  const gap = measuredQualityGapSchema.safeParse((parsed as { qualityGap?: unknown } | null)?.qualityGap);
  if ((parsed as { report?: unknown } | null)?.report !== 'switchyard.eval' || !gap.success)
    throw new UserError(`--eval: ${path} is not a switchyard eval result (switchyard eval ... --out ${path})`);
  return {
    ...profile,
    workloads: profile.workloads.map((workload) => ({
      ...workload,
      measured: {
        ...(workload.measured ?? {}),
        qualityGap: { ...gap.data, source: `${gap.data.source ?? 'eval'} (${path})` },
      },
    })),
  };
}

export async function runPlanCommand(profilePath: string, flags: PlanFlags): Promise<void> {
  const format = checkFormat(flags.format, planFormats);
  const profile = withEvalResult(loadProfileFile(profilePath), flags.eval);
  const asOf = pricingDate(flags.asOf, profile.pricesAsOf);
  const dependencies = valueOrThrow(
    await planDependenciesWithSolver({
      catalog: loadCatalog(flags.catalog, asOf),
      engine: flags.engine,
      workloadCount: profile.workloads.length,
    }),
  );
  const uncertainty = uncertaintyRequest(flags, format);
  const report = valueOrThrow(planUseCase(profile, dependencies, uncertainty), profilePath);
  let text: string;
  if (format === 'json') text = JSON.stringify({ ...report, input: planInput(profile) }, null, 2);
  else if (format === 'html') {
    const { renderHtmlReport } = await import('../../report/html/render-html.ts');
    // The printed footer carries the date the report was made (the report model itself has no clock).
    text = renderHtmlReport(report, { generatedOn: new Date().toISOString().slice(0, 10) });
  } else text = renderPlanText(report, format);
  writeOutput(text, flags.out);
}
