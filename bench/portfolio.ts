/**
 * How fast a portfolio is placed (issue 14: "20 workloads x all options plans in under
 * 2 s"): 20 workloads with mixed constraints (regulated, p99 150 ms, offline batch, long
 * context) on two open models, every option searched per workload, then the placement
 * with shared costs once, solved exactly by HiGHS.
 */
import { parseProfileText } from '../src/cli/load-profile.ts';
import { profileTemplate } from '../src/cli/profile-template.ts';
import { planDependenciesWithSolver, planUseCase } from '../src/app/plan.ts';
import { resolvePlanInputs } from '../src/catalog/resolve.ts';
import { decidePortfolio, placeDecisions } from '../src/core/decide/portfolio.ts';
import type { Workload, WorkloadProfile } from '../src/core/workload/schema.ts';
import { medianMs } from './timing.ts';
import type { BenchSection } from './types.ts';

/** Twenty variations of the template's workload: volumes, traffic shapes and one hard constraint in four. */
export function twentyWorkloads(): WorkloadProfile {
  const template = parseProfileText(profileTemplate, 'profile template');
  const base = template.workloads[0];
  const patterns: Array<Workload['traffic']['pattern']> = ['business-hours', 'sinusoid', 'flat'];
  const workloads: Workload[] = Array.from({ length: 20 }, (_, index) => {
    const variant = index % 4;
    const openModels = index % 2 === 0 ? ['llama-3.3-70b', 'llama-3.1-70b'] : ['llama-3.1-70b'];
    return {
      ...base,
      name: `feature-${index + 1}`,
      volume: { requestsPerDay: 5_000 * (1 + ((index * 7) % 20)) },
      traffic: {
        ...base.traffic,
        pattern: patterns[index % 3],
        ...(variant === 2 ? { offline: { deadlineHours: 24 } } : {}),
      },
      latency: variant === 1 ? { ...base.latency, percentile: 'p99', ttftMs: 150 } : base.latency,
      data: variant === 0 ? { ...base.data, sensitivity: 'regulated' } : base.data,
      tokens: variant === 3 ? { ...base.tokens, inputPerRequest: 60_000 } : base.tokens,
      requirements: { ...base.requirements, openModels },
    };
  });
  return { ...template, workloads };
}

export async function runPortfolioBench(): Promise<BenchSection> {
  const dependencies = await planDependenciesWithSolver();
  if (!dependencies.ok) throw new Error(JSON.stringify(dependencies.problems));
  const profile = twentyWorkloads();
  const resolved = resolvePlanInputs(profile, dependencies.value.catalog, dependencies.value.estimator, {
    defaultEngine: dependencies.value.defaultEngine,
  });
  if (!resolved.ok) throw new Error(JSON.stringify(resolved.problems));
  const inputs = resolved.inputs;
  const mipSolver = dependencies.value.mipSolver;
  const decided = decidePortfolio(inputs, mipSolver ? { mipSolver } : {});
  const decideMs = medianMs(() => decidePortfolio(inputs, mipSolver ? { mipSolver } : {}), 5);
  const workloads = inputs.workloads.map((entry, index) => ({
    resolved: entry,
    decision: decided.decisions[index],
    demandTokensPerMinute:
      decided.model.choices.find((choice) => choice.workloadIndex === index && choice.gpu)?.gpu?.member
        .demandTokensPerMinute ?? new Float64Array(0),
  }));
  const placeMs = medianMs(() => placeDecisions(workloads, inputs, mipSolver ? { mipSolver } : {}), 5);
  const placeStart = performance.now();
  const again = decidePortfolio(inputs);
  const localMs = performance.now() - placeStart;
  const planStart = performance.now();
  const planned = planUseCase(profile, dependencies.value);
  const planMs = performance.now() - planStart;
  if (!planned.ok) throw new Error(JSON.stringify(planned.problems));
  const choices = inputs.workloads.reduce(
    (total, _, index) => total + decided.model.choicesByWorkload[index].length,
    0,
  );
  return {
    title: 'Portfolio placement (20 workloads x every option)',
    columns: ['case', 'median ms', 'method', 'total TCO', 'saving vs best single option'],
    rows: [
      [
        'decidePortfolio: search every option per workload + place (HiGHS)',
        decideMs.toFixed(0),
        decided.solution.method,
        Math.round(decided.placement.tcoUsd),
        decided.placement.savingsTcoUsd === null ? 'n/a' : Math.round(decided.placement.savingsTcoUsd),
      ],
      [
        'of which the placement alone (portfolio model, two MIP solves, why per workload)',
        placeMs.toFixed(0),
        decided.solution.method,
        Math.round(decided.placement.tcoUsd),
        decided.placement.savingsTcoUsd === null ? 'n/a' : Math.round(decided.placement.savingsTcoUsd),
      ],
      [
        'decidePortfolio without a MIP solver (local search), one run',
        localMs.toFixed(0),
        again.solution.method,
        Math.round(again.placement.tcoUsd),
        again.placement.savingsTcoUsd === null ? 'n/a' : Math.round(again.placement.savingsTcoUsd),
      ],
      [
        'full plan report (flip search, simulations, cost curves per workload), one run',
        planMs.toFixed(0),
        planned.value.placement.method,
        Math.round(planned.value.placement.tcoUsd),
        planned.value.placement.savings ? Math.round(planned.value.placement.savings.tcoUsd) : 'n/a',
      ],
    ],
    notes: [
      `20 workloads (${choices} options in all, two open models; one in four regulated, p99 150 ms, offline batch or 60k-token prompts), the built-in catalog; decidePortfolio median of 5 runs after a warm-up.`,
      'Pools with more than 6 candidate members use the linear GPU count in the MIP (method mip-linear-pools, exact: false): the local search then runs from the MIP placement and from its own start, each priced exactly, and the cheapest is kept (never dearer than either; before, the MIP alone gave 5,835,383 against the local search 5,822,620 on this case).',
      'The full plan searches the flips of each workload on a quadrupling grid with 6 bisection steps (a 2.2% bracket) when the profile has several workloads, about half the decisions of the one-workload search (a CPU profile put ~80% of this row in findDecisionFlips before: 4,733 ms on a quiet run); every volume tried is a full decision.',
      'The issue-14 target is under 2 s for 20 workloads x every option: the placement (first row) meets it; the full plan report (last row) fell from 4,733 ms to ~3.4 s but is still over it on this machine. The machine is shared by several jobs: the rows of one run compare, absolute times drift between runs.',
      'HiGHS runs with presolve off: on these fixed-charge models presolve cost ~430 ms of a ~520 ms solve for the same optimum (85 ms without).',
    ],
  };
}
