/**
 * Resolves a validated profile's catalog names into the prices, offers and fleets the
 * planner needs. Unknown names (models, providers, engines, GPUs) become problems naming
 * the field path and the nearest known names, so a typo cannot silently change the
 * answer. GPU throughput comes from a `ThroughputEstimator` (the capacity model in
 * production; tests can pass their own); fleet candidates come from fleet-candidates.ts.
 */
import type { WorkloadProfile, Workload } from '../core/workload/schema.ts';
import type { MeasuredLatencyEntry } from '../core/workload/measured.ts';
import type { ValidationProblem } from '../core/workload/parse.ts';
import type { PlanInputs, ResolvedWorkload, TokenOffer } from '../core/decide/types.ts';
import { closestNames } from '../core/text/suggest.ts';
import { supportsPrecision } from '../core/capacity/index.ts';
import { precisions } from '../core/vocabulary.ts';
import { findGpuOffers, findTokenPriced, hostedOpenOffers, type Catalog } from './catalog.ts';
import { builtInEngineProfiles, DEFAULT_ENGINE_ID, findEngineProfile } from './engines.ts';
import {
  allowedProviderClasses,
  offersAt,
  pricingTiersFor,
  preferredPricingTier,
  searchModel,
  type CandidateSpace,
  type ThroughputEstimator,
} from './fleet-candidates.ts';
import { builtInGpuSpecs } from './gpus.ts';
import { CatalogLookupError } from './lookup-error.ts';
import { builtInOpenModels } from './open-models.ts';
import type { GpuOffer, GpuPricing, GpuProviderClass, TokenPricedModel } from './types.ts';

export {
  capacityTtftTargetMs,
  cheapestGpuOffer,
  P99_PER_P95_TTFT,
  pricingTiersFor,
  type ThroughputEstimate,
  type ThroughputEstimator,
  type ThroughputRequest,
} from './fleet-candidates.ts';

export type ResolveResult = { ok: true; inputs: PlanInputs } | { ok: false; problems: ValidationProblem[] };

export interface ResolveOptions {
  /** Engine for workloads that do not set `choices.engine` (the CLI's `--engine`; default vllm). */
  defaultEngine?: string;
}

/**
 * The entry's prices for a request of `inputTokens`: its context tier's when the input is
 * longer than the tier's threshold (the provider bills the whole request at it), else its base.
 * @example
 * // Gemini 2.5 Pro: $1.25 in, $2.50 above 200,000 input tokens
 * pricesForPrompt(gemini25Pro, 250_000).usdPerMillionInputTokens === 2.5
 */
export function pricesForPrompt(
  entry: TokenPricedModel,
  inputTokens: number,
): Pick<
  TokenPricedModel,
  'usdPerMillionInputTokens' | 'usdPerMillionOutputTokens' | 'usdPerMillionCachedInputTokens'
> & {
  tierAboveInputTokens?: number;
} {
  const tier = [...(entry.contextTiers ?? [])].reverse().find((candidate) => inputTokens > candidate.aboveInputTokens);
  if (!tier)
    return {
      usdPerMillionInputTokens: entry.usdPerMillionInputTokens,
      usdPerMillionOutputTokens: entry.usdPerMillionOutputTokens,
      usdPerMillionCachedInputTokens: entry.usdPerMillionCachedInputTokens,
    };
  return {
    usdPerMillionInputTokens: tier.usdPerMillionInputTokens,
    usdPerMillionOutputTokens: tier.usdPerMillionOutputTokens,
    usdPerMillionCachedInputTokens: tier.usdPerMillionCachedInputTokens ?? tier.usdPerMillionInputTokens,
    tierAboveInputTokens: tier.aboveInputTokens,
  };
}

function toOffer(entry: TokenPricedModel, inputTokensPerRequest: number): TokenOffer {
  const { tierAboveInputTokens, ...prices } = pricesForPrompt(entry, inputTokensPerRequest);
  return {
    id: entry.id,
    kind: entry.kind,
    provider: entry.provider,
    ...prices,
    source:
      tierAboveInputTokens !== undefined
        ? `${entry.source}; prompts over ${tierAboveInputTokens.toLocaleString('en-US')} tokens`
        : entry.source,
    asOf: entry.asOf,
    ttftP50Ms: entry.ttftP50Ms,
    ttftP95Ms: entry.ttftP95Ms,
    residencyRegions: entry.residencyRegions,
    servesCustomWeights: entry.servesCustomWeights,
    pinnedWeights: entry.pinnedWeights,
    ...(entry.maxContextTokens !== undefined ? { maxContextTokens: entry.maxContextTokens } : {}),
  };
}

