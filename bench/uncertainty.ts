/**
 * How fast `plan --uncertainty` is (issue 14: "2,000 draws of a single workload in under
 * 3 s"): the Monte Carlo of one workload, its draws on one thread, and what starting a
 * worker thread would cost (each worker loads the TypeScript sources before its first draw).
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { planDependencies, planUseCase } from '../src/app/plan.ts';
import { parseProfileText } from '../src/cli/load-profile.ts';
import type { BenchSection } from './types.ts';

const logisticsWithRanges = readFileSync(new URL('../examples/logistics-classification.yaml', import.meta.url), 'utf8')
  .replace('requestsPerDay: 1000000', 'requestsPerDay: 800000..1200000')
  .replace('mlEngineerFte: 2', 'mlEngineerFte: 1.5..2.5')
  .replace('engineerLoadedCostUsdPerYear: 300000', 'engineerLoadedCostUsdPerYear: { p10: 250000, p90: 350000 }');

function timedMs(run: () => void): number {
  const start = performance.now();
  run();
  return performance.now() - start;
}

/** Milliseconds until a worker thread has loaded the plan's sources (tsx, as the CLI runs them). */
async function workerStartMs(): Promise<number> {
  const start = performance.now();
  const source = JSON.stringify(new URL('../src/app/plan-uncertainty.ts', import.meta.url).href);
  const worker = new Worker(
    `import('tsx/esm/api').then(({ register }) => { register(); return import(${source}); }).then(() => process.exit(0));`,
    { eval: true },
  );
  await new Promise<void>((resolve, reject) => {
    worker.once('exit', () => resolve());
    worker.once('error', reject);
  });
  return performance.now() - start;
}

export async function runUncertaintyBench(): Promise<BenchSection> {
  const cases: Array<[string, string]> = [
    [
      'examples/uncertain-gpu-fleet.yaml (6 inputs, growth)',
      readFileSync(new URL('../examples/uncertain-gpu-fleet.yaml', import.meta.url), 'utf8'),
    ],
    ['logistics example with 3 ranges (+ GPU price), no growth', logisticsWithRanges],
  ];
  const dependencies = planDependencies();
  if (!dependencies.ok) throw new Error(JSON.stringify(dependencies.problems));
  const rows: BenchSection['rows'] = [];
  const draws = 2000;
  for (const [name, text] of cases) {
    const profile = parseProfileText(text, name);
    // Warm-up: the plan and a short Monte Carlo (module loading, JIT).
    planUseCase(profile, dependencies.value, { when: 'always', draws: 50 });
    const planMs = timedMs(() => planUseCase(profile, dependencies.value));
    const totalMs = timedMs(() => planUseCase(profile, dependencies.value, { when: 'always', draws }));
    const monteCarloMs = totalMs - planMs;
    rows.push([
      name,
      draws,
      1,
      planMs.toFixed(0),
      monteCarloMs.toFixed(0),
      (monteCarloMs / draws).toFixed(2),
      (monteCarloMs / planMs).toFixed(1),
    ]);
  }
  const workerMs = await workerStartMs();
  return {
    title: 'Uncertainty (plan --uncertainty)',
    columns: ['profile', 'draws', 'threads', 'plan ms', 'Monte Carlo ms', 'ms per draw', 'Monte Carlo / plan'],
    rows,
    notes: [
      'Monte Carlo ms = plan --uncertainty minus the plan alone: the draws (a resolve and one decision each, configurations kept, simulations shared on a 5% grid) plus the tornado (2 decisions per input). One run each after a 50-draw warm-up. "Monte Carlo / plan" is the load-independent figure: the whole Monte Carlo costs that many plain plans of the same profile.',
      'Each draw costs every option month by month when there is growth (36 months x 6 options here); the components that do not depend on the volume (staff shares, on-call, evals, observability, storage, one-offs, the latency penalty) are built once per option (`gpuFleetCosting`), so a month re-derives only the GPU-hours, egress and tokens. On a quiet machine the GPU-fleet example took 4.0 s before that change (2.0 ms per draw, 11.7 plans); the same-load A/B on 2026-12-01 measured 40-50% less Monte Carlo time (about 6.5 plans instead of 11), with byte-identical plans.',
      `One thread: starting one worker thread that loads the plan's sources took ${workerMs.toFixed(0)} ms here, so workers would pay off only where the draws take several times that on a machine with idle cores (the development machine has 2 cores shared by several processes). Target: 2,000 draws of one workload under 3 s.`,
    ],
  };
}
