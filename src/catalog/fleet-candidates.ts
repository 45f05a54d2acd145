/**
 * Every GPU fleet configuration the planner's search considers for one workload, and the
 * preferred one (the profile's own choices). One open model is searched: the first of
 * `requirements.openModels` (good enough, best first) that fits on some candidate GPU, so
 * the search never trades quality for price behind the reader's back. For that model:
 * each GPU (`choices.gpu`, or every catalog GPU for 'auto'), each tensor-parallel degree
 * from the smallest that fits up to one server (or `choices.gpusPerReplica`), each
 * precision (fp8 where the GPU has it and bf16 for 'auto'), each serving engine
 * (`choices.engine`, the default engine, or every built-in engine for 'auto'). The
 * capacity model runs once per (GPU, TP, precision, engine); its estimate fans out over
 * the pricing tiers the workload may buy and the provider classes that sell them
 * (hyperscaler, specialist cloud, marketplace; `choices.gpuPricing` may restrict both),
 * each priced at the cheapest offer of that class for that GPU and tier (mid-range). The
 * classes are kept apart because they sell differently: a hyperscaler's 8-GPU instance is
 * bought whole (`wholeInstanceGpus`), so which is cheaper depends on the fleet's size,
 * and the search prices each.
 */
import type { ResolvedFleet } from '../core/decide/types.ts';
import {
  gpuOfferClasses,
  gpuPricingTiers,
  type GpuPricing,
  type GpuPricingChoice,
  type GpuProviderClass,
} from '../core/vocabulary.ts';
import type { Workload } from '../core/workload/schema.ts';
import { supportsPrecision, tensorParallelDegrees } from '../core/capacity/index.ts';
import { midpointUsd } from './gpu-offers.ts';
import { builtInGpuSpecs } from './gpus.ts';
import { builtInOpenModels, servingPrecisions } from './open-models.ts';
import type { GpuOffer } from './types.ts';

/** What the capacity model is asked: one model on one GPU configuration for one request shape. */
export interface ThroughputRequest {
  openModelId: string;
  gpuId: string;
  /** A precision id, or 'auto' (fp8 where the GPU has FP8 tensor cores, else bf16). */
  precision: string;
  /** Serving engine id (`vllm`, `sglang`, `tensorrt-llm`, `tgi`). */
  engine: string;
  /** Tensor-parallel degree; undefined = the smallest that fits. */
  gpusPerReplica: number | undefined;
  inputTokens: number;
  outputTokens: number;
  /** p95 TTFT target the operating point must meet; undefined = no SLO (maximum throughput). */
  ttftSloMs: number | undefined;
}

export interface ThroughputEstimate {
  tokensPerHourPerGpu: number;
  gpusPerReplica: number;
  /** The precision used (resolves 'auto'). */
  precision: string;
  ttftP95Ms: number;
  ttftP50Ms: number;
  /** p95 time per output token at the operating point. */
  tpotP95Ms?: number;
  /** False when even one request at a time misses the TTFT target. */
  sloMet?: boolean;
  source: string;
  capacity?: ResolvedFleet['capacity'];
  /** The capacity model's validated error band for this kind of estimate (src/core/capacity/uncertainty.ts). */
  capacityRelativeError?: number;
}

/** Returns an estimate, or a reason the model cannot be served on that GPU. */
export type ThroughputEstimator = (request: ThroughputRequest) => ThroughputEstimate | { problem: string };

/** The planner's rule of thumb: p99 TTFT ~ 1.5 x p95 TTFT (core/decide scales by the same factor). */
export const P99_PER_P95_TTFT = 1.5;

/**
 * The p95 TTFT target a fleet is sized for: the SLO at p95; at p99 the SLO / 1.5, rounded
 * down, so that 1.5 x the fleet's (whole-millisecond) p95 still meets it; none for offline
 * work (no one waits on the first token) or without an SLO.
 * @example capacityTtftTargetMs({ percentile: 'p99', ttftMs: 500 }, undefined) === 333 // 333 x 1.5 = 499.5 <= 500
 * @example capacityTtftTargetMs({ percentile: 'p95', ttftMs: 500 }, { deadlineHours: 8 }) === undefined
 */
