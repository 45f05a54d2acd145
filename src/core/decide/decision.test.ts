/**
 * The decision function and the configuration search on synthetic fleets: the search
 * picks the cheapest configuration that meets the SLO, autoscaling is measured by the
 * simulator, the ML-ops bar is measured against the best per-token option, the build
 * period is paid for, and the flip volume does not depend on where you start.
 */
import { describe, expect, it } from 'vitest';
import type { WorkloadProfile } from '../workload/schema.ts';
import { workloadVolume } from '../workload/volume.ts';
import { decide, decisionInput, findDecisionFlips, scaledWorkload } from './decision.ts';
import { isTokenPriced, optionSlot, runsModels } from './option-id.ts';
import { gpuOptionModel, ttftAtPercentile } from './options.ts';
import { planProfile } from './plan.ts';
import { chooseOption, closestFirst } from './recommend.ts';
import { elasticEffect, fleetPoliciesFor, searchGpuOption, timetableGpus } from './search.ts';
import { planDemand, simulatePlannedFleet } from './simulate-fleet.ts';
import type { OptionResult, ResolvedFleet, ResolvedWorkload, TokenOffer } from './types.ts';
import { bareOption, fleet, frontier, hostedOpen, profile } from '../../../test/fixtures/decide-fixtures.ts';

const tp1: ResolvedFleet = fleet;
/** TP=2 serves 1.8x the tokens per GPU-hour of TP=1 (more KV cache per GPU), with a lower TTFT. */
const tp2: ResolvedFleet = { ...tp1, gpusPerReplica: 2, tokensPerHourPerGpu: 7.2e6, ttftP95Ms: 200, ttftP50Ms: 90 };
/** GPUs cheap and fast enough that a busy fleet beats $0.88 per 1M tokens: $2/h at 10M tokens/h = $0.20 per 1M. */
const cheapFleets: ResolvedFleet[] = [
  { ...tp1, usdPerGpuHour: 2 },
  { ...tp2, usdPerGpuHour: 2, tokensPerHourPerGpu: 10e6 },
];

function resolved(
  value: WorkloadProfile,
  fleets: ResolvedFleet[] = [tp1, tp2],
  offers = { frontier, hostedOpen },
): ResolvedWorkload {
  return {
    workload: value.workloads[0],
    frontier: offers.frontier,
    hostedOpen: offers.hostedOpen,
    fleet: fleets[0],
    fleetCandidates: fleets,
    warnings: [],
  };
}

const option = (kind: OptionResult['kind'], tcoUsd: number) => bareOption(kind, tcoUsd);

