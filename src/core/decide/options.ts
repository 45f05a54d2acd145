/**
 * Builds every deployment option for one workload: its cost function (components for a
 * month's volume), eligibility, and the month-by-month TCO.
 */
import { latencyPenaltyComponent } from '../cost/latency-penalty.ts';
import { cloudManagedSettings, gpuOptionComponents, selfHostedSettings, type OpsInputs } from '../cost/self-hosted.ts';
import { sizeFleetForPeak } from '../capacity/fleet.ts';
import { tco } from '../cost/tco.ts';
import { tokenPricedComponents } from '../cost/token-priced.ts';
import { overflowShare } from '../cost/traffic-share.ts';
import type { CostComponent } from '../cost/types.ts';
import type { Organization, Workload } from '../workload/schema.ts';
import { workloadVolume, type WorkloadVolume } from '../workload/volume.ts';
import { ineligibleReasons, type OptionFacts } from './constraints.ts';
import type { FleetSizing } from '../cost/self-hosted.ts';
import type { OptionKind, OptionResult, ResolvedFleet, ResolvedWorkload, TokenOffer } from './types.ts';

/** An option before evaluation: how to cost it at any volume. */
export interface OptionModel {
  id: string;
  kind: OptionKind;
  label: string;
  facts: OptionFacts;
  unavailable?: string;
  ttftP95Ms: number | undefined;
  costAt(volume: WorkloadVolume): { components: CostComponent[]; sizing?: OptionResult['sizing'] };
}

/** Staffing for the GPU options; with no ML-ops team the shares become new hires. */
export function opsInputs(organization: Organization): OpsInputs {
  if (organization.mlOpsCapacity !== 'none')
    return { engineerLoadedCostUsdPerYear: organization.engineerLoadedCostUsdPerYear, staffing: organization.staffing };
  return {
    engineerLoadedCostUsdPerYear: organization.engineerLoadedCostUsdPerYear,
    staffing: {
      ...organization.staffing,
      sreFte: Math.max(1, organization.staffing.sreFte),
      mlEngineerFte: Math.max(1, organization.staffing.mlEngineerFte),
    },
    staffingNote: 'new hire: no ML-ops capacity today',
  };
}

function withPenalty(workload: Workload, ttftMs: number | undefined, components: CostComponent[]): CostComponent[] {
  if (ttftMs === undefined) return components;
  const penalty = latencyPenaltyComponent({
    optionTtftMs: ttftMs,
    sloTtftMs: workload.latency.ttftMs,
    revenueAtStakeUsdPerMonthPer100Ms: workload.revenueAtStakeUsdPerMonthPer100Ms,
    percentile: workload.latency.percentile,
  });
  return penalty ? [...components, penalty] : components;
}

function prefixed(prefix: string, components: CostComponent[]): CostComponent[] {
  return components.map((component) => ({ ...component, name: `${prefix}: ${component.name}` }));
}

/** Scales a p95 TTFT to the workload's percentile (p99 ~ 1.5 x p95, a planning rule of thumb). */
function ttftAtPercentile(workload: Workload, ttftP95Ms: number): number {
  return workload.latency.percentile === 'p99' ? Math.round(ttftP95Ms * 1.5) : ttftP95Ms;
}

function tokenOption(
  workload: Workload,
  kind: 'frontier-api' | 'hosted-open',
  offer: TokenOffer | undefined,
  problem: string | undefined,
): OptionModel {
  const ttftP95Ms = offer ? ttftAtPercentile(workload, offer.ttftP95Ms) : undefined;
  return {
    id: offer ? `${kind}:${offer.id}` : kind,
    kind,
    label: offer ? `${kind === 'frontier-api' ? 'Frontier API' : 'Hosted open model'} (${offer.id})` : kind,
    facts: { kind, tokenOffer: offer, fleet: undefined, ttftP50Ms: offer?.ttftP50Ms },
    unavailable: offer ? undefined : (problem ?? 'no catalog entry'),
    ttftP95Ms,
    costAt: (volume) => ({
      components: offer ? withPenalty(workload, ttftP95Ms, tokenPricedComponents(volume, offer)) : [],
    }),
  };
}

