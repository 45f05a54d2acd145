/**
 * Portfolio placement: shared costs once, pooled fleets, the exact placement (HiGHS MIP)
 * against the brute force of the same model, and the brute force itself on a case small
 * enough to price by hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMipSolver } from '../../app/placement-solver.ts';
import { parseProfile } from '../workload/parse.ts';
import { decide, decisionInput } from './decision.ts';
import { fleet, frontier, hostedOpen } from '../../../test/fixtures/decide-fixtures.ts';
import { optionKey } from './option-id.ts';
import { planProfile } from './plan.ts';
import {
  componentClass,
  diversityFactor,
  isElasticPool,
  memberPaidShare,
  meetsMlOpsRule,
  placementCost,
  pooledFleet,
  portfolioModel,
  splitOptionCost,
  type PortfolioModel,
} from './portfolio-model.ts';
import {
  placeExhaustive,
  placeLocalSearch,
  placementCount,
  placementLp,
  placePortfolio,
  placeWithMip,
  type MipSolver,
} from './portfolio-solve.ts';
import { decidePortfolio, placeDecisions, placementFacts, slotTotals } from './portfolio.ts';
import type { PlanInputs, ResolvedFleet } from './types.ts';

let highs: MipSolver;
beforeAll(async () => {
  highs = await loadMipSolver();
});

const tokens = { inputPerRequest: 1500, outputPerRequest: 500 };

function inputsOf(
  workloads: Array<Record<string, unknown>>,
  organization: Record<string, unknown> = {},
  fleets: (name: string) => ResolvedFleet[] = () => [fleet],
): PlanInputs {
  const parsed = parseProfile({ organization, workloads });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return {
    organization: parsed.value.organization,
    cloudManagedMarkup: 0.3,
    workloads: parsed.value.workloads.map((workload) => ({
      workload,
      frontier: { ...frontier, maxContextTokens: 1_000_000 },
      hostedOpen: { ...hostedOpen, maxContextTokens: 32_000 },
      fleet: fleets(workload.name)[0],
      fleetCandidates: fleets(workload.name),
      warnings: [],
    })),
  };
}

function portfolioWorkloads(inputs: PlanInputs) {
  return inputs.workloads.map((resolved) => {
    const input = decisionInput(resolved, inputs.organization, inputs.cloudManagedMarkup);
    return {
      resolved,
      decision: decide(input, 1, { withBand: false }),
      demandTokensPerMinute: input.demandTokensPerMinute,
    };
  });
}

describe('shared costs once (issue 14: two identical workloads)', () => {
  const twoInputs = inputsOf([
    { name: 'first', volume: { requestsPerDay: 500_000 }, tokens },
    { name: 'second', volume: { requestsPerDay: 500_000 }, tokens },
  ]);
  const oneInputs = inputsOf([{ name: 'both', volume: { requestsPerDay: 1_000_000 }, tokens }]);

  it('slotTotals: two identical workloads of 500k requests/day cost within 5% of one of 1M, for every option', () => {
    const two = decidePortfolio(twoInputs);
    const one = decidePortfolio(oneInputs);
    const sharing = two.options.filter((total) => total.cost.parts.teamTcoUsd > 0);
    expect(sharing.map((total) => total.slot).sort()).toEqual(
      ['cloud-managed', 'hybrid:overflow', 'hybrid:split', 'self-hosted'].sort(),
    );
    for (const total of two.options) {
      const single = one.options.find((entry) => entry.slot === total.slot);
      expect(single, total.slot).toBeDefined();
      if (!single) continue;
      expect(Math.abs(total.tcoUsd / single.tcoUsd - 1), total.slot).toBeLessThan(0.05);
      expect(Math.abs(total.monthlyCostUsd / single.monthlyCostUsd - 1), total.slot).toBeLessThan(0.05);
    }
    // Each workload alone pays the whole team: the sum of the two standalone plans is far above.
    const selfHosted = two.options.find((total) => total.slot === 'self-hosted');
    const alone = two.decisions.map((decision) => decision.options.find((option) => option.kind === 'self-hosted'));
    expect(selfHosted?.tcoUsd ?? 0).toBeLessThan(0.85 * ((alone[0]?.tcoUsd ?? 0) + (alone[1]?.tcoUsd ?? 0)));
  });

  it('planProfile: the JSON-level options[] count shared costs once and list the shared components once', () => {
    const plan = planProfile(twoInputs);
    const selfHosted = plan.options.find((option) => option.key === 'self-hosted');
    const total = decidePortfolio(twoInputs).options.find((entry) => entry.slot === 'self-hosted');
    expect(selfHosted?.monthlyCostUsd).toBeCloseTo(total?.monthlyCostUsd ?? 0, 6);
    const sharedTeam = selfHosted?.components.filter(
      ({ workload, component }) => workload === 'shared' && component.name.startsWith('SRE time'),
    );
    expect(sharedTeam).toHaveLength(1);
    expect(plan.placement.workloads.map((entry) => entry.workload)).toEqual(['first', 'second']);
  });
});

describe('portfolio model pieces', () => {
  const inputs = inputsOf(
    [
      { name: 'first', volume: { requestsPerDay: 10_000 }, tokens, choices: { fleetPolicy: 'fixed' } },
      { name: 'second', volume: { requestsPerDay: 10_000 }, tokens, choices: { fleetPolicy: 'fixed' } },
    ],
    { mlOpsCapacity: 'dedicated' },
  );
  const workloads = portfolioWorkloads(inputs);
  const model = portfolioModel(workloads, inputs.organization, inputs.cloudManagedMarkup);
  const choiceOf = (workloadIndex: number, slot: string) =>
    model.choicesByWorkload[workloadIndex].find((index) => model.choices[index].slot === slot) ?? -1;

  it('componentClass sorts GPU-option components into pool, team, setup, upgrade and own parts', () => {
    const selfHosted = workloads[0].decision.options.find((option) => option.kind === 'self-hosted');
    const classes = (selfHosted?.components ?? []).map((component) => [component.name, componentClass(component)]);
    expect(classes.filter(([, part]) => part === 'gpu')).toHaveLength(2);
    expect(classes.find(([name]) => String(name).startsWith('setup'))?.[1]).toBe('setup');
    expect(classes.find(([name]) => String(name).startsWith('model upgrade'))?.[1]).toBe('upgrade');
    expect(classes.find(([name]) => String(name).startsWith('on-call'))?.[1]).toBe('team');
    expect(classes.find(([name]) => String(name).startsWith('egress'))?.[1]).toBe('own');
  });

  it('splitOptionCost: the parts add up to the option TCO (doc example: setup $30,000 once)', () => {
    const decision = workloads[0].decision;
    decision.options.forEach((option, index) => {
      if (option.kind !== 'self-hosted' && option.kind !== 'cloud-managed' && option.kind !== 'hybrid') return;
      const split = splitOptionCost(decision.models[index], decision.workload, 36);
      const sum = Object.values(split.tcoUsd).reduce((total, value) => total + value, 0);
      expect(sum).toBeCloseTo(option.tcoUsd, 4);
      const monthly = Object.values(split.monthlyUsd).reduce((total, value) => total + value, 0);
      expect(monthly).toBeCloseTo(option.monthlyCostUsd, 4);
      if (option.kind === 'self-hosted') {
        expect(split.tcoUsd.setup).toBe(30_000);
        expect(split.tcoUsd.upgrade).toBe(15_000 * 5); // months 6, 12, 18, 24, 30
        expect(split.monthlyUsd.gpu).toBeCloseTo(5_760, 6); // 2 H100 x 720 h x $4
        expect(split.tcoUsd.gpu).toBeCloseTo(5_760 * 34, 6); // not during the 2 build months
        expect(split.tcoUsd.team).toBeCloseTo(21_600 * 34 + 19_600 * 2, 6); // no on-call while building
      }
    });
  });

  it('portfolioModel: one pool per slot and model; each workload priced alone equals its option TCO', () => {
    const rebuilt = portfolioModel(workloads, inputs.organization, inputs.cloudManagedMarkup);
    expect(rebuilt.choices).toHaveLength(model.choices.length);
    const selfHostedPool = rebuilt.pools.find((pool) => pool.key === 'self-hosted/llama-3.1-70b');
    expect(selfHostedPool?.memberChoices).toHaveLength(2);
    for (const [workloadIndex, indices] of model.choicesByWorkload.entries())
      for (const index of indices) {
        const placement = model.choicesByWorkload.map((_, other) => (other === workloadIndex ? index : -1));
        expect(placementCost(model, placement).tcoUsd).toBeCloseTo(model.choices[index].option.tcoUsd, 4);
      }
  });

  it('diversityFactor: a day shift and a night shift of the same size peak at half their summed peaks', () => {
    const day = new Float64Array(24).map((_, hour) => (hour >= 9 && hour < 17 ? 10 : 1));
    const night = new Float64Array(24).map((_, hour) => (hour >= 21 || hour < 5 ? 10 : 1));
    expect(diversityFactor([day, night])).toBeCloseTo(11 / 20, 12);
    expect(diversityFactor([day, day])).toBe(1);
    expect(diversityFactor([day])).toBe(1);
  });

  it('pooledFleet: two identical 1+1 GPU fleets pool into 2 serving + 1 spare (doc example: $8,640/month)', () => {
    const pooled = pooledFleet(model, [choiceOf(0, 'self-hosted'), choiceOf(1, 'self-hosted')]);
    expect(pooled.gpus).toBe(3);
    expect(pooled.monthlyUsd).toBeCloseTo(3 * 720 * 4, 6);
    expect(pooled.diversity).toBe(1);
  });

  it('placementCost: two workloads on self-hosted pay one team and one pooled fleet', () => {
    const both = placementCost(model, [choiceOf(0, 'self-hosted'), choiceOf(1, 'self-hosted')]);
    const own = model.choices[choiceOf(0, 'self-hosted')].ownMonthlyUsd;
    const team = model.team['self-managed']?.monthlyUsd ?? 0;
    expect(both.monthlyCostUsd).toBeCloseTo(2 * own + team + 8_640, 6);
    expect(both.pools).toHaveLength(1);
    expect(both.parts.staffingIncrementTcoUsd).toBe(0);
  });

  it('placementCount, placeExhaustive, placePortfolio, slotTotals, placementFacts and placeDecisions agree on the small portfolio', () => {
    expect(placementCount(model)).toBe(
      model.choicesByWorkload.reduce(
        (total, indices) => total * indices.filter((index) => model.choices[index].allowed).length,
        1,
      ),
    );
    const exhaustive = placeExhaustive(model);
    const placed = placePortfolio(model);
    expect(placed.method).toBe('exhaustive');
    expect(placed.cost.tcoUsd).toBeCloseTo(exhaustive.cost.tcoUsd, 6);
    const totals = slotTotals(model, exhaustive.baselineTcoUsd);
    for (const total of totals.filter((entry) => entry.eligible && entry.meetsMlOpsRule))
      expect(exhaustive.cost.tcoUsd).toBeLessThanOrEqual(total.tcoUsd + 1e-6);
    const facts = placementFacts(
      model,
      exhaustive,
      workloads.map((entry) => entry.decision),
    );
    expect(facts.savingsTcoUsd ?? -1).toBeGreaterThanOrEqual(-1e-6);
    const decided = placeDecisions(workloads, inputs);
    expect(decided.placement.tcoUsd).toBeCloseTo(facts.tcoUsd, 6);
  });
});

describe('pooled elastic fleets', () => {
  it('pooledFleet: two autoscaled members pool into one autoscaled fleet, within 5% of one workload of twice the traffic', () => {
    const autoscaled = { traffic: { pattern: 'business-hours' } };
    const two = decidePortfolio(
      inputsOf([
        { name: 'first', volume: { requestsPerDay: 300_000 }, tokens, ...autoscaled },
        { name: 'second', volume: { requestsPerDay: 300_000 }, tokens, ...autoscaled },
      ]),
    );
    const one = decidePortfolio(
      inputsOf([{ name: 'both', volume: { requestsPerDay: 600_000 }, tokens, ...autoscaled }]),
    );
    // fleetPolicy 'auto': the search picks the autoscaled fleet for business-hours traffic.
    expect(
      two.decisions.map(
        (decision) => decision.options.find((option) => option.kind === 'self-hosted')?.sizing?.configuration.policy,
      ),
    ).toEqual(['autoscale', 'autoscale']);
    const pooled = two.options.find((total) => total.slot === 'self-hosted');
    const single = one.options.find((total) => total.slot === 'self-hosted');
    expect(pooled?.cost.pools[0].fleet.fleet).not.toBeNull();
    expect(Math.abs((pooled?.tcoUsd ?? 0) / (single?.tcoUsd ?? 1) - 1)).toBeLessThan(0.05);
    const pooledFleetCost = pooledFleet(
      two.model,
      two.model.pools.find((pool) => pool.slot === 'self-hosted')?.memberChoices ?? [],
    );
    expect(pooledFleetCost.monthlyUsd).toBeLessThan(
      two.decisions.reduce((total, decision) => {
        const option = decision.options.find((candidate) => candidate.kind === 'self-hosted');
        return (
          total +
          (option?.components
            .filter((component) => component.category === 'gpu')
            .reduce((sum, component) => sum + component.monthlyCostUsd, 0) ?? 0)
        );
      }, 0),
    );
  });
});

describe('memberPaidShare and isElasticPool', () => {
  const member = (gpus: number, share: number, policy: 'fixed' | 'autoscale' | 'scheduled') => ({
    fleet: { ...fleet, tokensPerHourPerGpu: 1, targetPeakUtilization: 1, redundancyReplicas: 0 },
    shape: 'self-hosted' as const,
    billedUsdPerGpuHour: 1,
    buildMonths: 0,
    sizingTokensPerHourByMonth: [gpus],
    peakSized: true,
    hourlyTokens: new Float64Array(1),
    demandTokensPerMinute: new Float64Array(1),
    demandShare: 1,
    policy,
    percentile: 0.95,
    gpuMonthlyUsd: gpus * 720 * share,
    gpuTcoUsd: 0,
  });
  it('memberPaidShare: 10 peak GPUs at $1/h paying $2,880/month pay 40% of the hours (doc example)', () => {
    expect(memberPaidShare(member(10, 0.4, 'autoscale'))).toBeCloseTo(0.4, 12);
    expect(memberPaidShare(member(3, 1, 'fixed'))).toBe(1);
  });
  it('isElasticPool: only when every member autoscales, or every member follows a timetable', () => {
    expect(isElasticPool([member(1, 1, 'autoscale'), member(1, 1, 'autoscale')])).toBe(true);
    expect(isElasticPool([member(1, 1, 'autoscale'), member(1, 1, 'scheduled')])).toBe(false);
    expect(isElasticPool([member(1, 1, 'fixed')])).toBe(false);
  });
});

describe('pooled fleets reward diurnal offsets (traffic.utcOffsetHours)', () => {
  const pair = (offsetHours: number) =>
    inputsOf(
      [0, offsetHours].map((utcOffsetHours, index) => ({
        name: `region-${index}`,
        volume: { requestsPerDay: 60_000 },
        tokens,
        traffic: { pattern: 'sinusoid', utcOffsetHours },
        choices: { fleetPolicy: 'fixed' },
      })),
      { mlOpsCapacity: 'dedicated' },
    );
  const selfHostedPool = (inputs: PlanInputs) => {
    const decided = decidePortfolio(inputs);
    return decided.options.find((total) => total.slot === 'self-hosted')?.cost.pools[0]?.fleet;
  };

  it('pooledFleet: features 12 hours apart share a fleet smaller than two features peaking together', () => {
    const together = selfHostedPool(pair(0));
    const apart = selfHostedPool(pair(12));
    expect(together?.diversity).toBe(1);
    expect(apart?.diversity ?? 1).toBeLessThan(0.75);
    expect(apart?.gpus ?? 0).toBeLessThan(together?.gpus ?? 0);
    expect(apart?.monthlyUsd ?? 0).toBeLessThan(together?.monthlyUsd ?? 0);
  });
});

/** A model small enough to price by hand: $1 per GPU-month, one month, no build. */
function handModel(requiredSaving: number): PortfolioModel {
  const gpuFleet: ResolvedFleet = {
    ...fleet,
    usdPerGpuHour: 1 / 720,
    tokensPerHourPerGpu: 1,
    targetPeakUtilization: 1,
    redundancyReplicas: 0,
  };
  const bare = optionFor();
  const member = {
    fleet: gpuFleet,
    shape: 'self-hosted' as const,
    billedUsdPerGpuHour: 1 / 720,
    buildMonths: 0,
    sizingTokensPerHourByMonth: [1],
    peakSized: true,
    hourlyTokens: new Float64Array([1, 1]),
    demandTokensPerMinute: new Float64Array(120).fill(1 / 60),
    demandShare: 1,
    policy: 'fixed' as const,
    percentile: 0.95,
    gpuMonthlyUsd: 1,
    gpuTcoUsd: 1,
  };
  const tokenChoice = (workloadIndex: number) => ({
    workloadIndex,
    option: {
      ...bare,
      kind: 'hosted-open' as const,
      id: { kind: 'hosted-open' as const },
      key: 'hosted-open',
      tcoUsd: 40,
    },
    slot: 'hosted-open',
    allowed: true,
    ownMonthlyUsd: 40,
    ownTcoUsd: 40,
  });
  const gpuChoice = (workloadIndex: number) => ({
    workloadIndex,
    option: {
      ...bare,
      kind: 'self-hosted' as const,
      id: { kind: 'self-hosted' as const },
      key: 'self-hosted',
      tcoUsd: 61,
    },
    slot: 'self-hosted',
    allowed: true,
    ownMonthlyUsd: 10,
    ownTcoUsd: 10,
    gpu: {
      family: 'self-managed' as const,
      openModelId: 'm',
      poolKey: 'self-hosted/m',
      member,
      teamMonthlyUsd: 50,
      teamTcoUsd: 50,
      setupTcoUsd: 0,
      upgradeTcoUsd: 0,
    },
  });
  return {
    workloadNames: ['a', 'b'],
    horizonMonths: 1,
    choicesByWorkload: [
      [0, 1],
      [2, 3],
    ],
    choices: [tokenChoice(0), gpuChoice(0), tokenChoice(1), gpuChoice(1)],
    pools: [
      { key: 'self-hosted/m', slot: 'self-hosted', openModelId: 'm', family: 'self-managed', memberChoices: [1, 3] },
    ],
    team: { 'self-managed': { monthlyUsd: 50, tcoUsd: 50 } },
    setupTcoUsd: { 'self-managed': 0 },
    upgradeTcoUsdByModel: { m: 0 },
    fleetIncrementUsdPerMonth: 0,
    modelIncrementUsdPerMonth: 0,
    requiredSaving,
    tokenBaselineTcoUsd: [40, 40],
    accepts: () => true,
  };
}