describe('configuration search', () => {
  it('searchGpuOption keeps the cheapest configuration and says why the others lost (doc example: TP=2 wins)', () => {
    const value = profile({ volume: { requestsPerDay: 2_000_000 }, choices: { fleetPolicy: 'fixed' } });
    const workload = value.workloads[0];
    const context = { workload, organization: value.organization, cloudManagedMarkup: 0.3 };
    const found = searchGpuOption('self-hosted', context, [tp1, tp2], planDemand(workload));
    expect(found.result.sizing?.configuration?.gpusPerReplica).toBe(2);
    expect(found.result.alternatives[0].configuration.gpusPerReplica).toBe(1);
    const loss = found.result.alternatives[0].lost;
    expect(loss.kind).toBe('costlier');
    if (loss.kind === 'costlier')
      expect(loss.extraTcoUsd).toBeCloseTo(found.result.alternatives[0].tcoUsd - found.result.tcoUsd, 6);
    // The winner's GPU count is what the peak needs at TP=2: 120B tokens/month x 2 peak / 720 h / (7.2M x 2 x 0.8) + 1 spare.
    const volume = workloadVolume(workload, 0);
    const servingReplicas = Math.ceil(volume.peakTokensPerHour / (7.2e6 * 2 * 0.8));
    expect(found.result.sizing?.gpus).toBe((servingReplicas + 1) * 2);
  });

  it('ttftAtPercentile and the search gate configurations on the SLO at the stated percentile (p99 = 1.5 x p95)', () => {
    expect(ttftAtPercentile(profile({ latency: { percentile: 'p99', ttftMs: 400 } }).workloads[0], 300)).toBe(450);
    expect(ttftAtPercentile(profile().workloads[0], 300)).toBe(300);
    const value = profile({ latency: { percentile: 'p99', ttftMs: 400 }, choices: { fleetPolicy: 'fixed' } });
    const workload = value.workloads[0];
    const context = { workload, organization: value.organization, cloudManagedMarkup: 0.3 };
    // TP=1: 300 ms p95 = 450 ms p99 misses 400 ms; TP=2: 200 ms p95 = 300 ms p99 meets it.
    const found = searchGpuOption('self-hosted', context, [tp1, tp2], planDemand(workload));
    expect(found.result.eligible).toBe(true);
    expect(found.result.latency).toEqual({ percentile: 'p99', ttftMs: 300, sloTtftMs: 400, meetsSlo: true });
    expect(found.result.sizing?.configuration?.gpusPerReplica).toBe(2);
    const onlyTp1 = searchGpuOption('self-hosted', context, [tp1], planDemand(workload));
    expect(onlyTp1.result.eligible).toBe(false);
    expect(onlyTp1.result.ineligible).toEqual([
      { rule: 'latency-slo', percentile: 'p99', ttftMs: 450, sloTtftMs: 400 },
    ]);
  });

  it('elasticEffect measures with the simulator what an autoscaled or scheduled fleet pays (doc example: a flat load pays ~all hours)', () => {
    const flat = new Float64Array(43_200).fill(2e6 / 60);
    const flatEffect = elasticEffect(tp1, 4, flat, 0.95, 'autoscale');
    expect(flatEffect.paidShare).toBeGreaterThan(0.45);
    expect(flatEffect.paidShare).toBeLessThanOrEqual(1);
    const workload = profile({
      volume: { requestsPerDay: 2_000_000 },
      traffic: { pattern: 'business-hours', peakToMeanRatio: 3 },
    }).workloads[0];
    const peakGpus = 40;
    const diurnal = elasticEffect(tp1, peakGpus, planDemand(workload), 0.95, 'autoscale');
    expect(diurnal.paidShare).toBeLessThan(0.8);
    expect(diurnal.paidShare).toBeGreaterThan(0.2);
    // A timetable from the weekly shape pays less than the peak fleet too, and misses no more SLO minutes than allowed.
    const scheduled = elasticEffect(tp1, peakGpus, planDemand(workload), 0.95, 'scheduled');
    expect(scheduled.paidShare).toBeLessThan(0.9);
    expect(scheduled.extraSloMissMinutes).toBeLessThan(43_200 * 0.05);
  });

  it('timetableGpus sizes each hour of the week for its busiest minute (doc example: more by day than at night)', () => {
    const workload = profile({
      volume: { requestsPerDay: 2_000_000 },
      traffic: { pattern: 'business-hours', peakToMeanRatio: 3 },
    }).workloads[0];
    const timetable = timetableGpus(tp1, 40, planDemand(workload));
    expect(timetable).toHaveLength(168);
    expect(timetable[12]).toBeGreaterThan(timetable[2]); // Monday noon vs Monday 02:00
    expect(Math.max(...timetable)).toBeLessThanOrEqual(40);
    expect(Math.min(...timetable)).toBeGreaterThanOrEqual(2); // one serving replica + the spare
  });

  it('fleetPoliciesFor offers autoscaled and scheduled fleets to fleet options and batch fleets to offline work only', () => {
    expect(fleetPoliciesFor('self-hosted', profile().workloads[0])).toEqual(['fixed', 'autoscale', 'scheduled']);
    expect(fleetPoliciesFor('hybrid-split', profile().workloads[0])).toEqual(['fixed']);
    expect(
      fleetPoliciesFor('self-hosted', profile({ traffic: { offline: { deadlineHours: 24 } } }).workloads[0]),
    ).toEqual(['fixed', 'autoscale', 'scheduled', 'batch']);
    expect(fleetPoliciesFor('cloud-managed', profile({ choices: { fleetPolicy: 'fixed' } }).workloads[0])).toEqual([
      'fixed',
    ]);
  });

  it('plans a queued batch fleet, sized for the mean load, for offline work with a day of deadline', () => {
    const value = profile({
      volume: { requestsPerDay: 2_000_000 },
      traffic: { peakToMeanRatio: 3, offline: { deadlineHours: 24 }, interruptible: true },
      latency: { ttftMs: 100 },
    });
    const workload = value.workloads[0];
    const context = { workload, organization: value.organization, cloudManagedMarkup: 0.3 };
    const found = searchGpuOption('self-hosted', context, [tp1, tp2], planDemand(workload));
    expect(found.result.eligible).toBe(true); // no TTFT SLO for offline work
    expect(found.result.sizing?.configuration?.policy).toBe('batch');
    // Sized for the mean (not 3x peak), no spare: 120B tokens / 720 h / (7.2M x 2 x 0.8) replicas of TP=2.
    const mean = workloadVolume(workload, 0).meanTokensPerHour;
    expect(found.result.sizing?.gpus).toBe(Math.ceil(mean / (7.2e6 * 2 * 0.8)) * 2);
  });

  it('gpuOptionModel names the configuration it costs (doc example)', () => {
    const value = profile();
    const context = { workload: value.workloads[0], organization: value.organization, cloudManagedMarkup: 0.3 };
    expect(gpuOptionModel('self-hosted', context, tp1, 'fixed').configuration).toEqual({
      openModelId: 'llama-3.1-70b',
      gpuId: 'h100-sxm',
      gpusPerReplica: 1,
      precision: 'fp8',
      engine: 'vllm',
      pricing: 'on-demand',
      policy: 'fixed',
    });
  });

  it('simulatePlannedFleet runs the peak and the mean fleet (doc example: nothing overflows at 600M tokens/month)', () => {
    const workload = profile().workloads[0];
    const demand = planDemand(workload);
    const mean = simulatePlannedFleet(tp1, workload, demand, { overflowToApi: true });
    expect(mean.overflowShare).toBe(0);
    expect(mean.result.policy.spec).toBe('fixed:1,overflow=api');
    expect(simulatePlannedFleet(tp1, workload, demand, { overflowToApi: false }).result.policy.spec).toBe(
      'fixed:2,overflow=queue',
    );
  });
});

