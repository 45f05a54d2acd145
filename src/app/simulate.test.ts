/**
 * The simulate use-case in process: the JSON contract, renderers, traces, every bad
 * input as a problem naming the flag, and agreement with `plan` on every cost of the
 * same profile (cached input, overflow, GPU-hours).
 */
import { describe, expect, it } from 'vitest';
import { catalogAt, lookupTokenPriced } from '../catalog/catalog.ts';
import { capacityThroughputEstimator } from '../catalog/throughput.ts';
import { formatProblems, type Outcome } from '../core/problem.ts';
import { MINUTES_PER_MONTH } from '../core/traffic/demand.ts';
import { parseTraceCsv } from '../core/traffic/trace-csv.ts';
import { HOURS_PER_MONTH, MINUTES_PER_HOUR } from '../core/units/time.ts';
import { parseProfile } from '../core/workload/parse.ts';
import type { WorkloadProfile } from '../core/workload/schema.ts';
import {
  renderSimulation,
  renderSimulationMarkdown,
  renderSimulationTable,
  simulationReportJson,
  type SimulationReport,
} from '../report/simulation-report.ts';
import { planUseCase } from './plan.ts';
import {
  DEFAULT_GPU_USD_PER_HOUR,
  DEFAULT_TOKENS_PER_HOUR_PER_GPU,
  resolveGpuUsdPerHour,
  resolveOverflowUsdPerMillionTokens,
  resolveTokensPerHourPerGpu,
  simulateUseCase,
  type SimulateInput,
} from './simulate.ts';

/** These tests pin the 2025-06-01 catalog snapshot (its numbers do not move with new prices). */
const builtInCatalog = catalogAt('2025-06-01');

const dependencies = { catalog: builtInCatalog, estimator: capacityThroughputEstimator() };

function profileOf(input: unknown): WorkloadProfile {
  const parsed = parseProfile(input);
  if (!parsed.ok) throw new Error(formatProblems(parsed.problems));
  return parsed.value;
}

/** 10,000 requests/day x (1,500 + 500) tokens = 600M tokens per 30-day month. */
const workload = (tokens: Record<string, number> = {}, extra: Record<string, unknown> = {}) => ({
  name: 'x',
  volume: { requestsPerDay: 10_000 },
  tokens: { inputPerRequest: 1500, outputPerRequest: 500, ...tokens },
  ...extra,
});
const profile = profileOf({ workloads: [workload()] });
// The plan searches configurations; pinning the profile's own (on-demand, fixed fleet, TP=1) makes the
// plan's self-hosted option the very fleet `simulate` runs, so their costs can be compared term by term.
const cachedProfile = profileOf({
  workloads: [
    workload(
      { cachedInputShare: 0.8 },
      { choices: { gpuPricing: 'on-demand', fleetPolicy: 'fixed', gpusPerReplica: 1 } },
    ),
  ],
});

function simulate(input: Partial<SimulateInput>, base: WorkloadProfile = profile): Outcome<SimulationReport> {
  return simulateUseCase({ profile: base, fleets: ['fixed:1'], months: 1, seed: 1, ...input }, dependencies);
}

function report(input: Partial<SimulateInput>, base: WorkloadProfile = profile): SimulationReport {
  const outcome = simulate(input, base);
  if (!outcome.ok) throw new Error(formatProblems(outcome.problems));
  return outcome.value;
}

/** The problems as the CLI prints them. */
function problemsOf(input: Partial<SimulateInput>, base: WorkloadProfile = profile): string {
  const outcome = simulate(input, base);
  if (outcome.ok) throw new Error('expected problems');
  return formatProblems(outcome.problems);
}

interface FleetJson {
  policy: string;
  gpuHoursPaid: number;
  gpuCostUsd: number;
  overflowTokens: number;
  overflowCostUsd: number;
  totalCostUsd: number;
  utilizationByHourOfWeek: number[];
}

