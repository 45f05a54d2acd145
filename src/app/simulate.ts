/**
 * The simulate use-case: a workload's traffic (generated from the profile, or a recorded
 * trace) run minute by minute against fleet policies. Plain input (a validated profile,
 * fleet spec texts, numbers, parsed trace records) plus the catalog and the throughput
 * estimator in; the simulation report model or problems out. No fs, no process: the CLI
 * and the dashboard read files and render.
 *
 * Defaults are resolved here and each assumed one is written as a note: throughput
 * (override, else `choices.tokensPerHourPerGpu`, else the capacity model, else 2M/h), the
 * GPU price (override, else the catalog, else $4/h), the overflow price (override, else
 * the profile's API model at its cache-aware effective price for the workload's mix).
 * Problems name the CLI flag they come from (`--months`, `--fleet`, ...).
 */
import { lookupTokenPriced, type Catalog } from '../catalog/catalog.ts';
import { resolvePlanInputs, type ThroughputEstimator } from '../catalog/resolve.ts';
import { effectiveUsdPerMillionTokens } from '../core/cost/token-priced.ts';
import type { ResolvedFleet } from '../core/decide/types.ts';
import { fail, problem, succeed, type Outcome, type Problem } from '../core/problem.ts';
import { closestNames } from '../core/text/suggest.ts';
import {
  generateDemand,
  horizonMinutes,
  MAX_SIMULATION_MONTHS,
  MINUTES_PER_MONTH,
  summarizeDemand,
} from '../core/traffic/demand.ts';
import { FleetSpecError, largestGpus, parseFleetSpec, type FleetPolicy } from '../core/traffic/fleet-spec.ts';
import { QUEUEING_DEFAULTS, simulateFleets } from '../core/traffic/simulate.ts';
import { demandFromTrace, type TraceRecord } from '../core/traffic/trace.ts';
import type { Workload, WorkloadProfile } from '../core/workload/schema.ts';
import type { SimulationReport } from '../report/simulation-report.ts';
import { DEFAULT_GPU_USD_PER_HOUR, DEFAULT_TOKENS_PER_HOUR_PER_GPU } from './simulate-defaults.ts';

export { DEFAULT_GPU_USD_PER_HOUR, DEFAULT_TOKENS_PER_HOUR_PER_GPU } from './simulate-defaults.ts';

/** Values that replace what the profile and the catalog say. */
export interface SimulateOverrides {
  /** Input + output tokens one GPU serves per hour at full load (`--tokens-per-hour-per-gpu`). */
  tokensPerHourPerGpu?: number;
  /** GPUs per model replica (`--gpus-per-replica`). */
  gpusPerReplica?: number;
  /** On-demand GPU price (`--usd-per-gpu-hour`). */
  gpuUsdPerHour?: number;
  /** Price of 1M tokens overflowed to the API (`--overflow-usd-per-mtok`). */
  overflowUsdPerMillionTokens?: number;
}

export interface SimulateInput {
  profile: WorkloadProfile;
  /** Which workload of the profile; default the first. */
  workload?: string;
  /** Fleet policy specs, e.g. `fixed:6`, `autoscale:2-10,delay=5`, `spot:4`. At least one. */
  fleets: ReadonlyArray<string>;
  /** Horizon in 30-day months (43,200 minutes each), above 0 and at most 120. */
  months: number;
  /** Random seed, a whole number 0 or more: the same seed gives the same report. */
  seed: number;
  /** A recorded trace to replay instead of the profile's traffic; `name` is shown in the report. */
  trace?: { records: ReadonlyArray<TraceRecord>; name: string };
  overrides?: SimulateOverrides;
}

export interface SimulateDependencies {
  catalog: Catalog;
  /** GPU throughput for a model on a GPU with an engine (the capacity model in production). */
  estimator: ThroughputEstimator;
  /** Engine for workloads that do not set `choices.engine` (the dashboard's `--engine`; default vllm). */
  defaultEngine?: string;
}