/**
 * The measured latency entry for a catalog offer: the one with the most samples whose model
 * is the offer's catalog id, or its API model name with the offer's provider as target name
 * or kind. Undefined when none matches or none has a TTFT.
 */
export function measuredLatencyFor(
  entry: Pick<TokenPricedModel, 'id' | 'apiModelName' | 'provider'>,
  measured: ReadonlyArray<MeasuredLatencyEntry> | undefined,
): MeasuredLatencyEntry | undefined {
  const matches = (measured ?? []).filter(
    (candidate) =>
      candidate.ttftMs &&
      candidate.samples > 0 &&
      // A catalog id names the provider; an API model name needs the provider to match too.
      (candidate.model === entry.id ||
        (candidate.model === entry.apiModelName &&
          (candidate.provider === entry.provider || candidate.providerKind === entry.provider))),
  );
  return matches.sort((left, right) => right.samples - left.samples)[0];
}

/** The offer, with the measured TTFTs in place of the catalog's when the profile has them (and a warning saying so). */
function offerFor(entry: TokenPricedModel, workload: Workload, warnings: string[]): TokenOffer {
  const offer = toOffer(entry, workload.tokens.inputPerRequest);
  const measured = measuredLatencyFor(entry, workload.measured?.latency);
  if (!measured?.ttftMs) return offer;
  const source = workload.measured?.source ? ` (${workload.measured.source})` : '';
  warnings.push(
    `${entry.id}: measured latency replaces the catalog estimate: p50/p95/p99 TTFT ${Math.round(measured.ttftMs.p50)}/${Math.round(measured.ttftMs.p95)}/${Math.round(measured.ttftMs.p99)} ms from ${measured.samples.toLocaleString('en-US')} requests to ${measured.provider} ${measured.model}${source}; the catalog says p50 ${entry.ttftP50Ms} ms, p95 ${entry.ttftP95Ms} ms`,
  );
  return {
    ...offer,
    ttftP50Ms: measured.ttftMs.p50,
    ttftP95Ms: measured.ttftMs.p95,
    ttftP99Ms: measured.ttftMs.p99,
    measuredLatency: { samples: measured.samples, catalogTtftP95Ms: entry.ttftP95Ms },
  };
}

const unknownName = (path: string, value: unknown, what: string, name: string, known: string[]) => ({
  path,
  value,
  message: new CatalogLookupError(what, name, closestNames(name, known)).message,
  code: 'unknown_name' as const,
});

/** Open models, hosted-open providers and the engine the profile names, each checked against the catalog. */
function nameProblems(workload: Workload, path: string, catalog: Catalog): ValidationProblem[] {
  const problems: ValidationProblem[] = [];
  const hostedOpen = catalog.tokenPriced.filter((entry) => entry.kind === 'hosted-open');
  const knownModels = [
    ...new Set([
      ...builtInOpenModels.map((model) => model.id),
      ...hostedOpen.flatMap((entry) => (entry.openModel ? [entry.openModel] : [])),
    ]),
  ];
  workload.requirements.openModels.forEach((openModelId, index) => {
    if (!knownModels.includes(openModelId))
      problems.push(
        unknownName(`${path}.requirements.openModels[${index}]`, openModelId, 'open model', openModelId, knownModels),
      );
  });
  const provider = workload.choices.hostedOpenProvider;
  const knownProviders = [...new Set(hostedOpen.map((entry) => entry.provider))];
  if (provider !== undefined && !knownProviders.includes(provider))
    problems.push(
      unknownName(`${path}.choices.hostedOpenProvider`, provider, 'hosted-open provider', provider, knownProviders),
    );
  const engine = workload.choices.engine;
  if (engine !== undefined && engine !== 'auto') {
    try {
      findEngineProfile(engine);
    } catch (error) {
      if (!(error instanceof CatalogLookupError)) throw error;
      problems.push({
        path: `${path}.choices.engine`,
        value: engine,
        message: `${error.message} (or 'auto' to search every engine)`,
        code: 'unknown_name',
      });
    }
  }
  return problems;
}

/** The engines to search, the preferred one first. */
function enginesFor(workload: Workload, defaultEngine: string): { engines: string[]; preferred: string } {
  const choice = workload.choices.engine;
  if (choice === 'auto') {
    const others = builtInEngineProfiles.map((engine) => engine.id).filter((id) => id !== defaultEngine);
    return { engines: [defaultEngine, ...others], preferred: defaultEngine };
  }
  const preferred = choice === undefined ? defaultEngine : findEngineProfile(choice).id;
  return { engines: [preferred], preferred };
}

