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
import type { TokenPricedKind } from '../vocabulary.ts';
import type { Organization, Workload } from '../workload/schema.ts';
import { workloadVolume, type WorkloadVolume } from '../workload/volume.ts';
import { ineligibleReasons, type OptionFacts } from './constraints.ts';
import { optionKey, type OptionId } from './option-id.ts';
import type {
  Ineligibility,
  OptionKind,
  OptionParameters,
  OptionResult,
  OptionSizing,
  ResolvedFleet,
  ResolvedWorkload,
  TokenOffer,
} from './types.ts';

/** An option before evaluation: how to cost it at any volume. */
export interface OptionModel {
  id: OptionId;
  /** `optionKey(id)`. */
  key: string;
  kind: OptionKind;
  parameters: OptionParameters;
  facts: OptionFacts;
  unavailable?: Extract<Ineligibility, { rule: 'unavailable' }>;
  ttftP95Ms: number | undefined;
  costAt(volume: WorkloadVolume): { components: CostComponent[]; sizing?: OptionSizing };
}

function identified(id: OptionId): { id: OptionId; key: string; kind: OptionKind } {
  return { id, key: optionKey(id), kind: id.kind };
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
  kind: TokenPricedKind,
  offer: TokenOffer | undefined,
  problem: string | undefined,
): OptionModel {
  const ttftP95Ms = offer ? ttftAtPercentile(workload, offer.ttftP95Ms) : undefined;
  return {
    ...identified(offer ? { kind, offerId: offer.id } : { kind }),
    parameters: {},
    facts: { kind, tokenOffer: offer, fleet: undefined, ttftP50Ms: offer?.ttftP50Ms },
    unavailable: offer ? undefined : { rule: 'unavailable', missing: 'catalog-entry', detail: problem },
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
    ...identified(fleet ? { kind, openModelId: fleet.openModelId, gpuId: fleet.gpuId } : { kind }),
    parameters:
      kind === 'cloud-managed'
        ? { managedMarkup: markup, gpusPerReplica: fleet?.gpusPerReplica }
        : { gpusPerReplica: fleet?.gpusPerReplica },
    facts: { kind, tokenOffer: undefined, fleet, ttftP50Ms: fleet?.ttftP50Ms },
    unavailable: fleet ? undefined : { rule: 'unavailable', missing: 'gpu-fleet', detail: problem },
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

function hybridId(
  variant: 'split' | 'overflow',
  fleet: ResolvedFleet | undefined,
  offer: TokenOffer | undefined,
): OptionId {
  return {
    kind: 'hybrid',
    variant,
    ...(offer ? { offerId: offer.id } : {}),
    ...(fleet ? { openModelId: fleet.openModelId, gpuId: fleet.gpuId } : {}),
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
    ...identified(hybridId('split', fleet, offer)),
    parameters: { selfHostedShare: share, gpusPerReplica: fleet?.gpusPerReplica },
    facts: {
      kind: 'hybrid',
      tokenOffer: offer,
      fleet,
      ttftP50Ms: fleet && offer ? Math.max(fleet.ttftP50Ms, offer.ttftP50Ms) : undefined,
    },
    unavailable: !fleet
      ? { rule: 'unavailable', missing: 'gpu-fleet' }
      : !offer
        ? { rule: 'unavailable', missing: 'api-to-split-to' }
        : undefined,
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
    ...identified(hybridId('overflow', fleet, offer)),
    parameters: { gpusPerReplica: fleet?.gpusPerReplica },
    facts: { kind: 'hybrid', tokenOffer: offer, fleet, ttftP50Ms: fleet?.ttftP50Ms },
    unavailable: !fleet
      ? { rule: 'unavailable', missing: 'gpu-fleet' }
      : !offer
        ? { rule: 'unavailable', missing: 'api-to-overflow-to' }
        : undefined,
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
      const sizing: OptionSizing = { ...gpu.sizing, overflowShare: overflow };
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

/** GPU-price variants of the options, for the uncertainty band (matched to options by key). */
export interface PriceBandModels {
  low: OptionModel[];
  high: OptionModel[];
}

function bandFor(
  model: OptionModel,
  workload: Workload,
  horizonMonths: number,
  variants: PriceBandModels | undefined,
): OptionResult['band'] {
  if (!variants) return undefined;
  const low = variants.low.find((candidate) => candidate.key === model.key);
  const high = variants.high.find((candidate) => candidate.key === model.key);
  if (!low || !high) return undefined;
  const lowTco = tco((monthIndex) => low.costAt(workloadVolume(workload, monthIndex)).components, horizonMonths);
  const highTco = tco((monthIndex) => high.costAt(workloadVolume(workload, monthIndex)).components, horizonMonths);
  return {
    lowTcoUsd: lowTco.tcoUsd,
    highTcoUsd: highTco.tcoUsd,
    months: lowTco.months.map((month, monthIndex) => ({
      monthIndex,
      lowCumulativeUsd: month.cumulativeUsd,
      highCumulativeUsd: highTco.months[monthIndex].cumulativeUsd,
    })),
  };
}

/**
 * Evaluates an option: first-month components, TCO over the horizon with growth,
 * eligibility, and (for GPU options, when price variants are given) the TCO band.
 * usdPerMillionTokens = first month's recurring cost / first month's tokens in millions.
 * @example
 * // GPT-4.1 ($2 / $0.50 cached / $8) at 600M tokens/month (1,500 in 20% cached + 500 out), no growth, 36 months:
 * // monthlyCostUsd $1,965, usdPerMillionTokens 1,965 / 600 = $3.275, tcoUsd 36 x 1,965 = $70,740
 * evaluateOption(frontierModel, workload, organization).tcoUsd === 70_740
 */
export function evaluateOption(
  model: OptionModel,
  workload: Workload,
  organization: Organization,
  priceBand?: PriceBandModels,
): OptionResult {
  const firstVolume = workloadVolume(workload, 0);
  const first = model.costAt(firstVolume);
  const ineligible = model.unavailable ? [model.unavailable] : ineligibleReasons(model.facts, workload, organization);
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
  const band = first.sizing ? bandFor(model, workload, organization.horizonMonths, priceBand) : undefined;
  return {
    id: model.id,
    key: model.key,
    kind: model.kind,
    parameters: model.parameters,
    eligible: ineligible.length === 0,
    ineligible,
    monthlyCostUsd,
    usageBasedMonthlyCostUsd,
    fixedMonthlyCostUsd: monthlyCostUsd - usageBasedMonthlyCostUsd,
    tcoUsd: horizon.tcoUsd,
    oneOffUsd: horizon.oneOffUsd,
    usdPerMillionTokens: tokens > 0 ? monthlyCostUsd / (tokens / 1e6) : 0,
    components: first.components,
    months: horizon.months,
    ttftP95Ms: model.ttftP95Ms,
    latency: {
      percentile: workload.latency.percentile,
      ttftMs: model.ttftP95Ms ?? null,
      sloTtftMs: workload.latency.ttftMs ?? null,
      meetsSlo:
        model.ttftP95Ms === undefined || workload.latency.ttftMs === undefined
          ? null
          : model.ttftP95Ms <= workload.latency.ttftMs,
    },
    alternatives: [],
    ...(first.sizing ? { sizing: first.sizing } : {}),
    ...(band ? { band } : {}),
  };
}