function gpuOption(
  workload: Workload,
  organization: Organization,
  kind: 'self-hosted' | 'cloud-managed',
  fleet: ResolvedFleet | undefined,
  problem: string | undefined,
  markup: number,
  simulatedUtilization: number | undefined,
): OptionModel {
  const settings = kind === 'self-hosted' ? selfHostedSettings : cloudManagedSettings(markup);
  const ttftP95Ms = fleet ? ttftAtPercentile(workload, fleet.ttftP95Ms) : undefined;
  return {
    id: fleet ? `${kind}:${fleet.openModelId}@${fleet.gpuId}` : kind,
    kind,
    label: fleet
      ? `${kind === 'self-hosted' ? 'Self-hosted' : 'Cloud-managed endpoint'} (${fleet.openModelId} on ${fleet.gpuId}${kind === 'cloud-managed' ? `, +${Math.round(markup * 100)}% managed markup` : ''})`
      : kind,
    facts: { kind, tokenOffer: undefined, fleet, ttftP50Ms: fleet?.ttftP50Ms },
    unavailable: fleet ? undefined : (problem ?? 'no GPU fleet could be sized'),
    ttftP95Ms,
    costAt: (volume) => {
      if (!fleet) return { components: [] };
      const result = gpuOptionComponents(volume, fleet, opsInputs(organization), settings);
      return {
        components: withPenalty(workload, ttftP95Ms, result.components),
        sizing:
          simulatedUtilization === undefined ? result.sizing : { ...result.sizing, utilization: simulatedUtilization },
      };
    },
  };
}

function hybridSplitOption(
  workload: Workload,
  organization: Organization,
  fleet: ResolvedFleet | undefined,
  offer: TokenOffer | undefined,
): OptionModel {
  const share = workload.choices.hybridSelfHostedShare;
  const ttftP95Ms = fleet && offer ? ttftAtPercentile(workload, Math.max(fleet.ttftP95Ms, offer.ttftP95Ms)) : undefined;
  return {
    id: 'hybrid:split',
    kind: 'hybrid',
    label: `Hybrid split: ${Math.round(share * 100)}% self-hosted, ${Math.round((1 - share) * 100)}% to ${offer?.id ?? 'an API'}`,
    facts: {
      kind: 'hybrid',
      tokenOffer: offer,
      fleet,
      ttftP50Ms: fleet && offer ? Math.max(fleet.ttftP50Ms, offer.ttftP50Ms) : undefined,
    },
    unavailable: !fleet ? 'no GPU fleet could be sized' : !offer ? 'no API to split to' : undefined,
    ttftP95Ms,
    costAt: (volume) => {
      if (!fleet || !offer) return { components: [] };
      const gpu = gpuOptionComponents(volume, fleet, opsInputs(organization), selfHostedSettings, {
        tokenShare: share,
      });
      const api = tokenPricedComponents(volume, offer, 1 - share);
      return {
        components: withPenalty(workload, ttftP95Ms, [
          ...prefixed('self-hosted', gpu.components),
          ...prefixed('API', api),
        ]),
        sizing: { ...gpu.sizing, selfHostedShare: share },
      };
    },
  };
}

/**
 * "Self-hosted up to capacity, overflow to API": the fleet is sized for the mean load
 * (not the peak); what the traffic puts above that capacity goes to the API. The share
 * comes from the minute-by-minute simulation when one ran, else from the daily-cycle
 * formula in traffic-share.ts.
 */
function hybridOverflowOption(
  workload: Workload,
  organization: Organization,
  fleet: ResolvedFleet | undefined,
  offer: TokenOffer | undefined,
  simulatedOverflowShare: number | undefined,
): OptionModel {
  const ttftP95Ms = fleet ? ttftAtPercentile(workload, fleet.ttftP95Ms) : undefined;
  return {
    id: 'hybrid:overflow',
    kind: 'hybrid',
    label: `Hybrid overflow: self-hosted sized for the mean load, peaks overflow to ${offer?.id ?? 'an API'}`,
    facts: { kind: 'hybrid', tokenOffer: offer, fleet, ttftP50Ms: fleet?.ttftP50Ms },
    unavailable: !fleet ? 'no GPU fleet could be sized' : !offer ? 'no API to overflow to' : undefined,
    ttftP95Ms,
    costAt: (volume) => {
      if (!fleet || !offer) return { components: [] };
      const serving = sizeFleetForPeak({
        ...fleet,
        peakTokensPerHour: volume.meanTokensPerHour,
        redundancyReplicas: 0,
      });
      const capacityTokensPerHour =
        serving.servingReplicas * fleet.gpusPerReplica * fleet.tokensPerHourPerGpu * fleet.targetPeakUtilization;
      const overflow =
        simulatedOverflowShare ??
        overflowShare(workload.traffic.peakToMeanRatio, capacityTokensPerHour / volume.meanTokensPerHour);
      const gpu = gpuOptionComponents(volume, fleet, opsInputs(organization), selfHostedSettings, {
        tokenShare: 1 - overflow,
        sizingPeakTokensPerHour: volume.meanTokensPerHour,
      });
      const api = tokenPricedComponents(volume, offer, overflow);
      const sizing: FleetSizing & { overflowShare: number } = { ...gpu.sizing, overflowShare: overflow };
      return {
        components: withPenalty(workload, ttftP95Ms, [
          ...prefixed('self-hosted', gpu.components),
          ...prefixed('API overflow', api),
        ]),
        sizing,
      };
    },
  };
}