export function capacityTtftTargetMs(
  latency: Pick<Workload['latency'], 'percentile' | 'ttftMs'>,
  offline: Workload['traffic']['offline'],
): number | undefined {
  if (offline !== undefined || latency.ttftMs === undefined) return undefined;
  if (latency.percentile === 'p99') return Math.max(1, Math.floor(latency.ttftMs / P99_PER_P95_TTFT));
  return latency.ttftMs;
}

/**
 * The pricing tiers a workload may buy GPU-hours at. 'auto': on-demand always, reserved
 * (a 1-3 year commitment) when the horizon is at least 12 months, spot only for work that
 * tolerates interruption (`traffic.interruptible` or offline); a named tier: only that one.
 * @example pricingTiersFor('auto', 24, { interruptible: false }) // ['on-demand', 'reserved']
 * @example pricingTiersFor('auto', 6, { interruptible: true }) // ['on-demand', 'spot']
 */
export function pricingTiersFor(
  choice: GpuPricingChoice | 'auto',
  horizonMonths: number,
  traffic: Pick<Workload['traffic'], 'interruptible' | 'offline'>,
): GpuPricing[] {
  if (choice !== 'auto') return [tierOf(choice)];
  return gpuPricingTiers.filter(
    (tier) =>
      tier === 'on-demand' ||
      (tier === 'reserved' && horizonMonths >= 12) ||
      (tier === 'spot' && (traffic.interruptible || traffic.offline !== undefined)),
  );
}

/** The tier of a `choices.gpuPricing` value: the tier itself, or the tier of an offer class. */
function tierOf(choice: GpuPricingChoice): GpuPricing {
  return (gpuPricingTiers as readonly string[]).includes(choice)
    ? (choice as GpuPricing)
    : gpuOfferClasses[choice as keyof typeof gpuOfferClasses].tier;
}

/** The tier the preferred fleet is priced at: the profile's, or on-demand for 'auto' (today's plan). */
export function preferredPricingTier(choice: GpuPricingChoice | 'auto'): GpuPricing {
  return choice === 'auto' ? 'on-demand' : tierOf(choice);
}

/**
 * The provider classes a `choices.gpuPricing` value allows: those of an offer class, or all
 * (undefined) for a bare tier and 'auto'.
 * @example allowedProviderClasses('hyperscaler-committed') // ['hyperscaler']
 * @example allowedProviderClasses('reserved') === undefined
 */
export function allowedProviderClasses(choice: GpuPricingChoice | 'auto'): readonly GpuProviderClass[] | undefined {
  if (choice === 'auto' || (gpuPricingTiers as readonly string[]).includes(choice)) return undefined;
  return gpuOfferClasses[choice as keyof typeof gpuOfferClasses].providers;
}

const hyperscalerClouds = new Set(['aws', 'azure', 'gcp', 'oci', 'oracle', 'google', 'microsoft', 'amazon']);

/**
 * Who sells an offer: its `providerClass`, or for an offer without one (the 2025-06-01
 * snapshot, a user catalog) a hyperscaler when its cloud is AWS, Azure, GCP or OCI, else a
 * specialist cloud.
 * @example providerClassOf({ cloud: 'coreweave' }) === 'specialist'
 */
export function providerClassOf(offer: Pick<GpuOffer, 'cloud' | 'providerClass'>): GpuProviderClass {
  return offer.providerClass ?? (hyperscalerClouds.has(offer.cloud.toLowerCase()) ? 'hyperscaler' : 'specialist');
}

/** The offers that sell `tier` and are from an allowed provider class (all classes when undefined). */
export function offersAt(
  offers: GpuOffer[],
  tier: GpuPricing,
  providers: readonly GpuProviderClass[] | undefined,
): GpuOffer[] {
  return offers.filter(
    (offer) =>
      offer.usdPerGpuHour[tier] !== undefined &&
      (providers === undefined || providers.includes(providerClassOf(offer))),
  );
}

/** The cheapest offer (mid-range) of each provider class among `offers` at `tier`, in class order. */
function cheapestPerClass(offers: GpuOffer[], tier: GpuPricing): GpuOffer[] {
  const byClass = new Map<GpuProviderClass, GpuOffer[]>();
  for (const offer of offers)
    byClass.set(providerClassOf(offer), [...(byClass.get(providerClassOf(offer)) ?? []), offer]);
  return [...byClass.values()].flatMap((group) => {
    const cheapest = cheapestGpuOffer(group, tier);
    return cheapest ? [cheapest.offer] : [];
  });
}