/** A warning when the plan's date is on or after the date the provider retires the model. */
function retirementWarning(entry: TokenPricedModel, pricedAt: string | undefined): string | undefined {
  if (entry.deprecationDate === undefined || pricedAt === undefined || pricedAt < entry.deprecationDate)
    return undefined;
  return `${entry.id} is retired by its provider from ${entry.deprecationDate} (the plan is dated ${pricedAt}); choose a current model in choices.apiModel`;
}

/** Offers per GPU, keeping only those that sell some searched tier at an allowed provider class. */
function groupByGpu(
  offers: GpuOffer[],
  tiers: GpuPricing[],
  providers: readonly GpuProviderClass[] | undefined,
): Map<string, GpuOffer[]> {
  const byGpu = new Map<string, GpuOffer[]>();
  for (const offer of offers) {
    if (!tiers.some((tier) => offersAt([offer], tier, providers).length > 0)) continue;
    byGpu.set(offer.gpu, [...(byGpu.get(offer.gpu) ?? []), offer]);
  }
  return byGpu;
}

/** Offers per GPU to search, or the problem with `choices.gpu` / `choices.precision`. */
function gpuOffersFor(
  workload: Workload,
  path: string,
  catalog: Catalog,
  tiers: GpuPricing[],
): Map<string, GpuOffer[]> | ValidationProblem {
  const { gpu, precision } = workload.choices;
  const providers = allowedProviderClasses(workload.choices.gpuPricing);
  if (gpu === 'auto') return groupByGpu(catalog.gpuOffers, tiers, providers);
  let offers: GpuOffer[];
  try {
    offers = findGpuOffers(catalog, gpu);
  } catch (error) {
    if (!(error instanceof CatalogLookupError)) throw error;
    return { path: `${path}.choices.gpu`, value: gpu, message: `${error.message} (or 'auto')`, code: 'unknown_name' };
  }
  const gpuSpec = builtInGpuSpecs.find((spec) => spec.id === offers[0].gpu);
  if (precision !== 'auto' && gpuSpec && !supportsPrecision(gpuSpec, precision)) {
    const supported = precisions.filter((candidate) => supportsPrecision(gpuSpec, candidate));
    return {
      path: `${path}.choices.precision`,
      value: precision,
      message: `${gpuSpec.name} has no ${precision} support; use one of: ${supported.join(', ')}, or auto`,
      code: 'invalid_value',
    };
  }
  const searchable = groupByGpu(offers, tiers, providers);
  if (searchable.size === 0)
    return {
      path: `${path}.choices.gpuPricing`,
      value: workload.choices.gpuPricing,
      message: `no catalog offer sells ${offers[0].gpu} at ${workload.choices.gpuPricing}; offers: ${offers.map((offer) => `${offer.id} (${Object.keys(offer.usdPerGpuHour).join(', ')})`).join('; ')}`,
      code: 'invalid_value',
    };
  return searchable;
}

function typedThroughputWarning(
  typed: number,
  estimatedTokensPerHourPerGpu: number,
  fleet: { openModelId: string; gpuId: string; precision: string },
): string | undefined {
  const ratio = typed / estimatedTokensPerHourPerGpu;
  if (ratio <= 3 && ratio >= 1 / 3) return undefined;
  return `typed throughput ${Math.round(typed).toLocaleString('en-US')} tokens/hour per GPU is ${ratio > 1 ? `${ratio.toFixed(1)}x above` : `${(1 / ratio).toFixed(1)}x below`} the capacity model's estimate of ${Math.round(estimatedTokensPerHourPerGpu).toLocaleString('en-US')} for ${fleet.openModelId} on ${fleet.gpuId} (${fleet.precision}); the plan uses the typed value`;
}

