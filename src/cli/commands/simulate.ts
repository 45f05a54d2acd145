/**
 * `switchyard simulate PROFILE --fleet SPEC ...`: runs the workload's traffic (generated
 * from the profile, or a recorded trace) minute by minute against fleet policies.
 * Composition only: flags -> inputs -> core/traffic -> report.
 */
import type { Command } from 'commander';
import { blendedUsdPerMillionTokens, lookupTokenPriced, type Catalog } from '../../catalog/catalog.ts';
import { closestNames } from '../../core/text/suggest.ts';
import {
  generateDemand,
  horizonMinutes,
  MAX_SIMULATION_MONTHS,
  MINUTES_PER_MONTH,
  summarizeDemand,
} from '../../core/traffic/demand.ts';
import { FleetSpecError, parseFleetSpec, type FleetPolicy } from '../../core/traffic/fleet-spec.ts';
import { QUEUEING_DEFAULTS, simulateFleets } from '../../core/traffic/simulate.ts';
import { demandFromTrace } from '../../core/traffic/trace.ts';
import type { Workload, WorkloadProfile } from '../../core/workload/schema.ts';
import {
  renderSimulationMarkdown,
  renderSimulationTable,
  simulationReportJson,
  type SimulationReport,
} from '../../report/simulation-report.ts';
import { UserError } from '../errors.ts';
import { resolvePlanInputs } from '../../catalog/resolve.ts';
import { capacityThroughputEstimator } from '../../catalog/throughput.ts';
import type { ResolvedFleet } from '../../core/decide/types.ts';
import { loadCatalog } from '../load-catalog.ts';
import { loadProfileFile } from '../load-profile.ts';
import { loadTraceFile } from '../load-trace.ts';
import { checkFormat, nonNegativeNumber, positiveNumber, writeOutput } from '../output.ts';

const simulateFormats = ['table', 'json', 'markdown'] as const;

/** Used when no throughput is given and the capacity model cannot size the workload's model on its GPU. */
export const DEFAULT_TOKENS_PER_HOUR_PER_GPU = 2_000_000;
/** Used when --usd-per-gpu-hour is not given and the catalog has no price for the workload's GPU. */
export const DEFAULT_GPU_USD_PER_HOUR = 4;