/** A value and, when it was assumed rather than given, a note that says so. */
interface Resolved {
  value: number;
  note?: string;
}

const formatWhole = (value: number) => Math.round(value).toLocaleString('en-US');

/** Range checks of the numbers in the input (the CLI has already parsed the flag texts). */
function numberProblems(input: SimulateInput): Problem[] {
  const problems: Problem[] = [];
  const overrides = input.overrides ?? {};
  const positive = (path: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isFinite(value) && value > 0))
      problems.push(problem(path, value, 'must be a number greater than 0'));
  };
  const nonNegative = (path: string, value: number | undefined) => {
    if (value !== undefined && !(Number.isFinite(value) && value >= 0))
      problems.push(problem(path, value, 'must be a number, 0 or more'));
  };
  const whole = (path: string, value: number | undefined, minimum: number) => {
    if (value !== undefined && !(Number.isInteger(value) && value >= minimum))
      problems.push(problem(path, value, `must be a whole number, ${minimum} or more`));
  };
  positive('--months', input.months);
  if (input.months > MAX_SIMULATION_MONTHS)
    problems.push(problem('--months', input.months, `must be at most ${MAX_SIMULATION_MONTHS}`));
  whole('--seed', input.seed, 0);
  positive('--tokens-per-hour-per-gpu', overrides.tokensPerHourPerGpu);
  whole('--gpus-per-replica', overrides.gpusPerReplica, 1);
  nonNegative('--usd-per-gpu-hour', overrides.gpuUsdPerHour);
  nonNegative('--overflow-usd-per-mtok', overrides.overflowUsdPerMillionTokens);
  if (input.trace && input.trace.records.length === 0)
    problems.push(problem('--trace', input.trace.name, 'the trace has no requests'));
  return problems;
}

/** Parses every fleet spec; a bad spec is a problem on `--fleet` with its text as the value. */
function parseFleets(specs: ReadonlyArray<string>): Outcome<FleetPolicy[]> {
  if (specs.length === 0)
    return fail(
      problem(
        '--fleet',
        undefined,
        'is required: give one or more, e.g. --fleet fixed:6 --fleet autoscale:2-10 --fleet spot:4',
      ),
    );
  const policies: FleetPolicy[] = [];
  const problems: Problem[] = [];
  for (const spec of specs) {
    try {
      policies.push(parseFleetSpec(spec));
    } catch (error) {
      if (!(error instanceof FleetSpecError)) throw error;
      const prefix = `fleet '${spec.trim()}': `;
      const message = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
      problems.push(problem('--fleet', spec, message, 'syntax_error'));
    }
  }
  return problems.length > 0 ? fail(...problems) : succeed(policies);
}

/** The workload to simulate and its index in the profile (for problem paths). */
function pickWorkload(
  profile: WorkloadProfile,
  name: string | undefined,
  notes: string[],
): Outcome<{ workload: Workload; index: number }> {
  if (name === undefined) {
    if (profile.workloads.length > 1)
      notes.push(
        `profile has ${profile.workloads.length} workloads; simulating the first, '${profile.workloads[0].name}' (choose with --workload)`,
      );
    return succeed({ workload: profile.workloads[0], index: 0 });
  }
  const index = profile.workloads.findIndex((workload) => workload.name === name);
  if (index >= 0) return succeed({ workload: profile.workloads[index], index });
  const names = profile.workloads.map((workload) => workload.name);
  const suggestions = closestNames(name, names, 1);
  return fail(
    problem(
      '--workload',
      name,
      `no workload named '${name}'${suggestions.length > 0 ? ` (did you mean '${suggestions[0]}'?)` : ''}; the profile has: ${names.join(', ')}`,
      'unknown_name',
    ),
  );
}

/**
 * The fleet `plan` prefers for the workload (the profile's own choices, priced on demand
 * unless `choices.gpuPricing` names a tier; not the cheapest one the plan's search finds),
 * or why none fits.
 */