/**
 * The cheapest offer for a GPU at a pricing tier, priced at the middle of its range;
 * undefined when no offer sells that tier.
 * @example cheapestGpuOffer([aws h100 $2.99-$7.57 on-demand], 'on-demand').usdPerGpuHour === 5.28
 */
export function cheapestGpuOffer(
  offers: GpuOffer[],
  pricing: GpuPricing,
): { offer: GpuOffer; usdPerGpuHour: number } | undefined {
  const priced = offers.flatMap((offer) => {
    const range = offer.usdPerGpuHour[pricing];
    return range ? [{ offer, usdPerGpuHour: midpointUsd(range) }] : [];
  });
  priced.sort((left, right) => left.usdPerGpuHour - right.usdPerGpuHour);
  return priced[0];
}

/** The search space for one workload, names already checked. */
export interface CandidateSpace {
  workload: Workload;
  /** Offers per GPU id, in catalog order (one GPU unless `choices.gpu` is 'auto'). */
  offersByGpu: Map<string, GpuOffer[]>;
  /** Engine ids to search, the preferred one first. */
  engines: string[];
  preferredEngine: string;
  tiers: GpuPricing[];
  preferredTier: GpuPricing;
  /** The provider classes the profile allows (undefined: all). */
  providerClasses?: readonly GpuProviderClass[];
  estimate: ThroughputEstimator;
}

/** One estimated configuration before pricing. */
interface EstimatedConfiguration {
  openModelId: string;
  gpuId: string;
  engine: string;
  estimate: ThroughputEstimate;
  /** The smallest TP degree that fits (what the planner picked before the search). */
  smallestDegree: boolean;
  /** The precision the profile prefers for this GPU (fp8 where it has FP8 for 'auto'). */
  preferredPrecision: boolean;
}

export interface ModelCandidates {
  openModelId: string;
  candidates: ResolvedFleet[];
  preferred: ResolvedFleet;
  /** The preferred configuration's own estimate (before a typed throughput replaces it). */
  preferredEstimate: ThroughputEstimate;
}

export type ModelSearch = { ok: true; value: ModelCandidates } | { ok: false; problem: string };

function precisionsFor(
  openModelId: string,
  gpuId: string,
  choice: Workload['choices']['precision'],
): Array<{ precision: string; preferred: boolean }> {
  const spec = builtInGpuSpecs.find((gpu) => gpu.id === gpuId);
  if (choice !== 'auto') {
    if (spec && !supportsPrecision(spec, choice)) return [];
    return [{ precision: choice, preferred: true }];
  }
  if (!spec) return [{ precision: 'auto', preferred: true }];
  // The model's own checkpoints decide (gpt-oss ships MXFP4, DeepSeek FP8): open-models.ts servingPrecisions.
  const model = builtInOpenModels.find((entry) => entry.id === openModelId);
  if (model) return servingPrecisions(model, spec);
  const hasFp8 = supportsPrecision(spec, 'fp8');
  return hasFp8
    ? [
        { precision: 'fp8', preferred: true },
        { precision: 'bf16', preferred: false },
      ]
    : [{ precision: 'bf16', preferred: true }];
}

function largerDegrees(openModelId: string, gpuId: string, smallest: number): number[] {
  const model = builtInOpenModels.find((entry) => entry.id === openModelId);
  const gpu = builtInGpuSpecs.find((entry) => entry.id === gpuId);
  const degrees = model && gpu ? tensorParallelDegrees(model, gpu) : [1, 2, 4, 8];
  return degrees.filter((degree) => degree > smallest);
}

/** Why a model cannot be searched at all (context too long), before any GPU is tried. */
export function contextWindowProblem(openModelId: string, workload: Workload): string | undefined {
  const model = builtInOpenModels.find((entry) => entry.id === openModelId);
  if (!model) return undefined;
  const { inputPerRequest, outputPerRequest } = workload.tokens;
  const contextTokens = inputPerRequest + outputPerRequest;
  if (contextTokens <= model.maxContextTokens) return undefined;
  return `input + output tokens = ${inputPerRequest} + ${outputPerRequest} = ${contextTokens.toLocaleString('en-US')} is longer than ${model.name}'s context window of ${model.maxContextTokens.toLocaleString('en-US')} tokens`;
}