/** The fleet `plan` would size for the workload (capacity model + catalog price), or why none fits. */
function plannedFleet(
  profile: WorkloadProfile,
  workload: Workload,
  catalog: Catalog,
): { fleet?: ResolvedFleet; problem?: string } {
  const resolved = resolvePlanInputs({ ...profile, workloads: [workload] }, catalog, capacityThroughputEstimator());
  if (!resolved.ok)
    return { problem: resolved.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ') };
  const [first] = resolved.inputs.workloads;
  return { fleet: first.fleet, problem: first.fleetProblem };
}

/**
 * A fleet that cannot hold one replica of the model is an error, not a rounding: with
 * 4 GPUs per replica, `fixed:2` serves nothing. (0 GPUs is allowed: all traffic overflows.)
 */
function checkFleetsHoldAReplica(policies: FleetPolicy[], gpusPerReplica: number, modelText: string): void {
  for (const policy of policies) {
    const largest = policy.kind === 'autoscale' ? policy.maxGpus : policy.gpus;
    if (largest > 0 && largest < gpusPerReplica) {
      throw new UserError(
        `--fleet ${policy.spec}: ${largest} GPU(s) cannot hold one replica; ${modelText} needs ${gpusPerReplica} GPUs per replica (use ${policy.kind}:${gpusPerReplica} or more, or 0 to send everything to the API)`,
      );
    }
  }
}

interface SimulateFlags {
  fleet: string[];
  workload?: string;
  months: string;
  seed: string;
  trace?: string;
  tokensPerHourPerGpu?: string;
  gpusPerReplica?: string;
  usdPerGpuHour?: string;
  overflowUsdPerMtok?: string;
  catalog?: string;
  format: string;
  out?: string;
}

/** A value and, when it was assumed rather than given, a note that says so. */
interface Resolved {
  value: number;
  note?: string;
}

/**
 * Tokens/hour per GPU: the flag, else the profile's `choices.tokensPerHourPerGpu`, else a
 * labelled default. The one place to swap in the capacity model's estimate.
 */
export function resolveTokensPerHourPerGpu(
  flag: string | undefined,
  workload: Workload,
  fleet?: ResolvedFleet,
): Resolved {
  if (flag !== undefined) return { value: positiveNumber('--tokens-per-hour-per-gpu', flag) };
  if (workload.choices.tokensPerHourPerGpu !== undefined) return { value: workload.choices.tokensPerHourPerGpu };
  if (fleet)
    return {
      value: fleet.tokensPerHourPerGpu,
      note: `tokens/hour per GPU: ${Math.round(fleet.tokensPerHourPerGpu).toLocaleString('en-US')} for ${fleet.openModelId} on ${fleet.gpuId} from the ${fleet.throughputSource}`,
    };
  return {
    value: DEFAULT_TOKENS_PER_HOUR_PER_GPU,
    note: `tokens/hour per GPU not given (--tokens-per-hour-per-gpu or choices.tokensPerHourPerGpu): using a default of ${DEFAULT_TOKENS_PER_HOUR_PER_GPU.toLocaleString('en-US')}; check it with \`switchyard capacity\``,
  };
}

/** GPU on-demand price: the flag, else a labelled default. */
export function resolveGpuUsdPerHour(flag: string | undefined, fleet?: ResolvedFleet): Resolved {
  if (flag !== undefined) return { value: nonNegativeNumber('--usd-per-gpu-hour', flag, DEFAULT_GPU_USD_PER_HOUR) };
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

/** Overflow price: the flag, else the profile's API model from the catalog, blended by the workload's input:output mix. */
export function resolveOverflowUsdPerMillionTokens(
  flag: string | undefined,
  workload: Workload,
  catalog: Catalog,
): Resolved | undefined {
  if (flag !== undefined) return { value: nonNegativeNumber('--overflow-usd-per-mtok', flag, 0) };
  const model = lookupTokenPriced(catalog, workload.choices.apiModel);
  if (!model) return undefined;
  const inputPerOutput = workload.tokens.inputPerRequest / workload.tokens.outputPerRequest;
  const value = blendedUsdPerMillionTokens(model, inputPerOutput);
  return {
    value,
    note: `overflow priced at ${model.id} ($${model.usdPerMillionInputTokens}/M input, $${model.usdPerMillionOutputTokens}/M output; ${model.source}, ${model.asOf}) blended ${inputPerOutput.toFixed(2)}:1 = $${value.toFixed(2)} per 1M tokens; set --overflow-usd-per-mtok to change`,
  };
}

function pickWorkload(profile: WorkloadProfile, name: string | undefined, notes: string[]): Workload {
  if (name === undefined) {
    if (profile.workloads.length > 1)
      notes.push(
        `profile has ${profile.workloads.length} workloads; simulating the first, '${profile.workloads[0].name}' (choose with --workload)`,
      );
    return profile.workloads[0];
  }
  const found = profile.workloads.find((workload) => workload.name === name);
  if (found) return found;
  const names = profile.workloads.map((workload) => workload.name);
  const suggestions = closestNames(name, names, 1);
  throw new UserError(
    `--workload: no workload named '${name}'${suggestions.length > 0 ? ` (did you mean '${suggestions[0]}'?)` : ''}; the profile has: ${names.join(', ')}`,
  );
}

function parseFleets(specs: string[]): FleetPolicy[] {
  if (specs.length === 0)
    throw new UserError(
      '--fleet is required: give one or more, e.g. --fleet fixed:6 --fleet autoscale:2-10 --fleet spot:4',
    );
  return specs.map((spec) => {
    try {
      return parseFleetSpec(spec);
    } catch (error) {
      if (error instanceof FleetSpecError) throw new UserError(`--fleet: ${error.message}`);
      throw error;
    }
  });
}

function wholeNumber(flag: string, text: string | undefined, fallback: number, minimum: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isInteger(value) || value < minimum)
    throw new UserError(`${flag}: '${text}' must be a whole number, ${minimum} or more`);
  return value;
}

/** Builds the report model from flags (no rendering). Exported for tests and the dashboard. */
export function runSimulation(profilePath: string, flags: SimulateFlags): SimulationReport {
  const fleets = parseFleets(flags.fleet);
  const months = positiveNumber('--months', flags.months);
  if (months > MAX_SIMULATION_MONTHS)
    throw new UserError(`--months: '${flags.months}' must be at most ${MAX_SIMULATION_MONTHS}`);
  const seed = wholeNumber('--seed', flags.seed, 1, 0);
  const profile = loadProfileFile(profilePath);
  const notes: string[] = [];
  const workload = pickWorkload(profile, flags.workload, notes);
  const catalog = loadCatalog(flags.catalog);
  const planned = plannedFleet(profile, workload, catalog);
  const fleet = planned.fleet;
  if (
    !fleet &&
    planned.problem &&
    flags.tokensPerHourPerGpu === undefined &&
    workload.choices.tokensPerHourPerGpu === undefined
  ) {
    throw new UserError(
      `the workload's model cannot be served on its GPU, so there is no throughput to simulate: ${planned.problem} (change choices.gpu / requirements.openModels, or give --tokens-per-hour-per-gpu)`,
    );
  }
  const tokensPerHourPerGpu = resolveTokensPerHourPerGpu(flags.tokensPerHourPerGpu, workload, fleet);
  const gpuUsdPerHour = resolveGpuUsdPerHour(flags.usdPerGpuHour, fleet);
  const overflow = resolveOverflowUsdPerMillionTokens(flags.overflowUsdPerMtok, workload, catalog);
  let gpusPerReplica = workload.choices.gpusPerReplica ?? fleet?.gpusPerReplica ?? 1;
  if (flags.gpusPerReplica !== undefined)
    gpusPerReplica = wholeNumber('--gpus-per-replica', flags.gpusPerReplica, 1, 1);
  else if (workload.choices.gpusPerReplica === undefined && !fleet)
    notes.push('GPUs per replica not given (--gpus-per-replica or choices.gpusPerReplica): assuming 1');
  checkFleetsHoldAReplica(
    fleets,
    gpusPerReplica,
    fleet ? `${fleet.openModelId} (${fleet.precision}) on ${fleet.gpuId}` : 'the model',
  );
  for (const resolved of [tokensPerHourPerGpu, gpuUsdPerHour, overflow]) if (resolved?.note) notes.push(resolved.note);
  if (!overflow)
    notes.push(
      `API model '${workload.choices.apiModel}' has no price in the catalog: overflow tokens are counted but not priced (set --overflow-usd-per-mtok or --catalog)`,
    );

  const minutes = horizonMinutes(months);
  let demand: Float64Array;
  let startMinuteOfWeek = 0;
  let demandSource = 'profile';
  if (flags.trace !== undefined) {
    const trace = demandFromTrace({
      records: loadTraceFile(flags.trace),
      minutes,
      monthlyGrowthRate: workload.traffic.monthlyGrowthRate,
    });
    demand = trace.demandTokensPerMinute;
    startMinuteOfWeek = trace.startMinuteOfWeek;
    demandSource = `trace ${flags.trace}`;
    notes.push(
      `trace: ${Math.round(trace.traceTokens).toLocaleString('en-US')} tokens over ${trace.traceMinutes} minutes, repeated over the horizon` +
        (workload.traffic.monthlyGrowthRate !== 0
          ? ` and grown ${workload.traffic.monthlyGrowthRate * 100}% a month (traffic.monthlyGrowthRate)`
          : '') +
        '; the profile volume is not used; hours of the week are UTC',
    );
  } else {
    demand = generateDemand({ workload, months, seed });
  }

  const percentile = workload.latency.percentile === 'p99' ? 0.99 : 0.95;
  const results = simulateFleets({
    demandTokensPerMinute: demand,
    startMinuteOfWeek,
    tokensPerHourPerGpu: tokensPerHourPerGpu.value,
    gpusPerReplica,
    gpuUsdPerHour: gpuUsdPerHour.value,
    overflowUsdPerMillionTokens: overflow?.value,
    policies: fleets,
    seed,
    queueing: { percentile },
  });
  return {
    workload: workload.name,
    demandSource,
    months,
    minutes,
    seed,
    startMinuteOfWeek,
    firstMonth: summarizeDemand(demand.subarray(0, Math.min(demand.length, MINUTES_PER_MONTH)), startMinuteOfWeek),
    horizon: summarizeDemand(demand, startMinuteOfWeek),
    profilePeakToMeanRatio: flags.trace === undefined ? workload.traffic.peakToMeanRatio : undefined,
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
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function registerSimulateCommand(program: Command): void {
  program
    .command('simulate')
    .description(
      'Run the workload traffic minute by minute against fleet policies: utilization, idle cost, overflow, SLO misses',
    )
    .argument('<profile>', 'workload profile (YAML)')
    .option(
      '--fleet <spec>',
      'fleet policy, repeatable: fixed:N | autoscale:MIN-MAX[,delay=5,cooldown=30,target=0.7] | spot:N[,interrupt=0.01,price=USD,replace=10]; any: ,overflow=api|queue ,price=USD',
      collect,
      [],
    )
    .option('--workload <name>', 'which workload of the profile (default: the first)')
    .option('--months <n>', 'horizon in 30-day months', '12')
    .option('--seed <n>', 'random seed (same seed, same result)', '1')
    .option(
      '--trace <file>',
      'recorded trace CSV (timestamp,input_tokens,output_tokens) instead of the profile traffic',
    )
    .option('--tokens-per-hour-per-gpu <n>', 'input+output tokens one GPU serves per hour at full load')
    .option('--gpus-per-replica <n>', 'GPUs per model replica (tensor-parallel group)')
    .option('--usd-per-gpu-hour <n>', `on-demand GPU price (default ${DEFAULT_GPU_USD_PER_HOUR})`)
    .option(
      '--overflow-usd-per-mtok <n>',
      'API price per 1M overflowed tokens (default: the profile API model, blended)',
    )
    .option('--catalog <file>', 'your prices over the built-in catalog (for the overflow API price)')
    .option('-f, --format <format>', `output format: ${simulateFormats.join(' | ')}`, 'table')
    .option('-o, --out <file>', 'write the report to a file instead of stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ switchyard simulate my-workload.yaml --fleet fixed:6 --fleet autoscale:2-10 --fleet spot:4
  $ switchyard simulate my-workload.yaml --fleet autoscale:2-10,delay=5,cooldown=30,target=0.7 --months 24 --format json
  $ switchyard simulate my-workload.yaml --trace examples/trace-sample.csv --fleet fixed:2 --fleet fixed:2,overflow=queue

Exit codes: 0 ok, 2 invalid profile, trace or flags.`,
    )
    .action((profilePath: string, flags: SimulateFlags) => {
      const format = checkFormat(flags.format, simulateFormats);
      const report = runSimulation(profilePath, flags);
      const text =
        format === 'json'
          ? JSON.stringify(simulationReportJson(report), null, 2)
          : format === 'markdown'
            ? renderSimulationMarkdown(report)
            : renderSimulationTable(report);
      writeOutput(text, flags.out);
    });
}