describe('the decision rules', () => {
  it('runsModels and isTokenPriced split the options the ML-ops rule applies to (doc examples)', () => {
    expect(runsModels('cloud-managed')).toBe(true);
    expect(runsModels('hybrid')).toBe(true);
    expect(runsModels('hosted-open')).toBe(false);
    expect(isTokenPriced('frontier-api')).toBe(true);
    expect(isTokenPriced('self-hosted')).toBe(false);
  });

  it('closestFirst orders ineligible options: fewer failures, then a smaller latency miss (doc example)', () => {
    const miss = (ttftMs: number): OptionResult => ({
      ...option('hosted-open', 1),
      eligible: false,
      ineligible: [{ rule: 'latency-slo', percentile: 'p95', ttftMs, sloTtftMs: 100 }],
      latency: { percentile: 'p95', ttftMs, sloTtftMs: 100, meetsSlo: false },
    });
    const twoFailures: OptionResult = { ...miss(120), ineligible: [...miss(120).ineligible, { rule: 'quality' }] };
    const missBy2x = miss(200);
    const missBy1_5x = miss(150);
    expect([twoFailures, missBy2x, missBy1_5x].sort(closestFirst)).toEqual([missBy1_5x, missBy2x, twoFailures]);
  });

  it('measures the ML-ops bar against the best per-token option, cloud-managed included', () => {
    const organization = profile({}, { mlOpsCapacity: 'limited' }).organization;
    // The case: a hybrid 29% cheaper than hosted-open, cloud-managed in between.
    const chosen = chooseOption(
      [option('hosted-open', 100_000), option('cloud-managed', 85_000), option('hybrid', 71_000)],
      organization,
      36,
    );
    expect(chosen.chosen.kind).toBe('hybrid');
    expect(chosen.reasons[1]).toMatchObject({ kind: 'ml-ops-bar-met', requiredSaving: 0.2 });
    // A managed endpoint that saves 10% does not clear the 20% bar: the per-token option stays.
    const managed = chooseOption([option('hosted-open', 100_000), option('cloud-managed', 90_000)], organization, 36);
    expect(managed.chosen.kind).toBe('hosted-open');
    expect(managed.reasons[0]).toMatchObject({ kind: 'ml-ops-bar-not-met', gpuOption: { kind: 'cloud-managed' } });
  });

  it('pays for the build period: the hosted option serves and is billed alongside the team', () => {
    const value = profile({ volume: { requestsPerDay: 2_000_000 } }, { staffing: { buildPeriodMonths: 3 } });
    const decision = decide(decisionInput(resolved(value), value.organization, 0.3));
    const selfHosted = decision.options.find((entry) => entry.kind === 'self-hosted');
    const hosted = decision.options.find((entry) => entry.kind === 'hosted-open');
    if (!selfHosted || !hosted) throw new Error('missing options');
    for (const month of selfHosted.months.slice(0, 3))
      expect(month.recurringUsd).toBeGreaterThan(hosted.monthlyCostUsd);
    expect(selfHosted.months[3].recurringUsd).toBeCloseTo(selfHosted.monthlyCostUsd, 4);
  });

  it('scaledWorkload multiplies the volume (doc example: 10,000 -> 20,000 requests/day)', () => {
    expect(scaledWorkload(profile().workloads[0], 2).volume.requestsPerDay).toBe(20_000);
    expect(scaledWorkload(profile({ volume: { tokensPerMonth: 1e9 } }).workloads[0], 3).volume.tokensPerMonth).toBe(
      3e9,
    );
  });

  it('decide recommends hosted-open at 600M tokens/month (doc example) and a GPU option at 1000x', () => {
    const value = profile();
    const input = decisionInput(resolved(value, cheapFleets), value.organization, 0.3);
    expect(decide(input).chosen.kind).toBe('hosted-open');
    expect(runsModels(decide(input, 1000).chosen.kind)).toBe(true);
  });

  it('findDecisionFlips finds where the decision changes, the same from today or from just below (doc example)', () => {
    const value = profile();
    const input = decisionInput(resolved(value, cheapFleets), value.organization, 0.3);
    const today = decide(input);
    const [flip] = findDecisionFlips(input, today);
    if (flip.kind !== 'cheapest-above') throw new Error(`expected a cheapest-above flip, got ${flip.kind}`);
    expect(optionSlot(decide(input, flip.factor * 0.97).chosen.id)).toBe('hosted-open');
    expect(optionSlot(decide(input, flip.factor * 1.03).chosen.id)).toBe(optionSlot(flip.option));
    // Plan the same workload at 90% of the flip volume: the flip volume is the same within 10%.
    const nearFlip = profile({ volume: { requestsPerDay: 10_000 * flip.factor * 0.9 } });
    const nearInput = decisionInput(resolved(nearFlip, cheapFleets), nearFlip.organization, 0.3);
    const nearToday = decide(nearInput);
    const flips = findDecisionFlips(nearInput, nearToday);
    const [again] = flips;
    if (again.kind !== 'cheapest-above') throw new Error(`expected a cheapest-above flip, got ${again.kind}`);
    expect(again.tokensPerMonth / flip.tokensPerMonth).toBeGreaterThan(0.9);
    expect(again.tokensPerMonth / flip.tokensPerMonth).toBeLessThan(1.1);
  });

  it('findDecisionFlips at portfolio resolution: a coarser grid, the same flip within its bracket, agreeing with decide', () => {
    const value = profile();
    const input = decisionInput(resolved(value, cheapFleets), value.organization, 0.3);
    const today = decide(input);
    const [full] = findDecisionFlips(input, today);
    const [coarse] = findDecisionFlips(input, today, { resolution: 'portfolio' });
    if (full.kind !== 'cheapest-above' || coarse.kind !== 'cheapest-above')
      throw new Error(`expected cheapest-above flips, got ${full.kind} and ${coarse.kind}`);
    expect(optionSlot(coarse.option)).toBe(optionSlot(full.option));
    // A 4x bracket bisected 6 times: within 4^(1/64) = 2.2% above the crossing.
    expect(coarse.factor / full.factor).toBeGreaterThan(1 / 1.03);
    expect(coarse.factor / full.factor).toBeLessThan(1.03);
    expect(optionSlot(decide(input, coarse.factor, { withBand: false }).chosen.id)).toBe(optionSlot(coarse.option));
  });

  it('says cost does not decide when the best two are within 10% or $500/month', () => {
    const twin: TokenOffer = {
      ...hostedOpen,
      id: 'fireworks/llama-3.1-70b',
      provider: 'fireworks',
      usdPerMillionInputTokens: 0.9,
      usdPerMillionOutputTokens: 0.9,
      usdPerMillionCachedInputTokens: 0.9,
    };
    const value = profile({ requirements: { minimumQuality: 'open' } });
    const plan = planProfile({
      organization: value.organization,
      cloudManagedMarkup: 0.3,
      workloads: [resolved(value, [tp1], { frontier: { ...twin, kind: 'frontier-api' }, hostedOpen })],
    });
    expect(plan.workloads[0].verdict).toMatchObject({ kind: 'cost-does-not-decide', option: { kind: 'hosted-open' } });
    expect(plan.workloads[0].feasible).toBe(true);
  });

  it('is infeasible, naming the closest options, when nothing meets a p99 SLO', () => {
    const value = profile({ latency: { percentile: 'p99', ttftMs: 50 } });
    const plan = planProfile({
      organization: value.organization,
      cloudManagedMarkup: 0.3,
      workloads: [resolved(value)],
    });
    const [workload] = plan.workloads;
    expect(workload.feasible).toBe(false);
    expect(plan.feasible).toBe(false);
    if (workload.verdict.kind !== 'infeasible') throw new Error('expected infeasible');
    // The fleet's 300 ms p99 misses 50 ms by less than the APIs' 1,200-1,650 ms.
    expect(workload.verdict.closest[0].option.kind).not.toBe('frontier-api');
    expect(workload.verdict.closest[0].failures[0].rule).toBe('latency-slo');
  });
});