function resolveWorkload(
  workload: Workload,
  index: number,
  context: {
    catalog: Catalog;
    estimate: ThroughputEstimator;
    defaultEngine: string;
    horizonMonths: number;
    pricedAt: string | undefined;
  },
  problems: ValidationProblem[],
): ResolvedWorkload {
  const { catalog } = context;
  const path = `workloads[${index}]`;
  const warnings: string[] = [];
  const resolved: ResolvedWorkload = {
    workload,
    frontier: undefined,
    hostedOpen: undefined,
    fleet: undefined,
    fleetCandidates: [],
    warnings,
  };
  try {
    const entry = findTokenPriced(catalog, workload.choices.apiModel, 'frontier-api');
    resolved.frontier = offerFor(entry, workload, warnings);
    const retired = retirementWarning(entry, context.pricedAt);
    if (retired) warnings.push(retired);
  } catch (error) {
    if (!(error instanceof CatalogLookupError)) throw error;
    problems.push({
      path: `${path}.choices.apiModel`,
      value: workload.choices.apiModel,
      message: error.message,
      code: 'unknown_name',
    });
  }
  const names = nameProblems(workload, path, catalog);
  problems.push(...names);
  const openModels = workload.requirements.openModels;
  for (const openModelId of openModels) {
    const offers = hostedOpenOffers(catalog, openModelId).filter(
      (offer) => !workload.choices.hostedOpenProvider || offer.provider === workload.choices.hostedOpenProvider,
    );
    if (offers.length > 0) {
      resolved.hostedOpen = offerFor(offers[0], workload, warnings);
      break;
    }
  }
  if (!resolved.hostedOpen)
    resolved.hostedOpenProblem = `no hosted-open provider in the catalog serves ${openModels.join(' or ')}${workload.choices.hostedOpenProvider ? ` at ${workload.choices.hostedOpenProvider}` : ''}`;

  const tiers = pricingTiersFor(workload.choices.gpuPricing, context.horizonMonths, workload.traffic);
  const offersByGpu = gpuOffersFor(workload, path, catalog, tiers);
  if (!(offersByGpu instanceof Map)) {
    problems.push(offersByGpu);
    return resolved;
  }
  if (names.length > 0) return resolved;
  const { engines, preferred: preferredEngine } = enginesFor(workload, context.defaultEngine);
  const space: CandidateSpace = {
    workload,
    offersByGpu,
    engines,
    preferredEngine,
    tiers,
    preferredTier: preferredPricingTier(workload.choices.gpuPricing),
    providerClasses: allowedProviderClasses(workload.choices.gpuPricing),
    estimate: context.estimate,
  };
  const fleetProblems: string[] = [];
  for (const openModelId of openModels) {
    const search = searchModel(openModelId, space);
    if (!search.ok) {
      fleetProblems.push(`${openModelId}: ${search.problem}`);
      continue;
    }
    const { preferred, candidates, preferredEstimate } = search.value;
    const typed = workload.choices.tokensPerHourPerGpu;
    const warning =
      typed === undefined ? undefined : typedThroughputWarning(typed, preferredEstimate.tokensPerHourPerGpu, preferred);
    if (warning) warnings.push(warning);
    resolved.fleet = preferred;
    resolved.fleetCandidates = candidates;
    break;
  }
  if (!resolved.fleet)
    resolved.fleetProblem = fleetProblems.join('; ') || 'no open model listed in requirements.openModels';
  return resolved;
}

/**
 * Resolves every workload; collects all problems rather than stopping at the first.
 * `options.defaultEngine` is the engine for workloads without `choices.engine`.
 */
export function resolvePlanInputs(
  profile: WorkloadProfile,
  catalog: Catalog,
  estimate: ThroughputEstimator,
  options: ResolveOptions = {},
): ResolveResult {
  const problems: ValidationProblem[] = [];
  let defaultEngine = DEFAULT_ENGINE_ID;
  try {
    defaultEngine = findEngineProfile(options.defaultEngine ?? DEFAULT_ENGINE_ID).id;
  } catch (error) {
    if (!(error instanceof CatalogLookupError)) throw error;
    problems.push({ path: '--engine', value: options.defaultEngine, message: error.message, code: 'unknown_name' });
  }
  const context = {
    catalog,
    estimate,
    defaultEngine,
    horizonMonths: profile.organization.horizonMonths,
    pricedAt: catalog.edition?.pricedAt,
  };
  const workloads = profile.workloads.map((workload, index) => resolveWorkload(workload, index, context, problems));
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    inputs: {
      organization: profile.organization,
      cloudManagedMarkup: profile.organization.cloudManagedMarkup,
      workloads,
      ...(catalog.edition
        ? {
            pricing: {
              planDate: catalog.edition.pricedAt,
              snapshot: catalog.edition.snapshot,
              sources: catalog.edition.sources,
              ...(catalog.edition.userFiles ? { userFiles: catalog.edition.userFiles } : {}),
            },
          }
        : {}),
    },
  };
}