function plannedFleet(
  profile: WorkloadProfile,
  workload: Workload,
  index: number,
  dependencies: SimulateDependencies,
): { fleet?: ResolvedFleet; problems: Problem[] } {
  const resolved = resolvePlanInputs(
    { ...profile, workloads: [workload] },
    dependencies.catalog,
    dependencies.estimator,
    {
      defaultEngine: dependencies.defaultEngine,
    },
  );
  if (!resolved.ok)
    return {
      problems: resolved.problems.map((found) => ({
        ...found,
        path: found.path.replace(/^workloads\[0\]/, `workloads[${index}]`),
      })),
    };
  const [first] = resolved.inputs.workloads;
  if (first.fleet) return { fleet: first.fleet, problems: [] };
  return {
    problems: [
      problem(
        `workloads[${index}].choices.gpu`,
        workload.choices.gpu,
        `the workload's model cannot be served on its GPU, so there is no throughput to simulate: ${first.fleetProblem ?? 'no fleet could be sized'} (change choices.gpu / requirements.openModels, or give --tokens-per-hour-per-gpu)`,
        'not_servable',
      ),
    ],
  };
}

/**
 * Tokens/hour per GPU: the override, else the profile's `choices.tokensPerHourPerGpu`,
 * else the capacity model's estimate for the planned fleet, else a labelled default.
 * @example resolveTokensPerHourPerGpu(undefined, workload, undefined) // { value: 2_000_000, note: 'tokens/hour per GPU not given ...' }
 */
export function resolveTokensPerHourPerGpu(
  override: number | undefined,
  workload: Workload,
  fleet?: ResolvedFleet,
): Resolved {
  if (override !== undefined) return { value: override };
  if (workload.choices.tokensPerHourPerGpu !== undefined) return { value: workload.choices.tokensPerHourPerGpu };
  if (fleet)
    return {
      value: fleet.tokensPerHourPerGpu,
      note: `tokens/hour per GPU: ${formatWhole(fleet.tokensPerHourPerGpu)} for ${fleet.openModelId} on ${fleet.gpuId} from the ${fleet.throughputSource}`,
    };
  return {
    value: DEFAULT_TOKENS_PER_HOUR_PER_GPU,
    note: `tokens/hour per GPU not given (--tokens-per-hour-per-gpu or choices.tokensPerHourPerGpu): using a default of ${DEFAULT_TOKENS_PER_HOUR_PER_GPU.toLocaleString('en-US')}; check it with \`switchyard capacity\``,
  };
}

/**
 * GPU on-demand price: the override, else the planned fleet's catalog price, else a labelled default.
 * @example resolveGpuUsdPerHour(undefined, undefined) // { value: 4, note: 'GPU price not given ...' }
 */
export function resolveGpuUsdPerHour(override: number | undefined, fleet?: ResolvedFleet): Resolved {
  if (override !== undefined) return { value: override };
  if (fleet)
    return {
      value: fleet.usdPerGpuHour,
      note: `GPU price: $${fleet.usdPerGpuHour.toFixed(2)}/GPU-hour, ${fleet.priceSource.name}`,
    };
  return {
    value: DEFAULT_GPU_USD_PER_HOUR,
    note: `GPU price not given (--usd-per-gpu-hour): using a default of $${DEFAULT_GPU_USD_PER_HOUR}/GPU-hour`,
  };
}

/**
 * Overflow price per 1M tokens: the override, else the profile's API model from the
 * catalog at its effective price for the workload's mix, cached input included (the
 * same token price the plan uses); undefined when the catalog has no price.
 * @example
 * // 1,500 in (80% cached) + 500 out at gpt-4.1 ($2 / $0.50 cached / $8):
 * // (300 x 2 + 1200 x 0.5 + 500 x 8) / 2000 = $2.60 per 1M tokens (blending 3:1 without the cache would say $3.50)
 * resolveOverflowUsdPerMillionTokens(undefined, workload, catalog)?.value === 2.6
 */
