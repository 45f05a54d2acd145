/**
 * Traffic simulation speed: one year (365 days, 525,600 minutes) at one-minute
 * resolution, demand generated once and shared by 1, 5 and 20 fleet policies.
 * Reports the median of several repetitions and minutes simulated per second
 * (minutes x policies / seconds). Target: 20 policies well under a second.
 */
import { generateDemand, MINUTES_PER_MONTH } from '../src/core/traffic/demand.ts';
import { parseFleetSpec } from '../src/core/traffic/fleet-spec.ts';
import { simulateFleets } from '../src/core/traffic/simulate.ts';
import { workloadSchema } from '../src/core/workload/schema.ts';
import type { BenchSection } from './types.ts';

const MINUTES_PER_YEAR = 525_600;
const REPETITIONS = 7;

const workload = workloadSchema.parse({
  name: 'bench',
  volume: { requestsPerDay: 1_000_000 },
  tokens: { inputPerRequest: 1500, outputPerRequest: 500 },
  traffic: {
    pattern: 'business-hours',
    peakToMeanRatio: 3,
    weekendFactor: 0.5,
    burstsPerDay: 2,
    monthlyGrowthRate: 0.03,
  },
});

/** A realistic mix: fixed sizes, autoscalers with different settings, spot fleets, queue mode. */
const policyMix = [
  'fixed:60',
  'autoscale:10-80',
  'spot:60,interrupt=0.05',
  'autoscale:0-80,delay=10,cooldown=60,target=0.8',
  'fixed:40,overflow=queue',
];

function policies(count: number): string[] {
  return Array.from({ length: count }, (_, index) => {
    const base = policyMix[index % policyMix.length];
    // vary sizes so repeated kinds are distinct policies
    return index < policyMix.length ? base : `${base},price=${(3 + index / 10).toFixed(1)}`;
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function timeMs(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

export async function runSimulationBench(): Promise<BenchSection> {
  const months = MINUTES_PER_YEAR / MINUTES_PER_MONTH;
  const generate = () => generateDemand({ workload, months, seed: 1 });
  const demand = generate(); // warm-up
  const generateMs = median(Array.from({ length: REPETITIONS }, () => timeMs(generate)));
  const rows: Array<Array<string | number>> = [
    [
      'generateDemand (1 year)',
      '-',
      generateMs.toFixed(1),
      `${(((MINUTES_PER_YEAR / generateMs) * 1000) / 1e6).toFixed(1)}M`,
      '-',
    ],
  ];
  for (const count of [1, 5, 20]) {
    const parsed = policies(count).map(parseFleetSpec);
    const simulate = () =>
      simulateFleets({
        demandTokensPerMinute: demand,
        tokensPerHourPerGpu: 2_000_000,
        gpusPerReplica: 2,
        gpuUsdPerHour: 4,
        overflowUsdPerMillionTokens: 3.5,
        policies: parsed,
        seed: 1,
      });
    simulate(); // warm-up
    const simulateMs = median(Array.from({ length: REPETITIONS }, () => timeMs(simulate)));
    const endToEndMs = median(
      Array.from({ length: 3 }, () =>
        timeMs(() => {
          generate();
          simulate();
        }),
      ),
    );
    rows.push([
      `simulateFleets, ${count} polic${count === 1 ? 'y' : 'ies'}`,
      count,
      simulateMs.toFixed(1),
      `${((((MINUTES_PER_YEAR * count) / simulateMs) * 1000) / 1e6).toFixed(1)}M`,
      endToEndMs.toFixed(1),
    ]);
  }
  return {
    title: 'Traffic simulation (one year, one-minute resolution)',
    columns: ['case', 'policies', 'median ms', 'policy-minutes/s', 'generate + simulate ms'],
    rows,
    notes: [
      `${MINUTES_PER_YEAR.toLocaleString('en-US')} minutes per run; median of ${REPETITIONS} runs after a warm-up (generate + simulate: median of 3).`,
      `Policy mix, cycled: ${policyMix.join(' | ')}; 1M requests/day, business-hours shape, 2 bursts/day, 2 GPUs per replica.`,
      'Target from issue 5: 20 policies over a year well under a second.',
    ],
  };
}
