/**
 * The crossover use-case: the monthly token volume where self-hosting beats an API, the
 * naive formula and the honest one (core/decide/crossover.ts). Numbers in; the report
 * model (the crossover result) or problems naming the CLI flags out. The fixed monthly
 * cost defaults to the seeds' staffing shares of a default organization.
 */
import { fixedOperatingUsdPerMonth } from '../core/cost/self-hosted.ts';
import { crossover } from '../core/decide/crossover.ts';
import { fail, problem, succeed, type Outcome, type Problem } from '../core/problem.ts';
import { organizationSchema } from '../core/workload/schema.ts';
import { crossoverPricing, crossoverReport, type CrossoverReport } from '../report/crossover-report.ts';

export interface CrossoverUseCaseInput {
  /** API price per 1M tokens, input and output blended (`--api-usd-per-mtok`). */
  apiUsdPerMillionTokens: number;
  /** Price of one GPU per hour (`--gpu-usd-per-hour`). */
  gpuUsdPerHour: number;
  /** Tokens (input + output) one GPU serves per hour at full load (`--tokens-per-hour-per-gpu`). */
  tokensPerHourPerGpu: number;
  /** Minimum cluster size, whole GPUs (`--gpus`); default 1. */
  gpus?: number;
  /** Spare GPUs for failover (`--redundancy-gpus`); default 1 (N+1). */
  redundancyGpus?: number;
  /** Fixed monthly costs (`--fixed-usd-per-month`); default the seeds' staffing shares. */
  fixedUsdPerMonth?: number;
  /** Average usable share of GPU throughput, (0, 1] (`--max-utilization`); default 1. */
  maxAverageUtilization?: number;
  /** The day it is run (ISO; the CLI's clock): the report then says how old its default costs are. */
  today?: string;
}

/**
 * The seeds' default fixed costs of a self-hosted fleet: staffing shares, on-call, evals,
 * observability, storage.
 * @example defaultFixedUsdPerMonth() === 21_600 // (0.5 + 0.75) x $15,000 + $2,000 + $500 + $300 + $50
 */
export function defaultFixedUsdPerMonth(): number {
  const organization = organizationSchema.parse({});
  return fixedOperatingUsdPerMonth({
    engineerLoadedCostUsdPerYear: organization.engineerLoadedCostUsdPerYear,
    staffing: organization.staffing,
  });
}

function inputProblems(input: CrossoverUseCaseInput): Problem[] {
  const problems: Problem[] = [];
  const check = (flag: string, value: number | undefined, allowed: (value: number) => boolean, message: string) => {
    if (value !== undefined && !(Number.isFinite(value) && allowed(value)))
      problems.push(problem(flag, value, message));
  };
  const aboveZero = (value: number) => value > 0;
  check('--api-usd-per-mtok', input.apiUsdPerMillionTokens, aboveZero, 'must be a number greater than 0');
  check('--gpu-usd-per-hour', input.gpuUsdPerHour, aboveZero, 'must be a number greater than 0');
  check('--tokens-per-hour-per-gpu', input.tokensPerHourPerGpu, aboveZero, 'must be a number greater than 0');
  check('--gpus', input.gpus, (value) => Number.isInteger(value) && value >= 1, 'must be a whole number, 1 or more');
  check('--redundancy-gpus', input.redundancyGpus, (value) => value >= 0, 'must be a number, 0 or more');
  check('--fixed-usd-per-month', input.fixedUsdPerMonth, (value) => value >= 0, 'must be a number, 0 or more');
  check(
    '--max-utilization',
    input.maxAverageUtilization,
    (value) => value > 0 && value <= 1,
    'must be between 0 and 1',
  );
  return problems;
}

/**
 * @example
 * // The seeds' A10G case: API $0.30/M, $2.50/GPU-hour, 4M tokens/hour, 1 GPU: a busy GPU costs
 * // $0.625 per 1M tokens, more than the API, so there is no crossover (the naive formula says 6B tokens/month).
 * crossoverUseCase({ apiUsdPerMillionTokens: 0.3, gpuUsdPerHour: 2.5, tokensPerHourPerGpu: 4e6 }).value.crossoverMonthlyTokens === null
 */
export function crossoverUseCase(input: CrossoverUseCaseInput): Outcome<CrossoverReport> {
  const problems = inputProblems(input);
  if (problems.length > 0) return fail(...problems);
  return succeed(
    crossoverReport(
      crossover({
        apiUsdPerMillionTokens: input.apiUsdPerMillionTokens,
        gpuUsdPerHour: input.gpuUsdPerHour,
        tokensPerHourPerGpu: input.tokensPerHourPerGpu,
        gpus: input.gpus ?? 1,
        redundancyGpus: input.redundancyGpus ?? 1,
        fixedUsdPerMonth: input.fixedUsdPerMonth ?? defaultFixedUsdPerMonth(),
        maxAverageUtilization: input.maxAverageUtilization ?? 1,
      }),
      input.today !== undefined ? crossoverPricing(input.today, input.fixedUsdPerMonth === undefined) : undefined,
    ),
  );
}
