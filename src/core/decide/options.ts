/**
 * Builds deployment options for one workload: for each, a cost function (components for
 * a month's volume), the facts the hard constraints read, and its build period.
 * evaluate-option.ts evaluates them (first month, TCO, eligibility, latency, band).
 * GPU-based options are built per fleet configuration; search.ts picks the best one.
 */
import { sizeFleetForPeak } from '../capacity/fleet.ts';
import { latencyPenaltyComponent } from '../cost/latency-penalty.ts';
import { cloudManagedSettings, gpuFleetCosting, selfHostedSettings, type OpsInputs } from '../cost/self-hosted.ts';
import { tokenPricedComponents } from '../cost/token-priced.ts';
import { overflowShare } from '../cost/traffic-share.ts';
import type { CostComponent } from '../cost/types.ts';
import type { FleetPolicyKind, TokenPricedKind } from '../vocabulary.ts';
import type { Organization, Workload } from '../workload/schema.ts';
import { workloadVolume, type WorkloadVolume } from '../workload/volume.ts';
import type { OptionFacts } from './constraints.ts';
import { optionKey, type OptionId } from './option-id.ts';
import type {
  FleetConfiguration,
  Ineligibility,
  OptionKind,
  OptionParameters,
  OptionSizing,
  ResolvedFleet,
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
  /** Expected TTFT at the workload's SLO percentile (the name is historical: p95 unless the SLO is p99). */
  ttftP95Ms: number | undefined;
  /** GPU-based options: the configuration this model costs. */
  configuration?: FleetConfiguration;
  /** GPU-based options: the months before the fleet serves, and what those months cost instead. */
  build?: { months: number; componentsAt(volume: WorkloadVolume): CostComponent[] };
  costAt(volume: WorkloadVolume): { components: CostComponent[]; sizing?: OptionSizing };
  /** Failures found outside the constraint rules (e.g. an autoscaled fleet that misses the SLO while scaling). */
  extraFailures?: Ineligibility[];
  /** GPU-based options: the same option with another GPU price (the uncertainty band). */
  withGpuPrice?(usdPerGpuHour: number): OptionModel;
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

/**
 * `components` plus the latency penalty of an option with this TTFT, when it has one. The
 * penalty does not depend on the volume: `penaltyAdder` derives it once per option and
 * returns the function that appends it to each month's components.
 */
function penaltyAdder(
  workload: Workload,
  ttftMs: number | undefined,
): (components: CostComponent[]) => CostComponent[] {
  const penalty =
    ttftMs === undefined || workload.traffic.offline
      ? undefined
      : latencyPenaltyComponent({
          optionTtftMs: ttftMs,
          sloTtftMs: workload.latency.ttftMs,
          revenueAtStakeUsdPerMonthPer100Ms: workload.revenueAtStakeUsdPerMonthPer100Ms,
          percentile: workload.latency.percentile,
        });
  return penalty ? (components) => [...components, penalty] : (components) => components;
}

function prefixed(prefix: string, components: CostComponent[]): CostComponent[] {
  return components.map((component) => ({ ...component, name: `${prefix}: ${component.name}` }));
}

/**
 * Scales a p95 TTFT to the workload's percentile (p99 ~ 1.5 x p95, a planning rule of thumb).
 * @example ttftAtPercentile(p99Workload, 300) === 450; ttftAtPercentile(p95Workload, 300) === 300
 */
export function ttftAtPercentile(workload: Workload, ttftP95Ms: number): number {
  return workload.latency.percentile === 'p99' ? Math.round(ttftP95Ms * 1.5) : ttftP95Ms;
}

/**
 * An offer's TTFT at the workload's percentile: a measured P99 when the offer has one
 * (profile measured.latency) and the SLO is at p99, else `ttftAtPercentile` of its P95.
 * @example offerTtftAtPercentile(p99Workload, { ttftP95Ms: 300, ttftP99Ms: 520, ... }) === 520
 */
export function offerTtftAtPercentile(workload: Workload, offer: Pick<TokenOffer, 'ttftP95Ms' | 'ttftP99Ms'>): number {
  if (workload.latency.percentile === 'p99' && offer.ttftP99Ms !== undefined) return offer.ttftP99Ms;
  return ttftAtPercentile(workload, offer.ttftP95Ms);
}

export function tokenOption(
  workload: Workload,
  kind: TokenPricedKind,
  offer: TokenOffer | undefined,
  problem: string | undefined,
): OptionModel {
  const ttftP95Ms = offer ? offerTtftAtPercentile(workload, offer) : undefined;
  const withPenalty = penaltyAdder(workload, ttftP95Ms);
  return {
    ...identified(offer ? { kind, offerId: offer.id } : { kind }),
    parameters: {},
    facts: { kind, tokenOffer: offer, fleet: undefined, ttftP50Ms: offer?.ttftP50Ms, ttftAtPercentileMs: ttftP95Ms },
    unavailable: offer ? undefined : { rule: 'unavailable', missing: 'catalog-entry', detail: problem },
    ttftP95Ms,
    costAt: (volume) => ({
      components: offer ? withPenalty(tokenPricedComponents(volume, offer)) : [],
    }),
  };
}

/** The GPU-based option shapes: one fleet, or a fleet with an API alongside. */
export type GpuOptionShape = 'self-hosted' | 'cloud-managed' | 'hybrid-split' | 'hybrid-overflow';

export interface GpuOptionContext {
  workload: Workload;
  organization: Organization;
  cloudManagedMarkup: number;
  /** The API a hybrid splits or overflows to. */
  hybridOffer?: TokenOffer;
  /** The per-token option that keeps serving while the fleet is built (absent: nothing serves). */
  buildFallback?: OptionModel;
  /** Hybrid overflow: the share of tokens the simulation sent to the API (else the daily-cycle formula). */
  simulatedOverflowShare?: number;
  /** Autoscaled fleets: paid GPU-hours as a share of a fixed fleet of the same peak size (from the simulation). */
  autoscalePaidShare?: number;
}

/**
 * The fleet a policy runs: a batch fleet for offline work with a day or more of deadline
 * is sized for the mean load and has no spare (the queue absorbs peaks and failures);
 * fixed and autoscaled fleets are sized for the peak with the profile's spares.
 */
function servingFleet(fleet: ResolvedFleet, policy: FleetPolicyKind): ResolvedFleet {
  return policy === 'batch' ? { ...fleet, redundancyReplicas: 0 } : fleet;
}

function sizingPeakTokensPerHour(volume: WorkloadVolume, policy: FleetPolicyKind, workload: Workload): number {
  const deadlineHours = workload.traffic.offline?.deadlineHours ?? 0;
  return policy === 'batch' && deadlineHours >= 24 ? volume.meanTokensPerHour : volume.peakTokensPerHour;
}

/** Months before a GPU-based option serves: the build period (halved for a managed endpoint). */
function buildMonths(shape: GpuOptionShape, organization: Organization): number {
  const months = organization.staffing.buildPeriodMonths;
  return shape === 'cloud-managed' ? Math.ceil(months / 2) : months;
}

/** What a GPU option costs while it is built: its team, tooling and one-offs, plus the hosted option serving. */
function buildComponents(running: CostComponent[], fallback: OptionModel | undefined, volume: WorkloadVolume) {
  const team = running.filter(
    (component) =>
      (component.category === 'people' && !component.name.includes('on-call')) ||
      (component.category === 'infra' && !component.usageBased),
  );
  const hosted = fallback ? prefixed('hosted while building', fallback.costAt(volume).components) : [];
  return [...team, ...hosted];
}

/**
 * One GPU-based option for one fleet configuration and policy.
 * @example
 * // Self-hosted llama-3.1-70b on 2 x H100 (fp8, vllm, on-demand $4/h), fixed fleet, 600M tokens/month:
 * gpuOptionModel('self-hosted', context, fleet, 'fixed').configuration
 * // { openModelId: 'llama-3.1-70b', gpuId: 'h100-sxm', gpusPerReplica: 1, precision: 'fp8', engine: 'vllm', pricing: 'on-demand', policy: 'fixed' }
 */
export function gpuOptionModel(
  shape: GpuOptionShape,
  context: GpuOptionContext,
  fleet: ResolvedFleet | undefined,
  policy: FleetPolicyKind,
  problem?: string,
): OptionModel {
  const { workload, organization } = context;
  const kind: OptionKind = shape === 'hybrid-split' || shape === 'hybrid-overflow' ? 'hybrid' : shape;
  const offer = context.hybridOffer;
  const isHybrid = kind === 'hybrid';
  const variant = shape === 'hybrid-split' ? 'split' : shape === 'hybrid-overflow' ? 'overflow' : undefined;
  const id: OptionId = {
    kind,
    ...(variant ? { variant } : {}),
    ...(isHybrid && offer ? { offerId: offer.id } : {}),
    ...(fleet ? { openModelId: fleet.openModelId, gpuId: fleet.gpuId } : {}),
  };
  const settings = shape === 'cloud-managed' ? cloudManagedSettings(context.cloudManagedMarkup) : selfHostedSettings;
  const share = workload.choices.hybridSelfHostedShare;
  const overflowTtftCounts = (overflow: number) =>
    overflow > (workload.latency.percentile === 'p99' ? 0.01 : 0.05) && offer !== undefined;
  const fleetTtft = fleet ? ttftAtPercentile(workload, fleet.ttftP95Ms) : undefined;
  const apiTtft = offer ? offerTtftAtPercentile(workload, offer) : undefined;
  const overflowShareAt = (volume: WorkloadVolume, gpuFleet: ResolvedFleet) => {
    if (context.simulatedOverflowShare !== undefined) return context.simulatedOverflowShare;
    const serving = sizeFleetForPeak({
      ...gpuFleet,
      peakTokensPerHour: volume.meanTokensPerHour,
      redundancyReplicas: 0,
    });
    const capacity =
      serving.servingReplicas * gpuFleet.gpusPerReplica * gpuFleet.tokensPerHourPerGpu * gpuFleet.targetPeakUtilization;
    return overflowShare(workload.traffic.peakToMeanRatio, capacity / volume.meanTokensPerHour);
  };
  let ttftP95Ms = fleetTtft;
  if (shape === 'hybrid-split' && fleetTtft !== undefined && apiTtft !== undefined)
    ttftP95Ms = Math.max(fleetTtft, apiTtft);
  if (shape === 'hybrid-overflow' && fleet && fleetTtft !== undefined && apiTtft !== undefined) {
    const overflow = overflowShareAt(workloadVolume(workload, 0), fleet);
    ttftP95Ms = overflowTtftCounts(overflow) ? Math.max(fleetTtft, apiTtft) : fleetTtft;
  }
  const missing = !fleet
    ? 'gpu-fleet'
    : isHybrid && !offer
      ? variant === 'split'
        ? 'api-to-split-to'
        : 'api-to-overflow-to'
      : undefined;
  const configuration: FleetConfiguration | undefined = fleet
    ? {
        openModelId: fleet.openModelId,
        gpuId: fleet.gpuId,
        gpusPerReplica: fleet.gpusPerReplica,
        precision: fleet.precision,
        engine: fleet.engine,
        pricing: fleet.pricing,
        ...(fleet.offerId !== undefined ? { offerId: fleet.offerId } : {}),
        policy,
      }
    : undefined;
  const ops = opsInputs(organization);
  const staffing = { sreFte: ops.staffing.sreFte * settings.infraOpsFactor, mlEngineerFte: ops.staffing.mlEngineerFte };
  // Everything but the volume is fixed per option: the serving fleet, its costing (the
  // components that do not grow with traffic are built once), the latency penalty.
  const withPenalty = penaltyAdder(workload, ttftP95Ms);
  const gpuFleet = fleet ? servingFleet(fleet, policy) : undefined;
  const paidGpuHoursShare = policy === 'autoscale' || policy === 'scheduled' ? (context.autoscalePaidShare ?? 1) : 1;
  const singleFleetCosting =
    gpuFleet && (shape === 'self-hosted' || shape === 'cloud-managed')
      ? gpuFleetCosting(gpuFleet, ops, settings)
      : undefined;
  const hybridFleetCosting =
    gpuFleet && isHybrid ? gpuFleetCosting(gpuFleet, ops, selfHostedSettings, 'self-hosted') : undefined;
  const costAt = (volume: WorkloadVolume): { components: CostComponent[]; sizing?: OptionSizing } => {
    if (!gpuFleet || (isHybrid && !offer) || !configuration) return { components: [] };
    if (singleFleetCosting) {
      const result = singleFleetCosting(volume, {
        sizingPeakTokensPerHour: sizingPeakTokensPerHour(volume, policy, workload),
        paidGpuHoursShare,
      });
      return {
        components: withPenalty(result.components),
        sizing: { ...result.sizing, configuration, staffing },
      };
    }
    if (!hybridFleetCosting || !offer) return { components: [] };
    if (shape === 'hybrid-split') {
      const gpu = hybridFleetCosting(volume, { tokenShare: share });
      const api = tokenPricedComponents(volume, offer, 1 - share);
      return {
        components: withPenalty([...gpu.components, ...prefixed('API', api)]),
        sizing: { ...gpu.sizing, selfHostedShare: share, configuration, staffing },
      };
    }
    const overflow = overflowShareAt(volume, gpuFleet);
    const gpu = hybridFleetCosting(volume, {
      tokenShare: 1 - overflow,
      sizingPeakTokensPerHour: volume.meanTokensPerHour,
    });
    const api = tokenPricedComponents(volume, offer, overflow);
    return {
      components: withPenalty([...gpu.components, ...prefixed('API overflow', api)]),
      sizing: { ...gpu.sizing, overflowShare: overflow, configuration, staffing },
    };
  };
  const months = buildMonths(shape, organization);
  return {
    ...identified(id),
    parameters: {
      gpusPerReplica: fleet?.gpusPerReplica,
      ...(shape === 'cloud-managed' ? { managedMarkup: context.cloudManagedMarkup } : {}),
      ...(shape === 'hybrid-split' ? { selfHostedShare: share } : {}),
    },
    facts: {
      kind,
      tokenOffer: isHybrid ? offer : undefined,
      fleet,
      ttftP50Ms:
        shape === 'hybrid-split' && fleet && offer ? Math.max(fleet.ttftP50Ms, offer.ttftP50Ms) : fleet?.ttftP50Ms,
      ttftAtPercentileMs: ttftP95Ms,
      tpotP95Ms: fleet?.tpotP95Ms,
    },
    unavailable: missing
      ? { rule: 'unavailable', missing, detail: missing === 'gpu-fleet' ? problem : undefined }
      : undefined,
    ttftP95Ms,
    ...(configuration ? { configuration } : {}),
    ...(fleet && months > 0
      ? {
          build: {
            months,
            componentsAt: (volume: WorkloadVolume) =>
              buildComponents(costAt(volume).components, context.buildFallback, volume),
          },
        }
      : {}),
    costAt,
    ...(fleet
      ? {
          withGpuPrice: (usdPerGpuHour: number) =>
            gpuOptionModel(shape, context, { ...fleet, usdPerGpuHour }, policy, problem),
        }
      : {}),
  };
}

export { componentsInMonth, evaluateOption, priceBandOf, type PriceBand } from './evaluate-option.ts';
