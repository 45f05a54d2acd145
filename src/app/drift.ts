/**
 * The drift use-case: a plan (its report and the profile it was made from) against what
 * the log shows since: volumes, mix, latency and monthly cost per option, then a re-plan
 * on the measured numbers and what flipped. No fs: the CLI reads the plan and the log.
 */
import type { Catalog } from '../catalog/catalog.ts';
import type { MeasuredWorkload } from '../core/measure/usage.ts';
import { fail, problem, succeed, type Outcome } from '../core/problem.ts';
import { parseProfile } from '../core/workload/parse.ts';
import type { Workload, WorkloadProfile } from '../core/workload/schema.ts';
import type { DriftReport, DriftWorkload } from '../report/drift-model.ts';
import type { PlanReport } from '../report/plan-report.ts';

export type { DriftReport, DriftWorkload, DriftOption } from '../report/drift-model.ts';
import { measuredProfile, type Measurement } from './measure-profile.ts';
import { planUseCase, type PlanDependencies } from './plan.ts';

/** A measured volume this far from the planned one (either way) is flagged: 20%. */
export const VOLUME_DRIFT_SHARE = 0.2;
/** A measured P95 TTFT this much above the planned one is flagged: 20%. */
export const LATENCY_DRIFT_SHARE = 0.2;

export interface DriftInput {
  plan: PlanReport;
  /** The profile the plan was made from (plan JSON `input.profile`). */
  profile: unknown;
  planGeneratedAt: string | null;
  measurement: Measurement;
}

/** The planned profile with each measured workload's volume, tokens, traffic shape and latency in place. */
function replannedProfile(
  planned: WorkloadProfile,
  measuredWorkloads: ReadonlyArray<Record<string, unknown>>,
): Outcome<WorkloadProfile> {
  const byName = new Map(measuredWorkloads.map((workload) => [String(workload.name), workload]));
  const input = {
    ...planned,
    workloads: planned.workloads.map((workload) => {
      const measured = byName.get(workload.name);
      if (!measured) return workload;
      const traffic = measured.traffic as Workload['traffic'];
      return {
        ...workload,
        volume: measured.volume,
        tokens: measured.tokens,
        traffic: {
          ...workload.traffic,
          peakToMeanRatio: traffic.peakToMeanRatio,
          monthlyGrowthRate: traffic.monthlyGrowthRate,
          ...(traffic.hourOfWeek ? { hourOfWeek: traffic.hourOfWeek } : {}),
        },
        measured: { ...(workload.measured ?? {}), ...(measured.measured as Record<string, unknown>) },
      };
    }),
  };
  const parsed = parseProfile(input);
  return parsed.ok ? succeed(parsed.value) : fail(...parsed.problems);
}

const shareOf = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

function latencyDrift(
  plan: PlanReport['workloads'][number],
  measured: MeasuredWorkload | undefined,
): DriftWorkload['latency'] {
  return (measured?.latency ?? []).flatMap((entry) => {
    if (!entry.ttftMs) return [];
    const option = plan.options.find((candidate) => {
      const offer = candidate.id.split(':')[1] ?? '';
      const [offerProvider, offerModel] = offer.split('/');
      return (
        offerModel !== undefined &&
        (offerModel === entry.model || offer === entry.model) &&
        (offerProvider === entry.provider || offerProvider === entry.providerKind)
      );
    });
    const plannedTtftMs = option?.latency.ttftMs ?? null;
    return [
      {
        provider: entry.provider,
        model: entry.model,
        samples: entry.samples,
        optionId: option?.id ?? null,
        plannedTtftMs,
        measuredTtftP95Ms: entry.ttftMs.p95,
        drifted: plannedTtftMs !== null && entry.ttftMs.p95 > plannedTtftMs * (1 + LATENCY_DRIFT_SHARE),
      },
    ];
  });
}

/**
 * Drift of a plan against the measured log, and the re-plan.
 * @example
 * // planned 600M tokens/month, the log since shows 1.2B: volumeRatio 2, volumeDrifted true
 * driftUseCase({ plan, profile, planGeneratedAt, measurement }, dependencies, catalog).value.workloads[0].volumeRatio === 2
 */
