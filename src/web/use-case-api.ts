/**
 * The dashboard's simulate, capacity and crossover endpoints: a JSON body in, the same
 * use-case the CLI runs, the report model (or problems with field paths) out. The body
 * shape is checked here with zod; ranges and names are checked by the use-case.
 */
import { z } from 'zod';
import type { PlanDependencies } from '../app/plan.ts';
import { capacityUseCase } from '../app/capacity.ts';
import { crossoverUseCase } from '../app/crossover.ts';
import { simulateUseCase } from '../app/simulate.ts';
import { formatProblems, type Outcome, type Problem } from '../core/problem.ts';
import { problemsFromZod } from '../core/workload/parse.ts';
import { simulationReportJson } from '../report/simulation-report.ts';
import { profileFromObject, profileFromText } from './profile-source.ts';

export type UseCaseResponse = { ok: true; report: unknown } | { ok: false; problems: Problem[]; message: string };

const optionalNumber = z.number().optional();

const simulateBody = z
  .object({
    yaml: z.string().optional(),
    profile: z.unknown().optional(),
    name: z.string().optional(),
    workload: z.string().optional(),
    fleets: z.array(z.string()).min(1),
    months: z.number().default(12),
    seed: z.number().default(1),
    overrides: z
      .object({
        tokensPerHourPerGpu: optionalNumber,
        gpusPerReplica: optionalNumber,
        gpuUsdPerHour: optionalNumber,
        overflowUsdPerMillionTokens: optionalNumber,
      })
      .strict()
      .optional(),
  })
  .strict();

const capacityBody = z
  .object({
    model: z.string(),
    gpu: z.string(),
    engine: z.string().optional(),
    precision: z.string().optional(),
    kvCachePrecision: z.string().optional(),
    gpusPerReplica: optionalNumber,
    inputTokens: z.number(),
    outputTokens: z.number(),
    ttftP95Ms: optionalNumber,
    tpotP95Ms: optionalNumber,
    concurrency: optionalNumber,
    usdPerGpuHour: optionalNumber,
    utilization: optionalNumber,
  })
  .strict();

const crossoverBody = z
  .object({
    apiUsdPerMillionTokens: z.number(),
    gpuUsdPerHour: z.number(),
    tokensPerHourPerGpu: z.number(),
    gpus: optionalNumber,
    redundancyGpus: optionalNumber,
    fixedUsdPerMonth: optionalNumber,
    maxAverageUtilization: optionalNumber,
  })
  .strict();

function respond<T>(outcome: Outcome<T>, toJson: (value: T) => unknown = (value) => value): UseCaseResponse {
  if (outcome.ok) return { ok: true, report: toJson(outcome.value) };
  return { ok: false, problems: outcome.problems, message: formatProblems(outcome.problems) };
}

function invalidBody(error: z.ZodError, body: unknown): UseCaseResponse {
  const problems = problemsFromZod(error, body);
  return { ok: false, problems, message: formatProblems(problems) };
}

/** POST /api/simulate: `{ yaml | profile, fleets: ['fixed:6', ...], months?, seed?, workload?, overrides? }`. */
export function simulateRequest(body: unknown, dependencies: PlanDependencies): UseCaseResponse {
  const parsed = simulateBody.safeParse(body);
  if (!parsed.success) return invalidBody(parsed.error, body);
  const { yaml, profile, name = 'profile', fleets, months, seed, workload, overrides } = parsed.data;
  if (yaml === undefined && profile === undefined) {
    const problems: Problem[] = [
      {
        path: '(root)',
        value: undefined,
        message: 'send "yaml" (profile text) or "profile" (an object)',
        code: 'invalid_value',
      },
    ];
    return { ok: false, problems, message: formatProblems(problems) };
  }
  const source = yaml !== undefined ? profileFromText(yaml, name) : profileFromObject(profile, name);
  if (!source.ok) return { ok: false, problems: source.problems, message: source.message };
  return respond(
    simulateUseCase({ profile: source.profile, fleets, months, seed, workload, overrides }, dependencies),
    simulationReportJson,
  );
}

/** POST /api/capacity: the capacity command's inputs as JSON (`model`, `gpu`, `inputTokens`, `outputTokens`, ...). */
export function capacityRequest(body: unknown): UseCaseResponse {
  const parsed = capacityBody.safeParse(body);
  if (!parsed.success) return invalidBody(parsed.error, body);
  return respond(capacityUseCase(parsed.data));
}

/** POST /api/crossover: the crossover command's inputs as JSON (`apiUsdPerMillionTokens`, `gpuUsdPerHour`, ...). */
export function crossoverRequest(body: unknown): UseCaseResponse {
  const parsed = crossoverBody.safeParse(body);
  if (!parsed.success) return invalidBody(parsed.error, body);
  return respond(crossoverUseCase(parsed.data));
}