describe('simulateUseCase', () => {
  it('gives the JSON contract per fleet, reproducibly', () => {
    const input = { fleets: ['fixed:6', 'autoscale:2-10', 'spot:4', 'fixed:0'], months: 2 };
    const json = simulationReportJson(report(input)) as {
      fleets: FleetJson[];
      notes: string[];
      minutes: number;
    };
    expect(json.minutes).toBe(2 * 43_200);
    expect(json.fleets.map((fleet) => fleet.policy)).toEqual(['fixed:6', 'autoscale:2-10', 'spot:4', 'fixed:0']);
    for (const fleet of json.fleets) {
      for (const key of [
        'policy',
        'meanUtilization',
        'gpuHoursPaid',
        'gpuHoursUsed',
        'idleCostUsd',
        'minutesOverCapacity',
        'overflowTokens',
        'totalCostUsd',
      ])
        expect(fleet).toHaveProperty(key);
      expect(fleet.utilizationByHourOfWeek).toHaveLength(168);
      expect(fleet.totalCostUsd).toBeCloseTo(fleet.gpuCostUsd + fleet.overflowCostUsd, 1);
    }
    // 6 GPUs for 60 days at the catalog's mid-range H100 on-demand price ($2.99-$7.57 -> $5.28)
    expect(json.fleets[0].gpuHoursPaid).toBe(6 * 24 * 60);
    expect(json.fleets[0].gpuCostUsd).toBeCloseTo(6 * 24 * 60 * 5.28, 6);
    // 10,000 x 2,000 tokens a day = 833k tokens/hour against 6 GPUs of the capacity model's ~2.7M each: nothing overflows
    expect(json.fleets[0].overflowTokens).toBe(0);
    // fixed:0 sends all 1.2B tokens to the API at gpt-4.1, no cached input: (1500 x $2 + 500 x $8) / 2000 = $3.50 per 1M
    expect(json.fleets[3].overflowTokens).toBe(1_200_000_000);
    expect(json.fleets[3].totalCostUsd).toBeCloseTo(4200, 1);
    expect(json.notes.join('\n')).toMatch(
      /tokens\/hour per GPU: [\d,]+ for llama-3.1-70b on h100-sxm from the capacity model/,
    );
    expect(json.notes.join('\n')).toMatch(/GPU price: \$5\.28\/GPU-hour, aws\/h100-sxm on-demand/);
    expect(json.notes.join('\n')).toContain(
      'overflow priced at openai/gpt-4.1 ($2/M input, $8/M output; OpenAI API pricing page, 2025-06-01) blended 3.00:1 = $3.50 per 1M tokens',
    );
    expect(renderSimulation(report(input), 'json')).toBe(JSON.stringify(json, null, 2));
  });

  it('renders a table and Markdown', () => {
    const given = report({ fleets: ['fixed:2'], overrides: { tokensPerHourPerGpu: 1_000_000, gpuUsdPerHour: 2.5 } });
    const table = renderSimulationTable(given);
    expect(table).toMatch(/^Traffic simulation: x \(profile\), 1 months = 30 days/);
    expect(table).toMatch(/fixed:2 +\d+\.\d%/);
    expect(table).not.toMatch(/using a default of 2,000,000/);
    expect(renderSimulation(given, 'table')).toBe(table);
    const markdown = renderSimulationMarkdown(report({ fleets: ['fixed:2'] }));
    expect(markdown.startsWith('# Traffic simulation: x')).toBe(true);
    expect(markdown).toMatch(/\| fixed:2 \|/);
  });

  it('runs a recorded trace', () => {
    const csv = [
      'timestamp,input_tokens,output_tokens',
      '2025-03-03T00:00:10Z,100000,50000',
      '2025-03-03T00:01:10Z,2000000,1000000',
    ];
    const records = parseTraceCsv(csv.join('\n'), 't.csv');
    if (!records.ok) throw new Error('bad trace');
    const given = report({
      fleets: ['fixed:1', 'fixed:1,overflow=queue'],
      trace: { records: records.value, name: 't.csv' },
      overrides: { tokensPerHourPerGpu: 60_000_000 },
    });
    expect(given.demandSource).toBe('trace t.csv');
    expect(given.notes.join('\n')).toContain('trace: 3,150,000 tokens over 2 minutes, repeated over the horizon');
    expect(given.profilePeakToMeanRatio).toBeUndefined();
    // 1M tokens/minute of capacity: the 3M-token minute overflows 2M to the API, or queues it
    expect(given.fleets[0].overflowTokens).toBeCloseTo((MINUTES_PER_MONTH / 2) * 2_000_000, 0);
    expect(given.fleets[1].overflowTokens).toBe(0);
  });

  it('notes every assumed default', () => {
    const unknownGpu = profileOf({
      workloads: [workload({}, { requirements: { openModels: ['llama-3.1-405b'] }, choices: { gpu: 'l4' } })],
    });
    const notes = report({ overrides: { tokensPerHourPerGpu: 1e6 } }, unknownGpu).notes.join('\n');
    expect(notes).toContain('GPU price not given (--usd-per-gpu-hour): using a default of $4/GPU-hour');
    expect(notes).toContain('GPUs per replica not given (--gpus-per-replica or choices.gpusPerReplica): assuming 1');
    const two = profileOf({ workloads: [workload(), { ...workload(), name: 'second' }] });
    expect(report({}, two).notes[0]).toBe(
      "profile has 2 workloads; simulating the first, 'x' (choose with --workload)",
    );
    expect(report({ workload: 'second' }, two).workload).toBe('second');
    const unpriced = profileOf({ workloads: [workload({}, { choices: { apiModel: 'acme/unknown' } })] });
    const unpricedReport = report({ fleets: ['fixed:0'], overrides: { tokensPerHourPerGpu: 1e6 } }, unpriced);
    expect(unpricedReport.notes.join('\n')).toContain(
      "API model 'acme/unknown' has no price in the catalog: overflow tokens are counted but not priced",
    );
    expect(unpricedReport.fleets[0].overflowPriced).toBe(false);
  });

  it('checks the doc examples', () => {
    const [first] = profile.workloads;
    expect(resolveTokensPerHourPerGpu(undefined, first, undefined).value).toBe(DEFAULT_TOKENS_PER_HOUR_PER_GPU);
    expect(resolveGpuUsdPerHour(undefined, undefined).value).toBe(DEFAULT_GPU_USD_PER_HOUR);
    expect(
      resolveOverflowUsdPerMillionTokens(undefined, cachedProfile.workloads[0], builtInCatalog)?.value,
    ).toBeCloseTo(2.6, 12);
    expect(resolveOverflowUsdPerMillionTokens(7, first, builtInCatalog)).toEqual({ value: 7 });
    expect(report({ fleets: ['fixed:0'] }).fleets[0].totalCostUsd).toBeCloseTo(2100, 6);
  });
});