export function driftUseCase(
  input: DriftInput,
  dependencies: PlanDependencies,
  catalog: Catalog,
): Outcome<DriftReport> {
  const planned = parseProfile(input.profile);
  if (!planned.ok)
    return fail(
      problem(
        '--plan',
        undefined,
        'the plan has no valid input.profile (make it with this version of switchyard plan --format json)',
      ),
      ...planned.problems,
    );
  const measuredYaml = measuredProfile(input.measurement, catalog);
  if (!measuredYaml.ok) return measuredYaml;
  const measuredInputs = (measuredYaml.value.profile.workloads as unknown as Array<Record<string, unknown>>) ?? [];
  const warnings = [...measuredYaml.value.warnings];
  const profile = replannedProfile(planned.value, measuredInputs);
  if (!profile.ok) return profile;
  const replan = planUseCase(profile.value, dependencies);
  if (!replan.ok) return replan;
  const measuredByName = new Map(input.measurement.workloads.map((workload) => [workload.name, workload]));
  const workloads: DriftWorkload[] = input.plan.workloads.map((plannedWorkload) => {
    const measured = measuredByName.get(plannedWorkload.name);
    const replanned = replan.value.workloads.find((workload) => workload.name === plannedWorkload.name);
    const plannedProfileWorkload = planned.value.workloads.find((workload) => workload.name === plannedWorkload.name);
    const plannedInput = plannedProfileWorkload?.tokens.inputPerRequest ?? 0;
    const plannedOutput = plannedProfileWorkload?.tokens.outputPerRequest ?? 0;
    const chosen = plannedWorkload.options.find((option) => option.id === plannedWorkload.recommendation.optionId);
    const replannedChosen = replanned?.options.find((option) => option.id === replanned.recommendation.optionId);
    const volumeRatio =
      measured && plannedWorkload.tokensPerMonth > 0 ? measured.tokensPerMonth / plannedWorkload.tokensPerMonth : null;
    return {
      name: plannedWorkload.name,
      measured: measured !== undefined,
      plannedRequestsPerMonth: plannedWorkload.requestsPerMonth,
      measuredRequestsPerMonth: measured?.requestsPerMonth ?? null,
      plannedTokensPerMonth: plannedWorkload.tokensPerMonth,
      measuredTokensPerMonth: measured?.tokensPerMonth ?? null,
      volumeRatio,
      volumeDrifted: volumeRatio === null || Math.abs(volumeRatio - 1) > VOLUME_DRIFT_SHARE,
      mix: {
        plannedInputShare: shareOf(plannedInput, plannedInput + plannedOutput),
        measuredInputShare: measured
          ? shareOf(measured.inputTokens, measured.inputTokens + measured.outputTokens)
          : null,
        plannedCachedInputShare: plannedProfileWorkload?.tokens.cachedInputShare ?? 0,
        measuredCachedInputShare: measured ? shareOf(measured.cachedInputTokens, measured.inputTokens) : null,
      },
      latency: latencyDrift(plannedWorkload, measured),
      loggedCostUsdPerMonth: measured?.costUsdPerMonth ?? null,
      options: plannedWorkload.options.map((option) => {
        const again = replanned?.options.find((candidate) => candidate.id === option.id);
        return {
          optionId: option.id,
          label: option.label,
          plannedMonthlyCostUsd: option.monthlyCostUsd,
          measuredMonthlyCostUsd: again?.monthlyCostUsd ?? null,
          plannedEligible: option.eligible,
          measuredEligible: again?.eligible ?? null,
        };
      }),
      plannedChoice: {
        optionId: plannedWorkload.recommendation.optionId,
        label: chosen?.label ?? plannedWorkload.recommendation.optionId,
        feasible: plannedWorkload.feasible,
      },
      replannedChoice: replanned
        ? {
            optionId: replanned.recommendation.optionId,
            label: replannedChosen?.label ?? replanned.recommendation.optionId,
            feasible: replanned.feasible,
          }
        : null,
      flipped:
        replanned !== undefined &&
        (replanned.recommendation.optionId !== plannedWorkload.recommendation.optionId ||
          replanned.feasible !== plannedWorkload.feasible),
    };
  });
  const plannedNames = new Set(input.plan.workloads.map((workload) => workload.name));
  const unplanned = input.measurement.workloads
    .filter((workload) => !plannedNames.has(workload.name))
    .map((workload) => ({
      name: workload.name,
      tokensPerMonth: workload.tokensPerMonth,
      requestsPerMonth: workload.requestsPerMonth,
    }));
  const { startMs, endMs } = input.measurement.window;
  return succeed({
    report: 'switchyard.drift',
    planGeneratedAt: input.planGeneratedAt,
    window: {
      from: new Date(startMs).toISOString(),
      to: new Date(endMs).toISOString(),
      days: (endMs - startMs) / 86_400_000,
    },
    source: input.measurement.source.name,
    workloads,
    unplanned,
    recommendationChanged: workloads.some((workload) => workload.flipped),
    replan: replan.value,
    warnings,
  });
}