function optionFor() {
  return decide(
    decisionInput(
      inputsOf([{ name: 'x', volume: { requestsPerDay: 1000 }, tokens }]).workloads[0],
      inputsOf([{ name: 'x', volume: { requestsPerDay: 1000 }, tokens }]).organization,
      0.3,
    ),
  ).options[0];
}

describe('the brute force on a case priced by hand (fixed charge: a $50 team)', () => {
  it('placeExhaustive: alone each prefers hosted ($40 < $61); together self-hosted wins ($72 < $80)', () => {
    const model = handModel(0);
    expect(placementCost(model, [1, 3]).tcoUsd).toBe(10 + 10 + 2 + 50);
    expect(placementCost(model, [1, 2]).tcoUsd).toBe(10 + 1 + 50 + 40);
    const solution = placeExhaustive(model);
    expect(solution.placement).toEqual([1, 3]);
    expect(solution.cost.tcoUsd).toBe(72);
    expect(solution.baselineTcoUsd).toBe(80);
  });

  it('meetsMlOpsRule: with a 20% bar the $72 placement must beat $80 - 20% x $80 = $64, so both stay hosted', () => {
    const model = handModel(0.2);
    expect(meetsMlOpsRule(model, [1, 3], 72, 80)).toBe(false);
    expect(meetsMlOpsRule(model, [1, 3], 64, 80)).toBe(true);
    expect(placeExhaustive(model).placement).toEqual([0, 2]);
  });

  it('placeWithMip and placeLocalSearch find the same placements as the brute force', () => {
    for (const bar of [0, 0.2]) {
      const model = handModel(bar);
      expect(placeWithMip(model, highs).placement).toEqual(placeExhaustive(model).placement);
      const local = placeLocalSearch(model);
      expect(local.method).toBe('local-search');
      expect(local.placement).toEqual(placeExhaustive(model).placement);
    }
  });

  it('placePortfolio with a MIP solver: nothing allowed anywhere leaves every workload unplaced (no MIP to solve)', () => {
    const model = handModel(0);
    const none = { ...model, choices: model.choices.map((choice) => ({ ...choice, allowed: false })) };
    const solution = placePortfolio(none, { mipSolver: highs });
    expect(solution.placement).toEqual([-1, -1]);
    expect(solution.cost.tcoUsd).toBe(0);
    expect(placePortfolio(model, { mipSolver: highs }).method).toBe('mip');
  });

  it('placementLp writes a CPLEX LP model with one assignment row per workload and the team as a fixed charge', () => {
    const { lp, linearPools } = placementLp(handModel(0));
    expect(lp.startsWith('Minimize')).toBe(true);
    expect(lp).toContain(' w0: + 1.000000 x0 + 1.000000 x1 = 1');
    expect(lp).toContain(' t1: x1 - 1.000000 team0 <= 0');
    expect(linearPools).toBe(false);
    expect(highs(lp).status).toBe('Optimal');
  });
});

