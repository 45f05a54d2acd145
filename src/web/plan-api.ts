/**
 * The dashboard's plan endpoint logic: a profile (YAML text or a form's object) in, the
 * report model out, or problems with field paths and the CLI's messages.
 */
import { readFileSync } from 'node:fs';
import { formatProblems, type ValidationProblem } from '../core/workload/parse.ts';
import type { PlanReport } from '../report/plan-report.ts';
import { planUseCase, type PlanDependencies } from '../app/plan.ts';
import { profileWarnings, type ProfileWarning } from '../app/profile-warnings.ts';
import type { UncertaintyRequest } from '../app/plan-uncertainty.ts';
import { profileFromObject, profileFromText } from './profile-source.ts';

export interface PlanRequestBody {
  /** Profile as YAML (or JSON) text, e.g. an uploaded file. */
  yaml?: string;
  /** Profile as an object, e.g. the form's values. */
  profile?: unknown;
  /** Name used in messages (a file name); `profile` by default. */
  name?: string;
}

export type PlanResponse =
  /** `warnings`: plausibility warnings with field paths (probable typos; the plan still runs). */
  | { ok: true; report: PlanReport; input: unknown; warnings: ProfileWarning[] }
  | { ok: false; problems: ValidationProblem[]; message: string; input: unknown };

/**
 * The dashboard runs the Monte Carlo when the profile has ranges (issue 14), with fewer
 * draws than the CLI's 2,000: it re-plans on every edit. Same seed, so the same profile
 * shows the same numbers.
 */
export const dashboardUncertainty: UncertaintyRequest = { when: 'when-ranged', draws: 500 };

/** Validates and plans; never throws for bad input. */
export function planRequest(body: PlanRequestBody, dependencies: PlanDependencies): PlanResponse {
  const name = typeof body?.name === 'string' && body.name !== '' ? body.name : 'profile';
  if (body === null || typeof body !== 'object' || (typeof body.yaml !== 'string' && body.profile === undefined)) {
    const problems: ValidationProblem[] = [
      {
        path: '(root)',
        value: undefined,
        message: 'send { "yaml": "<profile text>" } or { "profile": { ... } }',
        code: 'invalid_value',
      },
    ];
    return { ok: false, problems, message: formatProblems(problems), input: undefined };
  }
  const source =
    typeof body.yaml === 'string' ? profileFromText(body.yaml, name) : profileFromObject(body.profile, name);
  if (!source.ok) return source;
  const planned = planUseCase(source.profile, dependencies, dashboardUncertainty);
  if (!planned.ok)
    return {
      ok: false,
      problems: planned.problems,
      message: `${name}: ${planned.problems.length} problem(s):\n${formatProblems(planned.problems)}`,
      input: source.input,
    };
  return { ok: true, report: planned.value, input: source.input, warnings: profileWarnings(source.profile) };
}

export interface InitialProfile {
  /** File name or `built-in example`. */
  name: string;
  source: 'file' | 'example';
  text: string;
  /** Set when the file could not be read or parsed; the example is shown instead. */
  error: string | null;
}

/**
 * The profile the page opens with: the --profile file, or the built-in example (its text
 * is passed in by the CLI, which owns it) when there is none or it is unreadable.
 */
export function initialProfile(path: string | undefined, exampleText: string): InitialProfile {
  const example: InitialProfile = { name: 'built-in example', source: 'example', text: exampleText, error: null };
  if (!path) return example;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      ...example,
      error:
        code === 'ENOENT'
          ? `${path}: no such file (create one with: switchyard init ${path}). Showing the built-in example instead.`
          : `${path}: cannot read: ${(error as Error).message}. Showing the built-in example instead.`,
    };
  }
  const parsed = profileFromText(text, path);
  if (!parsed.ok && parsed.input === undefined)
    return { ...example, error: `${parsed.message}\nShowing the built-in example instead; fix the file and reload.` };
  return { name: path, source: 'file', text, error: null };
}