function estimateConfigurations(
  openModelId: string,
  space: CandidateSpace,
  problems: string[],
): EstimatedConfiguration[] {
  const { workload } = space;
  const configurations: EstimatedConfiguration[] = [];
  const ttftSloMs = capacityTtftTargetMs(workload.latency, workload.traffic.offline);
  const request = (gpuId: string, precision: string, engine: string, gpusPerReplica: number | undefined) =>
    space.estimate({
      openModelId,
      gpuId,
      precision,
      engine,
      gpusPerReplica,
      inputTokens: workload.tokens.inputPerRequest,
      outputTokens: workload.tokens.outputPerRequest,
      ttftSloMs,
    });
  for (const gpuId of space.offersByGpu.keys()) {
    const precisions = precisionsFor(openModelId, gpuId, workload.choices.precision);
    if (precisions.length === 0) problems.push(`${gpuId}: no ${workload.choices.precision} support`);
    for (const { precision, preferred } of precisions) {
      for (const engine of space.engines) {
        const first = request(gpuId, precision, engine, workload.choices.gpusPerReplica);
        if ('problem' in first) {
          problems.push(first.problem);
          continue;
        }
        const base = { openModelId, gpuId, engine, preferredPrecision: preferred };
        configurations.push({ ...base, estimate: first, smallestDegree: true });
        if (workload.choices.gpusPerReplica !== undefined) continue;
        for (const degree of largerDegrees(openModelId, gpuId, first.gpusPerReplica)) {
          const larger = request(gpuId, precision, engine, degree);
          if (!('problem' in larger)) configurations.push({ ...base, estimate: larger, smallestDegree: false });
        }
      }
    }
  }
  return configurations;
}

function toFleet(
  configuration: EstimatedConfiguration,
  tier: GpuPricing,
  offer: GpuOffer,
  workload: Workload,
  typedTokensPerHourPerGpu: number | undefined,
): ResolvedFleet {
  const { estimate } = configuration;
  const range = offer.usdPerGpuHour[tier] ?? { low: 0, high: 0 };
  const usdPerGpuHour = midpointUsd(range);
  return {
    gpuId: offer.gpu,
    usdPerGpuHour,
    priceSource: {
      name: `${offer.id} ${tier} (${offer.source}, mid-range $${range.low}-$${range.high})`,
      asOf: offer.asOf,
    },
    tokensPerHourPerGpu: typedTokensPerHourPerGpu ?? estimate.tokensPerHourPerGpu,
    throughputSource: typedTokensPerHourPerGpu !== undefined ? 'typed in the profile' : estimate.source,
    gpusPerReplica: estimate.gpusPerReplica,
    targetPeakUtilization: workload.choices.targetPeakUtilization,
    redundancyReplicas: workload.choices.redundancyReplicas,
    openModelId: configuration.openModelId,
    precision: estimate.precision,
    engine: configuration.engine,
    pricing: tier,
    gpusPerInstance: offer.gpusPerInstance,
    ...(offer.wholeInstancesOnly && offer.gpusPerInstance > 1 ? { wholeInstanceGpus: offer.gpusPerInstance } : {}),
    ...(offer.providerClass ? { providerClass: offer.providerClass, offerId: offer.id } : {}),
    ttftP95Ms: estimate.ttftP95Ms,
    ...(estimate.tpotP95Ms !== undefined ? { tpotP95Ms: estimate.tpotP95Ms } : {}),
    ...(estimate.sloMet !== undefined ? { sloMet: estimate.sloMet } : {}),
    ttftP50Ms: estimate.ttftP50Ms,
    usdPerGpuHourRange: range,
    capacity: estimate.capacity,
    // A typed throughput is the profile's own number: no capacity-model band on it.
    ...(typedTokensPerHourPerGpu === undefined && estimate.capacityRelativeError !== undefined
      ? { capacityRelativeError: estimate.capacityRelativeError }
      : {}),
  };
}