describe('a portfolio of four features with different constraints (issue 14)', () => {
  /** A fast configuration (TTFT p95 80 ms) at a lower throughput: the only one that meets a p99 150 ms SLO. */
  const fast: ResolvedFleet = { ...fleet, tokensPerHourPerGpu: 1.5e6, ttftP95Ms: 80, ttftP50Ms: 40, precision: 'fp16' };
  const inputs = inputsOf(
    [
      { name: 'claims', volume: { requestsPerDay: 150_000 }, tokens, data: { sensitivity: 'regulated' } },
      {
        name: 'search',
        volume: { requestsPerDay: 60_000 },
        tokens: { inputPerRequest: 800, outputPerRequest: 200 },
        latency: { ttftMs: 150, percentile: 'p99', sloKind: 'hard' },
      },
      {
        name: 'digest',
        volume: { requestsPerDay: 80_000 },
        tokens,
        traffic: { offline: { deadlineHours: 24 } },
      },
      {
        name: 'contracts',
        volume: { requestsPerDay: 3_000 },
        tokens: { inputPerRequest: 90_000, outputPerRequest: 1_500 },
      },
    ],
    { mlOpsCapacity: 'limited' },
    (name) => (name === 'search' ? [fleet, fast] : [fleet]),
  );

  it('decidePortfolio and placeWithMip place each feature where the brute force of the same model does', () => {
    const decided = decidePortfolio(inputs, { mipSolver: highs });
    expect(decided.solution.method).toBe('mip');
    expect(decided.solution.exact).toBe(true);
    const brute = placeExhaustive(decided.model);
    expect(decided.solution.cost.tcoUsd).toBeCloseTo(brute.cost.tcoUsd, 4);
    expect(decided.solution.placement).toEqual(brute.placement);
    // Every workload sits on an option that meets its hard constraints.
    decided.placement.workloads.forEach((entry, index) => {
      const option = decided.decisions[index].options.find((candidate) => candidate.key === entry.key);
      expect(option?.eligible, entry.workload).toBe(true);
    });
    const byName = Object.fromEntries(decided.placement.workloads.map((entry) => [entry.workload, entry]));
    // Regulated data never goes to a per-token API; the p99 150 ms feature gets no API either.
    expect(['self-hosted', 'cloud-managed']).toContain(byName.claims.kind);
    expect(['self-hosted', 'cloud-managed']).toContain(byName.search.kind);
    // The long-context feature cannot use the 32k hosted model: it is ruled out, with the reason.
    expect(byName.contracts.kind).not.toBe('hosted-open');
    const contractsHosted = decided.decisions[3].options.find((option) => option.kind === 'hosted-open');
    expect(contractsHosted?.ineligible.map((failure) => failure.rule)).toContain('context-window');
    // The total is never above everything on the best single option.
    expect(decided.placement.savingsTcoUsd ?? 0).toBeGreaterThanOrEqual(-1e-6);
    for (const entry of decided.placement.workloads) expect(entry.why.kind).not.toBe('infeasible');
  });

  it('the exact placement is the same through planProfile, with or without the MIP solver', () => {
    const withMip = planProfile(inputs, { mipSolver: highs });
    const withoutMip = planProfile(inputs);
    expect(withoutMip.placement.method).toBe('exhaustive');
    expect(withMip.placement.workloads.map((entry) => entry.key)).toEqual(
      withoutMip.placement.workloads.map((entry) => entry.key),
    );
    expect(withMip.recommendation.tcoUsd).toBeCloseTo(withMip.placement.tcoUsd, 6);
    expect(
      withMip.placement.workloads.every(
        (entry) => entry.key !== null && optionKey(entry.option ?? { kind: 'hybrid' }) === entry.key,
      ),
    ).toBe(true);
  });
});
