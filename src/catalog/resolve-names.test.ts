/**
 * A typo anywhere in the profile's catalog names is a problem (exit 2, "did you mean"),
 * never a silently different answer: open models, the hosted-open provider, the engine,
 * the GPU, and `--engine`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCliInProcess } from '../../test/cli/run-cli.ts';
import { planDependencies, planUseCase, planWithDefaults } from '../app/plan.ts';
import { formatProblems, type Problem } from '../core/problem.ts';
import { parseProfile } from '../core/workload/parse.ts';
import type { WorkloadProfile } from '../core/workload/schema.ts';
import { catalogAt, mergeCatalog } from './catalog.ts';
import { findTokenPriced } from './catalog.ts';

/** These tests pin the 2025-06-01 catalog snapshot (its numbers do not move with new prices). */
const builtInCatalog = catalogAt('2025-06-01');

const examples = resolve(import.meta.dirname, '../../examples');

function logisticsDocument(edit: (choices: Record<string, unknown>, requirements: Record<string, unknown>) => void) {
  const document = parse(readFileSync(resolve(examples, 'logistics-classification.yaml'), 'utf8'));
  edit(document.workloads[0].choices, document.workloads[0].requirements);
  return document;
}

function profile(
  edit: (choices: Record<string, unknown>, requirements: Record<string, unknown>) => void,
): WorkloadProfile {
  const parsed = parseProfile(logisticsDocument(edit));
  if (!parsed.ok) throw new Error(formatProblems(parsed.problems));
  return parsed.value;
}

function problemsOf(edited: WorkloadProfile, options: { engine?: string } = {}): Problem[] {
  const result = planWithDefaults(edited, options);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
}

describe('unknown names in the profile (planUseCase)', () => {
  it('an unknown open model names its index and the nearest known models', () => {
    const problems = problemsOf(
      profile((_choices, requirements) => {
        requirements.openModels = ['llama-3.1-70b', 'llama-3.1-7b'];
      }),
    );
    expect(problems).toEqual([
      {
        path: 'workloads[0].requirements.openModels[1]',
        value: 'llama-3.1-7b',
        message: "unknown open model 'llama-3.1-7b'; did you mean 'llama-3.1-70b', 'llama-3.1-8b', 'llama-3.3-70b'?",
        code: 'unknown_name',
      },
    ]);
  });

  it('an unknown hosted-open provider, engine and GPU are each a problem on their own field', () => {
    const problems = problemsOf(
      profile((choices) => {
        choices.hostedOpenProvider = 'togther';
        choices.engine = 'vlm';
        choices.gpu = 'h100';
      }),
    );
    expect(problems.map((found) => [found.path, found.value, found.code])).toEqual([
      ['workloads[0].choices.hostedOpenProvider', 'togther', 'unknown_name'],
      ['workloads[0].choices.engine', 'vlm', 'unknown_name'],
      ['workloads[0].choices.gpu', 'h100', 'unknown_name'],
    ]);
    expect(problems[0].message).toBe(
      "unknown hosted-open provider 'togther'; did you mean 'together', 'groq', 'novita'?",
    );
    expect(problems[1].message).toMatch(/^unknown serving engine 'vlm'; did you mean 'vllm'.*or 'auto'/);
    expect(problems[2].message).toMatch(/^unknown GPU 'h100'; did you mean 'h100-sxm', 'h100-pcie'/);
  });

  it('auto, engine aliases and an open model known only through a user catalog are accepted', () => {
    const user = {
      ...findTokenPriced(builtInCatalog, 'together/llama-3.1-70b'),
      id: 'acme/house-model',
      provider: 'acme',
      openModel: 'house-model',
    };
    const catalog = mergeCatalog(builtInCatalog, { tokenPriced: [user] });
    const edited = profile((choices, requirements) => {
      choices.gpu = 'auto';
      choices.engine = 'trtllm';
      choices.hostedOpenProvider = 'acme';
      requirements.openModels = ['house-model', 'llama-3.1-70b'];
    });
    const dependencies = planDependencies({ catalog });
    if (!dependencies.ok) throw new Error(formatProblems(dependencies.problems));
    const result = planUseCase(edited, dependencies.value);
    if (!result.ok) throw new Error(formatProblems(result.problems));
    expect(result.value.workloads[0].name).toBe('document-classification');
  });

  it('an unknown --engine stays a problem on --engine', () => {
    const dependencies = planDependencies({ engine: 'vlm' });
    expect(dependencies.ok).toBe(false);
    if (dependencies.ok) return;
    expect(dependencies.problems[0]).toMatchObject({ path: '--engine', value: 'vlm', code: 'unknown_name' });
  });
});

describe('unknown names through the CLI', () => {
  const directory = mkdtempSync(join(tmpdir(), 'switchyard-names-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('switchyard plan exits 2 and prints the field, the value and the nearest names, no stack trace', async () => {
    const file = join(directory, 'typo.yaml');
    writeFileSync(
      file,
      stringify(
        logisticsDocument((choices, requirements) => {
          requirements.openModels = ['llama-3.1-7b'];
          choices.hostedOpenProvider = 'togther';
        }),
      ),
    );
    const run = await runCliInProcess(['plan', file]);
    expect(run.exitCode).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(
      `workloads[0].requirements.openModels[0]: "llama-3.1-7b" — unknown open model 'llama-3.1-7b'; did you mean 'llama-3.1-70b', 'llama-3.1-8b', 'llama-3.3-70b'?`,
    );
    expect(run.stderr).toContain(
      `workloads[0].choices.hostedOpenProvider: "togther" — unknown hosted-open provider 'togther'`,
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