/** USD per token at full load at the preferred tier: how 'auto' GPUs are ranked for the preferred fleet. */
function usdPerTokenAtFullLoad(configuration: EstimatedConfiguration, space: CandidateSpace): number {
  const offer = preferredOffer(configuration.gpuId, space);
  if (!offer) return Number.POSITIVE_INFINITY;
  return offer.usdPerGpuHour / configuration.estimate.tokensPerHourPerGpu;
}

/**
 * The offer the preferred fleet is priced at: the cheapest (mid-range) at the preferred
 * tier among the allowed provider classes, or at the first searched tier that has one.
 */
function preferredOffer(
  gpuId: string,
  space: CandidateSpace,
): { offer: GpuOffer; usdPerGpuHour: number; tier: GpuPricing } | undefined {
  const offers = space.offersByGpu.get(gpuId) ?? [];
  for (const tier of [space.preferredTier, ...space.tiers]) {
    const cheapest = cheapestGpuOffer(offersAt(offers, tier, space.providerClasses), tier);
    if (cheapest) return { ...cheapest, tier };
  }
  return undefined;
}

/**
 * The preferred configuration: the profile's own choices with each 'auto' resolved as the
 * planner always has (smallest TP that fits, fp8 where the GPU has it, the default engine);
 * for `gpu: auto`, the GPU with the lowest cost per token at full load, SLO met first.
 */
function pickPreferred(configurations: EstimatedConfiguration[], space: CandidateSpace): EstimatedConfiguration {
  const matching = configurations.filter(
    (configuration) =>
      configuration.smallestDegree &&
      configuration.preferredPrecision &&
      configuration.engine === space.preferredEngine,
  );
  const pool = matching.length > 0 ? matching : configurations;
  const rank = (configuration: EstimatedConfiguration) => [
    configuration.estimate.sloMet === false ? 1 : 0,
    usdPerTokenAtFullLoad(configuration, space),
  ];
  return pool.reduce((best, configuration) => {
    const [bestMiss, bestUsd] = rank(best);
    const [miss, usd] = rank(configuration);
    return miss < bestMiss || (miss === bestMiss && usd < bestUsd) ? configuration : best;
  });
}

/**
 * The candidates for one open model, or why it fits on none of the candidate GPUs.
 * With a typed `choices.tokensPerHourPerGpu` the configuration is pinned to the preferred
 * one (the typed number describes that setup, not the others) and only tiers are searched.
 */
export function searchModel(openModelId: string, space: CandidateSpace): ModelSearch {
  const contextProblem = contextWindowProblem(openModelId, space.workload);
  if (contextProblem) return { ok: false, problem: contextProblem };
  const problems: string[] = [];
  const configurations = estimateConfigurations(openModelId, space, problems);
  if (configurations.length === 0) {
    const distinct = [...new Set(problems)];
    return { ok: false, problem: distinct.join('; ') || 'no GPU in the catalog to try' };
  }
  const preferredConfiguration = pickPreferred(configurations, space);
  const typed = space.workload.choices.tokensPerHourPerGpu;
  const searched = typed !== undefined ? [preferredConfiguration] : configurations;
  const candidates: ResolvedFleet[] = [];
  let preferred: ResolvedFleet | undefined;
  const preferredPricing = preferredOffer(preferredConfiguration.gpuId, space);
  for (const configuration of searched) {
    const offers = space.offersByGpu.get(configuration.gpuId) ?? [];
    for (const tier of space.tiers) {
      for (const offer of cheapestPerClass(offersAt(offers, tier, space.providerClasses), tier)) {
        const fleet = toFleet(configuration, tier, offer, space.workload, typed);
        candidates.push(fleet);
        if (
          configuration === preferredConfiguration &&
          tier === preferredPricing?.tier &&
          offer === preferredPricing.offer
        )
          preferred = fleet;
      }
    }
  }
  if (!preferredPricing)
    return { ok: false, problem: `no offer for ${preferredConfiguration.gpuId} at the allowed pricing` };
  preferred ??= toFleet(preferredConfiguration, preferredPricing.tier, preferredPricing.offer, space.workload, typed);
  return {
    ok: true,
    value: { openModelId, candidates, preferred, preferredEstimate: preferredConfiguration.estimate },
  };
}
