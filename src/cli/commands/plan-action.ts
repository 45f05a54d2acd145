/**
 * What `switchyard plan` does (loaded only when it runs): read the profile and catalog
 * files, run the plan use-case, render the report in the chosen format.
 */
import { planDependenciesWithSolver, planUseCase } from '../../app/plan.ts';
import { renderPlanText } from '../../report/plan-text.ts';
import { valueOrThrow } from '../errors.ts';
import { loadCatalog } from '../load-catalog.ts';
import { loadProfileFile } from '../load-profile.ts';
import { checkFormat, writeOutput } from '../output.ts';
import { planFormats, type PlanFlags } from './plan.ts';
import { uncertaintyRequest } from './plan-uncertainty-flags.ts';

export async function runPlanCommand(profilePath: string, flags: PlanFlags): Promise<void> {
  const format = checkFormat(flags.format, planFormats);
  const profile = loadProfileFile(profilePath);
  const dependencies = valueOrThrow(
    await planDependenciesWithSolver({ catalog: loadCatalog(flags.catalog), engine: flags.engine }),
  );
  const uncertainty = uncertaintyRequest(flags, format);
  const report = valueOrThrow(planUseCase(profile, dependencies, uncertainty), profilePath);
  let text: string;
  if (format === 'json') text = JSON.stringify(report, null, 2);
  else if (format === 'html') {
    const { renderHtmlReport } = await import('../../report/html/render-html.ts');
    text = renderHtmlReport(report);
  } else text = renderPlanText(report, format);
  writeOutput(text, flags.out);
}
