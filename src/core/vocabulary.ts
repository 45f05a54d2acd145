/**
 * The one source of truth for the enumerations every layer shares: schema enums, catalog
 * types, CLI help and dashboard forms all read these lists.
 */

/**
 * Weight precisions the capacity model knows. `int4` is integer 4-bit with group scales
 * (AWQ/GPTQ); `fp4` is block-scaled 4-bit float (NVFP4 or MXFP4), native on GPUs with FP4
 * tensor cores (B200, MI355X) and weight-only (dequantised to 16-bit) elsewhere.
 */
export const precisions = ['fp16', 'bf16', 'fp8', 'int8', 'int4', 'fp4'] as const;
export type Precision = (typeof precisions)[number];

/** How GPU-hours are bought: on demand, reserved (committed) or spot. */
export const gpuPricingTiers = ['on-demand', 'reserved', 'spot'] as const;
export type GpuPricing = (typeof gpuPricingTiers)[number];

/**
 * Who sells GPU-hours: hyperscalers (AWS, Azure, GCP, OCI), specialist GPU clouds (Lambda,
 * CoreWeave, Nebius, RunPod secure cloud, ...) and marketplaces (community and spot
 * capacity: Vast.ai, RunPod community, ...).
 */
export const gpuProviderClasses = ['hyperscaler', 'specialist', 'marketplace'] as const;
export type GpuProviderClass = (typeof gpuProviderClasses)[number];

/**
 * The classes of GPU offer the issue names, each a pricing tier at some provider classes:
 * what `choices.gpuPricing` may restrict the search to, besides a bare tier (any provider).
 */
export const gpuOfferClasses = {
  'hyperscaler-on-demand': { tier: 'on-demand', providers: ['hyperscaler'] },
  'hyperscaler-committed': { tier: 'reserved', providers: ['hyperscaler'] },
  'specialist-on-demand': { tier: 'on-demand', providers: ['specialist'] },
  'spot-community': { tier: 'spot', providers: ['hyperscaler', 'specialist', 'marketplace'] },
} as const satisfies Record<string, { tier: GpuPricing; providers: readonly GpuProviderClass[] }>;
export type GpuOfferClass = keyof typeof gpuOfferClasses;

/** Every value `choices.gpuPricing` accepts besides 'auto': a tier (any provider) or an offer class. */
export const gpuPricingChoices = [...gpuPricingTiers, ...(Object.keys(gpuOfferClasses) as GpuOfferClass[])] as const;
export type GpuPricingChoice = GpuPricing | GpuOfferClass;

/** Kinds of per-token provider: a frontier model's API, or an open model at a hosting provider. */
export const tokenPricedKinds = ['frontier-api', 'hosted-open'] as const;
export type TokenPricedKind = (typeof tokenPricedKinds)[number];

/** Kinds of deployment option the planner compares. */
export const optionKinds = [...tokenPricedKinds, 'cloud-managed', 'self-hosted', 'hybrid'] as const;
export type OptionKind = (typeof optionKinds)[number];

/**
 * How a GPU fleet is run: fixed 24/7, autoscaled on demand, scheduled by hour of the week
 * (a timetable from the weekly traffic shape), or a queued batch fleet for offline work.
 */
export const fleetPolicies = ['fixed', 'autoscale', 'scheduled', 'batch'] as const;
export type FleetPolicyKind = (typeof fleetPolicies)[number];