/** Every option for a workload, unevaluated. */
export function optionModels(
  resolved: ResolvedWorkload,
  organization: Organization,
  cloudManagedMarkup: number,
): OptionModel[] {
  const { workload, fleet } = resolved;
  const hybridApi = resolved.hostedOpen ?? resolved.frontier;
  return [
    tokenOption(workload, 'frontier-api', resolved.frontier, resolved.frontierProblem),
    tokenOption(workload, 'hosted-open', resolved.hostedOpen, resolved.hostedOpenProblem),
    gpuOption(
      workload,
      organization,
      'cloud-managed',
      fleet,
      resolved.fleetProblem,
      cloudManagedMarkup,
      resolved.simulatedUtilization,
    ),
    gpuOption(
      workload,
      organization,
      'self-hosted',
      fleet,
      resolved.fleetProblem,
      cloudManagedMarkup,
      resolved.simulatedUtilization,
    ),
    hybridSplitOption(workload, organization, fleet, hybridApi),
    hybridOverflowOption(workload, organization, fleet, hybridApi, resolved.simulatedOverflowShare),
  ];
}

/**
 * Evaluates an option: first-month components, TCO over the horizon with growth, eligibility.
 * usdPerMillionTokens = first month's recurring cost / first month's tokens in millions.
 */
export function evaluateOption(model: OptionModel, workload: Workload, organization: Organization): OptionResult {
  const firstVolume = workloadVolume(workload, 0);
  const first = model.costAt(firstVolume);
  const reasons = model.unavailable
    ? [`unavailable: ${model.unavailable}`]
    : ineligibleReasons(model.facts, workload, organization);
  const horizon = tco(
    (monthIndex) => model.costAt(workloadVolume(workload, monthIndex)).components,
    organization.horizonMonths,
  );
  let monthlyCostUsd = 0;
  let usageBasedMonthlyCostUsd = 0;
  for (const component of first.components) {
    monthlyCostUsd += component.monthlyCostUsd;
    if (component.usageBased) usageBasedMonthlyCostUsd += component.monthlyCostUsd;
  }
  const tokens = firstVolume.tokensPerMonth;
  const notes: string[] = [];
  if (first.sizing) {
    notes.push(
      `${first.sizing.gpus} GPUs (${first.sizing.replicas} replicas x ${model.facts.fleet?.gpusPerReplica ?? 1}), mean utilization ${(first.sizing.utilization * 100).toFixed(1)}%`,
    );
    if (first.sizing.overflowShare !== undefined)
      notes.push(`${(first.sizing.overflowShare * 100).toFixed(1)}% of tokens overflow to the API at peaks`);
  }
  return {
    id: model.id,
    kind: model.kind,
    label: model.label,
    eligible: reasons.length === 0,
    ineligibleReasons: reasons,
    monthlyCostUsd,
    usageBasedMonthlyCostUsd,
    fixedMonthlyCostUsd: monthlyCostUsd - usageBasedMonthlyCostUsd,
    tcoUsd: horizon.tcoUsd,
    oneOffUsd: horizon.oneOffUsd,
    usdPerMillionTokens: tokens > 0 ? monthlyCostUsd / (tokens / 1e6) : 0,
    components: first.components,
    months: horizon.months,
    ttftP95Ms: model.ttftP95Ms,
    sizing: first.sizing,
    notes,
  };
}