describe('bad input: a problem naming the flag, the value and what is allowed', () => {
  const cases: Array<[string, Partial<SimulateInput>, RegExp]> = [
    ['no fleet', { fleets: [] }, /^--fleet: \(missing\) — is required: give one or more, e\.g\. --fleet fixed:6/],
    [
      'unknown fleet kind',
      { fleets: ['fixd:6'] },
      /^--fleet: "fixd:6" — unknown kind 'fixd' \(did you mean 'fixed'\?\); allowed: fixed, autoscale, spot, scheduled$/,
    ],
    [
      'autoscale range reversed',
      { fleets: ['autoscale:10-2'] },
      /^--fleet: "autoscale:10-2" — minimum 10 is above maximum 2/,
    ],
    ['months above 120', { months: 500 }, /^--months: 500 — must be at most 120$/],
    ['months 0', { months: 0 }, /^--months: 0 — must be a number greater than 0$/],
    ['seed below 0', { seed: -1 }, /^--seed: -1 — must be a whole number, 0 or more$/],
    ['seed not whole', { seed: 1.5 }, /^--seed: 1.5 — must be a whole number, 0 or more$/],
    [
      'unknown workload',
      { workload: 'y' },
      /^--workload: "y" — no workload named 'y' \(did you mean 'x'\?\); the profile has: x$/,
    ],
    [
      'throughput 0',
      { overrides: { tokensPerHourPerGpu: 0 } },
      /^--tokens-per-hour-per-gpu: 0 — must be a number greater than 0$/,
    ],
    [
      'GPU price below 0',
      { overrides: { gpuUsdPerHour: -1 } },
      /^--usd-per-gpu-hour: -1 — must be a number, 0 or more$/,
    ],
    [
      'overflow price below 0',
      { overrides: { overflowUsdPerMillionTokens: -1 } },
      /^--overflow-usd-per-mtok: -1 — must be a number, 0 or more$/,
    ],
    [
      'GPUs per replica 0',
      { overrides: { gpusPerReplica: 0 } },
      /^--gpus-per-replica: 0 — must be a whole number, 1 or more$/,
    ],
    ['empty trace', { trace: { records: [], name: 't.csv' } }, /^--trace: "t.csv" — the trace has no requests$/],
  ];
  it.each(cases)('%s', (_, input, message) => {
    expect(problemsOf(input)).toMatch(message);
  });

  it('reports every bad input at once', () => {
    expect(problemsOf({ fleets: ['fixd:6', 'fixed:1'], months: 500, seed: -1 }).split('\n')).toHaveLength(3);
  });

  const big = (gpu: string) =>
    profileOf({
      workloads: [
        {
          name: 'big',
          volume: { requestsPerDay: 1000 },
          tokens: { inputPerRequest: 1000, outputPerRequest: 200 },
          requirements: { openModels: ['llama-3.1-405b'] },
          choices: { gpu },
        },
      ],
    });

  it('a model that fits on no fleet of that GPU is a problem naming the numbers', () => {
    expect(problemsOf({ fleets: ['fixed:4'] }, big('l4'))).toMatch(
      /^workloads\[0\]\.choices\.gpu: "l4" — the workload's model cannot be served on its GPU.*Llama 3\.1 405B at fp8 does not fit on 8 x NVIDIA L4 24GB.*weights 378 GB/,
    );
    // with a throughput given, the simulation runs on it
    expect(simulate({ fleets: ['fixed:4'], overrides: { tokensPerHourPerGpu: 1e6 } }, big('l4')).ok).toBe(true);
  });

  it('a fleet smaller than one replica is a problem, not a rounding', () => {
    expect(problemsOf({ fleets: ['fixed:2', 'autoscale:1-4', 'fixed:0'] }, big('h100-sxm')).split('\n')).toEqual([
      '--fleet: "fixed:2" — 2 GPU(s) cannot hold one replica; llama-3.1-405b (fp8) on h100-sxm needs 8 GPUs per replica (use fixed:8 or more, or 0 to send everything to the API)',
      '--fleet: "autoscale:1-4" — 4 GPU(s) cannot hold one replica; llama-3.1-405b (fp8) on h100-sxm needs 8 GPUs per replica (use autoscale:8 or more, or 0 to send everything to the API)',
    ]);
    expect(simulate({ fleets: ['fixed:8'] }, big('h100-sxm')).ok).toBe(true);
  });

  it('an unknown catalog name in the profile is a problem on its field path', () => {
    const unknownGpu = profileOf({ workloads: [workload(), workload({}, { name: 'y', choices: { gpu: 'h10' } })] });
    expect(problemsOf({ workload: 'y' }, unknownGpu)).toMatch(
      /^workloads\[1\]\.choices\.gpu: "h10" — unknown GPU 'h10'/,
    );
  });
});

