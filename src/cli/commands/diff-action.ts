/**
 * What `switchyard diff` does (loaded only when it runs): read both files (a profile, or a
 * plan JSON report when the file is JSON with `report: "switchyard.plan"`), run the diff
 * use-case, render the diff in the chosen format.
 */
import { readUserFile } from '../read-user-file.ts';
import { diffUseCase, looksLikePlanReport, type DiffSide } from '../../app/diff.ts';
import { planDependencies } from '../../app/plan.ts';
import { renderPlanDiffText } from '../../report/plan-diff-text.ts';
import { valueOrThrow } from '../errors.ts';
import { loadCatalog } from '../load-catalog.ts';
import { parseProfileText } from '../load-profile.ts';
import { checkFormat, writeOutput } from '../output.ts';
import { diffFormats, type DiffFlags } from './diff.ts';

function readSide(path: string): DiffSide {
  const text = readUserFile(path);
  if (/^\s*\{/.test(text)) {
    try {
      const json: unknown = JSON.parse(text);
      if (looksLikePlanReport(json)) return { name: path, reportJson: json };
    } catch {
      // Not JSON after all: read it as a profile (YAML is a superset), which reports the syntax error.
    }
  }
  return { name: path, profile: parseProfileText(text, path) };
}

export async function runDiffCommand(beforePath: string, afterPath: string, flags: DiffFlags): Promise<void> {
  const format = checkFormat(flags.format, diffFormats);
  const before = readSide(beforePath);
  const after = readSide(afterPath);
  const dependencies = valueOrThrow(planDependencies({ catalog: loadCatalog(flags.catalog), engine: flags.engine }));
  const diff = valueOrThrow(diffUseCase(before, after, dependencies), `${beforePath} vs ${afterPath}`);
  let text: string;
  if (format === 'json') text = JSON.stringify(diff, null, 2);
  else if (format === 'html') {
    const { renderPlanDiffHtml } = await import('../../report/html/render-diff-html.ts');
    text = renderPlanDiffHtml(diff);
  } else text = renderPlanDiffText(diff, format);
  writeOutput(text, flags.out);
}