export function resolveOverflowUsdPerMillionTokens(
  override: number | undefined,
  workload: Workload,
  catalog: Catalog,
): Resolved | undefined {
  if (override !== undefined) return { value: override };
  const model = lookupTokenPriced(catalog, workload.choices.apiModel);
  if (!model) return undefined;
  const { tokens } = workload;
  const inputPerOutput = tokens.inputPerRequest / tokens.outputPerRequest;
  const value = effectiveUsdPerMillionTokens(tokens, model);
  const cached =
    tokens.cachedInputShare > 0
      ? {
          rate: `, $${model.usdPerMillionCachedInputTokens}/M cached input`,
          share: ` with ${formatShare(tokens.cachedInputShare)} of input cached`,
        }
      : { rate: '', share: '' };
  return {
    value,
    note: `overflow priced at ${model.id} ($${model.usdPerMillionInputTokens}/M input${cached.rate}, $${model.usdPerMillionOutputTokens}/M output; ${model.source}, ${model.asOf}) blended ${inputPerOutput.toFixed(2)}:1${cached.share} = $${value.toFixed(2)} per 1M tokens; set --overflow-usd-per-mtok to change`,
  };
}

/** @example formatShare(0.8) === '80%'; formatShare(0.125) === '12.5%' */
function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

/**
 * A fleet that cannot hold one replica of the model is an error, not a rounding: with
 * 4 GPUs per replica, `fixed:2` serves nothing. (0 GPUs is allowed: all traffic overflows.)
 */
function replicaProblems(policies: FleetPolicy[], gpusPerReplica: number, modelText: string): Problem[] {
  return policies.flatMap((policy) => {
    const largest = largestGpus(policy);
    if (largest <= 0 || largest >= gpusPerReplica) return [];
    return [
      problem(
        '--fleet',
        policy.spec,
        `${largest} GPU(s) cannot hold one replica; ${modelText} needs ${gpusPerReplica} GPUs per replica (use ${policy.kind}:${gpusPerReplica} or more, or 0 to send everything to the API)`,
        'not_servable',
      ),
    ];
  });
}

/** The demand series: the trace repeated over the horizon, or generated from the profile. */
function demandFor(
  input: SimulateInput,
  workload: Workload,
  minutes: number,
  notes: string[],
): { demand: Float64Array; startMinuteOfWeek: number; source: string } {
  if (!input.trace)
    return {
      demand: generateDemand({ workload, months: input.months, seed: input.seed }),
      startMinuteOfWeek: 0,
      source: 'profile',
    };
  const growth = workload.traffic.monthlyGrowthRate;
  const trace = demandFromTrace({ records: input.trace.records, minutes, monthlyGrowthRate: growth });
  notes.push(
    `trace: ${formatWhole(trace.traceTokens)} tokens over ${trace.traceMinutes} minutes, repeated over the horizon` +
      (growth !== 0 ? ` and grown ${growth * 100}% a month (traffic.monthlyGrowthRate)` : '') +
      '; the profile volume is not used; hours of the week are UTC',
  );
  return {
    demand: trace.demandTokensPerMinute,
    startMinuteOfWeek: trace.startMinuteOfWeek,
    source: `trace ${input.trace.name}`,
  };
}

/**
 * Simulates the workload against each fleet policy.
 * @example
 * // 10,000 requests/day x (1,500 + 500) tokens = 600M tokens in a 30-day month; `fixed:0`
 * // sends them all to gpt-4.1 at $3.50 per 1M (no cached input): total $2,100, as `plan`'s API option.
 * simulateUseCase({ profile, fleets: ['fixed:0'], months: 1, seed: 1 }, dependencies).value.fleets[0].totalCostUsd // 2100
 */