describe('plan and simulate agree on every cost of the same profile', () => {
  // 80% of input cached: 450M input (360M cached) + 150M output a month at gpt-4.1 ($2 / $0.50 / $8)
  // = 90 x $2 + 360 x $0.50 + 150 x $8 = $1,560 a month (blending 3:1 without the cache said $2,100).
  const planned = planUseCase(cachedProfile, dependencies);
  if (!planned.ok) throw new Error(formatProblems(planned.problems));
  const [planWorkload] = planned.value.workloads;
  const optionOf = (kind: string, id?: string) => {
    const found = planWorkload.options.find((option) => option.kind === kind && (id === undefined || option.id === id));
    if (!found) throw new Error(`no ${kind} option`);
    return found;
  };
  const costOf = (option: ReturnType<typeof optionOf>, category: string) =>
    option.components
      .filter((component) => component.category === category)
      .reduce((sum, component) => sum + component.monthlyCostUsd, 0);

  it('uses the same month: 30 days = 43,200 minutes = 720 hours', () => {
    expect(report({}, cachedProfile).minutes).toBe(HOURS_PER_MONTH * MINUTES_PER_HOUR);
    expect(MINUTES_PER_MONTH).toBe(43_200);
  });

  it('all traffic to the API: simulate fixed:0 costs what the plan says the API option costs, cached input included', () => {
    const api = optionOf('frontier-api', `frontier-api:openai/gpt-4.1`);
    expect(cachedProfile.workloads[0].choices.apiModel).toBe('gpt-4.1');
    expect(costOf(api, 'tokens')).toBeCloseTo(1560, 2);
    expect(api.monthlyCostUsd).toBeCloseTo(1560, 2);
    const simulated = report({ fleets: ['fixed:0'] }, cachedProfile).fleets[0];
    expect(simulated.overflowTokens).toBeCloseTo(600e6, 0);
    expect(simulated.totalCostUsd).toBeCloseTo(api.monthlyCostUsd, 2);
  });

  it("part of the traffic to the API: the overflow costs the API option's cost per token", () => {
    const api = optionOf('frontier-api');
    const simulated = report({ fleets: ['fixed:1'], overrides: { tokensPerHourPerGpu: 1e6 } }, cachedProfile).fleets[0];
    expect(simulated.overflowTokens).toBeGreaterThan(0);
    expect(simulated.overflowCostUsd).toBeCloseTo((api.monthlyCostUsd * simulated.overflowTokens) / 600e6, 6);
  });

  it("a fleet: the simulation's GPU cost is the plan's GPU-hour price x the hours of the plan's fleet", () => {
    const selfHosted = optionOf('self-hosted');
    const gpus = selfHosted.sizing?.gpus ?? 0;
    expect(gpus).toBe(2);
    const simulated = report({ fleets: [`fixed:${gpus}`] }, cachedProfile).fleets[0];
    const gpuHourComponents = selfHosted.components.filter((component) => component.category === 'gpu');
    expect(simulated.gpuHoursPaid).toBe(gpus * HOURS_PER_MONTH);
    expect(simulated.gpuUsdPerHour).toBe(gpuHourComponents[0].unitPriceUsd);
    expect(simulated.gpuCostUsd).toBeCloseTo(costOf(selfHosted, 'gpu'), 2);
    expect(simulated.gpuHoursUsed).toBeCloseTo(selfHosted.sizing?.gpuHoursBusyPerMonth ?? 0, 3);
  });

  it("the overflow hybrid: the same fleet overflows the same tokens, priced as the plan's API overflow", () => {
    const hybrid = optionOf('hybrid', 'hybrid:overflow');
    const planSimulation = planned.value.simulation.find((entry) => entry.policy.includes('overflow to API'));
    const hybridApi = lookupTokenPriced(builtInCatalog, 'together/llama-3.1-70b');
    if (!planSimulation || !hybridApi) throw new Error('no overflow simulation in the plan');
    // together/llama-3.1-70b charges $0.88 per 1M for every kind of token
    expect(hybridApi.usdPerMillionCachedInputTokens).toBe(hybridApi.usdPerMillionInputTokens);
    expect(hybridApi.usdPerMillionOutputTokens).toBe(hybridApi.usdPerMillionInputTokens);
    const simulated = report(
      { fleets: ['fixed:1'], overrides: { overflowUsdPerMillionTokens: hybridApi.usdPerMillionInputTokens } },
      cachedProfile,
    ).fleets[0];
    // The plan prices the overflow its own simulation measured (the expected traffic, no request-count noise)...
    expect(costOf(hybrid, 'tokens')).toBeCloseTo(
      (planSimulation.overflowTokens / 1e6) * hybridApi.usdPerMillionInputTokens,
      2,
    );
    // ...and `simulate` (which adds the noise) overflows the same tokens to within 1% of the month's 600M, priced the same way.
    expect(Math.abs(simulated.overflowTokens - planSimulation.overflowTokens)).toBeLessThan(0.01 * 600e6);
    expect(simulated.overflowCostUsd).toBeCloseTo(
      (simulated.overflowTokens / 1e6) * hybridApi.usdPerMillionInputTokens,
      6,
    );
    expect(simulated.gpuHoursPaid).toBe(HOURS_PER_MONTH);
  });
});