export function simulateUseCase(input: SimulateInput, dependencies: SimulateDependencies): Outcome<SimulationReport> {
  const notes: string[] = [];
  const fleets = parseFleets(input.fleets);
  const picked = pickWorkload(input.profile, input.workload, notes);
  const inputProblems = [
    ...(fleets.ok ? [] : fleets.problems),
    ...numberProblems(input),
    ...(picked.ok ? [] : picked.problems),
  ];
  if (!fleets.ok || !picked.ok || inputProblems.length > 0) return fail(...inputProblems);
  const { workload, index } = picked.value;
  const overrides = input.overrides ?? {};

  const planned = plannedFleet(input.profile, workload, index, dependencies);
  const fleet = planned.fleet;
  const throughputGiven =
    overrides.tokensPerHourPerGpu !== undefined || workload.choices.tokensPerHourPerGpu !== undefined;
  if (!fleet && !throughputGiven) return fail(...planned.problems);
  const tokensPerHourPerGpu = resolveTokensPerHourPerGpu(overrides.tokensPerHourPerGpu, workload, fleet);
  const gpuUsdPerHour = resolveGpuUsdPerHour(overrides.gpuUsdPerHour, fleet);
  const overflow = resolveOverflowUsdPerMillionTokens(
    overrides.overflowUsdPerMillionTokens,
    workload,
    dependencies.catalog,
  );
  const gpusPerReplica = overrides.gpusPerReplica ?? workload.choices.gpusPerReplica ?? fleet?.gpusPerReplica ?? 1;
  if (overrides.gpusPerReplica === undefined && workload.choices.gpusPerReplica === undefined && !fleet)
    notes.push('GPUs per replica not given (--gpus-per-replica or choices.gpusPerReplica): assuming 1');
  const tooSmall = replicaProblems(
    fleets.value,
    gpusPerReplica,
    fleet ? `${fleet.openModelId} (${fleet.precision}) on ${fleet.gpuId}` : 'the model',
  );
  if (tooSmall.length > 0) return fail(...tooSmall);
  for (const resolved of [tokensPerHourPerGpu, gpuUsdPerHour, overflow]) if (resolved?.note) notes.push(resolved.note);
  if (!overflow)
    notes.push(
      `API model '${workload.choices.apiModel}' has no price in the catalog: overflow tokens are counted but not priced (set --overflow-usd-per-mtok or --catalog)`,
    );

  const minutes = horizonMinutes(input.months);
  const { demand, startMinuteOfWeek, source } = demandFor(input, workload, minutes, notes);
  const percentile = workload.latency.percentile === 'p99' ? 0.99 : 0.95;
  const results = simulateFleets({
    demandTokensPerMinute: demand,
    startMinuteOfWeek,
    tokensPerHourPerGpu: tokensPerHourPerGpu.value,
    gpusPerReplica,
    gpuUsdPerHour: gpuUsdPerHour.value,
    overflowUsdPerMillionTokens: overflow?.value,
    policies: fleets.value,
    seed: input.seed,
    queueing: { percentile },
  });
  return succeed({
    workload: workload.name,
    demandSource: source,
    months: input.months,
    minutes,
    seed: input.seed,
    startMinuteOfWeek,
    firstMonth: summarizeDemand(demand.subarray(0, Math.min(demand.length, MINUTES_PER_MONTH)), startMinuteOfWeek),
    horizon: summarizeDemand(demand, startMinuteOfWeek),
    profilePeakToMeanRatio: input.trace === undefined ? workload.traffic.peakToMeanRatio : undefined,
    assumptions: {
      tokensPerHourPerGpu: tokensPerHourPerGpu.value,
      gpusPerReplica,
      gpuUsdPerHour: gpuUsdPerHour.value,
      overflowUsdPerMillionTokens: overflow?.value,
      sloPercentile: percentile,
      sequencesPerReplica: QUEUEING_DEFAULTS.sequencesPerReplica,
      allowedWaitShare: QUEUEING_DEFAULTS.allowedWaitShare,
    },
    notes,
    fleets: results,
  });
}
